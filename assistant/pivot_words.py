"""French and Spanish question words read as English, as data (one place for each language).

A question asked in French or Spanish is also read in English words (:mod:`assistant.term_names`)
so that BM25 and the answer composer, which score English words, see its form and its content:
"Combien de soldats ..." becomes "how many soldats ...". Only the words that carry a question's
form and the commonest content words of the corpus are listed; the rest stay as they are (names and
symbols are the same in every language). Longer phrases are tried first.
"""

from __future__ import annotations

FR: dict[str, str] = {
    "qu'est-ce que": "what is",
    "qu'est-ce qu'": "what is",
    "que sont": "what are",
    "quels sont": "what are",
    "quelles sont": "what are",
    "quel est": "what is",
    "quelle est": "what is",
    "combien de": "how many",
    "à qui": "who",
    "qui": "who",
    "quand": "when",
    "où": "where",
    "pourquoi": "why",
    "comment": "how",
    "quel": "which",
    "quelle": "which",
    "quels": "which",
    "quelles": "which",
    "que signifie": "what does mean",
    "que dit": "what does say",
    "que protège": "what does protect",
    "selon": "according to",
    "civils": "civilians",
    "civil": "civilian",
    "mandat": "mandate",
    "mission": "mission",
    "missions": "missions",
    "gouvernement": "government",
    "gouvernements": "governments",
    "pays": "country",
    "rapport": "report",
    "budget": "budget",
    "soldats": "troops",
    "police": "police",
    "article": "article",
    "droits de l'homme": "human rights",
    "population": "population",
    "territoire occupé": "occupied territory",
    "puissance occupante": "occupying power",
    "personnes protégées": "protected persons",
    "attaque": "attack",
    "attaques": "attacks",
    "note d'orientation": "policy note",
    "manifestation parallèle": "side event",
    "semaine de la protection des civils": "PoC Week",
    "participants": "participants",
    "atelier": "workshop",
    "conflits armés": "armed conflicts",
    "non internationaux": "non-international",
    "peine de mort": "death penalty",
    "infractions graves": "grave breaches",
    "objectifs militaires": "military objectives",
    "famine": "starvation",
    "barrages": "dams",
    "centrales nucléaires": "nuclear power plants",
    "secrétaire général": "Secretary-General",
    "conseil": "Council",
    "niveau": "tier",
    "internées": "interned",
    "interner": "intern",
}

ES: dict[str, str] = {
    "qué es": "what is",
    "qué son": "what are",
    "cuál es": "what is",
    "cuáles son": "what are",
    "cuántos": "how many",
    "cuántas": "how many",
    "a quién": "who",
    "quién": "who",
    "quiénes": "who",
    "cuándo": "when",
    "dónde": "where",
    "por qué": "why",
    "cómo": "how",
    "qué": "which",
    "qué significa": "what does mean",
    "qué dice": "what does say",
    "qué protege": "what does protect",
    "según": "according to",
    "civiles": "civilians",
    "civil": "civilian",
    "mandato": "mandate",
    "misión": "mission",
    "misiones": "missions",
    "gobierno": "government",
    "gobiernos": "governments",
    "país": "country",
    "informe": "report",
    "presupuesto": "budget",
    "soldados": "troops",
    "policía": "police",
    "artículo": "article",
    "derechos humanos": "human rights",
    "población": "population",
    "territorio ocupado": "occupied territory",
    "potencia ocupante": "occupying power",
    "personas protegidas": "protected persons",
    "ataque": "attack",
    "ataques": "attacks",
    "nota de política": "policy note",
    "acto paralelo": "side event",
    "semana de la protección de civiles": "PoC Week",
    "participantes": "participants",
    "taller": "workshop",
    "conflictos armados": "armed conflicts",
    "sin carácter internacional": "non-international",
    "pena de muerte": "death penalty",
    "infracciones graves": "grave breaches",
    "objetivos militares": "military objectives",
    "hambre": "starvation",
    "presas": "dams",
    "centrales nucleares": "nuclear power plants",
    "secretario general": "Secretary-General",
    "consejo": "Council",
    "nivel": "tier",
    "internadas": "interned",
    "internar": "intern",
}

WORDS: dict[str, dict[str, str]] = {"fr": FR, "es": ES}

# Function words dropped from the English reading: they carry no topic, and BM25 would match them
# in the corpus's few French and Spanish passages.
STOP: dict[str, frozenset[str]] = {
    "fr": frozenset(
        "le la les l un une des du de d au aux et ou à a en dans sur par pour avec sans sous "
        "ce cet cette ces son sa ses leur leurs qui que qu quoi dont est sont été être a ont "
        "il elle ils elles on se s ne n pas plus y t-il t-elle -il -elle -ils lors entre".split()
    ),
    "es": frozenset(
        "el la los las lo un una unos unas de del al y o a en con por para sin sobre "
        "este esta estos estas ese esa su sus que se es son ha han fue ser no más entre "
        "cual cuales".split()
    ),
}
