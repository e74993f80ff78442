"""The words quantity recognition runs on, per language: currencies, units, scales,
qualifiers, counted nouns and states, spelled-out numbers (data only, with the small
helpers that expand number words).

`numbers.py` applies these; change what is recognised here, not there.
"""

from __future__ import annotations

AGE = "age"

# --- Phrase tables -------------------------------------------------------------------------
# canonical value -> {language or "*" (any): "phrase|phrase"}. Phrases are tokenised like the
# text (words, digit runs, single punctuation marks), so "Mio.", "U.S.$" and "jusqu'à" work as
# written. A phrase written in capitals ("USD") must appear in capitals.

CURRENCY_BEFORE = {
    "USD": {"*": "$|US$|U.S.$|USD"},
    "EUR": {"*": "€|EUR"},
    "GBP": {"*": "£|GBP"},
    "CNY": {"*": "¥|CN¥|CNY|RMB"},
    "JPY": {"*": "JP¥|JPY"},
    "RUB": {"*": "₽|RUB"},
    "INR": {"*": "₹|INR|Rs|Rs."},
    "CHF": {"*": "CHF"},
    "CAD": {"*": "C$|CA$|CAD"},
    "AUD": {"*": "A$|AU$|AUD"},
    "HKD": {"*": "HK$|HKD"},
    "BRL": {"*": "R$|BRL"},
}
CURRENCY_AFTER = {
    "USD": {
        "*": "$|USD|US$",
        "en": "dollars|dollar|US dollars|U.S. dollars|American dollars",
        "es": "dólares|dólar|dolares|dólares estadounidenses|dólares americanos",
        "it": "dollari|dollaro|dollari americani|dollari statunitensi",
        "de": "Dollar|US-Dollar",
        "fr": "dollars|dollar|dollars américains",
    },
    "EUR": {
        "*": "€|EUR",
        "en": "euros|euro",
        "es": "euros|euro",
        "it": "euro",
        "de": "Euro",
        "fr": "euros|euro",
    },
    "GBP": {
        "*": "£|GBP",
        "en": "pounds|pound|pounds sterling|sterling",
        "es": "libras|libra|libras esterlinas",
        "it": "sterline|sterlina",
        "de": "Pfund|britische Pfund",
        "fr": "livres sterling|livre sterling",
    },
    "CNY": {
        "*": "¥|CNY|RMB",
        "en": "yuan|renminbi",
        "es": "yuanes|yuan",
        "it": "yuan",
        "de": "Yuan|Renminbi",
        "fr": "yuans|yuan",
    },
    "JPY": {"*": "JPY", "en": "yen", "es": "yenes|yen", "it": "yen", "de": "Yen", "fr": "yens|yen"},
    "RUB": {
        "*": "₽|RUB",
        "en": "rubles|roubles|ruble|rouble",
        "es": "rublos|rublo",
        "it": "rubli|rublo",
        "de": "Rubel",
        "fr": "roubles|rouble",
    },
    "INR": {
        "*": "₹|INR",
        "en": "rupees",
        "es": "rupias",
        "it": "rupie",
        "de": "Rupien",
        "fr": "roupies",
    },
    "CHF": {
        "*": "CHF",
        "en": "Swiss francs",
        "es": "francos suizos",
        "it": "franchi svizzeri|franchi",
        "de": "Franken|Schweizer Franken",
        "fr": "francs suisses|francs",
    },
    "CAD": {
        "*": "CAD",
        "en": "Canadian dollars",
        "es": "dólares canadienses",
        "it": "dollari canadesi",
        "de": "kanadische Dollar",
        "fr": "dollars canadiens",
    },
    "AUD": {
        "*": "AUD",
        "en": "Australian dollars",
        "es": "dólares australianos",
        "it": "dollari australiani",
        "de": "australische Dollar",
        "fr": "dollars australiens",
    },
}
CURRENCY_CODES = tuple(CURRENCY_BEFORE)

PERCENT = {
    "%": {
        "*": "%|％",
        "en": "per cent|percent|pct|pct.",
        "es": "por ciento|por cien",
        "it": "per cento|percento",
        "de": "Prozent",
        "fr": "pour cent|pour-cent",
    },
    "pp": {
        "en": "percentage points|percentage point|percent points",
        "es": "puntos porcentuales|punto porcentual",
        "it": "punti percentuali|punto percentuale",
        "de": "Prozentpunkte|Prozentpunkten|Prozentpunkt",
        "fr": "points de pourcentage|point de pourcentage",
    },
}

_DAY, _YEAR = 86_400, 31_536_000
DURATIONS = {  # seconds per unit
    1: {
        "en": "seconds|second|secs|sec",
        "es": "segundos|segundo",
        "it": "secondi|secondo",
        "de": "Sekunden|Sekunde",
        "fr": "secondes|seconde",
    },
    60: {
        "en": "minutes|minute|mins|min",
        "es": "minutos|minuto",
        "it": "minuti|minuto",
        "de": "Minuten|Minute",
        "fr": "minutes|minute",
    },
    3600: {
        "en": "hours|hour|hrs|hr",
        "es": "horas|hora",
        "it": "ore|ora",
        "de": "Stunden|Stunde",
        "fr": "heures|heure",
    },
    _DAY: {
        "en": "days|day",
        "es": "días|día|dias|dia",
        "it": "giorni|giorno",
        "de": "Tage|Tagen|Tag",
        "fr": "jours|jour|journées|journée",
    },
    7 * _DAY: {
        "en": "weeks|week",
        "es": "semanas|semana",
        "it": "settimane|settimana",
        "de": "Wochen|Woche",
        "fr": "semaines|semaine",
    },
    30 * _DAY: {
        "en": "months|month",
        "es": "meses|mes",
        "it": "mesi|mese",
        "de": "Monate|Monaten|Monat",
        "fr": "mois",
    },
    _YEAR: {
        "en": "years|year",
        "es": "años|año",
        "it": "anni|anno",
        "de": "Jahre|Jahren|Jahr",
        "fr": "ans|an|années|année",
    },
    10 * _YEAR: {
        "en": "decades|decade",
        "es": "décadas|década",
        "it": "decenni|decennio",
        "de": "Jahrzehnte|Jahrzehnten|Jahrzehnt",
        "fr": "décennies|décennie",
    },
}
AGE_UNITS = {_YEAR: {"en": "year-old|year-olds", "de": "jährige|jähriger|jährigen|jähriges"}}
AGE_AFTER = {AGE: {"en": "old", "es": "de edad", "it": "di età", "de": "alt"}}
AGE_BEFORE = {
    AGE: {
        "en": "aged",
        "es": "de edad de",
        "it": "di età di",
        "de": "im Alter von",
        "fr": "âgé de|âgée de|âgés de|âgées de",
    }
}

MEASURES = {
    "km": {
        "*": "km",
        "en": "kilometres|kilometers|kilometre|kilometer",
        "es": "kilómetros|kilómetro",
        "it": "chilometri|chilometro",
        "de": "Kilometer|Kilometern",
        "fr": "kilomètres|kilomètre",
    },
    "mi": {
        "en": "miles|mile",
        "es": "millas|milla",
        "it": "miglia",
        "de": "Meilen|Meile",
        "fr": "miles",
    },
    "m": {
        "en": "metres|meters|metre|meter",
        "es": "metros",
        "it": "metri",
        "de": "Meter|Metern",
        "fr": "mètres|mètre",
    },
    "kg": {
        "*": "kg",
        "en": "kilograms|kilogrammes|kilos",
        "es": "kilos|kilogramos",
        "it": "chili|chilogrammi",
        "de": "Kilogramm|Kilo",
        "fr": "kilos|kilogrammes",
    },
    "t": {
        "en": "tonnes|tons|tonne|ton",
        "es": "toneladas|tonelada",
        "it": "tonnellate|tonnellata",
        "de": "Tonnen|Tonne",
        "fr": "tonnes|tonne",
    },
    "ha": {
        "en": "hectares|hectare",
        "es": "hectáreas",
        "it": "ettari",
        "de": "Hektar",
        "fr": "hectares",
    },
    "°C": {
        "*": "°C|ºC|° C",
        "en": "degrees Celsius",
        "es": "grados centígrados",
        "it": "gradi centigradi",
        "de": "Grad Celsius",
        "fr": "degrés Celsius",
    },
    "degrees": {
        "*": "°",
        "en": "degrees",
        "es": "grados",
        "it": "gradi",
        "de": "Grad",
        "fr": "degrés",
    },
    "magnitude": {
        "en": "magnitude",
        "es": "de magnitud",
        "it": "di magnitudo",
        "de": "Magnitude",
        "fr": "de magnitude",
    },
}
MAGNITUDE_BEFORE = {
    "magnitude": {
        "en": "magnitude|magnitude-",
        "es": "magnitud",
        "it": "magnitudo",
        "de": "Stärke|Magnitude",
        "fr": "magnitude",
    }
}

COUNT_NOUNS = {
    "people": {
        "en": "people|persons|person|individuals",
        "es": "personas|persona",
        "it": "persone|persona",
        "de": "Menschen|Personen|Person|Leute|Mensch",
        "fr": "personnes|personne|individus",
    },
    "children": {
        "en": "children|child|kids|minors",
        "es": "niños|niñas|niño|niña|menores",
        "it": "bambini|bambine|bambino|bambina|minori",
        "de": "Kinder|Kind|Minderjährige",
        "fr": "enfants|enfant|mineurs",
    },
    "women": {
        "en": "women|woman",
        "es": "mujeres|mujer",
        "it": "donne|donna",
        "de": "Frauen|Frau",
        "fr": "femmes|femme",
    },
    "men": {
        "en": "men|man",
        "es": "hombres|hombre",
        "it": "uomini|uomo",
        "de": "Männer|Mann",
        "fr": "hommes|homme",
    },
    "soldiers": {
        "en": "soldiers|soldier|troops|servicemen",
        "es": "soldados|soldado|militares",
        "it": "soldati|soldato|militari",
        "de": "Soldaten|Soldat",
        "fr": "soldats|soldat|militaires",
    },
    "civilians": {
        "en": "civilians|civilian",
        "es": "civiles",
        "it": "civili",
        "de": "Zivilisten",
        "fr": "civils",
    },
    "police officers": {
        "en": "police officers|policemen|police|officers",
        "es": "policías|agentes",
        "it": "poliziotti|agenti",
        "de": "Polizisten|Beamte",
        "fr": "policiers|gendarmes",
    },
    "migrants": {
        "en": "migrants",
        "es": "migrantes|inmigrantes",
        "it": "migranti",
        "de": "Migranten",
        "fr": "migrants",
    },
    "refugees": {
        "en": "refugees",
        "es": "refugiados",
        "it": "rifugiati|profughi",
        "de": "Flüchtlinge",
        "fr": "réfugiés",
    },
    "passengers": {
        "en": "passengers",
        "es": "pasajeros",
        "it": "passeggeri",
        "de": "Passagiere|Fahrgäste",
        "fr": "passagers",
    },
    "workers": {
        "en": "workers|employees",
        "es": "trabajadores|empleados",
        "it": "lavoratori|dipendenti|operai",
        "de": "Arbeiter|Beschäftigte",
        "fr": "travailleurs|salariés|employés|ouvriers",
    },
    "protesters": {
        "en": "protesters|protestors|demonstrators",
        "es": "manifestantes",
        "it": "manifestanti",
        "de": "Demonstranten",
        "fr": "manifestants",
    },
    "residents": {
        "en": "residents|inhabitants",
        "es": "residentes|habitantes|vecinos",
        "it": "residenti|abitanti",
        "de": "Einwohner|Bewohner|Anwohner",
        "fr": "habitants|résidents",
    },
    "students": {
        "en": "students|pupils",
        "es": "estudiantes|alumnos",
        "it": "studenti|alunni",
        "de": "Studenten|Schüler|Studierende",
        "fr": "étudiants|élèves",
    },
    "journalists": {
        "en": "journalists",
        "es": "periodistas",
        "it": "giornalisti",
        "de": "Journalisten",
        "fr": "journalistes",
    },
    "hostages": {
        "en": "hostages",
        "es": "rehenes",
        "it": "ostaggi",
        "de": "Geiseln",
        "fr": "otages",
    },
    "prisoners": {
        "en": "prisoners|inmates",
        "es": "presos|prisioneros|reclusos",
        "it": "prigionieri|detenuti",
        "de": "Gefangene|Häftlinge",
        "fr": "prisonniers|détenus",
    },
    "victims": {
        "en": "victims",
        "es": "víctimas",
        "it": "vittime",
        "de": "Opfer",
        "fr": "victimes",
    },
    "homes": {
        "en": "homes|houses",
        "es": "viviendas|casas",
        "it": "case|abitazioni",
        "de": "Häuser|Wohnungen",
        "fr": "maisons|logements",
    },
    "buildings": {
        "en": "buildings",
        "es": "edificios",
        "it": "edifici",
        "de": "Gebäude",
        "fr": "bâtiments|immeubles",
    },
    "vehicles": {
        "en": "vehicles|cars",
        "es": "vehículos|coches",
        "it": "veicoli",
        "de": "Fahrzeuge|Autos",
        "fr": "véhicules|voitures",
    },
}

STATES = {
    "dead": {
        "en": "dead|killed|died|deaths|death|fatalities|perished|lost their lives|killing",
        "es": "muertos|muertas|muerto|muerta|fallecidos|fallecidas|fallecido|fallecida|"
        "murieron|fallecieron|muertes|víctimas mortales|perdieron la vida|mató|mataron|"
        "matando|asesinados",
        "it": "morti|morte|morto|morta|deceduti|decedute|uccisi|uccise|ucciso|uccisa|"
        "perso la vita|uccidendo",
        "de": "Tote|Toten|Toter|getötet|gestorben|starben|ums Leben|Todesopfer|"
        "Todesopfern|tödlich verletzt|tot",
        "fr": "morts|mortes|mort|morte|tués|tuées|tué|tuée|décès|décédés|décédées|péri|tuant",
    },
    "injured": {
        "en": "injured|wounded|hurt|injuries|injuring|wounding",
        "es": "heridos|heridas|herido|herida|lesionados|lesionadas|hirió|hiriendo",
        "it": "feriti|ferite|ferito|ferita|ferendo",
        "de": "Verletzte|Verletzten|verletzt|Verwundete|Verwundeten|verwundet",
        "fr": "blessés|blessées|blessé|blessée|blessant",
    },
    "missing": {
        "en": "missing|unaccounted for",
        "es": "desaparecidos|desaparecidas",
        "it": "dispersi|disperse|scomparsi|scomparse",
        "de": "Vermisste|Vermissten|vermisst",
        "fr": "disparus|disparues",
    },
    "arrested": {
        "en": "arrested|detained|arrests|arresting",
        "es": "detenidos|detenidas|arrestados|arrestadas|detenciones|arrestos",
        "it": "arrestati|arrestate|arresti|fermati",
        "de": "festgenommen|verhaftet|Festnahmen|Verhaftungen|Festgenommene",
        "fr": "arrêtés|arrêtées|interpellés|interpellées|arrestations|interpellations",
    },
    "evacuated": {
        "en": "evacuated|evacuations|evacuees",
        "es": "evacuados|evacuadas",
        "it": "evacuati|evacuate",
        "de": "evakuiert|Evakuierte|Evakuierten",
        "fr": "évacués|évacuées",
    },
    "displaced": {
        "en": "displaced",
        "es": "desplazados|desplazadas",
        "it": "sfollati|sfollate",
        "de": "vertrieben|Vertriebene",
        "fr": "déplacés|déplacées",
    },
    "rescued": {
        "en": "rescued",
        "es": "rescatados|rescatadas",
        "it": "salvati|soccorsi",
        "de": "gerettet",
        "fr": "secourus|sauvés",
    },
    "hospitalized": {
        "en": "hospitalized|hospitalised",
        "es": "hospitalizados|ingresados",
        "it": "ricoverati|ricoverate",
        "de": "hospitalisiert",
        "fr": "hospitalisés|hospitalisées",
    },
}
# Words before a bare figure that say it is a death toll ("the death toll rose to 12").
TOLL = {
    "dead": {
        "en": "toll",
        "es": "balance",
        "it": "bilancio",
        "de": "Todeszahl|Opferzahl",
        "fr": "bilan",
    }
}
# Verbs that carry a count forward from far back in the sentence: in "the number of people
# killed when the storm hit the city rose to 15", 15 counts the dead named ten words back.
TOLL_RISE = {
    "en": "rose to|risen to|climbed to|reached|stood at|increased to|jumped to",
    "es": "subió a|aumentó a|ascendió a|llegó a|alcanzó",
    "it": "salito a|salita a|arrivato a|raggiunto",
    "de": "stieg auf|gestiegen auf|erreichte",
    "fr": "est passé à|atteint|s'élève à",
}
TOLL_RISE_REACH = 24  # tokens searched back from such a verb for what is counted
TOLL_RISE_CHARS = 200  # ...within this many characters
# Words that may stand between a counted noun and its state ("12 people were reportedly killed").
AUX = {
    "en": "were|was|have|has|had|been|are|is|be|being|reportedly|also|later|all|now|feared|"
    "confirmed|believed|to|seriously|critically|badly|slightly|fatally|may|might|could|"
    "remain|remained",
    "es": "fueron|han|ha|habían|había|sido|resultaron|resultó|quedaron|están|estaban|son|"
    "gravemente|levemente|también",
    "it": "sono|è|stati|state|stato|stata|erano|rimasti|rimaste|risultano|hanno|avevano|già|"
    "gravemente|leggermente|anche",
    "de": "wurden|wurde|sind|ist|waren|war|worden|haben|hatten|kamen|kam|bislang|bisher|"
    "schwer|leicht|dabei|ebenfalls",
    "fr": "ont|été|sont|étaient|avaient|grièvement|légèrement|gravement|aussi|également|déjà",
}
FILLERS = {
    "en": "more|other|additional|further",
    "es": "más|otras|otros",
    "it": "altri|altre",
    "de": "weitere|andere",
    "fr": "autres",
}
# After a bare figure, only these words let a state said before it apply ("killed 12 in the
# attack"); any other word is probably what is counted ("killed 12 cows").
PREPOSITIONS = {
    "en": "in|on|at|and|or|after|before|during|as|when|while|since|with|including|across|near|"
    "but|so|by|from|to|last|this|on",
    "es": "en|y|e|o|tras|durante|como|cuando|mientras|desde|con|incluidos|cerca|pero|por|a|el|la",
    "it": "in|e|o|dopo|durante|come|quando|mentre|da|con|tra|fra|a|ma|per|nel|nella|il|la",
    "de": "in|und|oder|bei|nach|während|als|seit|mit|darunter|aber|am|im|auf",
    "fr": "en|et|ou|après|pendant|comme|quand|depuis|avec|dont|mais|par|à|au|dans|le|la",
}

QUALIFIERS_BEFORE = {
    "at_least": {
        "en": "at least|no fewer than|no less than|not less than|a minimum of",
        "es": "al menos|por lo menos|como mínimo|no menos de",
        "it": "almeno|non meno di|come minimo",
        "de": "mindestens|wenigstens|nicht weniger als",
        "fr": "au moins|pas moins de|au minimum",
    },
    "more_than": {
        "en": "more than|over|above|upwards of|in excess of|just over|well over",
        "es": "más de|mas de|poco más de|superior a",
        "it": "più di|piu di|oltre|poco più di",
        "de": "mehr als|über|gut",
        "fr": "plus de|au-delà de",
    },
    "less_than": {
        "en": "less than|fewer than|under|below|just under",
        "es": "menos de",
        "it": "meno di",
        "de": "weniger als|unter",
        "fr": "moins de",
    },
    "at_most": {
        "en": "up to|as many as|as much as|at most|no more than|not more than|a maximum of",
        "es": "hasta|como máximo|no más de",
        "it": "fino a|al massimo|non più di",
        "de": "bis zu|höchstens|maximal|nicht mehr als",
        "fr": "jusqu'à|au plus|au maximum|pas plus de",
    },
    "about": {
        "en": "about|around|roughly|some|approximately|approx.|approx|nearly|almost|"
        "close to|an estimated|estimated|more or less|just about",
        "es": "unos|unas|alrededor de|cerca de|casi|aproximadamente|en torno a|aprox.|más o menos",
        "it": "circa|quasi|intorno a|attorno a|più o meno|all'incirca",
        "de": "etwa|rund|ungefähr|circa|ca.|fast|knapp|annähernd|nahezu|schätzungsweise",
        "fr": "environ|près de|presque|quelque|autour de|approximativement|à peu près",
    },
}
# Before a duration these mean "during", not "more/less than" ("over three days").
WEAK_QUALIFIERS = frozenset({"over", "under", "über", "unter"})
QUALIFIERS_AFTER = {
    "at_least": {"en": "or more", "es": "o más", "it": "o più", "de": "oder mehr", "fr": "ou plus"},
    "about": {"en": "or so"},
}

RANGE_START = {
    "between": {"en": "between", "es": "entre", "it": "tra|fra", "de": "zwischen", "fr": "entre"}
}
RANGE_AND = {"and": {"en": "and", "es": "y", "it": "e", "de": "und", "fr": "et"}}
RANGE_TO = {"to": {"en": "to|or", "es": "a|o", "it": "a|o", "de": "bis|oder", "fr": "à|ou"}}
# "from 10 to 15" is usually a change, not a range.
FROM_WORDS = {
    "from": {"en": "from", "es": "desde", "it": "da|dal|dai", "de": "von", "fr": "depuis"}
}
CONNECTORS = {"of": {"en": "of", "es": "de", "it": "di|d'", "de": "von", "fr": "de|d'|des"}}

SCALES = {  # multiplier -> words after a number
    100: {"en": "hundred", "de": "hundert", "fr": "cent|cents"},
    1000: {"en": "thousand", "es": "mil", "it": "mila|mille", "de": "tausend|Tsd.", "fr": "mille"},
    10**6: {
        "*": "mn|mln",
        "en": "million|millions",
        "es": "millón|millon|millones",
        "it": "milione|milioni",
        "de": "Million|Millionen|Mio.|Mio",
        "fr": "million|millions",
    },
    10**9: {
        "*": "bn",
        "en": "billion|billions",
        "es": "millardo|millardos",
        "it": "miliardo|miliardi|mld",
        "de": "Milliarde|Milliarden|Mrd.|Mrd",
        "fr": "milliard|milliards|Mrd",
    },
    10**12: {
        "en": "trillion|trillions",
        "es": "billón|billon|billones",
        "it": "bilione|bilioni",
        "de": "Billion|Billionen",
        "fr": "billion|billions",
    },
    12: {"en": "dozen", "de": "Dutzend"},
}
# Suffixes glued to digits ("$5bn", "€3m", "12k"); the "weak" ones need a currency or a noun.
GLUED_SCALES = {
    "bn": 10**9,
    "mn": 10**6,
    "mln": 10**6,
    "mrd": 10**9,
    "m": 10**6,
    "k": 1000,
    "b": 10**9,
}
WEAK_GLUED = frozenset({"m", "k", "b"})
VAGUE = {  # plural amounts: base -> words; value = 2 * base, "at_least"
    10: {"en": "tens", "es": "decenas", "it": "decine", "fr": "dizaines"},
    12: {"en": "dozens", "es": "docenas", "it": "dozzine", "de": "Dutzende", "fr": "douzaines"},
    20: {"en": "scores"},
    100: {
        "en": "hundreds",
        "es": "cientos|centenares",
        "it": "centinaia",
        "de": "Hunderte",
        "fr": "centaines",
    },
    1000: {
        "en": "thousands",
        "es": "miles|millares",
        "it": "migliaia",
        "de": "Tausende",
        "fr": "milliers",
    },
    10**4: {"de": "Zehntausende"},
    10**5: {"de": "Hunderttausende"},
    10**6: {
        "en": "millions",
        "es": "millones",
        "it": "milioni",
        "de": "Millionen",
        "fr": "millions",
    },
    10**9: {"en": "billions", "it": "miliardi", "de": "Milliarden", "fr": "milliards"},
}
APPROX = {  # singular round amounts after an article: "about"
    2: {"en": "couple"},
    10: {"es": "decena", "it": "decina", "fr": "dizaine"},
    12: {"en": "dozen", "es": "docena", "it": "dozzina", "de": "Dutzend", "fr": "douzaine"},
    15: {"fr": "quinzaine"},
    20: {"en": "score", "es": "veintena", "it": "ventina", "fr": "vingtaine"},
    30: {"es": "treintena", "it": "trentina", "fr": "trentaine"},
    40: {"it": "quarantina", "fr": "quarantaine"},
    50: {"es": "cincuentena", "it": "cinquantina", "fr": "cinquantaine"},
    60: {"it": "sessantina", "fr": "soixantaine"},
    100: {"es": "centenar", "it": "centinaio", "fr": "centaine"},
    1000: {"es": "millar", "it": "migliaio", "fr": "millier"},
}
ARTICLES = {  # before "dozen", "million", ...: the multiplier as (numerator, denominator)
    (1, 1): {
        "en": "a|an",
        "es": "un|una",
        "it": "un|una|uno",
        "de": "ein|eine|einer|einem|einen",
        "fr": "un|une",
    },
    (1, 2): {
        "en": "half a",
        "es": "medio",
        "it": "mezzo",
        "de": "eine halbe|einer halben",
        "fr": "un demi",
    },
}
# Number words that are also common other words: a number only when a unit follows.
NEEDS_UNIT = {"en": "one", "de": "eins|acht", "it": "sei", "fr": "neuf"}
SPELLED_AND = {"en": "and", "es": "y", "it": "e", "fr": "et"}

MONTHS = {
    "en": "January|February|March|April|May|June|July|August|September|October|November|"
    "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec",
    "es": "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    "noviembre|diciembre",
    "it": "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|"
    "novembre|dicembre",
    "de": "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
    "Dezember",
    "fr": "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",
}
# Words after which a number is a name, not an amount ("No. 10", "flight 370").
LABELS = {
    "label": {
        "*": "#|№|§|n°|nº|n.º|no.|nos.",
        "en": "no|number|article|section|chapter|page|pages|p.|flight|route|highway|line|"
        "platform|gate|room|resolution|paragraph|level|category|model|version|bus|channel|"
        "exit|terminal|floor|phase|stage|round|week|day|episode|season|volume|vol.|issue|"
        "district|zone|apartment|suite|block|amendment|clause",
        "es": "núm.|número|artículo|art.|capítulo|página|vuelo|ruta|línea|andén|puerta|sala|"
        "habitación|resolución|apartado|párrafo|nivel|categoría|modelo|versión|fase|"
        "planta|jornada|ley",
        "it": "n.|num.|numero|articolo|art.|capitolo|pagina|volo|linea|binario|stanza|"
        "risoluzione|comma|paragrafo|livello|categoria|modello|versione|fase|piano|legge|"
        "giornata",
        "de": "Nr.|Nummer|Artikel|Art.|Paragraf|Paragraph|Kapitel|Seite|S.|Flug|Linie|Gleis|"
        "Zimmer|Resolution|Absatz|Stufe|Kategorie|Modell|Version|Phase|Etage|Runde|"
        "Spieltag",
        "fr": "numéro|article|art.|chapitre|page|vol|ligne|voie|salle|chambre|résolution|"
        "alinéa|paragraphe|niveau|catégorie|modèle|version|phase|étage",
    }
}
# Before a number up to 24: a time of day ("a las 10", "um 10", "alle 10").
# (German "um 10" is as often "by 10" as "at 10": only "Uhr" after it makes a time.)
TIME_BEFORE = {
    "time": {
        "es": "a las|a la|hasta las|desde las|sobre las",
        "it": "alle|all'|ore|dalle|entro le",
        "fr": "à|vers|dès",
    }
}
TIME_AFTER = {
    "time": {
        "*": "h",
        "en": "am|pm|a.m.|p.m.|a.m|p.m|o'clock|GMT|UTC",
        "de": "Uhr",
        "es": "de la mañana|de la tarde|de la noche",
        "it": "del mattino|di sera|del pomeriggio",
    }
}
# German "am 3." is a date or an ordinal, whatever follows.
ORDINAL_ARTICLES = {"de": "am|dem|den|der|des|zum|zur|im|vom|ab"}
_TIME_ONLY_WITH_HOURS = frozenset({"à", "vers", "dès"})  # French: a time only before "heures"

# Words of es/it/de/fr tables that are common English words ("once", "due", "a", "an") or mean
# something else in another language: left out when the language is unknown.
_UNKNOWN_LANGUAGE_SKIP = frozenset(
    "once due elf sept cent cents mil null sei otto an tag ore ora gut fast sobre e a o "
    "tre dix neuf acht vol n. s. p. art.".split()
)

_EN_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_EN_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ES_UNITS = (
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce "
    "quince dieciséis diecisiete dieciocho diecinueve veinte veintiuno veintidós "
    "veintitrés veinticuatro veinticinco veintiséis veintisiete veintiocho "
    "veintinueve"
).split()
_ES_TENS = "treinta cuarenta cincuenta sesenta setenta ochenta noventa".split()
_ES_HUNDREDS = (
    "ciento doscientos trescientos cuatrocientos quinientos seiscientos setecientos "
    "ochocientos novecientos"
).split()
_IT_UNITS = (
    "zero uno due tre quattro cinque sei sette otto nove dieci undici dodici tredici "
    "quattordici quindici sedici diciassette diciotto diciannove"
).split()
_IT_TENS = "venti trenta quaranta cinquanta sessanta settanta ottanta novanta".split()
_DE_UNITS = (
    "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn "
    "vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn"
).split()
_DE_TENS = "zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig".split()
_FR_UNITS = (
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze "
    "quinze seize dix-sept dix-huit dix-neuf"
).split()
_FR_TENS = "vingt trente quarante cinquante soixante".split()
# Articles, not numbers, on their own; they still count inside "vingt et un".
_ARTICLE_ONES = frozenset({"uno", "un", "una", "une", "ein"})


def _en_numbers() -> dict[str, int]:
    words = {w: v for v, w in enumerate(_EN_UNITS)}
    for t, tens in enumerate(_EN_TENS, start=2):
        words[tens] = 10 * t
        for u in range(1, 10):
            words[f"{tens}-{_EN_UNITS[u]}"] = 10 * t + u
    return words


def _es_numbers() -> dict[str, int]:
    words = {w: v for v, w in enumerate(_ES_UNITS)}
    words.update(
        un=1,
        una=1,
        dieciseis=16,
        veintidos=22,
        veintitres=23,
        veintiseis=26,
        veintiún=21,
        veintiuna=21,
        cien=100,
        mil=1000,
    )
    for t, tens in enumerate(_ES_TENS, start=3):
        words[tens] = 10 * t
    for h, word in enumerate(_ES_HUNDREDS, start=1):
        words[word] = 100 * h
        words[word[:-2] + "as"] = 100 * h  # doscientas
    return words


def _it_numbers() -> dict[str, int]:
    words = {w: v for v, w in enumerate(_IT_UNITS)}
    words.update(un=1, una=1)
    for t, tens in enumerate(_IT_TENS, start=2):
        words[tens] = 10 * t
        for u in range(1, 10):
            stem = tens[:-1] if u in (1, 8) else tens  # ventuno, ventotto
            words[stem + _IT_UNITS[u]] = 10 * t + u
            if u == 3:
                words[stem + "tré"] = 10 * t + 3
    below_100 = [(w, v) for w, v in words.items() if v >= 2]
    words["cento"] = 100
    hundreds = [(_IT_UNITS[h] + "cento", 100 * h) for h in range(2, 10)]
    words.update(hundreds)
    for hundred, h in [("cento", 100), *hundreds]:
        for w, v in [("uno", 1), *below_100]:
            words[hundred + w] = h + v  # centoventi, duecentocinquanta
            if w[0] in "ou":
                words[hundred[:-1] + w] = h + v  # centottanta, centuno
    words["mille"] = 1000
    for w, v in [*below_100, ("cento", 100), *hundreds]:
        words[w + "mila"] = v * 1000  # duemila, centomila
    return words


def _de_numbers() -> dict[str, int]:
    words = {w: v for v, w in enumerate(_DE_UNITS)}
    tens = [*zip(_DE_TENS, range(20, 100, 10), strict=True), ("dreissig", 30)]
    for word, value in tens:
        words[word] = value
        for u in range(1, 10):
            words[f"{'ein' if u == 1 else _DE_UNITS[u]}und{word}"] = value + u
    below_100 = [(w, v) for w, v in words.items() if v >= 1]
    words["hundert"] = 100
    hundreds = [(("ein" if h == 1 else _DE_UNITS[h]) + "hundert", 100 * h) for h in range(1, 10)]
    words.update(hundreds)
    for hundred, h in [("hundert", 100), *hundreds]:
        for w, v in below_100:
            words[hundred + w] = h + v  # dreihundertfünfundvierzig, hunderteins
    below_100 = [("ein" if w == "eins" else w, v) for w, v in below_100]  # "eintausend"
    words["tausend"] = 1000
    for w, v in [*below_100, *hundreds]:
        words[w + "tausend"] = v * 1000
    return words


def _fr_numbers() -> dict[str, int]:
    words = {w: v for v, w in enumerate(_FR_UNITS)}
    words.update(une=1, zero=0)

    def tens(word: str, value: int) -> None:
        words[word] = value
        words[f"{word}-et-un"] = value + 1
        for u in range(2, 10):
            words[f"{word}-{_FR_UNITS[u]}"] = value + u

    for word, value in zip(_FR_TENS, range(20, 70, 10), strict=True):
        tens(word, value)
    for word, value in (("septante", 70), ("huitante", 80), ("octante", 80), ("nonante", 90)):
        tens(word, value)
    words["soixante-et-onze"] = 71
    for u in range(10, 20):
        if u != 11:
            words[f"soixante-{_FR_UNITS[u]}"] = 60 + u
    words["quatre-vingts"] = words["quatre-vingt"] = 80
    for u in range(1, 20):
        words[f"quatre-vingt-{_FR_UNITS[u]}"] = 80 + u
    words.update(cent=100, mille=1000)
    return words


_NUMBER_WORDS = {
    "en": _en_numbers,
    "es": _es_numbers,
    "it": _it_numbers,
    "de": _de_numbers,
    "fr": _fr_numbers,
}
