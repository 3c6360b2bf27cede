"""Demonyms of UN member states and of the territories peace operations have served: a fact of
the language, kept as data (as spaCy keeps its ``lex_attrs``), read by :mod:`assistant.names`.

"Salvadoran" is about El Salvador, "Timorese" about Timor-Leste: a passage on El Salvador
mentions what a question on "Salvadoran" police asks about. Each line is ``demonym: place``; a
place with two demonyms has two lines. Keys are written as the adjective is; matching folds
case and accents.
"""

from __future__ import annotations

_TABLE = """
Afghan: Afghanistan | Albanian: Albania | Algerian: Algeria | Andorran: Andorra
Angolan: Angola | Antiguan: Antigua and Barbuda | Argentine: Argentina | Argentinian: Argentina
Armenian: Armenia | Australian: Australia | Austrian: Austria | Azerbaijani: Azerbaijan
Bahamian: Bahamas | Bahraini: Bahrain | Bangladeshi: Bangladesh | Barbadian: Barbados
Belarusian: Belarus | Belgian: Belgium | Belizean: Belize | Beninese: Benin | Bhutanese: Bhutan
Bolivian: Bolivia | Bosnian: Bosnia and Herzegovina | Herzegovinian: Bosnia and Herzegovina
Motswana: Botswana | Batswana: Botswana | Brazilian: Brazil | Bruneian: Brunei Darussalam
Bulgarian: Bulgaria | Burkinabe: Burkina Faso | Burkinabè: Burkina Faso | Burundian: Burundi
Cabo Verdean: Cabo Verde | Cape Verdean: Cabo Verde | Cambodian: Cambodia
Cameroonian: Cameroon | Canadian: Canada | Central African: Central African Republic
Chadian: Chad | Chilean: Chile | Chinese: China | Colombian: Colombia | Comorian: Comoros
Congolese: Congo | Costa Rican: Costa Rica | Ivorian: Côte d'Ivoire | Croatian: Croatia
Croat: Croatia | Cuban: Cuba | Cypriot: Cyprus | Czech: Czechia | Danish: Denmark | Dane: Denmark
Djiboutian: Djibouti | Dominican: Dominican Republic | Ecuadorian: Ecuador | Egyptian: Egypt
Salvadoran: El Salvador | Salvadorean: El Salvador | Equatorial Guinean: Equatorial Guinea
Eritrean: Eritrea | Estonian: Estonia | Swazi: Eswatini | Ethiopian: Ethiopia | Fijian: Fiji
Finnish: Finland | Finn: Finland | French: France | Gabonese: Gabon | Gambian: Gambia
Georgian: Georgia | German: Germany | Ghanaian: Ghana | Greek: Greece | Grenadian: Grenada
Guatemalan: Guatemala | Guinean: Guinea | Bissau-Guinean: Guinea-Bissau | Guyanese: Guyana
Haitian: Haiti | Honduran: Honduras | Hungarian: Hungary | Icelandic: Iceland | Indian: India
Indonesian: Indonesia | Iranian: Iran | Iraqi: Iraq | Irish: Ireland | Israeli: Israel
Italian: Italy | Jamaican: Jamaica | Japanese: Japan | Jordanian: Jordan | Kazakh: Kazakhstan
Kazakhstani: Kazakhstan | Kenyan: Kenya | I-Kiribati: Kiribati | Kuwaiti: Kuwait
Kyrgyz: Kyrgyzstan | Lao: Lao People's Democratic Republic | Laotian: Lao People's Democratic Republic
Latvian: Latvia | Lebanese: Lebanon | Basotho: Lesotho | Mosotho: Lesotho | Liberian: Liberia
Libyan: Libya | Liechtensteiner: Liechtenstein | Lithuanian: Lithuania
Luxembourgish: Luxembourg | Malagasy: Madagascar | Malawian: Malawi | Malaysian: Malaysia
Maldivian: Maldives | Malian: Mali | Maltese: Malta | Marshallese: Marshall Islands
Mauritanian: Mauritania | Mauritian: Mauritius | Mexican: Mexico | Micronesian: Micronesia
Monegasque: Monaco | Mongolian: Mongolia | Montenegrin: Montenegro | Moroccan: Morocco
Mozambican: Mozambique | Burmese: Myanmar | Myanma: Myanmar | Namibian: Namibia
Nauruan: Nauru | Nepalese: Nepal | Nepali: Nepal | Dutch: Netherlands | New Zealander: New Zealand
Nicaraguan: Nicaragua | Nigerien: Niger | Nigerian: Nigeria | North Korean: Democratic People's Republic of Korea
Macedonian: North Macedonia | Norwegian: Norway | Omani: Oman | Pakistani: Pakistan
Palauan: Palau | Panamanian: Panama | Papua New Guinean: Papua New Guinea
Paraguayan: Paraguay | Peruvian: Peru | Filipino: Philippines | Philippine: Philippines
Polish: Poland | Pole: Poland | Portuguese: Portugal | Qatari: Qatar | South Korean: Republic of Korea
Moldovan: Republic of Moldova | Romanian: Romania | Russian: Russian Federation
Rwandan: Rwanda | Rwandese: Rwanda | Kittitian: Saint Kitts and Nevis | Saint Lucian: Saint Lucia
Vincentian: Saint Vincent and the Grenadines | Samoan: Samoa | Sammarinese: San Marino
Santomean: Sao Tome and Principe | Saudi: Saudi Arabia | Senegalese: Senegal | Serbian: Serbia
Serb: Serbia | Seychellois: Seychelles | Sierra Leonean: Sierra Leone | Singaporean: Singapore
Slovak: Slovakia | Slovenian: Slovenia | Slovene: Slovenia | Solomon Islander: Solomon Islands
Somali: Somalia | South African: South Africa | South Sudanese: South Sudan | Spanish: Spain
Spaniard: Spain | Sri Lankan: Sri Lanka | Sudanese: Sudan | Surinamese: Suriname
Swedish: Sweden | Swede: Sweden | Swiss: Switzerland | Syrian: Syrian Arab Republic
Tajik: Tajikistan | Tajikistani: Tajikistan | Thai: Thailand | Timorese: Timor-Leste
East Timorese: Timor-Leste | Togolese: Togo | Tongan: Tonga | Trinidadian: Trinidad and Tobago
Tobagonian: Trinidad and Tobago | Tunisian: Tunisia | Turkish: Türkiye | Turk: Türkiye
Turkmen: Turkmenistan | Tuvaluan: Tuvalu | Ugandan: Uganda | Ukrainian: Ukraine
Emirati: United Arab Emirates | British: United Kingdom | Tanzanian: United Republic of Tanzania
American: United States | Uruguayan: Uruguay | Uzbek: Uzbekistan | Uzbekistani: Uzbekistan
Ni-Vanuatu: Vanuatu | Venezuelan: Venezuela | Vietnamese: Viet Nam | Yemeni: Yemen
Zambian: Zambia | Zimbabwean: Zimbabwe | Kosovar: Kosovo | Kosovan: Kosovo
Palestinian: State of Palestine | Sahrawi: Western Sahara | Saharan: Western Sahara
Darfuri: Darfur | Abyei: Abyei | Cypriote: Cyprus | Yugoslav: former Yugoslavia
Bosniak: Bosnia and Herzegovina | Kurdish: Kurdistan | Tibetan: Tibet | Chechen: Chechnya
Congolese (DRC): Democratic Republic of the Congo
"""


def _parse(table: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for cell in table.replace("\n", "|").split("|"):
        if ":" in cell:
            demonym, place = (part.strip() for part in cell.split(":", 1))
            out.setdefault(demonym, place)
    return out


DEMONYMS: dict[str, str] = _parse(_TABLE)
"""Demonym -> place, as written ("Salvadoran" -> "El Salvador")."""

# Places the reports name by another name: "East Timor" is Timor-Leste, "Ivory Coast" Côte d'Ivoire.
PLACE_NAMES: dict[str, str] = {
    "East Timor": "Timor-Leste",
    "Ivory Coast": "Côte d'Ivoire",
    "Burma": "Myanmar",
    "Zaire": "Democratic Republic of the Congo",
    "DR Congo": "Democratic Republic of the Congo",
    "Swaziland": "Eswatini",
    "Turkey": "Türkiye",
    "Czech Republic": "Czechia",
    "Macedonia": "North Macedonia",
    "USA": "United States",
    "UK": "United Kingdom",
}

# Titles people abbreviate: "special rep" is the Special Representative.
TITLES: dict[str, str] = {
    "SRSG": "Special Representative of the Secretary-General",
    "DSRSG": "Deputy Special Representative of the Secretary-General",
    "special rep": "Special Representative",
    "deputy special rep": "Deputy Special Representative",
    "SG": "Secretary-General",
    "UNSG": "Secretary-General",
    "sec gen": "Secretary-General",
    "secgen": "Secretary-General",
    "FC": "Force Commander",
    "CMO": "Chief Military Observer",
    "HoM": "Head of Mission",
    "DHoM": "Deputy Head of Mission",
    "PolCom": "Police Commissioner",
    "COS": "Chief of Staff",
}

# The UN's principal organs as staff abbreviate them ("the SC", "a GA resolution", "the sc"):
# written out, as the documents write them.
BODIES: dict[str, str] = {
    "SC": "Security Council",
    "UNSC": "Security Council",
    "GA": "General Assembly",
    "UNGA": "General Assembly",
    "ECOSOC": "Economic and Social Council",
}
