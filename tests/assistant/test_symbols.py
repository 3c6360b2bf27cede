"""UN symbols and dates: file names, validation, detection in text, dates from loader hints."""

from __future__ import annotations

import pytest

from assistant.symbols import (
    SYMBOL_RE,
    doc_type_for_symbol,
    is_iso_date,
    is_valid_symbol,
    parse_date_hint,
    split_symbols,
    symbol_from_name,
    symbol_key,
    year_of_symbol,
)


@pytest.mark.parametrize(
    "name, symbol",
    [
        ("MINUJUSTH_S_2019_805.pdf", "S/2019/805"),
        ("UNPROFOR_S_24000.pdf", "S/24000"),
        ("UNIKOM_S_2003_656pdf.pdf", "S/2003/656"),
        ("UNIKOM_S_23106_Add.1.pdf", "S/23106/Add.1"),
        ("UNPROFOR_S_24900_Add.90.pdf", "S/24900/Add.90"),
        ("s-2022-381.pdf", "S/2022/381"),
        ("S_PRST_2008_44.pdf", "S/PRST/2008/44"),
        ("A_RES_66_290.pdf", "A/RES/66/290"),
        ("A_70_95-S_2015_446.pdf", "A/70/95"),
        ("future-of-poc-in-un-peacekeeping.md", ""),
        ("poc-week-2022-side-event-summary.txt", ""),
        ("notes_2019_805.pdf", ""),
        ("dpo_poc_handbook_final_as_printed.pdf", ""),
    ],
)
def test_symbol_from_name(name, symbol):
    assert symbol_from_name(name) == symbol


@pytest.mark.parametrize(
    "symbol, valid",
    [
        ("S/2019/805", True),
        ("A/70/95–S/2015/446", True),
        ("A/70/95-S/2015/446", True),
        ("S/RES/1265 (1999)", True),
        ("ST/SGB/2003/13", True),
        ("A/ES-10/1", True),
        ("S/23106/Add.1", True),
        ("2019/805", False),
        ("S 2019 805", False),
        ("s/2019/805", False),
        ("", False),
    ],
)
def test_is_valid_symbol(symbol, valid):
    assert is_valid_symbol(symbol) is valid


@pytest.mark.parametrize(
    "hint, iso",
    [
        ("2019-10-09", "2019-10-09"),
        ("2019", "2019"),
        ("2019-10-09T12:00:00", "2019-10-09"),
        ("9 October 2019", "2019-10-09"),
        ("October 9, 2019", "2019-10-09"),
        ("D:20191011143605-04'00'", "2019-10-11"),
        ("31 February 2019", ""),
        ("soon", ""),
        ("", ""),
    ],
)
def test_parse_date_hint(hint, iso):
    assert parse_date_hint(hint) == iso


def test_symbols_are_found_in_prose_and_mastheads() -> None:
    text = "See S/2019/805, para. 12, the HIPPO report (A/70/95-S/2015/446), ST/SGB/2003/13 and S/RES/1265 (1999)."
    assert [m.group() for m in SYMBOL_RE.finditer(text)] == [
        "S/2019/805",
        "A/70/95",
        "S/2015/446",
        "ST/SGB/2003/13",
        "S/RES/1265",
    ]
    assert not SYMBOL_RE.search("a ratio of 3/4 and the url x/S/2019/805")


def test_joint_symbols_split_and_spellings_compare() -> None:
    assert split_symbols(" A/70/95–S/2015/446 ") == ["A/70/95", "S/2015/446"]
    assert symbol_key("S/RES/1265 (1999)") == symbol_key("s/res/1265") != symbol_key("S/RES/1266")


@pytest.mark.parametrize(
    "symbol, year, doc_type",
    [
        ("S/2019/805", "2019", "report"),
        ("S/RES/2098 (2013)", "2013", "resolution"),
        ("S/RES/2098/2013", "2013", "resolution"),
        ("S/PRST/2008/44", "2008", "document"),
        ("A/70/95", "", "document"),
        ("S/24000", "", "report"),
        ("S/RES/2098", "", "resolution"),
    ],
)
def test_year_and_document_type_of_a_symbol(symbol, year, doc_type) -> None:
    assert (year_of_symbol(symbol), doc_type_for_symbol(symbol)) == (year, doc_type)


@pytest.mark.parametrize(
    "value, ok",
    [
        ("2019", True),
        ("2019-02", True),
        ("2019-02-29", False),
        ("2020-02-29", True),
        ("2019-13", False),
        ("19-02-01", False),
        ("", False),
    ],
)
def test_iso_dates(value, ok) -> None:
    assert is_iso_date(value) is ok
