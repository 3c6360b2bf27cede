"""The run config of `pocdoc eval`: a TOML file naming the dataset, retrievers, metrics and tests.

Relative paths in the file (``dataset.path``, ``index.paths``) resolve against the folder of the
config file, so a config means the same thing from any working directory. ``output_dir`` is the
exception: it resolves against the working directory, like any output flag.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from assistant.errors import ConfigError
from assistant.modes import RETRIEVERS
from eval.metrics import parse_metric


def _known_retriever(name: str) -> str:
    if name not in RETRIEVERS:
        raise ValueError(f"unknown retriever {name!r}: choose from {', '.join(RETRIEVERS)}")
    return name


Retriever = Annotated[str, AfterValidator(_known_retriever)]
"""A retriever name a config may list: ``baseline`` or a :class:`assistant.modes.Method`."""


def metric_cutoff(metric: str) -> int | None:
    """``"ndcg@10"`` -> 10, ``"mrr"`` -> None. Raises ValueError for a metric eval cannot compute."""
    parse_metric(metric)
    _, _, cutoff = metric.partition("@")
    return int(cutoff) if cutoff else None


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DatasetConfig(_Section):
    kind: Literal["gold", "beir"] = Field(
        description="'gold': a pocdoc gold question set (JSONL); 'beir': a BEIR dataset folder."
    )
    path: Path | None = Field(
        None,
        description="The gold JSONL file or the BEIR folder, relative to this config file. "
        "For kind='beir' it may be left out and given as `pocdoc eval CONFIG --beir PATH`.",
    )
    split: str = Field(
        "test", min_length=1, description="BEIR qrels split: reads qrels/<split>.tsv."
    )


class IndexConfig(_Section):
    collection: str = Field(
        min_length=3,
        max_length=512,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]$",
        description="Chroma collection built for this run, under POCDOC_HOME/eval/<collection>; "
        "the doctrine collection is never touched.",
    )
    paths: list[Path] = Field(
        min_length=1,
        description="Files and folders ingested into that collection, relative to this config file.",
    )


class EvalConfig(_Section):
    """One evaluation run: what to retrieve from, with which retrievers, measured how."""

    name: str = Field(
        min_length=1,
        pattern=r"^[A-Za-z0-9._-]+$",
        description="Run name; the run folder is <output_dir>/<name>-<UTC time>.",
    )
    dataset: DatasetConfig = Field(description="The queries and their relevance judgements.")
    index: IndexConfig | None = Field(
        None,
        description="Build and use a separate collection (e.g. the SG reports); absent: use the configured index.",
    )
    retrievers: list[Retriever] = Field(
        default_factory=lambda: ["baseline", "dense", "bm25", "hybrid"],
        min_length=1,
        description="Retrievers to run, in report order: 'baseline' (llama-index's plain dense retriever) "
        "or a retrieval method (assistant.modes.Method).",
    )
    baseline: str = Field(
        "baseline", description="The retriever every other one is compared against; must be listed."
    )
    metrics: list[str] = Field(
        default_factory=lambda: ["ndcg@10", "recall@5", "recall@100", "mrr@10", "map@100"],
        min_length=1,
        description="Metric names (ranx's spelling): ndcg, recall, precision, mrr, map, hit_rate with @k, "
        "or r-precision, bpref; e.g. 'ndcg@10', 'recall@100', 'mrr@10', 'map@100'.",
    )
    k: int = Field(
        100,
        ge=1,
        le=1000,
        description="Retrieval depth: passages retrieved per query and retriever.",
    )
    significance: Literal["student", "fisher", "tukey"] = Field(
        "student",
        description="Paired significance test against the baseline: two-sided paired Student's t-test, "
        "Fisher's randomisation test, or Tukey's HSD (all from ranx).",
    )
    alpha: float = Field(
        0.05, gt=0.0, lt=1.0, description="p-value below which a difference counts as significant."
    )
    permutations: int = Field(
        1000, ge=100, description="Permutations of Fisher's randomisation test."
    )
    bootstrap: int = Field(
        1000, ge=100, description="Bootstrap resamples behind each 95% confidence interval."
    )
    seed: int = Field(
        42,
        description="Seed of the bootstrap and of Fisher's test, so reruns give the same figures.",
    )
    latency: bool = Field(
        True,
        description="Time each query (time.perf_counter) and report p50/p95; one untimed warm-up query per retriever.",
    )
    answers: bool = Field(
        True,
        description="Gold sets only: also call Engine.ask on every question for citation, evidence and "
        "abstention metrics, and calibrate the abstention threshold.",
    )
    limit: int | None = Field(
        None,
        ge=1,
        description="Smoke runs: keep only the first `limit` answerable and the first `limit` unanswerable gold "
        "questions (file order), or the first `limit` BEIR queries with judgements.",
    )
    on_unavailable: Literal["skip", "error"] = Field(
        "skip",
        description="What to do with a listed retriever the engine cannot run (hybrid_rerank with no reranker): "
        "'skip' it and say so in the report, or stop with an error.",
    )
    output_dir: Path = Field(
        Path("eval/runs"),
        description="Folder that receives the run folder (relative to the working directory).",
    )

    @field_validator("metrics")
    @classmethod
    def _known_metrics(cls, metrics: list[str]) -> list[str]:
        for metric in metrics:
            metric_cutoff(metric)
        if len(set(metrics)) != len(metrics):
            raise ValueError(f"metrics are listed twice: {metrics}")
        return metrics

    @field_validator("retrievers")
    @classmethod
    def _unique_retrievers(cls, retrievers: list[str]) -> list[str]:
        if len(set(retrievers)) != len(retrievers):
            raise ValueError(f"retrievers are listed twice: {retrievers}")
        return retrievers

    @model_validator(mode="after")
    def _consistent(self) -> EvalConfig:
        if self.baseline not in self.retrievers:
            raise ValueError(
                f"baseline {self.baseline!r} is not in retrievers {self.retrievers}: add it to the list"
            )
        for metric in self.metrics:
            cutoff = metric_cutoff(metric)
            if cutoff is not None and cutoff > self.k:
                raise ValueError(
                    f"metric {metric!r} looks deeper than the retrieval depth k={self.k}: raise k"
                )
        return self


def load_config(path: Path | str) -> EvalConfig:
    """Read and validate a run config; relative dataset and index paths resolve against its folder.

    Raises:
        ConfigError: the file is missing, is not TOML, or breaks the schema (names the field).
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(
            f"eval config {path} does not exist: pass a file such as eval/configs/smoke.toml"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"eval config {path} is not valid TOML: {exc}") from exc
    try:
        config = EvalConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"'{'.'.join(str(p) for p in err['loc']) or 'config'}': {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"eval config {path} is invalid: {problems}") from exc
    return _resolve_paths(config, path.resolve().parent)


def _resolve_paths(config: EvalConfig, base: Path) -> EvalConfig:
    dataset = config.dataset
    if dataset.path is not None:
        dataset = dataset.model_copy(update={"path": (base / dataset.path).resolve()})
    index = config.index
    if index is not None:
        index = index.model_copy(update={"paths": [(base / p).resolve() for p in index.paths]})
    return config.model_copy(update={"dataset": dataset, "index": index})
