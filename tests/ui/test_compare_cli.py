"""`pocdoc series` and `pocdoc compare` over the two small editions of tests/conftest.py."""

from __future__ import annotations

import json

import pytest

from ui.cli import main


@pytest.fixture(scope="module")
def home(two_editions) -> str:
    return str(two_editions.home)


def run(capsys, *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_series_lists_the_missions_reports(home, capsys) -> None:
    rc, out, _ = run(capsys, "series", "UNFOO", "--home", home)
    assert rc == 0
    assert out.splitlines()[0].startswith("UNFOO reports [unfoo-reports]: 2 documents")
    rc, out, _ = run(capsys, "series", "--json", "--home", home)
    assert [d["symbol"] for d in json.loads(out)[0]["documents"]] == ["S/2020/100", "S/2020/300"]


def test_compare_text_marks_the_words_that_changed(home, capsys) -> None:
    rc, out, _ = run(capsys, "compare", "S/2020/100", "S/2020/300", "--home", home)
    assert rc == 0
    assert "1 revised, 1 new, 1 dropped, 1 unchanged" in out.splitlines()[0]
    assert "where [-42-] {+57+} civilians" in out
    assert "old: S/2020/100 (2020), para. 2" in out  # the dropped cholera paragraph, cited


def test_compare_a_series_last_two_as_json_and_markdown(home, capsys, tmp_path) -> None:
    rc, out, _ = run(capsys, "compare", "--series", "UNFOO", "--json", "--home", home)
    data = json.loads(out)
    assert rc == 0 and (data["old"]["symbol"], data["new"]["symbol"]) == (
        "S/2020/100",
        "S/2020/300",
    )
    assert [p["status"] for p in data["pairs"]] == ["revised", "new", "dropped", "unchanged"]
    rc, out, _ = run(capsys, "compare", "--series", "UNFOO", "--markdown", "--home", home)
    assert "~~42~~ **57**" in out and out.startswith("# What changed: S/2020/100 → S/2020/300")
    docx = tmp_path / "c.docx"
    rc, out, _ = run(capsys, "compare", "--series", "UNFOO", "--docx", str(docx), "--home", home)
    assert rc == 0 and docx.read_bytes()[:2] == b"PK"


def test_series_topic_counts_paragraphs_per_report_and_the_first_mention(home, capsys) -> None:
    rc, out, _ = run(capsys, "series", "UNFOO", "--topic", "cholera", "--home", home)
    assert rc == 0
    assert out.splitlines()[-1] == "first in S/2020/100 (2020), para. 2"
    rc, out, _ = run(capsys, "series", "UNFOO", "--topic", "cholera", "--json", "--home", home)
    assert [d["paragraphs"] for d in json.loads(out)["documents"]] == [1, 0]


def test_change_questions_are_answered_with_both_sides_or_a_dated_mention(home, capsys) -> None:
    ask = "What changed between S/2020/100 and S/2020/300 on cholera?"
    rc, out, _ = run(capsys, "compare", "--ask", ask, "--home", home)
    assert rc == 0 and "old: S/2020/100 (2020), para. 2" in out
    rc, out, _ = run(
        capsys,
        "compare",
        "--ask",
        "When did UNFOO reports stop mentioning cholera?",
        "--home",
        home,
    )
    assert out.splitlines()[-1] == "last in S/2020/100 (2020), para. 2; none from S/2020/300 (2020)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "S/2020/100"], "give two documents"),
        (["compare", "S/2020/100", "S/2020/999"], "no indexed document 'S/2020/999'"),
        (["compare", "--series", "UNBAR"], "no series 'UNBAR'"),
        (["compare", "--series", "UNFOO", "--dates", "2020", "2020-06"], "both fall on S/2020/300"),
        (["series", "UNBAR"], "no series 'UNBAR'"),
        (["series", "--topic", "cholera"], "--topic needs a series"),
        (["compare", "--ask", "What is tier 3 of POC?"], "is not a change question"),
    ],
)
def test_bad_requests_end_in_one_line_with_the_fix(home, capsys, args, message) -> None:
    rc, out, err = run(capsys, *args, "--home", home)
    assert rc == 1 and message in err and "Traceback" not in err and len(err.splitlines()) == 1
