"""Answer units: what an answer may quote from a passage, and what it never quotes."""

from __future__ import annotations

from assistant.answers.units import answer_units


def _texts(text: str, **kw) -> list[tuple[str, str, str]]:
    return [(u.kind, u.label, text[u.start : u.end]) for u in answer_units(text, **kw)]


def test_headings_and_running_heads_are_dropped() -> None:
    text = "POC threats at a digital age\n\nTechnology will give rise to new POC challenges and threats. It can empower perpetrators of violence."
    assert [t for _, _, t in _texts(text)] == [
        "Technology will give rise to new POC challenges and threats.",
        "It can empower perpetrators of violence.",
    ]


def test_a_list_introduction_is_one_unit_with_its_items() -> None:
    text = "The note sees three areas of concern:\n\n- (1) the mandate\n\n- (2) the threats\n\n- (3) the practice"
    ((kind, _, quoted),) = _texts(text)
    assert kind == "list" and quoted.endswith("(3) the practice")


def test_an_introduction_whose_items_are_elsewhere_is_a_fragment() -> None:
    assert _texts("The following acts shall be regarded as grave breaches of this Protocol:") == []


def test_an_introduction_too_long_to_quote_with_its_items_keeps_its_statement() -> None:
    members = " ".join(
        f"Country{i} (Name{i} Surname{i}, Permanent Representative)" for i in range(40)
    )
    text = (
        "Susan E. Rice, Permanent Representative of the United States, led the mission, which"
        f" was composed as follows:\n\n{members}"
    )
    assert _texts(text)[0] == (
        "sentence",
        "",
        "Susan E. Rice, Permanent Representative of the United States, led the mission",
    )


def test_a_sentence_naming_people_by_their_titles_is_prose() -> None:
    text = (
        "Lieutenant General José Elito Carvalho Siqueira (Brazil) assumed the function of Force"
        " Commander, following the death of Lieutenant General Urano Teixeira Da Matta Bacellar."
    )
    assert [t for _, _, t in _texts(text)] == [text]


def test_treaty_paragraphs_are_whole_units_labelled_by_article() -> None:
    text = "Article 79 — Measures of protection for journalists\n\n1. Journalists shall be considered as civilians here.\n\n2. They shall be protected as such under the Conventions."
    assert _texts(text, paragraph="Art. 79", treaty=True) == [
        ("item", "Art. 79(1)", "1. Journalists shall be considered as civilians here."),
        ("item", "Art. 79(2)", "2. They shall be protected as such under the Conventions."),
    ]


def test_an_article_paragraph_that_introduces_letters_brings_them() -> None:
    text = "2. A person is hors de combat if:\n\n(a) he is in the power of an adverse Party;\n\n(b) he clearly expresses an intention to surrender."
    ((kind, label, quoted),) = _texts(text, paragraph="Art. 41", treaty=True)
    assert (kind, label) == ("list", "Art. 41(2)") and quoted.endswith("surrender.")


def test_a_passage_that_opens_mid_sentence_does_not_quote_the_piece() -> None:
    text = "of the mission in the region. The Council welcomed the progress made by the Government."
    assert [t for _, _, t in _texts(text)] == [
        "The Council welcomed the progress made by the Government."
    ]


def test_a_passage_holding_one_lowercase_bullet_does_not_quote_it() -> None:
    # The bullet continues a list introduction that chunking left in the passage before.
    text = "- an increasingly influential China, which has historically tolerated the POC mandate in peacekeeping."
    assert _texts(text) == []
    assert [t for _, _, t in _texts("- China has tolerated the POC mandate in peacekeeping.")]


def test_table_rows_are_not_sentences() -> None:
    text = "7.1 Level of compliance of the Office 7.2 Number of recommendations implemented by institutions in 2019."
    assert _texts(text) == []
    assert (
        _texts(
            "6.2 Proportion of the population using safely managed drinking water and sanitation services."
        )
        == []
    )
    row = (
        "6. Haitian women and men demonstrate increased trust in the willingness of the national police to provide "
        "security 6.1 Proportion of the population expressing satisfaction on how the national police performs April 2019 88 per cent."
    )
    assert _texts(row) == []
    assert _texts(
        "In 2019, 10.5 per cent of the 15,404 police officers were women, the Government reported."
    )


def test_an_official_name_is_prose_and_a_flattened_table_row_is_not() -> None:
    prose = (
        "1. The present report is submitted pursuant to Security Council resolution 1244 (1999), by which the Council "
        "established the United Nations Interim Administration Mission in Kosovo (UNMIK) and requested me to report."
    )
    assert [t for _, _, t in _texts(prose, paragraph="1")]
    row = "United Nations police officers Formed police units Country Women Men Women Men Bangladesh 1 Benin 3 Canada 5 Colombia 1."
    assert _texts(row) == []


def test_numbered_report_paragraphs_are_labelled() -> None:
    text = "12. The mission supported the national police in protecting civilians in the capital."
    assert _texts(text, paragraph="12")[0][1] == "para. 12"


def test_a_list_carries_on_in_the_next_passage_only_with_the_next_enumerator() -> None:
    from assistant.answers.units import continues_list

    assert continues_list(
        "Trends:\n\n- budgets will shrink;\n\n- fatigue grows;",
        "- an increasingly influential China;",
    )
    assert continues_list(
        "Members:\n(i) five members;\n(ii) two ad hoc members;", "(iii) three alternates;"
    )
    assert continues_list("Steps:\n(a) plan the move;\n(b) consult;", "(c) report back;")
    assert not continues_list(
        "Members:\n(i) five members;\n(ii) two ad hoc members.",
        "(b) Upon receipt of the request, the President acts.",
    )
    assert not continues_list(
        "Trends:\n\n- budgets will shrink;", "(a) an increasingly influential China;"
    )
    assert not continues_list(
        "Trends put the mandate in question.", "- an increasingly influential China;"
    )


def test_an_introduction_at_a_passage_s_end_goes_on_with_a_first_item_and_a_list_ends_where_its_kind_of_item_does() -> (
    None
):
    from assistant.answers.units import continues_list, leading_items

    assert continues_list(
        "3. The Parties which allow the passage in accordance with paragraph 2:",
        "(a) shall have the right to prescribe;",
    )
    assert not continues_list(
        "3. The Parties which allow the passage in accordance with paragraph 2:",
        "(c) shall in no way divert;",
    )
    text = "(c) for other military objectives only if they support military operations.\n3. In all cases, the civilian population keeps its protection."
    assert [text[u.start : u.end] for u in leading_items(text)] == [
        "(c) for other military objectives only if they support military operations."
    ]


def test_a_table_row_ending_in_a_colon_introduces_no_list() -> None:
    row = (
        "1.6 Identification of the implementation requirements for the new legislation October 2019 Implementation "
        "requirements are determined for the new legislation Identification of implementation requirements for:\n"
        "(a) Criminal Code: not yet adopted\n(b) Code of Criminal Procedure: not yet adopted"
    )
    assert _texts(row) == []  # neither the row nor its cells


def test_decimal_shares_are_prose_not_indicator_numbers() -> None:
    text = "Malnutrition remained high, with more than 58.1 per cent of children under five stunted and 44.7 per cent being underweight."
    assert _texts(text) == [("sentence", "", text)]


def test_an_indicator_number_after_a_comma_is_still_a_table_row() -> None:
    row = (
        "The national police responds to public disorder throughout Haiti, 4.1 Implementation rate of the strategic "
        "development plan October 2019 43 per cent implemented The overall implementation rate is estimated at 34.5 per cent."
    )
    assert _texts(row) == []


def test_a_cover_note_and_a_report_title_line_are_not_answer_text() -> None:
    note = (
        "Attached is an advance copy of the Report of the Secretary-General on UNMIK for the information of the members "
        "of the Security Council. This report will be issued as a document of the Security Council under the symbol S/2018/981."
    )
    assert _texts(note) == []
    title = "Report of the European Union High Representative to the Secretary-General on the activities of EULEX from 16 July to 15 October 2018."
    assert _texts(title) == []
    said = "The report of the Working Group found that more remained to be done to achieve the right to truth."
    assert _texts(said) == [("sentence", "", said)]


def test_a_document_s_credits_and_disclaimer_are_not_answer_text() -> None:
    credits = (
        "This summary was written by the Stimson Center’s Protecting Civilians and Human Security Program, with thanks to "
        "two fellows. It is not necessarily reflective of the views of the hosts."
    )
    assert _texts(credits) == []
    said = "This summary was shared with the participants, who were written to by the hosts."
    assert _texts(said) == [("sentence", "", said)]
