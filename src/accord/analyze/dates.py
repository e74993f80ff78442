"""Date mentions: find the date expressions of an article and resolve them to calendar days.

Why own rules rather than dateparser alone (checked against dateparser 1.5.0): it reads
"12.5" as 5 December, puts "Dec. 30" in the *next* December for an article of 5 January,
and knows nothing of "el viernes", "am Freitag", "next spring" or "earlier this month";
its `search_dates` mis-parses freely, and one call costs about a millisecond.

How it stays fast (a 3,000-character article in well under a millisecond):
1. one scan with a *trie* regex of every keyword (month, weekday and season names, and
   fixed relative phrases such as "last week" or "pasado mañana") of the languages in play;
2. one scan for digit-led dates ("2022-12-30", "30.12.2022") and years;
3. for each hit, small anchored regexes look at the few words to its left and right
   (the day, the year, "last", "in", "el próximo"...).
Candidates then compete: the longest wins, so "Friday (30.12.2022)" is one mention.
dateparser is used only to read month names in languages without tables here.

Every heuristic is data in the tables below; the code only assembles and applies them.
"""

from __future__ import annotations

import bisect
import calendar
import contextlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache

from accord.model import DateMention

# ---------------------------------------------------------------------------------------
# Lexicon (data). "a|b" lists spellings of one item.

LANGUAGES = ("en", "es", "it", "de", "fr")

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre|setiembre", "octubre", "noviembre", "diciembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
    "de": ("januar|jänner", "februar|feber", "märz|maerz", "april", "mai", "juni", "juli",
           "august", "september", "oktober", "november", "dezember"),
    "fr": ("janvier", "février|fevrier", "mars", "avril", "mai", "juin", "juillet", "août|aout",
           "septembre", "octobre", "novembre", "décembre|decembre"),
}  # fmt: skip

# Abbreviations count only with their dot or right before a number ("Dec 30"), so that
# "30 may have died" or "Mar del Plata" stay words.
MONTH_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "en": ("jan", "feb", "mar", "apr", "", "jun", "jul", "aug", "sep|sept", "oct", "nov", "dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep|sept|set", "oct", "nov",
           "dic"),
    "it": ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set|sett", "ott", "nov",
           "dic"),
    "de": ("jan", "feb", "mär|mrz", "apr", "", "jun", "jul", "aug", "sep|sept", "okt", "nov",
           "dez"),
    "fr": ("janv", "févr|fév|fevr", "", "avr", "", "", "juil", "", "sept", "oct", "nov", "déc"),
}  # fmt: skip

WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "es": ("lunes", "martes", "miércoles|miercoles", "jueves", "viernes", "sábado|sabado",
           "domingo"),
    "it": ("lunedì|lunedi", "martedì|martedi", "mercoledì|mercoledi", "giovedì|giovedi",
           "venerdì|venerdi", "sabato", "domenica"),
    "de": ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag|sonnabend",
           "sonntag"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}  # fmt: skip

# Only in front of an explicit date ("Fri., Dec. 30"): alone, "Sun" and "Wed" are words.
WEEKDAY_ABBREVIATIONS = {"en": ("mon", "tue|tues", "wed", "thu|thur|thurs", "fri", "sat", "sun")}

# German glues the part of the day on: "Freitagabend".
WEEKDAY_SUFFIXES = {"de": ("abend", "morgen", "nachmittag", "vormittag", "mittag", "nacht")}

# Languages that capitalise month and weekday names; elsewhere a capitalised weekday in
# mid-sentence is a name ("Plácido Domingo").
CAPITALISED_NAMES = {"en", "de"}

SEASONS: dict[str, dict[str, str]] = {
    "en": {"spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn",
           "winter": "winter"},
    "es": {"primavera": "spring", "verano": "summer", "otoño": "autumn", "invierno": "winter"},
    "it": {"primavera": "spring", "estate": "summer", "autunno": "autumn", "inverno": "winter"},
    "de": {"frühjahr": "spring", "frühling": "spring", "sommer": "summer", "herbst": "autumn",
           "winter": "winter"},
    "fr": {"printemps": "spring", "été": "summer", "automne": "autumn", "hiver": "winter"},
}  # fmt: skip
SEASON_FIRST_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}  # northern
# A season word that is also a common noun needs more than a preposition when these follow:
# "in the fall of the regime", "in the fall in prices".
SEASON_BLOCKED_BEFORE = {"fall": ("of", "in", "from", "to", "at", "on", "by", "and")}

RELATIVE_DAYS: dict[str, dict[str, int]] = {
    "en": {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
           "yesterday": -1, "last night": -1, "the day before yesterday": -2,
           "tomorrow": 1, "the day after tomorrow": 2},
    "es": {"hoy": 0, "esta mañana": 0, "esta tarde": 0, "esta noche": 0, "ayer": -1,
           "anoche": -1, "anteayer": -2, "antier": -2, "antes de ayer": -2, "mañana": 1,
           "pasado mañana": 2},
    "it": {"oggi": 0, "stamattina": 0, "stamani": 0, "stamane": 0, "stasera": 0,
           "stanotte": 0, "questa mattina": 0, "questa sera": 0, "questo pomeriggio": 0,
           "ieri": -1, "ieri sera": -1, "l'altro ieri": -2, "l'altroieri": -2,
           "altroieri": -2, "ieri l'altro": -2, "domani": 1, "dopodomani": 2},
    "de": {"heute": 0, "heute Morgen": 0, "heute morgen": 0, "heute früh": 0,
           "heute Abend": 0, "heute Nachmittag": 0, "gestern": -1, "gestern Abend": -1,
           "vorgestern": -2, "morgen": 1, "übermorgen": 2},
    "fr": {"aujourd'hui": 0, "ce matin": 0, "ce soir": 0, "cet après-midi": 0, "hier": -1,
           "hier soir": -1, "avant-hier": -2, "demain": 1, "après-demain": 2},
}  # fmt: skip
# Words read as dates only when the article's language is known: German "hier" = "here".
NEEDS_KNOWN_LANGUAGE = {"hier"}
# Not a date after these words: "esta/la mañana" = the morning, "il domani" = the future,
# "am/jeden Morgen" = in the morning.
RELATIVE_DAY_BLOCKED_AFTER: dict[str, tuple[str, ...]] = {
    "mañana": ("la", "las", "esta", "esa", "aquella", "una", "cada", "toda", "media", "buena",
               "buenas", "misma", "el", "al", "del", "lo"),
    "domani": ("il", "del", "al", "un", "nel", "dal"),
    "morgen": ("am", "den", "dem", "jeden", "guten", "einen", "diesen", "eines", "zum", "vom"),
}  # fmt: skip
# Not a date before these words: "hoy en día" = nowadays.
RELATIVE_DAY_BLOCKED_BEFORE: dict[str, tuple[str, ...]] = {"hoy": ("en día", "día")}
# German "Morgen" (capitalised) is "morning" except where a sentence starts.
LOWERCASE_UNLESS_SENTENCE_START = {"morgen"}

# Fixed phrases for ranges: phrase -> (unit, mode). Units week/weekend/month/year; modes
# last/this/next, "earlier" (start of the unit .. the day before publication) and "later"
# (the day after publication .. end of the unit).
_EN_MODES = {"last": "last", "this past": "last", "this": "this", "next": "next",
             "coming": "next", "this coming": "next", "earlier this": "earlier",
             "later this": "later"}  # fmt: skip
_DE_STEMS = {"last": ("letzt", "vergangen", "vorig"), "next": ("nächst", "kommend"),
             "this": ("dies",)}  # fmt: skip
_DE_ENDINGS = ("e", "en", "er", "es", "em")
_DE_UNITS = {"week": ("Woche",), "weekend": ("Wochenende",), "month": ("Monat", "Monats"),
             "year": ("Jahr", "Jahres")}  # fmt: skip


def _german_ranges() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for unit, nouns in _DE_UNITS.items():
        for noun in nouns:
            for mode, stems in _DE_STEMS.items():
                for stem in stems:
                    for ending in _DE_ENDINGS:
                        table[f"{stem}{ending} {noun}"] = (unit, mode)
            for ending in _DE_ENDINGS:  # "Anfang dieses Monats", "Ende dieser Woche"
                table[f"Anfang dies{ending} {noun}"] = (unit, "earlier")
                table[f"Ende dies{ending} {noun}"] = (unit, "later")
    return table


RELATIVE_RANGES: dict[str, dict[str, tuple[str, str]]] = {
    "en": {f"{m} {u}": (u, mode) for m, mode in _EN_MODES.items()
           for u in ("week", "weekend", "month", "year")},
    "es": {"semana pasada": ("week", "last"), "pasada semana": ("week", "last"),
           "esta semana": ("week", "this"), "próxima semana": ("week", "next"),
           "semana próxima": ("week", "next"), "semana que viene": ("week", "next"),
           "semana entrante": ("week", "next"),
           "fin de semana pasado": ("weekend", "last"),
           "pasado fin de semana": ("weekend", "last"),
           "este fin de semana": ("weekend", "this"),
           "próximo fin de semana": ("weekend", "next"),
           "mes pasado": ("month", "last"), "pasado mes": ("month", "last"),
           "este mes": ("month", "this"), "próximo mes": ("month", "next"),
           "mes próximo": ("month", "next"), "mes que viene": ("month", "next"),
           "mes entrante": ("month", "next"),
           "año pasado": ("year", "last"), "pasado año": ("year", "last"),
           "este año": ("year", "this"), "próximo año": ("year", "next"),
           "año próximo": ("year", "next"), "año que viene": ("year", "next"),
           "año entrante": ("year", "next"),
           "a principios de este mes": ("month", "earlier"),
           "a comienzos de este mes": ("month", "earlier"),
           "a finales de este mes": ("month", "later"),
           "a principios de este año": ("year", "earlier"),
           "a comienzos de este año": ("year", "earlier"),
           "a finales de este año": ("year", "later")},
    "it": {"settimana scorsa": ("week", "last"), "scorsa settimana": ("week", "last"),
           "settimana passata": ("week", "last"), "questa settimana": ("week", "this"),
           "prossima settimana": ("week", "next"), "settimana prossima": ("week", "next"),
           "fine settimana scorso": ("weekend", "last"),
           "scorso fine settimana": ("weekend", "last"), "weekend scorso": ("weekend", "last"),
           "scorso weekend": ("weekend", "last"), "questo fine settimana": ("weekend", "this"),
           "questo weekend": ("weekend", "this"), "prossimo fine settimana": ("weekend", "next"),
           "prossimo weekend": ("weekend", "next"),
           "mese scorso": ("month", "last"), "scorso mese": ("month", "last"),
           "mese passato": ("month", "last"), "questo mese": ("month", "this"),
           "prossimo mese": ("month", "next"), "mese prossimo": ("month", "next"),
           "anno scorso": ("year", "last"), "l'anno scorso": ("year", "last"),
           "scorso anno": ("year", "last"), "anno passato": ("year", "last"),
           "l'anno passato": ("year", "last"), "quest'anno": ("year", "this"),
           "questo anno": ("year", "this"), "prossimo anno": ("year", "next"),
           "anno prossimo": ("year", "next"), "l'anno prossimo": ("year", "next"),
           "all'inizio di questo mese": ("month", "earlier"),
           "all'inizio di quest'anno": ("year", "earlier")},
    "de": _german_ranges(),
    "fr": {"semaine dernière": ("week", "last"), "semaine passée": ("week", "last"),
           "cette semaine": ("week", "this"), "semaine prochaine": ("week", "next"),
           "week-end dernier": ("weekend", "last"), "weekend dernier": ("weekend", "last"),
           "ce week-end": ("weekend", "this"), "ce weekend": ("weekend", "this"),
           "week-end prochain": ("weekend", "next"), "weekend prochain": ("weekend", "next"),
           "mois dernier": ("month", "last"), "mois passé": ("month", "last"),
           "ce mois-ci": ("month", "this"), "ce mois": ("month", "this"),
           "mois prochain": ("month", "next"),
           "l'an dernier": ("year", "last"), "l'année dernière": ("year", "last"),
           "l'an passé": ("year", "last"), "l'année passée": ("year", "last"),
           "cette année": ("year", "this"), "l'an prochain": ("year", "next"),
           "l'année prochaine": ("year", "next"),
           "plus tôt ce mois-ci": ("month", "earlier"), "plus tard ce mois-ci": ("month", "later"),
           "plus tôt cette semaine": ("week", "earlier"),
           "plus tard cette semaine": ("week", "later"),
           "plus tôt cette année": ("year", "earlier"), "plus tard cette année": ("year", "later"),
           "plus tôt dans le mois": ("month", "earlier"),
           "plus tôt dans l'année": ("year", "earlier")},
}  # fmt: skip

# Words in front of a weekday, month or season that pick which one ("last", "el próximo").
MODIFIERS_BEFORE: dict[str, dict[str, str]] = {
    "en": {"last": "last", "this past": "last", "next": "next", "this coming": "next",
           "the coming": "next", "this": "this"},
    "es": {"pasado": "last", "pasada": "last", "próximo": "next", "próxima": "next",
           "este": "this", "esta": "this"},
    "it": {"scorso": "last", "scorsa": "last", "prossimo": "next", "prossima": "next",
           "questo": "this", "questa": "this", "quest'": "this"},
    "de": {f"{stem}{ending}": mode for mode, stems in _DE_STEMS.items() for stem in stems
           for ending in _DE_ENDINGS},
    "fr": {"ce": "this", "cet": "this", "cette": "this"},
}  # fmt: skip
MODIFIERS_AFTER: dict[str, dict[str, str]] = {
    "es": {"pasado": "last", "pasada": "last", "próximo": "next", "próxima": "next",
           "que viene": "next", "entrante": "next"},
    "it": {"scorso": "last", "scorsa": "last", "passato": "last", "passata": "last",
           "prossimo": "next", "prossima": "next"},
    "fr": {"dernier": "last", "dernière": "last", "passé": "last", "passée": "last",
           "prochain": "next", "prochaine": "next"},
}  # fmt: skip
# After a month or day: "March last year", "marzo del año pasado" -> years from publication.
YEAR_OFFSETS_AFTER: dict[str, dict[str, int]] = {
    "en": {"last year": -1, "this year": 0, "next year": 1, "of last year": -1,
           "of this year": 0, "of next year": 1},
    "es": {"del año pasado": -1, "del pasado año": -1, "de este año": 0, "del próximo año": 1,
           "del año próximo": 1, "del año que viene": 1},
    "it": {"dell'anno scorso": -1, "dello scorso anno": -1, "di quest'anno": 0,
           "dell'anno prossimo": 1, "del prossimo anno": 1},
    "de": {f"{article}{stem}{ending} Jahres": offset
           for offset, stems in ((-1, _DE_STEMS["last"]), (1, _DE_STEMS["next"]),
                                 (0, _DE_STEMS["this"]))
           for stem in stems for ending in ("en", "es") for article in ("", "des ")},
    "fr": {"de l'an dernier": -1, "de l'année dernière": -1, "de l'an passé": -1,
           "l'an dernier": -1, "l'année dernière": -1, "de cette année": 0,
           "de l'an prochain": 1, "de l'année prochaine": 1, "l'an prochain": 1},
}  # fmt: skip

# After a month or day, a year named elsewhere in the article: "in March of that year" is
# returned unresolved rather than put in the wrong year.
YEAR_REFERENCES_AFTER: dict[str, tuple[str, ...]] = {
    "en": ("of that year", "that year", "the same year", "of the same year",
           "the following year", "of the following year", "the previous year",
           "of the previous year", "the year before"),
    "es": ("de ese año", "de aquel año", "del mismo año", "del año siguiente",
           "del año anterior"),
    "it": ("di quell'anno", "dello stesso anno", "dell'anno successivo",
           "dell'anno precedente"),
    "de": ("jenes Jahres", "desselben Jahres", "des Folgejahres", "des Vorjahres"),
    "fr": ("de cette année-là", "de la même année", "de l'année suivante",
           "de l'année précédente"),
}  # fmt: skip

# Prepositions that make a bare month, season or year a date: "in March", "a marzo",
# "im Frühjahr", "since 2020". They are not part of the mention's text.
MONTH_CUES: dict[str, tuple[str, ...]] = {
    "en": ("in", "since", "by", "until", "till", "through", "from", "to", "during", "before",
           "after", "of", "early", "late", "mid-", "mid"),
    "es": ("en", "desde", "hasta", "de", "del", "a", "para", "durante"),
    "it": ("a", "ad", "in", "nel", "di", "da", "dal", "fino a", "entro", "inizio", "fine",
           "metà", "tra", "fra"),
    "de": ("im", "seit", "bis", "ab", "von", "vor", "nach", "zum", "Anfang", "Mitte", "Ende"),
    "fr": ("en", "depuis", "dès", "jusqu'en", "jusqu'à", "d'ici", "avant", "après", "début",
           "fin", "mi-", "courant", "de"),
}  # fmt: skip
SEASON_CUES: dict[str, tuple[str, ...]] = {
    "en": ("in", "in the", "during", "during the", "over the", "by", "by the", "until",
           "until the", "since", "since the", "through the", "throughout the", "early",
           "late", "in early", "in late", "mid-"),
    "es": ("en", "en la", "en el", "durante", "durante la", "durante el", "para", "para la",
           "para el", "hasta", "hasta la", "hasta el", "desde", "desde la", "desde el",
           "finales de", "principios de", "mediados de", "finales del", "principios del",
           "mediados del", "finales de la", "principios de la", "mediados de la"),
    "it": ("in", "d'", "durante", "durante la", "durante l'", "per", "entro", "entro la",
           "entro l'", "nella", "nell'", "dalla", "dall'"),
    "de": ("im", "seit", "bis", "ab", "bis zum", "seit dem", "Anfang", "Mitte", "Ende",
           "über den"),
    "fr": ("en", "au", "à", "pendant", "durant", "depuis", "dès", "d'ici", "jusqu'au",
           "jusqu'à", "début", "fin"),
}  # fmt: skip
# A bare year is a date only after one of these: "in 2024", not "2024 votes".
YEAR_CUES: dict[str, tuple[str, ...]] = {
    "en": ("in", "since", "by", "until", "till", "through", "from", "during", "before", "after",
           "of", "between", "early", "late", "mid-", "the year", "year", "dated", "dating from"),
    "es": ("en", "desde", "hasta", "de", "del", "para", "durante", "antes de", "después de",
           "año", "el año", "entre", "fechado en", "fechada en"),
    "it": ("nel", "dal", "fino al", "entro il", "del", "al", "nell'anno", "anno", "prima del",
           "dopo il", "tra il", "fra il", "datato", "datata"),
    "de": ("im", "im Jahr", "im Jahre", "Jahr", "Jahres", "seit", "bis", "ab", "von", "vor",
           "nach", "Anfang", "Ende", "Mitte", "zwischen", "datiert auf"),
    "fr": ("en", "depuis", "jusqu'en", "dès", "de", "d'ici", "d'ici à", "avant", "après",
           "année", "l'année", "l'an", "début", "fin", "mi-", "entre", "daté de", "datée de"),
}  # fmt: skip
# A bare number below 1800 is more often a count ("of 1500 respondents"): as a year it
# needs one of these.
OLD_YEAR_CUES = {"in", "since", "until", "the year", "dated", "dating from", "en", "desde",
                 "hasta", "el año", "fechado en", "fechada en", "nel", "dal", "fino al",
                 "nell'anno", "datato", "datata", "im jahr", "im jahre", "seit",
                 "datiert auf", "depuis", "jusqu'en", "l'année", "daté de", "datée de"}  # fmt: skip
# Before "30.12." (no year): German writes "am 30.12.", a price "30.12" has none of these.
SHORT_NUMERIC_CUES = {"de": ("am", "vom", "bis", "bis zum", "zum", "seit", "ab")}
DAY_CONNECTORS = {"en": ("of",), "es": ("de",)}  # "30th of December", "30 de diciembre"
YEAR_CONNECTORS = {"en": ("of",), "es": ("de", "del"), "it": ("del", "di"), "fr": ("de",)}
FIRST_DAY_WORDS = {"es": ("primero",), "it": ("primo",), "fr": ("premier",)}
# Between a weekday and its date: "Friday the 30th", "Freitag, den 30.", "vendredi le".
WEEKDAY_DATE_ARTICLES = {"en": ("the",), "es": ("el",), "it": ("il",), "de": ("den", "dem"),
                         "fr": ("le",)}  # fmt: skip
# "los viernes" = on Fridays (a habit, not a date).
HABITUAL_BEFORE = {"en": ("every",), "es": ("los", "todos los", "cada"), "it": ("ogni", "tutti i"),
                   "de": ("jeden",), "fr": ("les", "tous les", "chaque")}  # fmt: skip
# English dates may lead with the month ("December 30"); elsewhere "marzo 12" is rare.
MONTH_FIRST_LANGUAGES = {"en"}
# 05/06/2022: month first in (US-dominated) English wire copy, day first everywhere else.
MONTH_FIRST_NUMERIC = {"en"}

# After a number these say it counts something, so it is not a year or a day.
COUNT_WORDS = (
    "%", "percent", "per cent", "people", "persons", "votes", "cases", "deaths", "dead",
    "soldiers", "troops", "residents", "families", "children", "homes", "jobs", "euros",
    "dollars", "pounds", "tonnes", "tons", "km", "kilometres", "kilometers", "metres", "meters",
    "miles", "members", "workers", "employees", "patients", "times", "hours", "minutes", "years",
    "personas", "votos", "muertos", "heridos", "casos", "soldados", "habitantes", "familias",
    "niños", "viviendas", "empleos", "millones", "por ciento", "persone", "voti", "morti",
    "feriti", "casi", "soldati", "abitanti", "famiglie", "bambini", "milioni", "per cento",
    "Menschen", "Personen", "Stimmen", "Tote", "Verletzte", "Fälle", "Soldaten", "Einwohner",
    "Familien", "Kinder", "Millionen", "Prozent", "Euro", "Dollar", "personnes", "voix", "morts",
    "blessés", "soldats", "habitants", "familles", "enfants", "millions", "pour cent",
)  # fmt: skip

# A future verb earlier in the clause turns a bare "Friday" or "in March" forward.
# Reported speech counts: "said he would meet on Thursday" is ahead of the article too.
FUTURE_CUES: dict[str, str] = {
    "en": r"\b(?:will|won['’]t|shall|would|(?:is|are) (?:due|set|scheduled) to|scheduled for"
    r"|expects?|expected|plans? to|(?:is|are) to|going to)\b|\w['’]ll\b",
    "es": r"\b(?:va|van|vamos) a\b|\b(?:prevé|prevén|previsto|prevista|espera|esperan)\b"
    r"|\b\w+r(?:á|án)\b|\b\w+(?:ar|er|ir)ían?\b"
    r"|\b(?:habr|podr|tendr|vendr|saldr|har|dir|querr|pondr)ían?\b",
    "it": r"\b\w+(?:rà|ranno)\b|\b(?:previsto|prevista|previsti|prevede|atteso|attesa)\b",
    "de": r"\b(?:wird|werden|wirst|werde|würde|würden|soll|sollen|geplant|plant|planen"
    r"|erwartet)\b",
    "fr": r"\b(?:va|vont|doit|doivent|devrait|devraient|prévu|prévue|prévoit|sera|seront|aura"
    r"|auront|fera|feront|ira|iront)\b|\b\w{2,}(?:era|eront|ira|iront|erait|eraient|irait"
    r"|iraient)\b",
}
SENTENCE_ENDS = '.!?:\n"“„«»'
CLAUSE_BREAKS = '.!?;:,\n()"“”«»'

YEAR_RANGE = (1000, 2100)  # for a bare year after a cue
OLD_YEAR_BEFORE = 1800  # below it, only OLD_YEAR_CUES make a bare number a year
DATE_YEAR_RANGE = (1000, 2999)  # for the year of a date: "March 0000" is no date
PAST_BIAS_DAYS = 14  # a yearless "Dec. 30" or "in March" leans to the past by this much
LOOKBEHIND_CHARS = 48  # how far left of a keyword its day, cue or modifier may start
DAY = r"(?:3[01]|[12]\d|0?[1-9])"
ORDINAL = r"(?:st|nd|rd|th|er|º|°|ª)"

# ---------------------------------------------------------------------------------------
# Regex assembly


def _variants(phrase: str, capitalised: bool) -> set[str]:
    """Spellings to match: as written, Capitalised, UPPER; only the last two when the
    language capitalises the word (English "May" the month, not "may" the verb)."""
    title = phrase[:1].upper() + phrase[1:]
    return {title, phrase.upper()} if capitalised else {phrase, title, phrase.upper()}


def _units(phrase: str) -> Iterable[str]:
    for ch in phrase:
        if ch == " ":
            yield r"\s+"
        elif ch in "'’":
            yield "['’]"
        else:
            yield re.escape(ch)


def _trie(phrases: Iterable[str]) -> str:
    """One regex for many phrases, factored by common prefixes. Python's `re` tries the
    branches of a plain alternation one by one at every position: a trie is ~8x faster."""
    root: dict[str, dict] = {}
    for phrase in phrases:
        node = root
        for unit in _units(phrase):
            node = node.setdefault(unit, {})
        node[""] = {}
    return _emit(root) or r"(?!)"


def _emit(node: dict[str, dict]) -> str:
    branches = [unit + _emit(node[unit]) for unit in sorted(node) if unit]
    if not branches:
        return ""
    if "" in node:  # a phrase ends here: the longer ones are tried first (greedy "?")
        return "(?:" + "|".join(branches) + ")?"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _words(items: Iterable[str], capitalised: bool = False) -> str:
    """A trie of words that each end with their separator: a space, or nothing after an
    apostrophe or hyphen ("quest'estate", "mid-March")."""
    forms: set[str] = set()
    for item in items:
        tail = "" if item[-1:] in "'’-" else " "
        forms.update(v + tail for v in _variants(item, capitalised))
    return _trie(forms) if forms else r"(?!)"


def _key(phrase: str) -> str:
    return " ".join(phrase.replace("’", "'").lower().split())


def _names(table: dict[str, tuple[str, ...]], lang: str) -> list[tuple[str, int]]:
    return [(n, i) for i, names in enumerate(table.get(lang, ())) for n in names.split("|") if n]


def _year(name: str) -> str:
    return rf"(?P<{name}>\d{{4}})(?!\w|[.,]\d)"


@dataclass(frozen=True)
class _Lexicon:
    """The compiled context patterns of one language."""

    lang: str
    left_month: re.Pattern[str]
    right_month: re.Pattern[str]
    left_weekday: re.Pattern[str]
    right_modifier: re.Pattern[str]
    left_season: re.Pattern[str]
    right_season: re.Pattern[str]
    future: re.Pattern[str]


def _build_lexicon(lang: str) -> _Lexicon:
    caps = lang in CAPITALISED_NAMES
    weekdays = [n for n, _ in _names(WEEKDAYS, lang)]
    weekdays += [n for n, _ in _names(WEEKDAY_ABBREVIATIONS, lang)]
    wd = _trie({v for n in weekdays for v in _variants(n, caps)})
    first = "|".join(FIRST_DAY_WORDS.get(lang, ()))
    day = rf"(?:{DAY}(?!\d)|{first})" if first else rf"{DAY}(?!\d)"
    mods = _words(MODIFIERS_BEFORE[lang])
    mods_after = _trie({v for m in MODIFIERS_AFTER.get(lang, {}) for v in _variants(m, False)})
    year_phrases = [*YEAR_OFFSETS_AFTER.get(lang, {}), *YEAR_REFERENCES_AFTER.get(lang, ())]
    year_offsets = _trie({v for m in year_phrases for v in _variants(m, False)})
    yconn = _words(YEAR_CONNECTORS.get(lang, ()))
    count = _trie(COUNT_WORDS)
    left_month = (
        rf"(?<!\w)(?:(?P<dmod>{mods})?"
        rf"(?:(?P<wd>{wd})\.?,?\s+(?:{_words(WEEKDAY_DATE_ARTICLES[lang])})?)?"
        rf"(?P<d1>{day}){ORDINAL}?(?:\s*[-–]\s*(?P<d2>{DAY})(?!\d){ORDINAL}?)?\.?\s+"
        rf"(?:{_words(DAY_CONNECTORS.get(lang, ()))})?"
        rf"|(?P<cue>{_words(MONTH_CUES[lang])})?(?P<mod>{mods})"
        rf"|(?P<cue2>{_words(MONTH_CUES[lang])})"
        rf"|(?P<wd2>{wd})\.?,?\s+)\Z"
    )
    after_year = rf"(?!\s+(?:{count})(?!\w))"
    month_first = (
        rf"\s+(?P<rd1>{DAY}){ORDINAL}?(?:\s*[-–]\s*(?P<rd2>{DAY}){ORDINAL}?)?"
        rf"(?!\w|[.,:]\d|\s+(?:{count})(?!\w))(?:,?\s+{_year('ry')}{after_year})?|"
        if lang in MONTH_FIRST_LANGUAGES
        else ""
    )
    right_month = (
        rf"(?:{month_first},?\s+(?:{yconn})?{_year('y')}{after_year}"
        rf"|,?\s+(?P<yoff>{year_offsets})(?!\w)|\s+(?P<mod>{mods_after})(?!\w))"
    )
    season_cues = _words(SEASON_CUES[lang])
    return _Lexicon(
        lang=lang,
        left_month=re.compile(left_month),
        right_month=re.compile(right_month),
        left_weekday=re.compile(
            rf"(?<!\w)(?:(?P<hab>{_words(HABITUAL_BEFORE[lang])})|(?P<mod>{mods}))\Z"
        ),
        right_modifier=re.compile(rf"\s+(?P<mod>{mods_after})(?!\w)"),
        left_season=re.compile(
            rf"(?<!\w)(?P<cue>{season_cues})?(?:(?P<el>l['’])|(?P<mod>{mods}))?\Z"
        ),
        right_season=re.compile(
            rf",?\s+(?:{yconn})?{_year('y')}{after_year}"
            rf"|,?\s+(?P<yoff>{year_offsets})(?!\w)|\s+(?P<mod>{mods_after})(?!\w)"
        ),
        future=re.compile(FUTURE_CUES[lang]),
    )


@dataclass(frozen=True)
class _Meaning:
    kind: str  # month | weekday | season | relday | relrange
    lang: str
    value: object
    abbreviation: bool = False
    capitalised: bool = False


@dataclass(frozen=True)
class _Scanner:
    """Everything compiled for one set of languages."""

    trigger: re.Pattern[str]
    meanings: dict[str, tuple[_Meaning, ...]]
    lexicons: dict[str, _Lexicon]
    left_year_cue: re.Pattern[str]
    left_weekday_prefix: re.Pattern[str]
    left_short_numeric: re.Pattern[str]


@cache
def _lexicon(lang: str) -> _Lexicon:
    return _build_lexicon(lang)


@lru_cache(maxsize=16)
def _scanner(langs: tuple[str, ...], language_known: bool) -> _Scanner:
    meanings: dict[str, list[_Meaning]] = {}
    forms: set[str] = set()

    def add(word: str, meaning: _Meaning, capitalised: bool) -> None:
        if not language_known and word in NEEDS_KNOWN_LANGUAGE:
            return
        bucket = meanings.setdefault(_key(word), [])
        if meaning not in bucket:
            bucket.append(meaning)
        forms.update(_variants(word, capitalised))

    for lang in langs:
        caps = lang in CAPITALISED_NAMES
        for name, i in _names(MONTHS, lang):
            add(name, _Meaning("month", lang, i + 1, False, caps), caps)
        for name, i in _names(MONTH_ABBREVIATIONS, lang):
            add(name, _Meaning("month", lang, i + 1, True, caps), caps)
        for name, i in _names(WEEKDAYS, lang):
            for suffix in ("", *WEEKDAY_SUFFIXES.get(lang, ())):
                add(name + suffix, _Meaning("weekday", lang, i, False, caps), caps)
        for name, season in SEASONS[lang].items():
            add(name, _Meaning("season", lang, season, False, lang == "de"), lang == "de")
        for phrase, offset in RELATIVE_DAYS[lang].items():
            add(phrase, _Meaning("relday", lang, offset), False)
        for phrase, unit_mode in RELATIVE_RANGES[lang].items():
            add(phrase, _Meaning("relrange", lang, unit_mode), False)
    weekdays = [n for lang in langs for n, _ in _names(WEEKDAYS, lang)]
    weekdays += [n for lang in langs for n, _ in _names(WEEKDAY_ABBREVIATIONS, lang)]
    articles = [a for lang in langs for a in WEEKDAY_DATE_ARTICLES[lang]]
    short_cues = [c for lang in langs for c in SHORT_NUMERIC_CUES.get(lang, ())]
    return _Scanner(
        # No lookbehind: it would cost 20% of the scan; `_keywords` checks the left edge.
        trigger=re.compile(rf"{_trie(forms)}(?!\w)"),
        meanings={k: tuple(v) for k, v in meanings.items()},
        lexicons={lang: _lexicon(lang) for lang in langs},
        left_year_cue=re.compile(
            rf"(?<!\w)(?:{_words([c for lang in langs for c in YEAR_CUES[lang]])})\Z"
        ),
        left_weekday_prefix=re.compile(
            rf"(?<!\w)(?P<wd>{_trie({v for n in weekdays for v in _variants(n, False)})})"
            rf"\.?,?\s*(?P<par>\(\s*)?(?:{_words(articles)})?\Z"
        ),
        left_short_numeric=re.compile(rf"(?<!\w)(?:{_words(short_cues)})\Z"),
    )


# Digit-led forms, whatever the language. The bare year and "30.12." need a cue (checked
# on their left); the others are dates by their shape alone.
_NUMERIC = re.compile(
    # The lookahead lets `re` skip to digits fast (2x faster). Latin letters before a number
    # make it a code ("v2.10.2022"); CJK ones do not ("は2022年12月30日").
    r"(?=\d)(?<![\dA-Za-z_.,/-])(?:"
    r"(?P<iy>\d{4})(?P<isep>[-/])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})(?!\d|[.,/-]\d)"
    r"|(?P<cy>\d{4})\s*[年년]\s*(?P<cm>\d{1,2})\s*[月월]\s*(?P<cd>\d{1,2})\s*[日일]"
    r"|(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<ay>\d{4})(?!\d|[.,/-]\d)"
    r"|(?P<gd>\d{1,2})\.(?P<gm>\d{1,2})\.(?![\w]|[.,]?\d)"
    r"|(?P<year>\d{4})(?![\w]|[.,/-]\d))"
)
_CLAUSE_BREAK = re.compile(f"[{re.escape(CLAUSE_BREAKS)}]")
_CLOSING_PARENTHESIS = re.compile(r"\s*\)")
_SEASON_BLOCKED_BEFORE = {
    word: re.compile(rf"\s+(?:{'|'.join(after)})\b")
    for word, after in SEASON_BLOCKED_BEFORE.items()
}
_COUNT_AFTER = re.compile(rf"\s*(?:{_trie(COUNT_WORDS)})(?!\w)")
_WORD_REST = re.compile(r"\w*")
_PREVIOUS_WORD = re.compile(r"(\w+)\W*\Z")
_FALLBACK_CANDIDATE = re.compile(
    r"(?<![\w.,])(?P<d>\d{1,2})\.?[ºª°]?\s+(?:(?:de|of|van|von)\s+)?(?P<w>[^\W\d_]{3,12})"
    r"(?P<dot>\.)?(?:,?\s+(?:de\s+)?(?P<y>\d{4})(?!\w))?(?!\w)"
)

# ---------------------------------------------------------------------------------------
# Calendar arithmetic

Span = tuple[date, date]


def _parse_published(published: str | None) -> date | None:
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", published or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _month_span(year: int, month: int) -> Span:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _season_span(year: int, season: str) -> Span:
    first = SEASON_FIRST_MONTH[season]
    last_year, last_month = (year + 1, first - 10) if first + 2 > 12 else (year, first + 2)
    return date(year, first, 1), _month_span(last_year, last_month)[1]


def _choose(
    pub: date, make: Callable[[int], Span], mode: str | None, future: bool, weekday: int = -1
) -> Span | None:
    """The occurrence of a yearless day, month or season meant, seen from `pub`."""
    found: list[tuple[int, Span]] = []
    for year in range(pub.year - 2, pub.year + 3):
        try:
            found.append((year, make(year)))
        except ValueError:  # 29 February, or a year out of range
            continue
    if weekday >= 0:  # "Friday, Dec. 30": the year in which Dec. 30 is a Friday
        fitting = [f for f in found if f[1][0].weekday() == weekday]
        if fitting:
            return min(fitting, key=lambda f: (abs((f[1][0] - pub).days), f[0]))[1]
    occurrences = [span for _, span in found]
    current = [s for s in occurrences if s[0] <= pub <= s[1]]
    past = [s for s in occurrences if s[1] < pub]
    coming = [s for s in occurrences if s[0] > pub]
    if mode == "this":
        return current[0] if current else next((s for y, s in found if y == pub.year), None)
    if mode == "last":
        return past[-1] if past else None
    if mode == "next":
        return coming[0] if coming else None
    if current:
        return current[0]
    if future or not past:
        return coming[0] if coming else None
    if not coming:
        return past[-1]
    # The nearest one; news mostly reports what happened, so the past wins near-ties.
    past_gap, coming_gap = (pub - past[-1][1]).days, (coming[0][0] - pub).days
    return past[-1] if past_gap <= coming_gap + PAST_BIAS_DAYS else coming[0]


def _weekday_date(pub: date, weekday: int, mode: str | None, future: bool) -> date:
    if mode == "last":
        return pub - timedelta((pub.weekday() - weekday) % 7 or 7)
    if mode == "next":
        return pub + timedelta((weekday - pub.weekday()) % 7 or 7)
    if mode == "this":
        return pub + timedelta(weekday - pub.weekday())
    if future:
        return pub + timedelta((weekday - pub.weekday()) % 7)
    return pub - timedelta((pub.weekday() - weekday) % 7)


def _range_span(pub: date, unit: str, mode: str) -> Span:
    if unit in ("week", "weekend"):
        monday = pub - timedelta(pub.weekday())
        shift = {"last": -7, "next": 7}.get(mode, 0)
        start = monday + timedelta(shift + (5 if unit == "weekend" else 0))
        span = (start, start + timedelta(1 if unit == "weekend" else 6))
    elif unit == "month":
        year, month = pub.year, pub.month + {"last": -1, "next": 1}.get(mode, 0)
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        span = _month_span(year, month)
    else:
        year = pub.year + {"last": -1, "next": 1}.get(mode, 0)
        span = (date(year, 1, 1), date(year, 12, 31))
    # "earlier this month" ran up to the day before publication, "later this month" starts
    # the day after (as examples/README.md defines them); on the 1st it is just the 1st.
    if mode == "earlier":
        return span[0], max(span[0], pub - timedelta(1))
    if mode == "later":
        return min(span[1], pub + timedelta(1)), span[1]
    return span


# ---------------------------------------------------------------------------------------
# Finding


@dataclass
class _Context:
    text: str
    pub: date | None
    scanner: _Scanner
    found: list[DateMention] = field(default_factory=list)
    breaks: list[int] | None = None  # clause-break offsets, computed on first need

    def add(
        self,
        start: int,
        end: int,
        span: Callable[[date], Span | None] | Span | None,
        granularity: str,
    ) -> None:
        """Record a mention; `span` is a (first, last) pair, or a function of the
        publication date for a relative expression."""
        relative = callable(span)
        try:
            resolved = span(self.pub) if callable(span) and self.pub else span
        except (ValueError, OverflowError):
            resolved = None
        if callable(resolved) or resolved is None:
            first = last = None
        else:
            first, last = resolved[0].isoformat(), resolved[1].isoformat()
        self.found.append(
            DateMention(self.text[start:end], start, end, first, last, granularity, relative)
        )

    def future(self, start: int, lex: _Lexicon) -> bool:
        """Does a future verb come earlier in the clause ("will meet on Friday")?"""
        if self.breaks is None:
            self.breaks = [m.start() for m in _CLAUSE_BREAK.finditer(self.text)]
        i = bisect.bisect_left(self.breaks, start)
        lo = max(start - 100, self.breaks[i - 1] + 1 if i else 0)
        return bool(lex.future.search(self.text, lo, start))

    def left(self, pattern: re.Pattern[str], start: int) -> re.Match[str] | None:
        return pattern.search(self.text, max(0, start - LOOKBEHIND_CHARS), start)


def _at_sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\r\u00a0":
        i -= 1
    return i < 0 or text[i] in SENTENCE_ENDS


def _previous_word(text: str, start: int) -> str:
    match = _PREVIOUS_WORD.search(text, max(0, start - 24), start)
    return match[1].lower() if match else ""


def _month(ctx: _Context, s: int, e: int, m: _Meaning) -> None:
    text, lex, month = ctx.text, ctx.scanner.lexicons[m.lang], int(m.value)
    dot = m.abbreviation and text.startswith(".", e)
    after = e + 1 if dot else e
    right = lex.right_month.match(text, after)
    left = ctx.left(lex.left_month, s)
    lg = left.groupdict() if left else {}
    rg = right.groupdict() if right else {}
    if lg.get("d1") and rg.get("rd1"):  # "5 March 12": the day on the left wins
        right, rg = None, {}
    # An abbreviation needs its dot or a number: "Dec 30", "30 Dec 2022", "30 Mar", but
    # not "30 may have died" or "Mar del Plata".
    numbered = rg.get("rd1") or rg.get("y") or (lg.get("d1") and text[s].isupper())
    if m.abbreviation and not dot and not numbered:
        return
    end = right.end() if right else after
    year = _date_year(rg.get("y") or rg.get("ry"))
    if year == 0:
        return
    offset = _year_offset(lex.lang, rg.get("yoff"))
    if lg.get("d1") or rg.get("rd1"):  # "30 December 2022", "Friday, Dec. 30"
        first, last, wd = ("d1", "d2", "wd") if lg.get("d1") else ("rd1", "rd2", "wd2")
        groups = lg if lg.get("d1") else rg
        day1 = _day_number(str(groups[first]))
        day2 = _day_number(str(groups[last] or groups[first]))
        start = next((left.start(k) for k in ("dmod", wd, "d1") if left and lg.get(k)), s)
        mode = _mode(lex.lang, lg.get("dmod"), rg.get("mod"))
        weekday = _weekday_of(ctx, lg.get(wd))
        when = _DayMonth(month, day1, day2, year, mode, offset, weekday, ctx.future(start, lex))
        _day_month(ctx, start, end, when)
    elif year:  # "March 2024", "in marzo de 2024"
        start = left.start("mod") if lg.get("mod") else s
        ctx.add(start, end, _month_span(year, month), "month")
    elif lg.get("mod") or rg.get("mod") or offset is not None or lg.get("cue2"):
        start = left.start("mod") if lg.get("mod") else s
        mode = _mode(lex.lang, lg.get("mod"), rg.get("mod"))
        future = ctx.future(start, lex)

        def span(pub: date) -> Span | None:
            if offset == _ELSEWHERE:
                return None
            if offset is not None:
                return _month_span(pub.year + offset, month)
            return _choose(pub, lambda y: _month_span(y, month), mode, future)

        ctx.add(start, end, span, "month")


def _date_year(digits: str | None) -> int | None:
    """The year written after a month or season: None if none, 0 if not a plausible one."""
    if not digits:
        return None
    year = int(digits)
    return year if DATE_YEAR_RANGE[0] <= year <= DATE_YEAR_RANGE[1] else 0


def _day_number(word: str) -> int:
    return int(word) if word.isdigit() else 1  # "primo", "primero", "premier"


def _weekday_of(ctx: _Context, word: str | None) -> int:
    """The weekday (0 = Monday) named by `word`, full or abbreviated; -1 if none."""
    if not word:
        return -1
    key = _key(word).rstrip(".")
    for meaning in ctx.scanner.meanings.get(key, ()):
        if meaning.kind == "weekday":
            return int(meaning.value)
    for lang in ctx.scanner.lexicons:
        for name, i in _names(WEEKDAY_ABBREVIATIONS, lang):
            if name == key:
                return i
    return -1


def _mode(lang: str, before: str | None, after: str | None) -> str | None:
    if before:
        return MODIFIERS_BEFORE[lang].get(_key(before))
    if after:
        return MODIFIERS_AFTER.get(lang, {}).get(_key(after))
    return None


_ELSEWHERE = -9999  # the year offset of "of that year": a year this module cannot know


def _year_offset(lang: str, phrase: str | None) -> int | None:
    """Years from publication given by a phrase after the date ("last year"), or None."""
    if not phrase:
        return None
    key = _key(phrase)
    if any(key == _key(p) for p in YEAR_REFERENCES_AFTER.get(lang, ())):
        return _ELSEWHERE
    return YEAR_OFFSETS_AFTER.get(lang, {}).get(key)


@dataclass(frozen=True)
class _DayMonth:
    """A day (or day range) of a month as written, with what picks its year."""

    month: int
    day1: int
    day2: int
    year: int | None
    mode: str | None  # "last"/"next" from "marzo pasado"
    offset: int | None  # from "last year"
    weekday: int  # from "Friday, Dec. 30"; -1 if none
    future: bool

    def span(self, year: int) -> Span:
        return date(year, self.month, self.day1), date(year, self.month, self.day2)


def _day_month(ctx: _Context, start: int, end: int, when: _DayMonth) -> None:
    if when.day2 < when.day1 or when.day2 > calendar.monthrange(2000, when.month)[1]:
        return  # "31 February", "30-29 June"
    if when.year is not None:
        with contextlib.suppress(ValueError):  # 29 February of a common year
            ctx.add(start, end, when.span(when.year), "day")
        return

    def span(pub: date) -> Span | None:
        if when.offset == _ELSEWHERE:
            return None
        if when.offset is not None:
            return when.span(pub.year + when.offset)
        return _choose(pub, when.span, when.mode, when.future, when.weekday)

    ctx.add(start, end, span, "day")


def _same_day(day: date) -> Span:
    return day, day


def _weekday(ctx: _Context, s: int, e: int, m: _Meaning) -> None:
    text, lex = ctx.text, ctx.scanner.lexicons[m.lang]
    word = text[s:e]
    titled = word[:1].isupper() and not word.isupper()
    if m.lang not in CAPITALISED_NAMES and titled and not _at_sentence_start(text, s):
        return  # "Plácido Domingo", "Domenica Rossi"
    left = ctx.left(lex.left_weekday, s)
    if left and left["hab"]:
        return  # "los viernes": every Friday
    right = lex.right_modifier.match(text, e)
    start = left.start() if left else s
    end = right.end() if right else e
    mode = _mode(m.lang, left["mod"] if left else None, right["mod"] if right else None)
    weekday = int(m.value)
    future = mode is None and ctx.future(start, lex)
    ctx.add(start, end, lambda pub: _same_day(_weekday_date(pub, weekday, mode, future)), "day")


def _season(ctx: _Context, s: int, e: int, m: _Meaning) -> None:
    text, lex, season = ctx.text, ctx.scanner.lexicons[m.lang], str(m.value)
    left = ctx.left(lex.left_season, s)
    right = lex.right_season.match(text, e)
    lg = left.groupdict() if left else {}
    rg = right.groupdict() if right else {}
    if not (rg.get("y") or rg.get("yoff") or rg.get("mod") or lg.get("mod")):
        # A preposition alone must do: "in the fall" yes, "in the fall of the regime" no.
        blocked = _SEASON_BLOCKED_BEFORE.get(_key(text[s:e]))
        if not lg.get("cue") or (blocked and blocked.match(text, e)):
            return
    start = next((left.start(k) for k in ("el", "mod") if left and lg.get(k)), s)
    end = right.end() if right else e
    year = _date_year(rg.get("y"))
    if year == 0:
        return
    if year:
        ctx.add(start, end, _season_span(year, season), "season")
        return
    mode = _mode(m.lang, lg.get("mod"), rg.get("mod"))
    offset = _year_offset(m.lang, rg.get("yoff"))
    future = mode is None and ctx.future(start, lex)

    def span(pub: date) -> Span | None:
        if offset == _ELSEWHERE:
            return None
        if offset is not None:
            return _season_span(pub.year + offset, season)
        return _choose(pub, lambda y: _season_span(y, season), mode, future)

    ctx.add(start, end, span, "season")


def _relative_day(ctx: _Context, s: int, e: int, m: _Meaning) -> None:
    text = ctx.text
    key = _key(text[s:e])
    # "heute Morgen" is caught whole; a lone capitalised "Morgen" is a morning.
    capitalised = key in LOWERCASE_UNLESS_SENTENCE_START and not text[s].islower()
    if capitalised and not _at_sentence_start(text, s):
        return
    if _previous_word(text, s) in RELATIVE_DAY_BLOCKED_AFTER.get(key, ()):
        return
    following = " ".join(text[e : e + 16].lower().split())
    if any(following.startswith(w) for w in RELATIVE_DAY_BLOCKED_BEFORE.get(key, ())):
        return
    offset = int(m.value)
    ctx.add(s, e, lambda pub: _same_day(pub + timedelta(offset)), "day")


def _relative_range(ctx: _Context, s: int, e: int, m: _Meaning) -> None:
    unit, mode = m.value  # type: ignore[misc]
    granularity = "week" if unit == "weekend" else unit
    ctx.add(s, e, lambda pub: _range_span(pub, unit, mode), granularity)


_HANDLERS: dict[str, Callable[[_Context, int, int, _Meaning], None]] = {
    "month": _month,
    "weekday": _weekday,
    "season": _season,
    "relday": _relative_day,
    "relrange": _relative_range,
}


def _keywords(ctx: _Context) -> None:
    text, trigger, pos = ctx.text, ctx.scanner.trigger, 0
    while hit := trigger.search(text, pos):
        s, e = hit.span()
        if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
            # Inside a word ("dismay", "protesta mañana"): go on from the word's end, so
            # that a real keyword after it is not swallowed.
            pos = _WORD_REST.match(text, s).end()  # type: ignore[union-attr]
            continue
        pos = e
        word = hit[0]
        for meaning in ctx.scanner.meanings.get(_key(word), ()):
            if meaning.capitalised and not word[:1].isupper():
                continue  # "may" the verb, "march" the walk
            _HANDLERS[meaning.kind](ctx, s, e, meaning)


def _numbers(ctx: _Context, month_first: bool) -> None:
    for m in _NUMERIC.finditer(ctx.text):
        if m["year"]:
            _bare_year(ctx, m)
        elif m["gd"]:
            _short_numeric(ctx, m)
        else:
            _numeric_date(ctx, m, month_first)


def _numeric_date(ctx: _Context, m: re.Match[str], month_first: bool) -> None:
    if m["iy"] or m["cy"]:
        y, mo, d = (m["iy"], m["im"], m["id"]) if m["iy"] else (m["cy"], m["cm"], m["cd"])
        ymd = int(y), int(mo), int(d)
    else:
        a, b = int(m["a"]), int(m["b"])
        swap = b > 12 or (month_first and a <= 12 and m["sep"] == "/")
        ymd = (int(m["ay"]), a, b) if swap else (int(m["ay"]), b, a)
    if _date_year(str(ymd[0])) == 0:
        return
    try:
        day = date(*ymd)
    except ValueError:  # 31.02.2022
        return
    start, end = m.start(), m.end()
    # "Friday (30.12.2022)", "Fri, 2022-12-30": one mention, the explicit date wins.
    prefix = ctx.left(ctx.scanner.left_weekday_prefix, start)
    close = _CLOSING_PARENTHESIS.match(ctx.text, end) if prefix and prefix["par"] else None
    if prefix and (close or not prefix["par"]):
        start, end = prefix.start(), close.end() if close else end
    ctx.add(start, end, _same_day(day), "day")


def _bare_year(ctx: _Context, m: re.Match[str]) -> None:
    year = int(m["year"])
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1] or _COUNT_AFTER.match(ctx.text, m.end()):
        return
    cue = ctx.left(ctx.scanner.left_year_cue, m.start())
    if cue and (year >= OLD_YEAR_BEFORE or _key(cue[0]) in OLD_YEAR_CUES):
        ctx.add(m.start(), m.end(), (date(year, 1, 1), date(year, 12, 31)), "year")


def _short_numeric(ctx: _Context, m: re.Match[str]) -> None:
    day, month = int(m["gd"]), int(m["gm"])
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]):
        return
    if ctx.left(ctx.scanner.left_short_numeric, m.start()):
        when = _DayMonth(month, day, day, None, None, None, -1, False)
        _day_month(ctx, m.start(), m.end(), when)


@lru_cache(maxsize=4096)
def _month_by_dateparser(word: str, lang: str) -> int | None:
    """Month number of `word` in a language without tables here, asked of dateparser once
    per word: "15 <word> 2001" must come back as the 15th of some month of 2001."""
    try:
        import dateparser

        parsed = dateparser.parse(
            f"15 {word} 2001", languages=[lang], settings={"STRICT_PARSING": True}
        )
    except Exception:  # an unknown language code, or dateparser's own failures
        return None
    if parsed is None or (parsed.year, parsed.day) != (2001, 15):
        return None
    return parsed.month


def _fallback(ctx: _Context, lang: str) -> None:
    for m in _FALLBACK_CANDIDATE.finditer(ctx.text):
        month = _month_by_dateparser(m["w"].lower(), lang)
        if month is None:
            continue
        year = _date_year(m["y"])
        if year == 0:
            continue
        end = m.end() if m["y"] or m["dot"] else m.end("w")
        day = int(m["d"])
        _day_month(ctx, m.start(), end, _DayMonth(month, day, day, year, None, None, -1, False))


def _select(found: list[DateMention]) -> list[DateMention]:
    """Longest first; a mention overlapping one already kept is dropped."""
    starts: list[int] = []  # kept mentions, sorted by start; they never overlap
    kept: list[DateMention] = []
    for mention in sorted(found, key=lambda d: (d.start - d.end, d.start, d.value or "")):
        i = bisect.bisect_left(starts, mention.start)
        if i < len(kept) and kept[i].start < mention.end:
            continue  # a kept one starts inside this one
        if i and kept[i - 1].end > mention.start:
            continue  # the kept one before reaches into this one
        starts.insert(i, mention.start)
        kept.insert(i, mention)
    return kept


def _languages(language: str | None) -> tuple[tuple[str, ...], str | None]:
    """(languages with tables to use, a language to hand to dateparser instead)."""
    if not language:
        return LANGUAGES, None
    code = re.split(r"[-_]", language.strip().lower())[0]
    return ((code,), None) if code in LANGUAGES else ((), code)


def find_dates(text: str, language: str | None, published: str | None) -> list[DateMention]:
    """Every date expression in `text`, resolved against the publication date.

    Sorted by start, non-overlapping (the longest wins). `language` is an ISO 639-1 code;
    None tries English, Spanish, Italian, German and French. Relative expressions ("on
    Friday", "last week", "Dec. 30") get `value` None when `published` is unknown.
    """
    if not text:
        return []
    langs, other = _languages(language)
    ctx = _Context(text, _parse_published(published), _scanner(langs, bool(language)))
    if langs:
        _keywords(ctx)
    _numbers(ctx, month_first=language is not None and langs == ("en",))
    if other:
        _fallback(ctx, other)
    return _select(ctx.found)
