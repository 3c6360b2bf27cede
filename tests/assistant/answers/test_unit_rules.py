"""Facts of language the answer units are read by (assistant/answers/unit_rules.py)."""

from __future__ import annotations

from assistant.answers.unit_rules import counts


def _tokens(text: str) -> list[str]:
    return text.split()


def test_a_number_beside_the_noun_measures_it() -> None:
    text = "The promotion brings the total strength of the police to some 14,000 personnel."
    assert counts("police", text, tokens=_tokens)


def test_a_date_beside_the_noun_counts_nothing() -> None:
    text = "Statistics of the national police for the period 1 September 2016 indicated homicides."
    assert not counts("police", text, tokens=_tokens)


def test_a_number_counts_the_plural_right_after_it_not_a_noun_before() -> None:
    assert not counts("staff", "For national staff, two job fairs were held.", tokens=_tokens)
    assert counts("officers", "In 2016, 32 killings of police officers occurred.", tokens=_tokens)


def test_a_bodys_size_is_a_number_beside_a_word_that_states_a_size() -> None:
    killed = "In 2016, 32 killings of police officers were registered."
    strength = "bringing the total strength of the police to some 14,000 personnel"
    assert counts("police", killed, tokens=_tokens)
    assert not counts("police", killed, tokens=_tokens, size=True)
    assert counts("police", strength, tokens=_tokens, size=True)


def test_an_amount_of_money_states_a_size() -> None:
    text = "The Petroleum Fund stood at US$ 11.1 billion at the end of June."
    assert counts("Fund", text, tokens=_tokens, size=True)


def test_a_counted_abbreviation_is_stated_by_its_full_form() -> None:
    """ "How many SPMs ...?" is answered by "25 special political missions": the glossary's
    full form's head word counts for the abbreviation."""
    from assistant.answers.questions import Expect, spelled_out
    from assistant.answers.unit_rules import unstated

    def expand(text: str) -> str:
        return f"{text} special political mission" if text == "SPMs" else text

    text = "with 12 peacekeeping missions and 25 special political missions deployed"
    also = spelled_out("SPMs", expand)
    assert also == ("mission",)
    assert spelled_out("troops", expand) == ()
    asked = {"how", "many", "SPMs", "deployed"}
    kw = {"asked": asked, "noun": "SPMs", "tokens": _tokens}
    assert unstated(Expect.NUMBER, text, **kw) == "count"
    assert unstated(Expect.NUMBER, text, also=also, **kw) == ""


def test_a_deployments_strength_states_its_size() -> None:
    text = "They were subsequently reinforced to the total present strength of 432, including civilians."
    assert counts("presence", text, tokens=_tokens, size=True)
    assert not counts(
        "presence", "Some 100 infantry arrived in the town.", tokens=_tokens, size=True
    )


def test_a_date_that_names_a_document_counts_only_where_no_other_date_is_stated() -> None:
    from assistant.answers.questions import Expect
    from assistant.answers.unit_rules import holds

    since = "Since his report of 28 October 1991, the parties met on 31 December 1991."
    assert holds(Expect.DATE, since, {"28", "octob", "1991"})  # 31 December is new
    assert not holds(
        Expect.DATE,
        "Since his report of 28 October 1991, the parties met twice.",
        {"1991", "28", "octob"},
    )
    # the only date, it may be the answer ("when did the council approve the proposal")
    assert holds(Expect.DATE, "By a letter dated 5 May 1992, the Council approved my proposal.")
    assert holds(Expect.DATE, "ONUCA's operational mandate ends with effect from 17 January 1992.")


def test_a_days_date_is_new_where_the_question_names_only_its_month() -> None:
    from assistant.answers.questions import Expect
    from assistant.answers.unit_rules import holds
    from assistant.text import content_words

    asked = content_words(
        "from what date did the sg recommend ending onucas mandate (report of 14 january 1992)"
    )
    assert holds(Expect.DATE, "the mandate ends with effect from 17 January 1992", asked)
    assert holds(Expect.DATE, "the mandate ends on January 17, 1992", asked)
    assert not holds(Expect.DATE, "The mission was deployed in January 1992.", asked)
    assert not holds(Expect.DATE, "On 14 January 1992 the report was issued.", asked)
