"""Change questions read into what to compare or trace (over a shelf of two tiny editions whose
series is found from their file names; no index needed: the shelf is built from records)."""

from __future__ import annotations

import pytest

from assistant.editions import Shelf, read_change_question
from assistant.glossary import Glossary
from assistant.types import DocumentRecord


class _Ledger:
    """Only what Shelf reads at construction: the documents' records."""

    def __init__(self, records: list[DocumentRecord]) -> None:
        self._records = records

    def documents(self) -> dict[str, object]:
        return {r.doc_id: type("Entry", (), {"record": r})() for r in self._records}


RECORDS = [
    DocumentRecord(
        f"unfoo-s-2020-{n}",
        f"UNFOO S/2020/{n}",
        "report",
        date="2020",
        symbol=f"S/2020/{n}",
        path=f"UNFOO_S_2020_{n}.pdf",
    )
    for n in (100, 300, 500)
]


@pytest.fixture
def shelf() -> Shelf:
    return Shelf(_Ledger(RECORDS), glossary=Glossary([]))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "kind", "old", "new", "topic"),
    [
        (
            "What changed between S/2020/100 and S/2020/300 on cholera?",
            "compare",
            "unfoo-s-2020-100",
            "unfoo-s-2020-300",
            "cholera",
        ),
        (
            "what has changed from s/2020/300 to S/2020/500",
            "compare",
            "unfoo-s-2020-300",
            "unfoo-s-2020-500",
            "",
        ),
        (
            "What changed between the previous and the latest UNFOO report about police?",
            "compare",
            "unfoo-s-2020-300",
            "unfoo-s-2020-500",
            "police",
        ),
        (
            "what changed between the first UNFOO report and S/2020/500",
            "compare",
            "unfoo-s-2020-100",
            "unfoo-s-2020-500",
            "",
        ),
    ],
)
def test_what_changed_names_two_documents_and_a_topic(shelf, text, kind, old, new, topic) -> None:
    q = read_change_question(text, shelf)
    assert q is not None and (q.kind, q.old_id, q.new_id, q.topic) == (kind, old, new, topic)


@pytest.mark.parametrize(
    ("text", "old", "new", "topic"),
    [
        (
            "What changed in UNFOO's reporting on police between 2019 and 2021?",
            "unfoo-s-2019-100",
            "unfoo-s-2021-500",
            "police",
        ),
        (
            "what changed between the 2020 and the 2021 UNFOO reports on cholera",
            "unfoo-s-2020-200",  # the first of 2020 on the older side
            "unfoo-s-2021-500",
            "cholera",
        ),
        (
            "What changed in the UNFOO reports about floods between 2019 and 2020?",
            "unfoo-s-2019-100",
            "unfoo-s-2020-300",  # the last of 2020 on the newer side
            "floods",
        ),
    ],
)
def test_years_name_a_series_first_or_last_report_of_that_year(text, old, new, topic) -> None:
    dated = [
        DocumentRecord(
            f"unfoo-s-{year}-{n}",
            f"UNFOO S/{year}/{n}",
            "report",
            date=f"{year}-0{n // 100}-01",
            symbol=f"S/{year}/{n}",
            path=f"UNFOO_S_{year}_{n}.pdf",
        )
        for year, n in ((2019, 100), (2020, 200), (2020, 300), (2021, 500))
    ]
    shelf = Shelf(_Ledger(dated), glossary=Glossary([]))  # type: ignore[arg-type]
    q = read_change_question(text, shelf)
    assert q is not None and (q.kind, q.old_id, q.new_id, q.topic) == ("compare", old, new, topic)


@pytest.mark.parametrize(
    ("text", "kind", "topic"),
    [
        ("How did gangs evolve in UNFOO's reports?", "trend", "gangs"),
        ("how has police reporting changed across the UNFOO reports", "trend", "police reporting"),
        ("Since when does UNFOO's reporting mention floods?", "first", "floods"),
        ("When did UNFOO reports stop mentioning cholera?", "last", "cholera"),
    ],
)
def test_trend_questions_name_a_series_and_a_topic(shelf, text, kind, topic) -> None:
    q = read_change_question(text, shelf)
    assert q is not None and (q.kind, q.topic) == (kind, topic)
    assert q.series is not None and q.series.name == "UNFOO reports"


@pytest.mark.parametrize(
    "text",
    [
        "What is tier 3 of POC?",
        "What changed between S/2020/100 and S/2020/999?",  # not indexed
        "How did gangs evolve in UNBAR reports?",  # no such series
        "What changed between S/2020/100 and S/2020/100?",
        "What changed in UNFOO's reporting on police between 2017 and 2018?",  # no such year
        "What changed in UNBAR's reporting on police between 2019 and 2020?",
    ],
)
def test_other_questions_are_not_change_questions(shelf, text) -> None:
    assert read_change_question(text, shelf) is None
