"""Facts of English that questions and passages are read by: word lists as data, one place each
(as spaCy keeps ``stop_words`` and ``lex_attrs`` apart from the components that use them).

Each list states a fact of the language or of how documents are typeset, never of one question or
one document of the corpus; the rules that use them live in the modules that import them
(:mod:`assistant.answers.questions`, :mod:`assistant.answers.focus`, :mod:`assistant.answers.blocks`
...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(words: Iterable[str]) -> str:
    """A non-capturing regex group matching any of ``words`` (escaped, longest first)."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


# Auxiliary and modal verbs: where a question's noun phrase ends ("How many troops *were* ..."),
# what makes a line a sentence rather than a title ("Report of the ... *is* ...").
AUXILIARIES = (
    "is are was were do does did has have had will would can could may might shall should must"
).split()
AUXILIARY = alternation(AUXILIARIES)

# Words a question or request opens with.
QUESTION_WORDS = "what whats what's which who whos whom whose when where why how".split()
REQUEST_WORDS = (
    "name list describe explain give tell summarise summarize compare define according".split()
)

# Contractions typed without their apostrophe, and what they stand for ("whats" before a plural
# is "what are": assistant/names_typed.py decides). Only forms that are no other English word
# ("its", "were", "well", "hell", "shell" are words; "wont" and "cant" are too rare to matter).
TYPED_CONTRACTIONS = {
    "whats": "what is", "whos": "who is", "hows": "how is", "wheres": "where is",
    "whens": "when is", "whys": "why is", "isnt": "is not", "arent": "are not",
    "wasnt": "was not", "werent": "were not", "doesnt": "does not", "dont": "do not",
    "didnt": "did not", "hasnt": "has not", "havent": "have not", "hadnt": "had not",
    "cant": "cannot", "couldnt": "could not", "shouldnt": "should not", "wouldnt": "would not",
    "mustnt": "must not", "wont": "will not",
}  # fmt: skip
# Prepositions: a question word after one belongs to its phrase ("on the sidelines of which
# meeting"), not to a new clause.
PREPOSITIONS = (
    "of in on at by for from to with within without under over about after before during "
    "since until between among against through into onto upon towards toward per via"
).split()

# Number words and the small counts a list announces ("the three tiers", "5 priorities").
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
COUNT_WORD = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
# A number written as words anywhere in a sentence ("fifteen", "forty-two", "a thousand").
NUMBER_WORD = (
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twen|thir|for|fif|six|seven|eigh|nine)ty(?:-\w+)?"
    r"|hundred|thousand|million|billion|dozen)\b"
)

# Characters that mark a list item at the start of a line. "٠" (Arabic-Indic zero) is a PDF's
# stray bullet glyph. Dashes mark items too, but only where a line break makes them one.
BULLETS = "-*•▪◦‣·●○■□►➢٠"
BULLET = "[" + re.escape(BULLETS) + "]"
DASHES = "–—"

# Words that state the size of a body of people ("the total strength of the police to some
# 14,000 personnel", "raised the number of officers to 15,404").
SIZE_WORDS = frozenset(
    "strength size total number numbers headcount personnel staffing ceiling numbered".split()
)
# Nouns for a deployment as a whole ("how big was the UNPROFOR presence"): a figure of its
# strength states its size, though the sentence does not repeat the noun.
DEPLOYMENTS = frozenset("presence deployment footprint".split())
# Words of time that end a noun phrase without being its noun ("how big is the police now").
TIME_WORDS = frozenset({"now", "today", "currently", "then", "presently", "nowadays", "yet"})
# Adverbs of extent that end a noun phrase without being its noun ("how many officers nationwide").
EXTENT_WORDS = frozenset(
    {"nationwide", "countrywide", "worldwide", "overall", "altogether", "total", "combined"}
)
# Units of time: "six months after" is a span of time, not a count of anyone.
DURATIONS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade"})
# A question about time ("how long", "what time span", "how many years"), as content-word stems.
ABOUT_TIME = frozenset({"long", "old", "time", "span", "period", "durat", "decad", *DURATIONS})
# Nouns for anyone: "how many people" counts women, men and children alike.
ANYONE = frozenset({"people", "persons", "person", "individuals", "individual"})
# Irregular past tenses: where a question's noun phrase ends when its verb has no "-ed" ("how
# many people *went* to the funeral", "how many monitors *took* over").
IRREGULAR_PAST = frozenset(
    "went took came left fled made got saw gave held ran fought met won lost paid sent spent"
    " brought became began fell kept led stood found told thought".split()
)
# Verbs a question asks of a document ("what does the convention on X *require*"): where the
# name of an instrument written after its kind ends.
DOCUMENT_VERBS = frozenset(
    "say state provide stipulate establish require recommend prescribe set lay conclude describe"
    " define prohibit ban mean cover apply oblige demand".split()
)
# Quantities a figure can be of that another figure easily passes for: "the monthly salary of an
# observer" is not answered by the mission's monthly budget, nor "the average age of the officers
# certified" by how many were certified. Asked for, the word itself must be in the answer.
QUANTITIES = frozenset(
    "salary salaries wage wages pay income age ages height weight price prices length distance"
    " duration speed temperature allowance allowances".split()
)
# Units a figure is asked in ("fuel consumption in litres"): the answer states the unit too.
UNITS = frozenset(
    "litres liters tonnes tons kilometres kilometers km miles hectares metres meters kilograms kg"
    " barrels gallons megawatts litre liter tonne ton kilometre kilometer mile hectare metre meter"
    " kilogram barrel gallon megawatt".split()
)
# Nouns that count whatever their sentence is about ("homicides rose, with 698 cases").
COUNTERS = frozenset({"cases", "incidents", "instances"})

# Shorthand typed in chat for ordinary words, never how documents write them: read as the word
# before anything else, so "how many ppl attended" counts people and "govt" finds "Government".
# Only forms that are no English word and no UN abbreviation ("hq", "mil", "pop" stay as typed).
SHORTHAND = {
    "ppl": "people", "govt": "government", "gov't": "government", "govts": "governments",
    "intl": "international", "int'l": "international", "natl": "national", "nat'l": "national",
    "approx": "approximately", "dept": "department", "depts": "departments",
    "mgmt": "management", "yr": "year", "yrs": "years", "abt": "about", "thru": "through",
    "bcos": "because", "becuz": "because", "cuz": "because", "w/o": "without",
    "ops": "operations", "reqs": "requirements", "regs": "regulations", "info": "information",
    "civs": "civilians", "nums": "numbers", "grp": "group", "grps": "groups", "w/": "with",
    "b/c": "because", "no. of": "number of", "nos. of": "numbers of", "# of": "number of",
    "+": "and", "&": "and", "doc": "document", "docs": "documents",
}  # fmt: skip

# Titles and ranks written before a person's name ("Lieutenant General José Elito Carvalho
# Siqueira", "Prime Minister Bajram Kosumi", "Mr. Henryk Sokalski").
PERSON_TITLES = (
    "Mr Mrs Ms Miss Dr Sir Dame Lord Lady Judge Justice Ambassador General Lieutenant-General"
    " Major-General Brigadier-General Brigadier Colonel Lieutenant-Colonel Major Captain Admiral"
    " Vice-Admiral Rear-Admiral Commodore Commissioner President Vice-President Minister King Queen"
    " Prince Princess Sheikh Emir Bishop Archbishop Cardinal Imam Professor Senator Governor Mayor"
).split() + ["Lieutenant General", "Major General", "Brigadier General", "Prime Minister",
             "Lieutenant Colonel", "Air Marshal"]  # fmt: skip
# Capitalised words of the name of a body, not a person ("General Assembly", "Major Crimes Unit",
# "the Security Council"), and the capitalised determiners a sentence opens with ("The Mission").
BODY_WORDS = frozenset(
    "Assembly Council Secretariat Staff Headquarters Command Conference Committee Office Affairs"
    " Election Elections Directorate Inspectorate Fund Programme Agreement Crimes Unit Prosecutor"
    " Services Service Accord Accords Framework Palace Guard Guards Administration Mission"
    " Missions Government Force Forces Commission Ministry Police Army Party Union Nations Team"
    " Group Court Tribunal Chambers Movement Front Authority Authorities Parliament Congress"
    " Senate Department Agency Organization Organisation Bank Institute Centre Center"
    " Republic State States Support Province Region District The This That These Those"
    " Its His Her Their Our My".split()
)
# Offices one person holds: "who was the force commander", "who became prime minister". The
# question then asks for a person's name, not a body's.
PERSON_OFFICES = frozenset(
    "commander president minister pm representative srsg envoy mediator commissioner chairman"
    " chairperson chairwoman ambassador governor mayor judge prosecutor leader premier king queen"
    " secretary-general deputy chief".split()
)
# Offices typed by their initials, and their full names: "pm" is asked of a "Prime Minister".
OFFICE_ABBREVIATIONS = {
    "pm": "prime minister", "srsg": "special representative", "dsrsg": "deputy special representative",
}  # fmt: skip
# Offices as a sentence names them before their holder in apposition ("the Prime Minister, Bajram
# Kosumi,"): the offices a question asks for, and the posts that are only ever named in a sentence.
APPOSED_OFFICES = frozenset(
    "Minister President Representative Commander Commissioner Envoy Chairman Chairperson Mediator"
    " Coordinator Director Head Chief Governor Mayor Ambassador Adviser Prosecutor Judge Officer".split()
)
# Offices typed by their initials before a holder's name ("srsg atul khare", "usg lacroix").
OFFICE_INITIALS = ("SRSG", "DSRSG", "USG", "ASG", "SG", "PM")
# Ranks as staff abbreviate them before a name ("col henrik sjoberg", "lt gen jaime de los
# santos", "brig. gen. smith"); none is an English word or a unit's short name ("gen info", "the
# fib brig hq": "gen" and "brig" alone are left out).
RANK_ABBREVIATIONS = (
    "Lt Gen",
    "Maj Gen",
    "Brig Gen",
    "Lt Col",
    "Col",
    "Maj",
    "Capt",
    "Cdr",
    "Amb",
)
# Groups of people a person leads ("who led the Security Council mission", "who headed the
# delegation"), and the verbs of leading, taking and leaving an office.
LED_GROUPS = frozenset(
    "mission delegation team visit panel government division component commission committee"
    " office".split()
)
LEADING_VERBS = frozenset(
    "led lead leads leading headed heads head heading commanded commands chaired chairs ran run runs"
    " running".split()
)
OFFICE_VERBS = frozenset(
    "became appointed elected nominated resigned sworn appoint appoints elect nominate".split()
)  # "who was appointed ...", "who did the council elect"
# Verbs of choosing, which ask for a person only when what is chosen for is to lead ("who did
# eulex name to lead ..."), not in "who is named in the report" or "who chose the sites".
NAMING_VERBS = frozenset("name names named choose chose chosen select selected pick picked".split())
# Spellings of one unit ("liters" are "litres"), compared as the British form the reports use.
UNIT_SPELLINGS = {"liter": "litre", "meter": "metre", "kilometer": "kilometre", "ton": "tonne"}
