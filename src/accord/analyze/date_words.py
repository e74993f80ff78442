"""The words and thresholds that date recognition runs on, per language (data only).

`dates.py` assembles these tables into regexes and applies them; change what is
recognised here, not there.
"""

from __future__ import annotations

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
