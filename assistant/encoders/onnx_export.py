"""The packaged encoder exported once to ONNX, cached under ``POCDOC_HOME/models/``.

``models/<model>-<fingerprint>/model.onnx`` sits beside ``fingerprint.json``, which records what
the file was made from: the sha256 of the source weights and config, the opset, the onnxruntime
version and this exporter's version. Any of those changing gives another fingerprint, so the
file is exported again. An export is written into a temporary folder, checked against torch
(cosine >= ``MIN_COSINE`` on probe sentences) and only then renamed into place, so a killed
export never leaves a half file that a later run would trust. The temporary folder's name holds
its process id (``.export-<model>-<pid>-<random>``): the next start removes the folders of
processes that are gone (see :func:`remove_dead_exports`).

Exporting needs torch and transformers; running the file needs neither.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError

log = logging.getLogger(__name__)

OPSET = 17
# Bump when the exported graph changes (inputs, outputs, options): every cached file re-exports.
EXPORTER_VERSION = "1"
MIN_COSINE = 0.9999
EXPORT_PREFIX = ".export-"
# A temporary folder without a process id in its name (made before the id was written there) is
# taken for dead once it is this old: an export takes seconds to minutes.
UNOWNED_EXPORT_SECONDS = 3600.0
FINGERPRINT_FILE = "fingerprint.json"
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
_PROBES = (
    "Protection of civilians is a mandated task of peacekeeping operations.",
    "Article 34 of the Fourth Geneva Convention prohibits the taking of hostages.",
    "tier 3",
)


def onnx_fingerprint(model_path: Path, models_dir: Path) -> dict[str, Any]:
    """What an exported file depends on; its hash names the cache folder."""
    import onnxruntime

    config = model_path / "config.json"
    return {
        "model": model_path.name,
        "weights_sha256": _weights_sha256(model_path, models_dir),
        "config_sha256": hashlib.sha256(config.read_bytes()).hexdigest()
        if config.is_file()
        else "",
        "opset": OPSET,
        "onnxruntime": onnxruntime.__version__,
        "exporter": EXPORTER_VERSION,
    }


def exported_model(model_path: Path, models_dir: Path) -> Path:
    """The ONNX file of ``model_path``'s transformer, exported on first use.

    Raises:
        ConfigError: the model folder has no weights, its pooling is not mean pooling, or the
            export does not reproduce the torch vectors.
    """
    model_path = Path(model_path)
    check_mean_pooling(model_path)
    fingerprint = onnx_fingerprint(model_path, models_dir)
    folder = models_dir / f"{model_path.name}-{_digest(fingerprint)}"
    remove_dead_exports(models_dir)
    if _is_current(folder, fingerprint):
        return folder / "model.onnx"
    models_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    prefix = f"{EXPORT_PREFIX}{model_path.name}-{os.getpid()}-"
    tmp = Path(tempfile.mkdtemp(prefix=prefix, dir=models_dir))
    try:
        export_onnx(model_path, tmp / "model.onnx")
        (tmp / FINGERPRINT_FILE).write_text(json.dumps(fingerprint, indent=2, sort_keys=True))
        tmp.chmod(0o755)  # mkdtemp makes it private; the export is no secret
        if folder.exists() and not _is_current(folder, fingerprint):
            shutil.rmtree(folder)  # a damaged or tampered copy under the current name
        try:
            os.rename(tmp, folder)
        except OSError:
            if not _is_current(folder, fingerprint):  # not another process's export of the same
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info(
        "exported %s to ONNX in %.1f s: %s", model_path.name, time.perf_counter() - started, folder
    )
    _remove_stale(models_dir, model_path.name, keep=folder)
    return folder / "model.onnx"


def remove_dead_exports(models_dir: Path) -> list[Path]:
    """Remove the temporary folders that killed exports left in ``models_dir``: those whose
    process is gone, and those with no process id in their name once they are older than
    ``UNOWNED_EXPORT_SECONDS``. A live process's folder is never touched. Returns what was removed.
    """
    try:
        folders = [f for f in models_dir.glob(f"{EXPORT_PREFIX}*") if f.is_dir()]
    except OSError:
        return []
    removed = []
    for folder in folders:
        pid = _export_owner(folder.name)
        if pid is None:
            try:
                dead = time.time() - folder.stat().st_mtime > UNOWNED_EXPORT_SECONDS
            except OSError:
                continue  # removed meanwhile
        else:
            dead = pid != os.getpid() and not _process_alive(pid)
        if dead:
            log.info("removing %s, left by an export that did not finish", folder)
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _export_owner(name: str) -> int | None:
    """The process id in ``.export-<model>-<pid>-<random>`` (mkdtemp's random part has no '-')."""
    parts = name.rsplit("-", 2)
    if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) > 0:
        return int(parts[1])
    return None


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:  # e.g. a pid out of range: no such process
        return False
    return True


def export_onnx(model_path: Path, target: Path) -> None:
    """``torch.onnx.export`` of the model's transformer (last hidden state), checked against torch."""
    from assistant.offline import go_offline

    go_offline()
    import warnings

    import numpy as np
    import torch
    import transformers
    from transformers import AutoModel

    transformers.utils.logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(model_path), local_files_only=True).eval()
    tokenizer = load_tokenizer(model_path, max_seq_length=64, pad=True)
    inputs = feeds(tokenizer.encode_batch(list(_PROBES)))
    names = list(inputs)
    wrapper = _last_hidden_state(model, names)
    args = tuple(torch.from_numpy(inputs[n]) for n in names)
    axes = {n: {0: "batch", 1: "sequence"} for n in names}
    axes["last_hidden_state"] = {0: "batch", 1: "sequence"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter(
            "ignore"
        )  # tracer warnings about shape-dependent branches: expected here
        torch.onnx.export(
            wrapper,
            args,
            str(target),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )
        expected = wrapper(*args).numpy()
    got = _run(target, inputs)
    mask = inputs["attention_mask"]
    cosines = _cosines(mean_pool(expected, mask), mean_pool(got, mask))
    if float(np.min(cosines)) < MIN_COSINE:
        raise ConfigError(
            f"the ONNX export of {model_path} does not reproduce the torch vectors (cosine "
            f"{float(np.min(cosines)):.5f} < {MIN_COSINE}): set embedding.backend = 'torch'"
        )


def load_tokenizer(model_path: Path, *, max_seq_length: int, pad: bool) -> Any:
    """The model folder's ``tokenizer.json`` as the encoder sees it: special tokens added,
    truncated to ``max_seq_length`` word pieces, and (with ``pad``) padded to the longest text of
    a batch. The packaged file's own fixed padding to 128 is replaced.

    Raises:
        ConfigError: no readable ``tokenizer.json``.
    """
    from tokenizers import Tokenizer

    path = model_path / "tokenizer.json"
    try:
        tokenizer = Tokenizer.from_file(str(path))
    except Exception as exc:  # the Rust library raises a plain Exception for missing or bad files
        raise ConfigError(
            f"{path} is not a readable tokenizer file ({exc}): point embedding.model_path at a "
            "sentence-transformers model folder, or set embedding.backend = 'torch'"
        ) from exc
    tokenizer.enable_truncation(max_length=max_seq_length)
    if pad:
        current = tokenizer.padding or {}
        token = current.get("pad_token", "[PAD]")
        pad_id = current.get("pad_id", tokenizer.token_to_id(token) or 0)
        tokenizer.enable_padding(pad_id=pad_id, pad_token=token)
    else:
        tokenizer.no_padding()
    return tokenizer


def check_mean_pooling(model_path: Path) -> None:
    """The ONNX back end pools in numpy by the mean; refuse a model that pools otherwise."""
    config = model_path / "1_Pooling" / "config.json"
    if not config.is_file():
        return  # a plain transformers folder: sentence-transformers defaults to mean pooling
    modes = {
        k: v
        for k, v in json.loads(config.read_text()).items()
        if k.startswith("pooling_mode_") and v
    }
    if set(modes) != {"pooling_mode_mean_tokens"}:
        raise ConfigError(
            f"{model_path} pools with {', '.join(modes) or 'no mode'}, and the onnx back end only does "
            "mean pooling: set embedding.backend = 'torch' for this model"
        )


def mean_pool(hidden: Any, mask: Any) -> Any:
    """Mean of the token vectors under the attention mask, then L2-normalised (numpy)."""
    import numpy as np

    weights = mask[..., None].astype(hidden.dtype)
    summed = (hidden * weights).sum(axis=1)
    pooled = summed / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def feeds(encodings: Any) -> dict[str, Any]:
    """``tokenizers`` encodings (already padded to one length) as int64 model inputs."""
    import numpy as np

    return {
        "input_ids": np.asarray([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.asarray([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.asarray([e.type_ids for e in encodings], dtype=np.int64),
    }


def _last_hidden_state(model: Any, names: list[str]) -> Any:
    """The transformer as a module of positional tensors, which is what the exporter traces."""
    import torch

    class LastHiddenState(torch.nn.Module):  # type: ignore[misc]  # torch is read as Any
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors: Any) -> Any:
            return self.model(**dict(zip(names, tensors, strict=True))).last_hidden_state

    return LastHiddenState().eval()


def _run(path: Path, inputs: dict[str, Any]) -> Any:
    import onnxruntime

    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    wanted = {i.name for i in session.get_inputs()}
    return session.run(None, {k: v for k, v in inputs.items() if k in wanted})[0]


def _cosines(a: Any, b: Any) -> Any:
    return (a * b).sum(axis=1)


def _is_current(folder: Path, fingerprint: dict[str, Any]) -> bool:
    try:
        stored = json.loads((folder / FINGERPRINT_FILE).read_text())
    except (OSError, ValueError):
        return False
    return stored == fingerprint and (folder / "model.onnx").is_file()


def _remove_stale(models_dir: Path, name: str, *, keep: Path) -> None:
    for old in models_dir.glob(f"{name}-*"):
        if old != keep and (old / FINGERPRINT_FILE).exists():
            log.info("removing the outdated ONNX export %s", old)
            shutil.rmtree(old, ignore_errors=True)


def _digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _weights_sha256(model_path: Path, models_dir: Path) -> str:
    """sha256 of the weights file, remembered by (path, size, mtime) so a cold start does not
    re-read 90 MB each time."""
    weights = next((model_path / f for f in _WEIGHT_FILES if (model_path / f).is_file()), None)
    if weights is None:
        raise ConfigError(
            f"{model_path} has no {' or '.join(_WEIGHT_FILES)}: point embedding.model_path at a "
            "sentence-transformers model folder"
        )
    stat = weights.stat()
    key = f"{weights.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    memo_path = models_dir / "weights-sha256.json"
    try:
        memo = json.loads(memo_path.read_text())
    except (OSError, ValueError):
        memo = {}
    if key in memo:
        return str(memo[key])
    h = hashlib.sha256()
    with weights.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    memo[key] = digest = h.hexdigest()
    models_dir.mkdir(parents=True, exist_ok=True)
    tmp = memo_path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(memo, indent=2))
    os.replace(tmp, memo_path)
    return digest
