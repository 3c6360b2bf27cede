"""Where the encoder runs: ``embedding.device`` resolved against what this machine has.

Kept free of torch and onnxruntime imports: the callers pass in what the library reports, so the
choice is plain logic that tests can drive with any answer (this project's CI has no GPU).
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.errors import ConfigError

CUDA_PROVIDER = "CUDAExecutionProvider"
CPU_PROVIDER = "CPUExecutionProvider"


def torch_device(setting: str, *, cuda_available: bool) -> str:
    """The torch device for ``embedding.device`` (``auto``, ``cpu`` or ``cuda``).

    Raises:
        ConfigError: ``cuda`` was asked for and torch sees no GPU.
    """
    _check(setting)
    if setting == "cpu":
        return "cpu"
    if cuda_available:
        return "cuda"
    if setting == "cuda":
        raise ConfigError(
            "embedding.device = 'cuda' but torch sees no CUDA GPU (a CPU-only torch wheel, or no "
            "driver): set embedding.device to 'auto' or 'cpu'"
        )
    return "cpu"


def onnx_providers(setting: str, available: Sequence[str]) -> list[str]:
    """ONNX Runtime execution providers for ``embedding.device``, best first.

    ``available`` is ``onnxruntime.get_available_providers()``. CPU always comes last, so operators
    a GPU provider lacks still run.

    Raises:
        ConfigError: ``cuda`` was asked for and this onnxruntime build has no CUDA provider.
    """
    _check(setting)
    if setting != "cpu" and CUDA_PROVIDER in available:
        return [CUDA_PROVIDER, CPU_PROVIDER]
    if setting == "cuda":
        raise ConfigError(
            f"embedding.device = 'cuda' but onnxruntime offers only {', '.join(available) or 'no providers'} "
            "(the CPU build: install onnxruntime-gpu for CUDA): set embedding.device to 'auto' or 'cpu'"
        )
    return [CPU_PROVIDER]


def _check(setting: str) -> None:
    if setting not in ("auto", "cpu", "cuda"):
        raise ConfigError(f"embedding.device '{setting}' is not one of auto, cpu, cuda")
