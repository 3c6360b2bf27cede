"""Device choice, driven with what torch / onnxruntime would report (CI has no GPU)."""

from __future__ import annotations

import pytest

from assistant.encoders.devices import CPU_PROVIDER, CUDA_PROVIDER, onnx_providers, torch_device
from assistant.errors import ConfigError


@pytest.mark.parametrize(
    ("setting", "cuda", "expected"),
    [("auto", True, "cuda"), ("auto", False, "cpu"), ("cpu", True, "cpu"), ("cuda", True, "cuda")],
)
def test_torch_device_follows_setting_and_gpu(setting: str, cuda: bool, expected: str) -> None:
    assert torch_device(setting, cuda_available=cuda) == expected


def test_torch_cuda_without_gpu_names_the_setting() -> None:
    with pytest.raises(ConfigError, match="embedding.device"):
        torch_device("cuda", cuda_available=False)


def test_onnx_auto_prefers_cuda_provider_and_keeps_cpu_last() -> None:
    available = ["TensorrtExecutionProvider", CUDA_PROVIDER, CPU_PROVIDER]
    assert onnx_providers("auto", available) == [CUDA_PROVIDER, CPU_PROVIDER]
    assert onnx_providers("cuda", available) == [CUDA_PROVIDER, CPU_PROVIDER]


def test_onnx_cpu_build_runs_on_cpu_unless_cuda_is_demanded() -> None:
    assert onnx_providers("auto", [CPU_PROVIDER]) == [CPU_PROVIDER]
    assert onnx_providers("cpu", [CUDA_PROVIDER, CPU_PROVIDER]) == [CPU_PROVIDER]
    with pytest.raises(ConfigError, match="onnxruntime-gpu"):
        onnx_providers("cuda", [CPU_PROVIDER])


def test_unknown_device_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="'tpu'"):
        onnx_providers("tpu", [CPU_PROVIDER])
    with pytest.raises(ConfigError, match="'tpu'"):
        torch_device("tpu", cuda_available=True)


def test_this_machine_onnxruntime_resolves_auto() -> None:
    import onnxruntime

    providers = onnx_providers("auto", onnxruntime.get_available_providers())
    assert providers[-1] == CPU_PROVIDER
