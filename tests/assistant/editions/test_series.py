"""Series from the manifest (named, chained by superseded_by) and derived (one mission's reports)."""

from __future__ import annotations

from assistant.editions.series import find_series, series_of
from assistant.glossary import Glossary, GlossaryEntry
from assistant.types import DocumentRecord

GLOSSARY = Glossary(
    [
        GlossaryEntry(
            "MINUSTAH",
            "United Nations Stabilization Mission in Haiti",
            "",
            kind="mission",
            places=("Haiti",),
        ),
        GlossaryEntry(
            "MINUJUSTH",
            "United Nations Mission for Justice Support in Haiti",
            "",
            kind="mission",
            places=("Haiti",),
        ),
    ]
)


def report(doc_id: str, title: str, date: str, symbol: str, path: str = "") -> DocumentRecord:
    return DocumentRecord(doc_id, title, "report", date=date, symbol=symbol, path=path)


MINUSTAH_2017_B = report(
    "s-2017-604", "MINUSTAH S/2017/604", "2017", "S/2017/604", "MINUSTAH_S_2017_604.pdf"
)
MINUSTAH_2017_A = report(
    "s-2017-223",
    "Report of the Secretary-General on the United Nations Stabilization Mission in Haiti",
    "2017-03-16",
    "S/2017/223",
)
MINUSTAH_2016 = report(
    "s-2016-753", "Report on MINUSTAH", "2016-08-31", "S/2016/753", "MINUSTAH_S_2016_753.pdf"
)
MINUJUSTH = report(
    "s-2019-805",
    "United Nations Mission for Justice Support in Haiti: Report of the Secretary-General",
    "2019-10-09",
    "S/2019/805",
)
UNPROFOR = [
    report(
        f"unprofor-{n}", f"UNPROFOR S/1994/{n}", "1994", f"S/1994/{n}", f"UNPROFOR_S_1994_{n}.pdf"
    )
    for n in (300, 1067)
]
POLICIES = [
    DocumentRecord(
        "poc-policy-2015", "POC policy", "policy", date="2015", superseded_by="poc-policy-2019"
    ),
    DocumentRecord(
        "poc-policy-2019", "POC policy", "policy", date="2019", superseded_by="poc-policy-2023"
    ),
    DocumentRecord(
        "poc-policy-2023",
        "The DPO POC policy",
        "policy",
        short_title="POC policy 2023",
        date="2023",
    ),
]


def test_one_missions_reports_are_a_series_ordered_by_year_then_symbol_number() -> None:
    series = find_series(
        [MINUSTAH_2017_B, MINUSTAH_2017_A, MINUSTAH_2016, MINUJUSTH], glossary=GLOSSARY
    )
    assert [(s.name, s.basis, s.doc_ids) for s in series] == [
        ("MINUSTAH reports", "mission", ("s-2016-753", "s-2017-223", "s-2017-604"))
    ]  # MINUJUSTH has one report: no series; "Haiti" alone names neither mission


def test_a_mission_the_glossary_lacks_is_read_off_the_file_name() -> None:
    series = find_series(UNPROFOR, glossary=GLOSSARY)
    assert [(s.name, s.doc_ids) for s in series] == [
        ("UNPROFOR reports", ("unprofor-300", "unprofor-1067"))
    ]


def test_superseded_by_chains_a_policys_editions() -> None:
    series = find_series(list(reversed(POLICIES)), glossary=GLOSSARY)
    assert [(s.name, s.basis, s.doc_ids) for s in series] == [
        (
            "POC policy 2023 editions",
            "supersedes",
            ("poc-policy-2015", "poc-policy-2019", "poc-policy-2023"),
        )
    ]
    assert series[0].latest(2)[0].doc_id == "poc-policy-2019"
    assert series[0].at("2020-01").doc_id == "poc-policy-2019"
    assert series[0].at("2001").doc_id == "poc-policy-2015"


def test_the_manifest_names_a_series_over_what_would_be_derived() -> None:
    named = {"s-2017-223": "Haiti reports", "s-2019-805": "Haiti reports"}
    series = find_series(
        [MINUSTAH_2016, MINUSTAH_2017_A, MINUJUSTH], glossary=GLOSSARY, named=named
    )
    assert [(s.name, s.basis, s.doc_ids) for s in series] == [
        ("Haiti reports", "manifest", ("s-2017-223", "s-2019-805"))
    ]  # s-2016-753 is left alone in its mission's series, which is then no series
    assert series_of("s-2019-805", series) is series[0]
    assert series_of("s-2016-753", series) is None


def test_documents_that_are_not_reports_are_never_a_mission_series() -> None:
    notes = [
        DocumentRecord(f"note-{i}", "United Nations Stabilization Mission in Haiti", "policy note")
        for i in range(2)
    ]
    assert find_series(notes, glossary=GLOSSARY) == []
