"""Who-questions that ask for a person, and sentences that name one (assistant.answers.persons)."""

from __future__ import annotations

import pytest

from assistant.answers.persons import asks_person, names_person
from assistant.answers.questions import Expect, classify
from assistant.answers.unit_rules import unstated
from assistant.text import content_words, tokens


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("who led the security council mission to haiti in feb 2012", True),
        ("who took over as kosovo pm after haradinaj resigned", True),
        ("Who was the Force Commander of UNMIL?", True),
        ("who was his deputy", True),
        ("who became minustah force commander after gen bacellar died", True),
        ("Who is responsible for protecting civilians?", False),
        ("who leads the protection cluster", False),
        ("Which country contributed the most troops?", False),
        ("Who took part in the elections?", False),
        ("Who replaced UNPROFOR in Bosnia?", False),
        ("Who led the multinational force in East Timor?", False),
        ("who did eulex name to lead the task force", True),  # naming someone to an office
        ("who is named in the report as responsible for the attacks?", False),
        ("who selected the sites for the camps?", False),
    ],
)
def test_a_person_is_asked_for_an_office_or_a_group_led(question: str, person: bool) -> None:
    assert asks_person(question) is person
    assert (classify(question).expect is Expect.PERSON) is person


@pytest.mark.parametrize(
    "sentence",
    [
        "Susan E. Rice, Permanent Representative of the United States, led the mission.",
        "A new Government led by Prime Minister Bajram Kosumi was formed.",
        "Lieutenant General José Elito Carvalho Siqueira (Brazil) assumed the function.",
        "My Special Representative, Juan Gabriel Valdés, met the President.",
        "Jack Smith, a US prosecutor, took up his position on 11 September.",
        "Ameerah Haq led the Mission until 9 June, when Finn Reske-Nielsen, who served before, took over.",
        "Manuel Carrascalão succeeded him as Speaker on 6 April.",
        "EULEX announced that Clint Williamson of the United States had been appointed lead prosecutor.",
    ],
)
def test_a_person_is_named_by_title_initial_apposition_or_office(sentence: str) -> None:
    assert names_person(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The General Assembly decided to extend the mandate.",
        "The President of the Security Council informed the Secretary-General.",
        "The Mission headed the effort in the districts.",
        "The Security Council, which met on 3 May, decided.",
        "the late Force Commander, General Bacellar, and all the peacekeepers",
        "the vacated camp in Quartier Morin (North Department) was closed",
        "Operation Artemis led to calm in Bunia.",
        "Kosovo Serbs took part in the elections.",
        "Kosovo Albanians, who live in the south, voted.",
        "The Security Council of the United Nations was appointed to review it.",
        "On 3 May, the Prime Minister of Kosovo resigned.",  # an office, not a name
    ],
)
def test_bodies_offices_and_the_person_asked_about_name_no_one_new(sentence: str) -> None:
    assert not names_person(sentence, asked=content_words("after gen bacellar died"))


def test_a_person_question_is_not_answered_by_a_sentence_naming_only_the_predecessor() -> None:
    question = "who took over as kosovo pm after haradinaj resigned"
    kw = {"asked": content_words(question), "noun": "", "tokens": tokens}
    resigned = "The Government was elected after the resignation of the former Prime Minister, Ramush Haradinaj."
    succeeded = "The transition to a Government led by Prime Minister Bajram Kosumi was smooth."
    assert unstated(Expect.PERSON, resigned, **kw) == "value"
    assert unstated(Expect.PERSON, succeeded, **kw) == ""


def test_a_run_of_titles_is_a_table_header_not_a_name() -> None:
    from assistant.answers.blocks import is_table_text

    assert is_table_text("Rank General Colonel Major Captain Lieutenant Total 1 3 12 40 22 78")


def test_a_person_asked_by_office_is_named_in_that_office() -> None:
    asked = content_words("Who was the MINUSTAH Force Commander in 2017?")
    other_office = "my Special Representative for Haiti, Sandra Honoré, for her contributions"
    assert not names_person(other_office, asked)
    assert names_person(
        "General José Elito Carvalho Siqueira assumed the function of Force Commander", asked
    )
    pm = content_words("who took over as kosovo pm after haradinaj resigned")
    assert names_person("a Government led by Prime Minister Bajram Kosumi was formed", pm)


def test_an_officer_in_charge_is_named_in_apposition_and_an_office_is_no_office_held() -> None:
    asked = content_words("who was the officer in charge of unmik in july 2011")
    assert names_person("The Officer-in-Charge of UNMIK, Farid Zarif, met the Mayor.", asked)
    # "office" (a place of work) asks for no office word in the answer
    asked = content_words("who was appointed to head the liaison office in belgrade")
    appointed = (
        "Mr. Jean Dupont (France) was appointed Chief of the UNMIK liaison mission in Belgrade."
    )
    assert names_person(appointed, asked)
