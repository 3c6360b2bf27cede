"""The `pocdoc` command: exit codes, JSON schema, batch mode, over the session's indexed corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ui.cli import main
from ui.commands import parse_filters


def test_help_is_instant_and_lists_commands(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in ("ingest", "search", "ask", "ui", "eval", "status"):
        assert command in out


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from ui.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])\n"
        "print(sorted(m for m in ('torch', 'chromadb', 'llama_index', 'sentence_transformers', 'streamlit') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "[]", out.stderr


def test_no_command_is_a_usage_error() -> None:
    assert main([]) == 2


def test_bad_filter_is_a_reported_error(capsys, tmp_path) -> None:
    assert main(["search", "x", "--home", str(tmp_path), "--filter", "colour=red"]) == 1
    assert "bad --filter 'colour=red'" in capsys.readouterr().err


def test_filters_parse_to_or_lists_and_dates() -> None:
    f = parse_filters(["type=treaty", "type=report", "from=2017", "doc=s-2019-805"])
    assert (
        f.doc_types == ("treaty", "report")
        and f.date_from == "2017"
        and f.doc_ids == ("s-2019-805",)
    )


def test_missing_index_says_to_ingest(capsys, tmp_path) -> None:
    assert main(["ask", "What is tier 3?", "--home", str(tmp_path / "empty")]) == 1
    assert "pocdoc ingest" in capsys.readouterr().err


def test_ask_json_cites_the_tier_three_passage(corpus_settings, capsys) -> None:
    code = main(
        [
            "ask",
            "What is tier 3 of protection of civilians?",
            "--json",
            "--home",
            str(corpus_settings.home),
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["abstained"] is False
    fut = [c for c in data["citations"] if c["doc_id"] == "future-of-poc"]
    assert fut and fut[0]["section"] and "tier 3" in fut[0]["text"]
    assert set(data["settings"]) >= {"retrieval", "answer", "embedding"}


def test_ask_abstains_on_chocolate_cake(corpus_settings, capsys) -> None:
    assert (
        main(["ask", "What is the recipe for chocolate cake?", "--home", str(corpus_settings.home)])
        == 0
    )
    assert "does not address" in capsys.readouterr().out


def test_batch_mode_answers_every_line_in_one_process(corpus_settings, tmp_path, capsys) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id": "a", "question": "What is tier 3 of protection of civilians?"}\n'
        "\n"
        '{"id": "b", "question": "What is the recipe for chocolate cake?"}\n'
        "not json\n"
        '{"id": "d"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "answers.jsonl"
    code = main(
        [
            "ask",
            "--json",
            "--questions",
            str(questions),
            "--output",
            str(out),
            "--home",
            str(corpus_settings.home),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1  # two bad lines, reported with file and line
    assert "q.jsonl:4" in err and "q.jsonl:5" in err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[0]["abstained"] is False and rows[1]["abstained"] is True


def test_search_json_has_provenance(corpus_settings, capsys) -> None:
    assert (
        main(
            [
                "search",
                "taking of hostages",
                "--json",
                "--top-k",
                "3",
                "--home",
                str(corpus_settings.home),
            ]
        )
        == 0
    )
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 3
    assert {"passage_id", "doc_id", "title", "section", "page", "paragraph", "score"} <= set(
        hits[0]
    )


def test_ingest_exit_status_says_some_failed(tmp_path, capsys, embedder) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.md").write_text(
        "# Good\n\nCivilians were protected by patrols near the camp.\n", encoding="utf-8"
    )
    (corpus / "bad.pdf").write_bytes(b"not a pdf at all")
    code = main(["ingest", str(corpus), "--home", str(tmp_path / "h"), "--no-progress"])
    captured = capsys.readouterr()
    assert code == 1
    assert "bad.pdf" in captured.err and "added 1" in captured.out


def test_options_before_the_subcommand_are_kept() -> None:
    from ui.parser import build_parser

    args = build_parser().parse_args(["--home", "/x", "-v", "status"])
    assert str(args.home) == "/x" and args.verbose is True
    args = build_parser().parse_args(["--home", "/a", "ingest", "--home", "/b"])
    assert str(args.home) == "/b"


@pytest.mark.parametrize(
    "bad, message",
    [
        (["from=2019/10/01"], "dates are YYYY"),
        (["to=20191001"], "dates are YYYY"),
        (["from=2019", "from=2018"], "given twice"),
        (["from=2019", "to=2018"], "is after"),
    ],
)
def test_bad_date_filters_are_refused(bad, message) -> None:
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError, match=message):
        parse_filters(bad)


def test_batch_output_is_not_truncated_when_the_questions_file_is_missing(tmp_path, capsys) -> None:
    out = tmp_path / "answers.jsonl"
    out.write_text("previous results\n", encoding="utf-8")
    code = main(
        [
            "ask",
            "--questions",
            str(tmp_path / "missing.jsonl"),
            "--output",
            str(out),
            "--home",
            str(tmp_path),
        ]
    )
    assert code == 1
    assert "missing.jsonl" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "previous results\n"


@pytest.mark.parametrize("value", ["0", "-1", "101", "100000", "three"])
def test_top_k_out_of_the_settings_range_is_a_usage_error(value, capsys, tmp_path) -> None:
    for command in (["search", "x"], ["ask", "x"]):
        with pytest.raises(SystemExit) as exc:
            main([*command, "--top-k", value, "--home", str(tmp_path)])
        assert exc.value.code == 2
        assert "--top-k" in capsys.readouterr().err


def test_an_empty_search_is_refused_like_an_empty_question(capsys, tmp_path) -> None:
    assert main(["search", "  ", "--home", str(tmp_path)]) == 1
    assert "the query is empty" in capsys.readouterr().err


def test_a_file_name_with_control_characters_stays_on_one_error_line(
    tmp_path, capsys, embedder
) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "bad\nname\r\x1b[31m.txt").write_bytes(b"\xff\xfe not utf-8")
    assert main(["ingest", str(corpus), "--home", str(tmp_path / "h"), "--no-progress"]) == 1
    lines = [
        line for line in capsys.readouterr().err.splitlines() if line.startswith("pocdoc: failed")
    ]
    assert len(lines) == 1 and "bad\\nname\\r\\x1b[31m.txt" in lines[0] and "UTF-8" in lines[0]


def test_status_and_search_fail_in_one_line_on_a_damaged_index_until_repair(
    tmp_path, capsys, embedder
) -> None:
    from assistant.index import load_snapshot
    from ingest.pipeline import ingest_paths
    from tests.conftest import make_settings
    from tests.ingest.test_pipeline import write_corpus

    corpus = write_corpus(tmp_path / "corpus")
    s = make_settings(tmp_path / "home", corpus_dir=corpus)
    ingest_paths(s, [corpus], progress=False, embedder=embedder)
    store = load_snapshot(s, embedder).store
    store.delete(sorted(store.all_ids()))
    home = ["--home", str(s.home)]
    capsys.readouterr()
    assert main(["status", *home]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "damaged" in err and "pocdoc repair" in err
    assert main(["search", "courts", *home]) == 1
    assert main(["repair", *home]) == 0
    assert "rebuilt Chroma collection" in capsys.readouterr().out
    assert main(["status", "--json", *home]) == 0
    assert json.loads(capsys.readouterr().out)["health"] == "ok"
