"""The ONNX export cache: fingerprinted, reused, redone on a mismatch, never half-written.

The session export (conftest ``models_dir``) is real. Tests of the cache logic copy that file
instead of exporting again (an export takes several seconds of CPU); they say so.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.encoders import onnx_export
from assistant.encoders.onnx_export import (
    FINGERPRINT_FILE,
    OPSET,
    check_mean_pooling,
    exported_model,
    onnx_fingerprint,
)
from assistant.errors import ConfigError
from assistant.settings import load_settings
from tests.conftest import REPO


@pytest.fixture(scope="module")
def model_path() -> Path:
    return load_settings().resolved_model_path()


@pytest.fixture(scope="module")
def session_export(embedder, models_dir: Path, model_path: Path) -> Path:
    embedder.encode_query("export")  # the session embedder exported into models_dir
    return exported_model(model_path, models_dir)


@pytest.fixture
def copy_instead_of_export(monkeypatch: pytest.MonkeyPatch, session_export: Path) -> list[Path]:
    """Stands in for torch.onnx.export by copying the session's real export; records each call."""
    calls: list[Path] = []

    def fake_export(model: Path, target: Path) -> None:
        calls.append(target)
        shutil.copyfile(session_export, target)

    monkeypatch.setattr(onnx_export, "export_onnx", fake_export)
    return calls


def test_export_lives_in_a_fingerprinted_folder(
    session_export: Path, models_dir: Path, model_path: Path
) -> None:
    import onnxruntime

    stored = json.loads((session_export.parent / FINGERPRINT_FILE).read_text())
    assert stored == onnx_fingerprint(model_path, models_dir)
    assert stored["opset"] == OPSET and stored["onnxruntime"] == onnxruntime.__version__
    assert (
        stored["weights_sha256"]
        == "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
    )
    assert session_export.parent.parent == models_dir
    assert session_export.parent.name.startswith(model_path.name + "-")


def test_second_use_reuses_the_file(
    tmp_path: Path, model_path: Path, copy_instead_of_export: list[Path]
) -> None:
    first = exported_model(model_path, tmp_path)
    again = exported_model(model_path, tmp_path)
    assert first == again and first.is_file()
    assert len(copy_instead_of_export) == 1


def test_fingerprint_mismatch_exports_again_and_drops_the_old(
    tmp_path: Path, model_path: Path, copy_instead_of_export: list[Path]
) -> None:
    first = exported_model(model_path, tmp_path)
    data = json.loads((first.parent / FINGERPRINT_FILE).read_text())
    data["onnxruntime"] = "0.0.1"  # as if made by another onnxruntime
    (first.parent / FINGERPRINT_FILE).write_text(json.dumps(data))
    again = exported_model(model_path, tmp_path)
    assert len(copy_instead_of_export) == 2
    assert (
        again.is_file()
        and json.loads((again.parent / FINGERPRINT_FILE).read_text())["onnxruntime"] != "0.0.1"
    )


def test_changed_opset_changes_the_folder(
    tmp_path: Path,
    model_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    copy_instead_of_export: list[Path],
) -> None:
    first = exported_model(model_path, tmp_path)
    monkeypatch.setattr(onnx_export, "OPSET", OPSET + 1)
    second = exported_model(model_path, tmp_path)
    assert second.parent != first.parent and not first.parent.exists()
    assert len(copy_instead_of_export) == 2


def test_interrupted_export_leaves_nothing_that_is_trusted(
    tmp_path: Path, model_path: Path, monkeypatch: pytest.MonkeyPatch, session_export: Path
) -> None:
    def dies_half_way(model: Path, target: Path) -> None:
        target.write_bytes(session_export.read_bytes()[:1000])
        raise KeyboardInterrupt

    monkeypatch.setattr(onnx_export, "export_onnx", dies_half_way)
    with pytest.raises(KeyboardInterrupt):
        exported_model(model_path, tmp_path)
    assert not list(tmp_path.glob("*/model.onnx"))
    assert not list(tmp_path.glob(".export-*"))


def test_model_without_weights_names_the_folder(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ConfigError, match=str(tmp_path)):
        exported_model(tmp_path, tmp_path / "models")


def test_cls_pooling_model_is_refused_for_onnx(tmp_path: Path) -> None:
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(
        json.dumps({"pooling_mode_cls_token": True, "pooling_mode_mean_tokens": False})
    )
    with pytest.raises(ConfigError, match="backend = 'torch'"):
        check_mean_pooling(tmp_path)


def test_packaged_model_pools_by_the_mean(model_path: Path) -> None:
    check_mean_pooling(model_path)


def _exporter_that_hangs(models_dir: Path) -> subprocess.Popen:
    """Another process in the middle of an export: its temporary folder made, never finished."""
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from assistant.encoders import onnx_export\n"
        "from assistant.settings import load_settings\n"
        "def hang(model, target):\n"
        "    target.write_bytes(b'half')\n"
        "    time.sleep(600)\n"
        "onnx_export.export_onnx = hang\n"
        "onnx_export.exported_model(load_settings().resolved_model_path(), Path(sys.argv[1]))\n"
    )
    return subprocess.Popen([sys.executable, "-c", code, str(models_dir)], cwd=REPO)


def _wait_for_export_folder(models_dir: Path, pid: int) -> Path:
    deadline = time.monotonic() + 120
    while not list(models_dir.glob(f".export-*-{pid}-*/model.onnx")):
        assert time.monotonic() < deadline, "the exporter did not start"
        time.sleep(0.1)
    (folder,) = models_dir.glob(f".export-*-{pid}-*")
    return folder


def test_a_killed_export_is_cleaned_on_the_next_start_and_a_live_one_is_kept(
    tmp_path: Path, model_path: Path, copy_instead_of_export: list[Path]
) -> None:
    killed, live = _exporter_that_hangs(tmp_path), _exporter_that_hangs(tmp_path)
    try:
        killed_folder = _wait_for_export_folder(tmp_path, killed.pid)
        live_folder = _wait_for_export_folder(tmp_path, live.pid)
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
        unowned_old = tmp_path / ".export-model-abcd1234"  # named before names held a pid
        unowned_new = tmp_path / ".export-model-efgh5678"
        unowned_old.mkdir()
        unowned_new.mkdir()
        two_hours_ago = time.time() - 2 * 3600
        os.utime(unowned_old, (two_hours_ago, two_hours_ago))

        assert exported_model(model_path, tmp_path).is_file()  # the next start
        assert not killed_folder.exists() and not unowned_old.exists()
        assert live_folder.exists() and unowned_new.exists()  # another live process's: kept
    finally:
        for proc in (killed, live):
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
    assert onnx_export.remove_dead_exports(tmp_path) == [live_folder]  # once it is gone
