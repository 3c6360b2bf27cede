"""/v1/series and /v1/compare over the two small editions of tests/conftest.py: each reply is what
`pocdoc series --json` / `pocdoc compare --json` prints, and the Comparison the UI rebuilds from
it exports the same Markdown as the CLI; bad requests say why."""

from __future__ import annotations

import json

import pytest

from assistant.errors import ConfigError
from tests.ui.api.owner_home import serve_app
from ui.cli import main

USER = "c" * 32


@pytest.fixture(scope="module")
def served(two_editions, embedder):
    from ui.api.app import create_app
    from ui.api.client import HomeClient

    with serve_app(create_app(two_editions, embedder=embedder)) as url:
        yield HomeClient(url, two_editions.home, USER), str(two_editions.home)


def cli(capsys, *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def timeless(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in ("seconds", "cached")}


def test_series_is_what_pocdoc_series_json_prints(served, capsys) -> None:
    server, home = served
    listed = server.series()["series"]
    assert listed == json.loads(cli(capsys, "series", "--json", "--home", home))
    assert [d["symbol"] for d in listed[0]["documents"]] == ["S/2020/100", "S/2020/300"]
    assert server.series("UNFOO")["series"] == listed


def test_a_topic_across_the_series_is_what_the_cli_prints(served, capsys) -> None:
    server, home = served
    trend = server.series("unfoo-reports", "cholera")
    printed = cli(capsys, "series", "UNFOO", "--topic", "cholera", "--json", "--home", home)
    assert trend == json.loads(printed)
    assert [d["paragraphs"] for d in trend["documents"]] == [1, 0]
    assert trend["first"]["symbol"] == "S/2020/100"


def test_a_series_last_two_compare_as_the_cli_and_export_the_same(served, capsys) -> None:
    from ui import compare_format

    server, home = served
    raw = server.client.request("POST", "/v1/compare", json={"series": "UNFOO"})
    printed = json.loads(cli(capsys, "compare", "--series", "UNFOO", "--json", "--home", home))
    assert timeless(raw) == timeless(printed)
    assert [p["status"] for p in raw["pairs"]] == ["revised", "new", "dropped", "unchanged"]

    records = server.documents()["records"]
    comparison = server.compare(("S/2020/300", "S/2020/100"), records=records)  # older first
    markdown = cli(capsys, "compare", "--series", "UNFOO", "--markdown", "--home", home)
    assert compare_format.to_markdown(comparison) == markdown
    assert timeless(comparison.to_dict()) == timeless(printed)
    assert comparison.old.record.path  # the side's full record, from the documents list
    assert compare_format.to_docx(comparison)[:2] == b"PK"


def test_a_topic_keeps_the_pairs_about_it(served) -> None:
    server, _ = served
    comparison = server.compare(series="UNFOO", topic="cholera")
    assert [p.status for p in comparison.pairs] == ["dropped"]
    assert comparison.topic == "cholera" and len(comparison.old.paragraphs) == 3


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ({"documents": ["S/2020/100"]}, "give two documents"),
        ({"documents": ["S/2020/100", "S/9999/1"]}, "no indexed document 'S/9999/1'"),
        ({"documents": ["S/2020/100", "S/2020/300"], "series": "UNFOO"}, "not both"),
        ({"series": "UNBAR"}, "no series 'UNBAR'"),
        ({"documents": ["a", "b", "c"]}, "documents"),
        ({"topic": 5}, "topic"),
    ],
)
def test_bad_compare_requests_say_why(served, body, why) -> None:
    server, _ = served
    with pytest.raises(ConfigError, match=why):
        server.client.request("POST", "/v1/compare", json=body)


def test_a_topic_without_a_series_is_refused(served) -> None:
    server, _ = served
    with pytest.raises(ConfigError, match="topic needs a series"):
        server.client.request("GET", "/v1/series", params={"topic": "cholera"})
