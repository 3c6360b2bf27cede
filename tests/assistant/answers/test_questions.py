"""Question forms, from the wording alone."""

from __future__ import annotations

import pytest

from assistant.answers.counting import asks_size, counted_noun
from assistant.answers.questions import (
    Expect,
    Form,
    QuestionForm,
    classify,
    singular,
    strip_frame,
)


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("What is tier 3 of protection of civilians?", Form.DEFINITION),
        ("Define hostage", Form.DEFINITION),
        ("What does POC stand for?", Form.DEFINITION),
        ("HRDDP?", Form.DEFINITION),
        ("What are the three tiers of protection of civilians?", Form.ENUMERATION),
        ("List the grave breaches of Protocol I", Form.ENUMERATION),
        ("What does Additional Protocol I say about the protection of journalists?", Form.DOCUMENT),
        ("According to GC IV, who are protected persons?", Form.DEFINITION),
        ("According to GC IV, what does it say?", Form.DOCUMENT),
        ("How many troops did MINUSTAH have in 2016?", Form.FACTOID),
        ("When did UNMIT's mandate end?", Form.FACTOID),
        ("Who chairs the panel?", Form.FACTOID),
        ("What was the budget of MINUSCA?", Form.FACTOID),
        ("How should a mission respond to digital threats and misinformation?", Form.PROCEDURE),
        ("What steps should missions take to protect civilians?", Form.PROCEDURE),
        ("Why did the mission close after the elections in Timor-Leste in 2012?", Form.GENERAL),
    ],
)
def test_forms(question: str, form: Form) -> None:
    assert classify(question).form is form


def test_enumeration_announces_its_count_and_head() -> None:
    q = classify("What are the three tiers of protection of civilians?")
    assert (q.count, q.head, q.subject) == (3, "tier", "tiers of protection of civilians")


def test_document_question_splits_document_and_subject() -> None:
    q = classify("What does the HIPPO report say about protection?")
    assert (q.document, q.subject) == ("the HIPPO report", "protection")


@pytest.mark.parametrize(
    ("question", "expect"),
    [
        ("How many troops?", Expect.NUMBER),
        ("In which year did it end?", Expect.DATE),
        ("Who leads it?", Expect.NAME),
        ("Where was it?", Expect.PLACE),
        # a figure asked of the future is a figure: "what will the hnp strength be"
        ("What will the HNP strength be by the end of 2016?", Expect.NUMBER),
        ("what would the budget be for 2019", Expect.AMOUNT),
        ("haiti cholera 2018 - number of deaths", Expect.NUMBER),  # a telegraphic lead-in
    ],
)
def test_factoids_say_what_their_answer_must_hold(question: str, expect: Expect) -> None:
    assert classify(question).expect is expect


@pytest.mark.parametrize(
    "question",
    [
        "what will the budget cover in 2012",
        "what would the troop ceiling allow the mission to do",
        "what will the budget be used for",
    ],
)
def test_what_a_figure_will_do_is_no_figure(question: str) -> None:
    assert classify(question).form is not Form.FACTOID


@pytest.mark.parametrize(
    ("plural", "one"),
    [("tiers", "tier"), ("categories", "category"), ("processes", "process"), ("status", "status")],
)
def test_singular(plural: str, one: str) -> None:
    assert singular(plural) == one


@pytest.mark.parametrize(
    ("question", "stripped"),
    [
        ("How many homicides were reported in Haiti?", "homicides were reported in Haiti?"),
        (
            "Where do efforts usually stop, according to the note?",
            "Where do efforts usually stop, ?",
        ),
        ("What kinds of objects are protected?", "objects are protected?"),
        ("What did the Secretary-General report about homicides?", "What about homicides?"),
        (
            "How should rule of law work be run in Haiti, according to the Secretary-General?",
            "How should rule of law work be run in Haiti, ?",
        ),
        ("How many?", "How many?"),  # nothing left: the question stays whole
    ],
)
def test_strip_frame_drops_how_a_question_asks(question: str, stripped: str) -> None:
    assert strip_frame(question) == stripped


def test_when_with_a_modal_asks_a_condition_not_a_date() -> None:
    assert classify("When may protected persons be interned?").form is Form.GENERAL
    assert classify("When is an attack indiscriminate?").expect is not Expect.DATE
    assert classify("When was MINUSTAH established?").expect is Expect.DATE


def test_how_does_a_document_define_is_a_scoped_definition() -> None:
    q = classify("How does Additional Protocol I define military objectives?")
    assert (q.form, q.subject, q.document) == (
        Form.DEFINITION,
        "military objectives",
        "Additional Protocol I",
    )
    q = classify("How are civilians defined in Additional Protocol I?")
    assert (q.form, q.subject, q.document) == (
        Form.DEFINITION,
        "civilians",
        "Additional Protocol I",
    )


def test_who_are_a_category_is_a_definition_who_is_the_role_a_factoid() -> None:
    q = classify("Who are 'protected persons' under the Fourth Geneva Convention?")
    assert (q.form, q.subject) == (Form.DEFINITION, "protected persons")
    assert classify("Who is the Special Representative for Haiti?").form is Form.FACTOID


def test_a_share_question_expects_a_share() -> None:
    assert classify("What share of parliamentary seats did women win?").expect is Expect.SHARE
    assert classify("What percentage of officers are women?").expect is Expect.SHARE


@pytest.mark.parametrize(
    "question",
    [
        "What was BINUH's budget for 2020?",
        "What was UNMIK's approved budget for 2018-2019?",
        "How much did the mission cost?",
        "What was the budget of MINUSCA?",
    ],
)
def test_a_budget_or_cost_question_asks_for_an_amount(question: str) -> None:
    assert classify(question).form is Form.FACTOID and classify(question).expect is Expect.AMOUNT


def test_a_question_about_a_budget_body_is_not_a_request_for_an_amount() -> None:
    assert classify("What is the role of the budget committee?").expect is not Expect.AMOUNT


def test_a_document_question_about_a_rule_in_a_document_asks_about_the_rule() -> None:
    q = classify("What does the basic rule of distinction in Additional Protocol I require?")
    assert (q.form, q.subject, q.document) == (
        Form.DOCUMENT,
        "basic rule of distinction",
        "Additional Protocol I",
    )
    assert classify("What does the HIPPO report say about protection?").subject == "protection"


@pytest.mark.parametrize(
    "question",
    [
        "Prevlaka MILOBs - Chief Military Observer as of April 1999?",
        "UNOMIG Chief Military Observer January 2005?",
        "Kosovo - Special Representative of the Secretary-General?",
    ],
)
def test_an_office_typed_as_a_question_asks_who_held_it(question: str) -> None:
    assert classify(question).expect is Expect.PERSON


def test_a_noun_phrase_that_only_starts_with_an_office_is_no_who_question() -> None:
    assert classify("srsg report on kosovo").expect is not Expect.PERSON
    assert classify("military observers in 1999").expect is not Expect.PERSON
    assert classify("report of the secretary-general on haiti 2004").expect is not Expect.PERSON
    assert classify("haiti - letter from the secretary-general").expect is not Expect.PERSON


def test_who_wrote_a_document_asks_for_its_authors() -> None:
    assert classify("Who wrote the policy note on the future of POC?").expect is Expect.AUTHOR
    assert classify("Who was the Special Representative?").expect is Expect.PERSON


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("How many KFOR troops were deployed in Kosovo in 2018?", "troops"),
        (
            "How many allegations of ill-treatment by Timorese security forces did UNMIT receive?",
            "allegations",
        ),
        (
            "How many voluntary returns to Kosovo by non-majority community members have been recorded?",
            "returns",
        ),
        ("How many stations resulted from UNISFA police training?", "stations"),
        ("How many people joined the march?", ""),  # women, men, children: any of them counts
        # a second question joined to the first, and a date, end the noun phrase
        (
            "Number of public protests September 16-February 17 and how many were violent?",
            "protests",
        ),
        ("how many were violent", ""),  # its noun came before
        ("How many cases were reported in March?", "cases"),
        ("how many idps December 2010 kosovo?", "idps"),  # a date ends the phrase
        ("What was the budget of MINUSCA?", ""),
    ],
)
def test_what_a_how_many_question_counts(question: str, noun: str) -> None:
    assert counted_noun(question) == noun


def test_a_leading_in_phrase_names_a_document_only_when_it_is_a_name() -> None:
    assert classify("Under AP I, who is a civilian?") == QuestionForm(
        Form.DEFINITION, subject="civilian", document="AP I"
    )
    assert classify("According to the policy note, what is tier 3?").document == "the policy note"
    civil_war = classify("In a civil war, may authorities force people to leave their homes?")
    assert civil_war.form is Form.GENERAL and civil_war.document == ""


def test_a_definition_asked_under_a_document_keeps_the_document() -> None:
    form = classify("What does the marking 'IC' mean under the Fourth Geneva Convention?")
    assert (form.form, form.subject, form.document) == (
        Form.DEFINITION,
        "marking 'IC'",
        "the Fourth Geneva Convention",
    )
    assert classify("What is tier 3?").document == ""


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    [
        "What",
        "does",
        "mean",
        "under",
        "in",
        "In",
        "Under",
        "the",
        "The",
        "Fourth Geneva Convention",
        "AP I",
        "Additional Protocols",
        ",",
        "?",
        "how much",
        "is",
        "'IC'",
        "according to",
        "civil war",
        " ",
        "",
        "\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=10).map(" ".join)))
def test_any_text_gets_a_form_and_a_document_it_contains(question: str) -> None:
    form = classify(question)
    assert isinstance(form, QuestionForm)
    assert form.document == "" or form.document in " ".join(question.split())


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=10).map(" ".join)))
def test_any_text_has_parts_that_are_pieces_of_it(question: str) -> None:
    from assistant.answers.questions import parts

    asked = parts(question)
    assert asked == [question] or (
        len(asked) >= 2 and all(p and p in " ".join(question.split()) for p in asked)
    )


def test_who_is_a_category_under_a_document_is_a_scoped_definition() -> None:
    q = classify("Who is a combatant under Additional Protocol I?")
    assert (q.form, q.subject, q.document) == (
        Form.DEFINITION,
        "combatant",
        "Additional Protocol I",
    )
    assert classify("Who is an internee?").form is Form.DEFINITION
    assert classify("Who is the Head of Mission?").form is Form.FACTOID  # a role: a name is asked


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("What counts as an 'attack'?", "'attack'"),
        ("What constitutes a grave breach?", "grave breach"),
        ("What is considered as perfidy?", "perfidy"),
    ],
)
def test_what_counts_as_or_constitutes_asks_for_a_definition(question: str, subject: str) -> None:
    assert (classify(question).form, classify(question).subject) == (Form.DEFINITION, subject)


@pytest.mark.parametrize(
    ("question", "head"),
    [
        (
            "What disciplinary punishments may be imposed on civilian internees under the Fourth Geneva Convention?",
            "punishment",
        ),
        ("Which acts are listed as grave breaches of Additional Protocol II?", "act"),
        (
            "What conditions must armed groups meet for Additional Protocol II to apply?",
            "condition",
        ),
    ],
)
def test_a_plural_noun_asked_with_a_verb_wants_a_list(question: str, head: str) -> None:
    q = classify(question)
    assert (q.form, q.head) == (Form.ENUMERATION, head)


def test_a_plural_noun_that_is_a_procedure_or_a_factoid_keeps_its_form() -> None:
    assert classify("What steps should missions take to protect civilians?").form is Form.PROCEDURE
    assert classify("Which countries were partners of the event?").form is Form.FACTOID
    assert classify("What does the note say?").form is not Form.ENUMERATION


def test_a_rate_asks_for_a_share_and_on_what_date_for_a_date() -> None:
    assert (
        classify("What was the occupancy rate of Kosovo's prisons in 2018?").expect is Expect.SHARE
    )
    q = classify("On what date did Additional Protocol II enter into force?")
    assert (q.form, q.expect, q.subject) == (
        Form.FACTOID,
        Expect.DATE,
        "date did Additional Protocol II enter into force",
    )


def test_a_participle_before_the_counted_noun_is_an_adjective() -> None:
    assert counted_noun("How many suspected cholera cases did Haiti record in 2017?") == "cases"
    assert counted_noun("How many reported homicides were there?") == "homicides"


def test_the_counted_noun_ends_at_an_irregular_verb_and_after_number_of() -> None:
    assert counted_noun("how many osce police monitors took over") == "monitors"
    assert counted_noun("how many people went to the funeral") == ""  # anyone counts
    assert counted_noun("number of active police officers in bosnia, december 1995") == "officers"
    assert counted_noun("What was the total number of troops in UNMIS?") == "troops"
    q = classify("number of active police officers in bosnia and herzegovina")
    assert (q.form, q.expect) == (Form.FACTOID, Expect.NUMBER)


def test_a_clause_before_the_question_does_not_make_it_a_when_question() -> None:
    question = (
        "when the support group's mandate ended in oct 1998 how many osce police monitors took over"
    )
    q = classify(question)
    assert (q.form, q.expect) == (Form.FACTOID, Expect.NUMBER)
    assert counted_noun(question) == "monitors"
    asked = classify("When did the support group's mandate end?")  # "when" before a verb asks
    assert (asked.form, asked.expect) == (Form.FACTOID, Expect.DATE)
    topic = "kosovo hospital beds - how many beds were there per the june 2009 report"
    assert counted_noun(topic) == "beds" and classify(topic).expect is Expect.NUMBER
    assert counted_noun("unmik july 2013: how many returnees came back") == "returnees"
    both = classify("When and in which country did the POC mandate begin?")
    assert (both.form, both.expect) == (Form.FACTOID, Expect.DATE)


def test_a_question_asked_under_a_document_keeps_its_own_form() -> None:
    q = classify("Under the Fourth Geneva Convention, how often must internment be reviewed?")
    assert (q.form, q.expect, q.document) == (
        Form.FACTOID,
        Expect.FREQUENCY,
        "the Fourth Geneva Convention",
    )
    q = classify(
        "Under Additional Protocol I, which circumstances do not count as acts harmful to the enemy?"
    )
    assert (q.form, q.document) == (Form.ENUMERATION, "Additional Protocol I")
    assert (
        classify("Under AP I, the rule on perfidy?").form is Form.DOCUMENT
    )  # no question inside: asked of the document


def test_who_is_most_at_risk_asks_who_not_what_a_category_is() -> None:
    assert classify("Who is most at risk of being targeted?").form is Form.FACTOID
    assert classify("Who is responsible for protecting civilians?").form is Form.FACTOID


def test_a_term_asked_in_a_document_is_the_term_not_the_document() -> None:
    q = classify("What is a protected person under the Fourth Geneva Convention?")
    assert (q.form, q.subject, q.document) == (
        Form.DEFINITION,
        "protected person",
        "the Fourth Geneva Convention",
    )
    assert classify("What counts as an 'attack' in Additional Protocol I?").subject == "'attack'"


def test_a_contracted_question_word_is_read_whole() -> None:
    assert classify("What's 'remote protection'?") == classify("What is 'remote protection'?")
    assert classify("Who’s the head of UNMIK?").expect is Expect.NAME


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (
            "How much of Haiti did the police cover in 2017, and what did local towns do about the gaps?",
            [
                "How much of Haiti did the police cover in 2017",
                "what did local towns do about the gaps",
            ],
        ),
        (
            "How was the UN office that replaced MINUJUSTH set up? What were the phases?",
            ["How was the UN office that replaced MINUJUSTH set up", "What were the phases"],
        ),
        (
            "When and in which country did the POC mandate begin?",
            ["When and in which country did the POC mandate begin?"],
        ),
        ("What are the three tiers of protection?", ["What are the three tiers of protection?"]),
    ],
)
def test_a_question_that_asks_two_things_has_two_parts(question: str, asked: list[str]) -> None:
    from assistant.answers.questions import parts

    assert parts(question) == asked


def test_a_plural_subject_after_an_auxiliary_is_not_a_list() -> None:
    assert classify("What did UN peacekeepers do in Rwanda?").form is not Form.ENUMERATION


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("how big was the haitian police in the march 2017 report", "police"),
        ("how big is the haitian police now", "police"),
        ("What was the strength of the national police in 2019?", "police"),
        ("How large is the police component?", "component"),
    ],
)
def test_a_question_on_a_bodys_size_measures_its_noun(question: str, noun: str) -> None:
    assert classify(question).expect is Expect.NUMBER
    assert counted_noun(question) == noun


@pytest.mark.parametrize(
    "question",
    [
        "What rights does the Fourth Geneva Convention guarantee to enemy aliens? List them.",
        "What areas does the Joint Development Plan cover?",
    ],
)
def test_a_plural_noun_asked_with_do_support_wants_its_members(question: str) -> None:
    assert classify(question).form is Form.ENUMERATION


@pytest.mark.parametrize(
    ("typed", "form", "subject", "document"),
    [
        ("whos a combatant under Additional Protocol I", "definition", "combatant",
         "Additional Protocol I"),
        ("whats the three areas of concern used to analyse the future of POC", "enumeration",
         "areas of concern used to analyse the future of POC", ""),
        ("under the Fourth Geneva Convention how often must internment be reviewed", "factoid",
         "internment be reviewed", "the Fourth Geneva Convention"),
    ],
)  # fmt: skip
def test_a_hurried_question_is_read_in_the_form_of_the_written_one(
    typed, form, subject, document
) -> None:
    from assistant.names_typed import as_written

    read = classify(as_written(typed))
    assert (read.form.value, read.subject, read.document) == (form, subject, document)


@pytest.mark.parametrize(
    ("question", "expect"),
    [
        ("turnout in the partesh municipal elections on 20 june 2010 (unmik)", Expect.SHARE),
        ("budget of unmit for 2009", Expect.AMOUNT),
        ("size of the police component of minusca", Expect.NUMBER),
    ],
)
def test_a_noun_phrase_headed_by_a_measure_asks_for_it(question: str, expect: Expect) -> None:
    form = classify(question)
    assert form.form is Form.FACTOID and form.expect is expect


def test_a_noun_phrase_without_a_measure_stays_general() -> None:
    assert classify("protection of civilians in the drc").form is Form.GENERAL


@pytest.mark.parametrize(
    ("question", "noun", "size"),
    [
        (
            "brcko police jan 2000 - how many officers after the cut, and what % serb",
            "officers",
            False,
        ),
        ("how many troops (approx) in unmil", "troops", False),
        ("gorazde may 1994: how big was the unprofor presence in the town", "presence", True),
    ],
)
def test_a_counted_noun_ends_at_a_preposition_or_punctuation(question, noun, size) -> None:
    assert counted_noun(question) == noun
    assert asks_size(question) is size


def test_a_quantity_or_unit_is_read_after_a_topic_typed_first() -> None:
    from assistant.answers.abstention import asked_unit, measured

    question = "UNMOP milobs - what was the daily mission subsistence allowance in Prevlaka?"
    assert measured(question) == "daily mission subsistence allowance"
    assert asked_unit("haiti fuel - what was the pump price per gallon in 2018") == "gallon"
    assert measured("What was the strength of UNMIL in 2005?") == ""


def test_a_quantity_asked_is_named_by_its_word_not_its_stem() -> None:
    from assistant.answers.abstention import names_word

    assert not names_word("allowance", "Croatia would in future allow foot patrols.")
    assert names_word("allowance", "The daily allowances were paid.")
    assert names_word("salary", "Monthly salaries rose.")
    assert names_word("liters", "some 5,000 litres of fuel")


def test_how_many_and_what_kind_counts_the_noun_before_it() -> None:
    from assistant.answers.counting import counted_noun

    assert counted_noun("the new binuh benchmarks - how many and what kind") == ""
    assert counted_noun("haiti cholera 2018 - number of deaths") == "deaths"


def test_an_adverb_of_extent_is_not_the_counted_noun() -> None:
    from assistant.answers.counting import counted_noun

    assert counted_noun(
        "minujusth 2019 - number of hnp officers nationwide after the promotion"
    ) == ("officers")
