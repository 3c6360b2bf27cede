"""`pocdoc ui`'s launcher: loopback-only Streamlit flags, the settings it hands the app, the port check."""

from __future__ import annotations

import socket

import pytest

from assistant.errors import ConfigError, IndexMissingError
from tests.conftest import make_settings
from ui.server import APP, app_environment, check_port, serve, streamlit_command


def flag(cmd: list[str], name: str) -> str:
    return cmd[cmd.index(name) + 1]


def test_streamlit_runs_headless_on_loopback_without_statistics() -> None:
    cmd = streamlit_command(8765)
    assert cmd[1:5] == ["-m", "streamlit", "run", str(APP)]
    assert flag(cmd, "--server.address") == "127.0.0.1"
    assert flag(cmd, "--server.port") == "8765"
    assert flag(cmd, "--server.headless") == "true"
    assert flag(cmd, "--browser.gatherUsageStats") == "false"


def test_environment_carries_absolute_settings_and_offline_flags(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = make_settings(tmp_path / "home", corpus_dir="rel-corpus")
    env = app_environment(settings, config="pocdoc.toml", base={"PATH": "/bin"})
    assert env["POCDOC_HOME"] == str(tmp_path / "home")
    assert env["POCDOC_CORPUS_DIR"] == str(tmp_path / "rel-corpus")
    assert env["POCDOC_CONFIG"] == str(tmp_path / "pocdoc.toml")
    assert env["HF_HUB_OFFLINE"] == "1" and env["PATH"] == "/bin"
    assert str(APP.parents[1]) in env["PYTHONPATH"].split(":")


def test_a_taken_port_is_reported_with_the_fix() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        with pytest.raises(ConfigError, match="in use.*--port"):
            check_port(sock.getsockname()[1])


def test_no_ingest_without_an_index_is_an_error(tmp_path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(IndexMissingError, match="no index"):
        serve(make_settings(tmp_path / "home"), port=port, ingest_first=False)
