"""The words quote attribution runs on, per language: reporting verbs, roles, titles,
nationalities and institutions (data, and the small helpers that build the tables).

`quotes.py` applies these; change what is recognised here, not there.
"""

from __future__ import annotations

import re
from functools import lru_cache

# =============================================================================== lexicon
# Everything language-specific is data here; the code below only combines it.


def _words(spec: str) -> frozenset[str]:
    return frozenset(spec.casefold().split())


def _phrases(spec: str) -> list[str]:
    return [p.strip().casefold() for p in spec.split("|") if p.strip()]


def _alternation(phrases: list[str]) -> str:
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


# Reporting verbs, as they appear (lowercase, matched case-sensitively so that "States"
# in "United States" is no verb). Multi-word entries allow any whitespace between words.
_VERB_SPEC = {
    "en": "said|says|told|tells|added|adds|stated|declared|declares|warned|warns|insisted|"
    "insists|noted|wrote|writes|tweeted|posted|explained|explains|argued|argues|asked|"
    "replied|responded|answered|continued|remarked|observed|commented|claimed|announced|"
    "acknowledged|admitted|conceded|stressed|emphasised|emphasized|urged|cautioned|recalled|"
    "predicted|vowed|pledged|promised|maintained|suggested|concluded|confirmed|denied|"
    "reiterated|repeated|countered|shouted|joked|quipped|complained|reported|has said|had said|"
    "has told|"
    "had told|has warned|has insisted|has stated|was quoted as saying",
    "es": "dijo|afirmó|declaró|aseguró|señaló|explicó|añadió|agregó|indicó|sostuvo|advirtió|"
    "manifestó|subrayó|insistió|recalcó|destacó|apuntó|comentó|respondió|admitió|reconoció|"
    "precisó|expresó|escribió|anunció|ha dicho|ha afirmado|ha declarado|ha asegurado|"
    "ha señalado|ha explicado|ha añadido|ha advertido|dice|afirma|asegura|señala|explica|"
    "sostiene|advierte|añade|agrega|declara",
    "it": "ha detto|ha dichiarato|ha affermato|ha aggiunto|ha spiegato|ha sottolineato|"
    "ha ribadito|ha osservato|ha commentato|ha precisato|ha scritto|ha risposto|ha avvertito|"
    "ha assicurato|ha insistito|ha annunciato|ha concluso|ha evidenziato|ha raccontato|disse|"
    "dichiarò|affermò|aggiunse|spiegò|sottolineò|dice|afferma|spiega|aggiunge|sottolinea|"
    "dichiara|avverte|ribadisce|osserva",
    "de": "sagte|sagt|erklärte|erklärt|betonte|betont|fügte|meinte|meint|warnte|warnt|"
    "kritisierte|schrieb|erläuterte|bekräftigte|versicherte|unterstrich|teilte|räumte|zufolge",
    "fr": "a déclaré|a dit|a affirmé|a ajouté|a expliqué|a souligné|a estimé|a indiqué|a assuré|"
    "a martelé|a insisté|a averti|a précisé|a répondu|a écrit|a lancé|a confié|a annoncé|"
    "a reconnu|avait déclaré|déclare|affirme|explique|estime|souligne|ajoute|dit|assure|"
    "indique|précise|martèle",
}
# Verbs that characterise rather than report: 'X called the plan "a farce"', 'X accused Y
# of "lying"', 'X described it as "…"'. The quoted words are X's, but these verbs never
# invert ("called Ortega" names the object), so only a subject before them speaks.
_LABEL_VERB_SPEC = {
    "en": "called|calls|has called|had called|described|describes|has described|dubbed|"
    "labelled|labeled|branded|accused|accuses|has accused|had accused|dismissed|condemned|"
    "denounced|hailed|praised|criticised|criticized|likened|compared",
    "es": "calificó|califica|ha calificado|describió|describe|ha descrito|tildó|acusó|acusa|"
    "ha acusado|definió|define|ha definido|denunció|elogió|criticó|llamó",
    "it": "ha definito|definì|definisce|ha descritto|descrisse|ha accusato|accusò|accusa|"
    "ha bollato|ha denunciato|ha criticato|ha elogiato|ha chiamato",
    "de": "nannte|nennt|bezeichnete|bezeichnet|beschrieb|beschreibt|warf|wirft|lobte|"
    "kritisierte|verurteilte",
    "fr": "a qualifié|qualifie|a dénoncé|dénonce|a accusé|accuse|a décrit|décrit|a jugé|juge|"
    "a salué|a critiqué|a traité",
}
# "Lund, who said …": the relative pronoun stands for the name before its comma
RELATIVE_PRONOUNS = frozenset(
    "who quien quienes que che welcher welche qui lequel laquelle".split()
)
RELATIVE_RE = re.compile(
    rf",\s*(?:{'|'.join(sorted(RELATIVE_PRONOUNS, key=len, reverse=True))})\s*$", re.I
)
# "He said …, and accused Y of …": a verb after a coordinator shares the clause's subject
COORDINATOR_RE = re.compile(
    r"(?:^|[\s,])(?:and|but|then|and then|y|pero|luego|e|ma|poi|und|aber|dann|et|mais|puis)"
    r"(?:\s+(?:also|later|then|too|además|también|anche|auch|aussi))?\s*$",
    re.I,
)
# Spanish and Italian drop the subject: "«…», dijo." names no one, the verb still cues.
PRO_DROP_VERBS = frozenset(_phrases(_VERB_SPEC["es"]) + _phrases(_VERB_SPEC["it"]))
# "according to X": the source follows the cue
_SOURCE_SPEC = {
    "en": "according to|in the words of",
    "es": "según|de acuerdo con",
    "it": "secondo|stando a",
    "de": "laut|nach Angaben von",
    "fr": "selon|d'après|d’après",
}


def _verb_re(langs: list[str], spec: dict[str, str] | None = None) -> re.Pattern[str]:
    words = [w for lang in langs for w in _phrases((spec or _VERB_SPEC)[lang])]
    return re.compile(rf"(?<![\w\-])(?:{_alternation(words)})(?![\w\-])")


def _source_re(langs: list[str]) -> re.Pattern[str]:
    words = [w for lang in langs for w in _phrases(_SOURCE_SPEC[lang])]
    return re.compile(rf"(?<![\w\-])(?:{_alternation(words)})(?![\w\-])", re.I)


# per language; None (language unknown or not covered) uses all of them
VERB_RE: dict[str | None, re.Pattern[str]] = {lang: _verb_re([lang]) for lang in _VERB_SPEC}
VERB_RE[None] = _verb_re(list(_VERB_SPEC))
SOURCE_RE: dict[str | None, re.Pattern[str]] = {lang: _source_re([lang]) for lang in _SOURCE_SPEC}
SOURCE_RE[None] = _source_re(list(_SOURCE_SPEC))
LABEL_RE: dict[str | None, re.Pattern[str]] = {
    lang: _verb_re([lang], _LABEL_VERB_SPEC) for lang in _LABEL_VERB_SPEC
}
LABEL_RE[None] = _verb_re(list(_LABEL_VERB_SPEC), _LABEL_VERB_SPEC)
SO_RE = re.compile(r"so(?=\s)")  # German „…“, so Weber — only trusted when language is "de"
# French inverts the pronoun: « … », a-t-il déclaré / estime-t-elle / dit-il
FR_INVERTED_RE = re.compile(
    r"(?:a-t-(?P<p1>il|elle)\s+(?:dit|déclaré|affirmé|ajouté|expliqué|souligné|estimé|"
    r"indiqué|assuré|martelé|insisté|averti|précisé|répondu|écrit|lancé|confié|reconnu)"
    r"|(?:dit|déclare|affirme|explique|estime|souligne|ajoute|assure|indique|précise|"
    r"martèle|lance|poursuit|insiste)-(?:t-)?(?P<p2>il|elle))(?![\w\-])"
)

PRONOUNS = {
    "he": "m", "she": "f", "they": "pl", "it": "n",
    "él": "m", "ella": "f", "ellos": "pl", "ellas": "pl",
    "lui": "m", "lei": "f", "egli": "m", "essa": "f", "loro": "pl",
    "er": "m", "sie": "f", "es": "n",
    "il": "m", "elle": "f", "ils": "pl", "elles": "pl",
}  # fmt: skip
DETERMINERS = _words(
    "the a an another one el la los las un una otro otra il lo gli uno altro altra der die das "
    "ein eine le les une autre"
)
# articles and possessives: what opens a noun phrase ("the “peace plan”", "his “reform”")
NOUN_DETERMINERS = DETERMINERS | _words(
    "his her their its our my your su sus nuestro nuestra suo sua suoi sue loro nostro nostra "
    "sein seine seiner ihr ihre unser unsere son sa ses leur leurs notre nos"
)
DEFINITE = _words("the el la los las il lo gli der die das le les")
DET_GENDER = {"el": "m", "il": "m", "lo": "m", "der": "m", "le": "m", "uno": "m",
              "la": "f", "una": "f", "die": "f", "une": "f", "eine": "f"}  # fmt: skip
# prepositions that end a subject phrase ("said the president *on* Monday")
PREPOSITIONS = _words(
    "in on at during after before with to from by into en a al ante tras durante con sobre "
    "alla nel nella dopo su am im an auf bei mit nach vor während à au aux dans sur après "
    "avant pendant avec lors chez par"
)
# prepositions inside a role phrase ("spokesperson for the ministry", "presidente de Rusia")
OF_PREPOSITIONS = _words("of for de del della delle dello degli dei di des du von der")
# a noun, "of", maybe an article, right before a name run: "la premier di ", "l'inviata
# delle ", "the head of the "; group 1 is the noun
ROLE_COMPLEMENT_RE = re.compile(
    rf"([^\W\d_][\w'’\-]*)\s+(?:{'|'.join(sorted(OF_PREPOSITIONS, key=len, reverse=True))})"
    rf"\s+(?:(?:{'|'.join(sorted(DETERMINERS, key=len, reverse=True))})\s+)?$",
    re.I,
)
ELISION_PREFIX_RE = re.compile(r"^(?:l|d|dell|all|nell|dall|sull|qu|j|c|n|s)['’](?=\w)", re.I)


def strip_elision(t: str) -> str:
    """ "l'inviata" -> "inviata", "dell'ONU" -> "onu": Italian and French elided articles."""
    return ELISION_PREFIX_RE.sub("", t)


PARTICLES = _words(
    "de del della di da dos das do van von der den du le la bin ibn al el ter ten zu"
)
TIME_WORDS = _words(
    "monday tuesday wednesday thursday friday saturday sunday lunes martes miércoles jueves "
    "viernes sábado domingo lunedì martedì mercoledì giovedì venerdì sabato domenica montag "
    "dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi "
    "samedi dimanche yesterday today tonight tomorrow ayer hoy mañana anoche ieri oggi domani "
    "stasera gestern heute morgen hier demain morning afternoon evening night week month "
    "year weekend semana mes año tarde noche settimana mese anno sera mattina notte woche "
    "monat jahr abend semaine mois année soir matin nuit january february march april may "
    "june july august september october november december enero febrero marzo abril mayo "
    "junio julio agosto septiembre octubre noviembre diciembre gennaio febbraio aprile "
    "maggio giugno luglio settembre ottobre dicembre januar februar märz juni juli oktober "
    "dezember janvier février mars avril mai juin juillet août septembre octobre novembre "
    "décembre"
)
# capitalised words that start sentences, never names
STOP = (
    TIME_WORDS
    | DETERMINERS
    | _words(
        "this that these those but and or yet so then however meanwhile in on at after before "
        "when while as if although though for with without by from to of under over during "
        "since until also still later earlier now here there it he she they we i you his her "
        "their its our my your no yes not mr ms en y pero con por para según tras desde este "
        "esta ese esa al del sin sobre ante también e ma con per secondo dopo questo questa nel "
        "nella alla dal della anche und aber mit nach am im auf bei von zu dazu dann auch zudem "
        "außerdem laut so es er sie wir ich et mais avec pour selon après dans sur ce cette il "
        "elle ils elles au aux du des ainsi alors both all some many most several every each "
        "another other only even just according asked thus hence indeed perhaps instead overall "
        "despite including among between against around across"
    )
    - _words("mr ms")
)
GROUP_NOUNS = _words(
    "officials police witnesses analysts sources residents authorities experts organisers "
    "organizers prosecutors investigators diplomats observers critics doctors officers "
    "activists protesters lawmakers aides spokespeople fuentes testigos autoridades "
    "expertos analistas vecinos fonti testimoni autorità esperti analisti behörden experten "
    "zeugen ermittler kreise témoins autorités enquêteurs proches fans supporters voters "
    "workers farmers teachers students parents neighbours neighbors passengers families "
    "survivors rescuers volunteers economists scientists unions employers trabajadores "
    "agricultores vecinos familias lavoratori agricoltori famiglie arbeiter landwirte "
    "familien travailleurs agriculteurs familles"
)
_HONORIFIC_SPEC = {
    "m": "mr mister sr señor don signor sig herr monsieur sir lord",
    "f": "ms mrs miss sra srta señora doña signora sig.ra frau mme madame mlle dame lady",
    "": "dr prof professor",
}
HONORIFIC_GENDER = {w: g for g, ws in _HONORIFIC_SPEC.items() for w in _words(ws)}
HONORIFICS = frozenset(HONORIFIC_GENDER) | {"m"}
TITLES = _words(
    "sen senator rep representative gov gen general col colonel capt captain lt sgt judge "
    "justice ambassador commissioner chairman chairwoman chair speaker deputy vice former "
    "acting interim dott dottor dottoressa avv ex saint st prime rev reverend sheikh emir "
    "prince princess crown duke cardinal bishop archbishop president-elect msgr monsignor "
    "father pastor rabbi imam lawyer attorney assistant district coach sheriff undersheriff "
    "detective officer sergeant inspector agent director manager executive analyst doctor "
    "congressman congresswoman councilman councilwoman councillor superintendent "
    "lieutenant admiral marshal chairperson founder co-founder owner producer star actor "
    "actress singer writer author researcher scientist economist lawmaker mp treasurer "
    "abogado abogada entrenador fiscal avvocato allenatore anwalt anwältin trainer avocat "
    "avocate entraîneur"
)

# Role nouns by class, every language; the class is what "the leader" and "President X"
# have in common. "leader" is the generic head: it matches the head roles in HEADS.
_ROLE_SPEC = {
    "president": "president|presidente|presidenta|presidentessa|präsident|präsidentin|"
    "präsidenten|président|présidente|bundespräsident|bundespräsidentin|bundespräsidenten",
    "prime_minister": "prime minister|premier|primer ministro|primera ministra|"
    "presidente del gobierno|presidenta del gobierno|premierminister|premierministerin|"
    "ministerpräsident|ministerpräsidentin|premier ministre|première ministre|"
    "presidente del consiglio|premier ministro",
    "chancellor": "chancellor|kanzler|kanzlerin|kanzlers|bundeskanzler|bundeskanzlerin|"
    "bundeskanzlers|chancelier|chancelière|cancelliere|cancelliera",
    "minister": "minister|ministro|ministra|ministerin|ministre|secretary|secretary of state|"
    "canciller",
    "leader": "leader|chief|head|líder|mandatario|mandataria|jefe|jefa|dirigente|capo|"
    "staatschef|regierungschef|chef|chefin|dirigeant|dirigeante|strongman|head of state|"
    "jefe de estado|jefa de estado|capo dello stato|chef de l'état|chef de l’état",
    "spokesperson": "spokesperson|spokesman|spokeswoman|portavoz|portavoce|sprecher|"
    "sprecherin|porte-parole|press secretary",
    "mayor": "mayor|alcalde|alcaldesa|sindaco|sindaca|bürgermeister|bürgermeisterin|maire",
    "governor": "governor|gobernador|gobernadora|governatore|gouverneur",
    "ceo": "ceo|chief executive|chief executive officer|director ejecutivo|"
    "directora ejecutiva|consejero delegado|amministratore delegato|vorstandschef|"
    "konzernchef|pdg|directeur général|directrice générale",
    "monarch": "king|queen|monarch|rey|reina|regina|könig|königin|roi|reine",
    "pope": "pope|pontiff|papa|pontífice|pontefice|papst|pape",
    "secretary_general": "secretary-general|secretary general|secretario general|"
    "secretaria general|segretario generale|generalsekretär|secrétaire général|"
    "secrétaire générale",
    "envoy": "envoy|special envoy|emissary|mediator|enviado|enviada|enviado especial|"
    "enviada especial|mediador|mediadora|inviato|inviata|inviato speciale|inviata speciale|"
    "mediatore|mediatrice|gesandter|gesandte|sondergesandter|sondergesandte|vermittler|"
    "vermittlerin|envoyé|envoyée|envoyé spécial|envoyée spéciale|médiateur",
    "ambassador": "ambassador|embajador|embajadora|ambasciatore|botschafter|botschafterin|"
    "ambassadeur|ambassadrice",
    "commander": "general|commander|comandante|kommandeur|commandant",
    "judge": "judge|juez|jueza|giudice|richter|richterin|juge",
    "councillor": "councillor|councilor|councilman|councilwoman|alderman|concejal|concejala|"
    "consigliere|consigliera|stadtrat|stadträtin|conseiller municipal|conseillère municipale",
    "lawmaker": "lawmaker|legislator|senator|congressman|congresswoman|mp|deputy|diputado|"
    "diputada|senador|senadora|deputato|deputata|senatore|abgeordneter|abgeordnete|député|"
    "députée|sénateur|sénatrice",
}
HEADS = frozenset(
    "president prime_minister chancellor monarch leader ceo secretary_general pope mayor "
    "governor".split()
)
ROLE_CLASS = {p: cls for cls, spec in _ROLE_SPEC.items() for p in _phrases(spec)}
ROLE_RE = re.compile(rf"(?<![\w\-])(?:{_alternation(list(ROLE_CLASS))})(?![\w\-])", re.I)
ROLE_GENDER = {w: "f" for w in _phrases(
    "presidenta|präsidentin|présidente|primera ministra|premierministerin|"
    "ministerpräsidentin|première ministre|kanzlerin|bundeskanzlerin|chancelière|ministra|"
    "cancelliera|presidentessa|"
    "ministerin|mandataria|jefa|chefin|dirigeante|spokeswoman|sprecherin|alcaldesa|sindaca|"
    "bürgermeisterin|gobernadora|directora ejecutiva|directrice générale|queen|reina|regina|"
    "königin|reine|jueza|richterin|embajadora|botschafterin|ambassadrice|secretaria general|"
    "secrétaire générale|bundespräsidentin|presidenta del gobierno|jefa de estado|chairwoman|"
    "enviada|enviada especial|mediadora|inviata|inviata speciale|gesandte|sondergesandte|"
    "vermittlerin|envoyée|envoyée spéciale"
)} | {w: "m" for w in _phrases("spokesman|king|rey|könig|roi|chairman|strongman")}  # fmt: skip
ROLE_WORDS = frozenset(
    w for p in ROLE_CLASS for w in p.split() if w not in OF_PREPOSITIONS and w not in DETERMINERS
)
# German builds roles into compounds: Außenministerin, Kremlsprecher, Regierungschef.
_GERMAN_SUFFIXES = [
    ("ministerin", "minister", "f"), ("minister", "minister", None),
    ("präsidentin", "president", "f"), ("präsidenten", "president", None),
    ("präsident", "president", None),
    ("kanzlerin", "chancellor", "f"), ("kanzler", "chancellor", None),
    ("sprecherin", "spokesperson", "f"), ("sprecher", "spokesperson", None),
    ("bürgermeisterin", "mayor", "f"), ("bürgermeister", "mayor", None),
    ("chefin", "leader", "f"), ("chef", "leader", None),
]  # fmt: skip


@lru_cache(maxsize=8192)
def german_compound(t: str, tok: str) -> tuple[str, str, str | None] | None:
    """(role class, prefix, gender) of a capitalised German compound role noun."""
    if not tok[:1].isupper() or t in ROLE_CLASS:
        return None
    for suffix, cls, gender in _GERMAN_SUFFIXES:
        if t.endswith(suffix) and len(t) - len(suffix) >= 3:
            return cls, t[: -len(suffix)], gender
    return None


_PORTFOLIO_SPEC = {
    "foreign": "foreign|exteriores|asuntos exteriores|relaciones exteriores|esteri|"
    "affari esteri|außen|affaires étrangères|étrangères|secretary of state|canciller",
    "defence": "defence|defense|defensa|difesa|verteidigungs|armées|défense",
    "finance": "finance|treasury|hacienda|economía|economia|finanze|finanz|finances|économie|"
    "wirtschafts",
    "interior": "interior|home|interno|interni|innen|intérieur",
    "health": "health|sanidad|salud|salute|gesundheits|santé",
    "justice": "justice|justicia|giustizia|justiz",
}
PORTFOLIO = {p: key for key, spec in _PORTFOLIO_SPEC.items() for p in _phrases(spec)}
# single words of the portfolio phrases, so "Asuntos Exteriores" reads as a title too
PORTFOLIO_WORDS = frozenset(
    w for p in PORTFOLIO for w in p.split() if w not in OF_PREPOSITIONS and w not in DETERMINERS
)
PORTFOLIO_RE = re.compile(rf"(?<![\w\-])(?:{_alternation(list(PORTFOLIO))})(?![\w\-])", re.I)

# country: (names, nationality adjectives, institutions standing for its government,
# cities standing for it). Institutions and adjectives can precede a name as titles do
# ("Kremlin spokesman Dmitri Orlov", "Russian President ..."); cities only give a country.
_PLACE_SPEC = {
    "RU": ("russia|rusia|russland|russie",
           "russian|ruso|rusa|russo|russa|russi|russische|russischen|russischer|russe|russes",
           "kremlin|kreml|cremlino", "moscow|moscú|mosca|moskau|moscou"),
    "US": ("united states|america|estados unidos|stati uniti|vereinigte staaten|"
           "vereinigten staaten|états-unis|etats-unis",
           "american|estadounidense|norteamericano|norteamericana|americano|americana|"
           "statunitense|amerikanische|amerikanischen|amerikanischer|américain|américaine",
           "white house|casa blanca|casa bianca|weißes haus|weißen haus|maison blanche|pentagon",
           "washington"),
    "CN": ("china|cina|chine",
           "chinese|chino|china|chinos|cinese|cinesi|chinesische|chinesischen|chinesischer|"
           "chinois|chinoise",
           "zhongnanhai", "beijing|pekín|pechino|peking|pékin"),
    "FR": ("france|francia|frankreich",
           "french|francés|francesa|francese|französische|französischen|französischer|"
           "français|française",
           "élysée|elysee|elíseo|eliseo|elysée|matignon|quai d'orsay", "paris|parís|parigi"),
    "GB": ("united kingdom|britain|great britain|reino unido|regno unito|großbritannien|"
           "royaume-uni",
           "british|británico|británica|britannico|britannica|britische|britischen|"
           "britischer|britannique",
           "downing street|whitehall", "london|londres|londra"),
    "ES": ("spain|españa|spagna|spanien|espagne",
           "spanish|español|española|spagnolo|spagnola|spanische|spanischen|spanischer|"
           "espagnol|espagnole",
           "moncloa|la moncloa|zarzuela", "madrid"),
    "IT": ("italy|italia|italien|italie",
           "italian|italiano|italiana|italienische|italienischen|italienischer|italienne",
           "palazzo chigi|chigi|quirinale|quirinal|farnesina", "rome|roma|rom"),
    "DE": ("germany|alemania|germania|deutschland|allemagne",
           "german|alemán|alemana|tedesco|tedesca|deutsche|deutschen|deutscher|allemand|"
           "allemande",
           "kanzleramt|bundeskanzleramt|chancellery", "berlin|berlín|berlino"),
    "UA": ("ukraine|ucrania|ucraina",
           "ukrainian|ucraniano|ucraniana|ucraino|ukrainische|ukrainischen|ukrainien|"
           "ukrainienne",
           "bankova", "kyiv|kiev|kiew"),
    "JP": ("japan|japón|giappone|japon",
           "japanese|japonés|japonesa|giapponese|japanische|japanischen|japonais|japonaise",
           "kantei", "tokyo|tokio"),
    "IN": ("india|indien|inde", "indian|indio|indiano|indiana|indische|indischen|indienne",
           "", "new delhi|nueva delhi|nuova delhi|neu-delhi"),
    "BR": ("brazil|brasil|brasile|brasilien|brésil",
           "brazilian|brasileño|brasileña|brasiliano|brasiliana|brasilianische|brésilien|"
           "brésilienne", "planalto", "brasília|brasilia"),
    "MX": ("mexico|méxico|messico|mexiko|mexique",
           "mexican|mexicano|mexicana|messicano|messicana|mexikanische|mexicain|mexicaine",
           "palacio nacional|los pinos", ""),
    "AR": ("argentina|argentinien", "argentinian|argentino|argentinische|argentin",
           "casa rosada", "buenos aires"),
    "TR": ("turkey|türkiye|turquía|turchia|türkei|turquie",
           "turkish|turco|turca|türkische|turc|turque", "", "ankara"),
    "IL": ("israel|israele|israël",
           "israeli|israelí|israeliano|israelische|israélien|israélienne", "knesset", ""),
    "IR": ("iran|irán", "iranian|iraní|iraniano|iranische|iranien|iranienne", "",
           "tehran|teherán|teheran|téhéran"),
    "KP": ("north korea|corea del norte|corea del nord|nordkorea|corée du nord",
           "north korean|norcoreano|norcoreana|nordcoreano|nordkoreanische|nord-coréen", "",
           "pyongyang"),
    "VE": ("venezuela", "venezuelan|venezolano|venezolana|venezuelano|vénézuélien",
           "miraflores", "caracas"),
    "PL": ("poland|polonia|polen|pologne",
           "polish|polaco|polaca|polacco|polnische|polonais|polonaise", "",
           "warsaw|varsovia|varsavia|warschau|varsovie"),
    "CA": ("canada|canadá|kanada", "canadian|canadiense|canadese|kanadische|canadien|"
           "canadienne", "rideau hall", "ottawa"),
    "EU": ("european union|unión europea|unione europea|europäische union|union européenne",
           "european|europeo|europea|europäische|européen|européenne",
           "european commission|comisión europea|commissione europea|eu-kommission|"
           "commission européenne", "brussels|bruselas|bruxelles|brüssel"),
}  # fmt: skip
PLACE = {p: c for c, spec in _PLACE_SPEC.items() for part in spec for p in _phrases(part)}
PLACE.update({"kreml": "RU"})
NATIONALITIES = frozenset(p for spec in _PLACE_SPEC.values() for p in _phrases(spec[1]))
INSTITUTIONS = frozenset(p for spec in _PLACE_SPEC.values() for p in _phrases(spec[2]))
PLACE_PHRASE_RE = re.compile(
    rf"(?<![\w\-])(?:{_alternation([p for p in PLACE if ' ' in p])})(?![\w\-])", re.I
)
PLACE_ACRONYMS = {"US": "US", "U.S": "US", "USA": "US", "UK": "GB", "U.K": "GB", "EU": "EU"}


# Words that qualify a role before a name: "Opposition councillor Rutger Vinn".
ROLE_MODIFIERS = _words(
    "opposition former acting deputy interim senior veteran local regional city state "
    "federal opositor opositora exministro exministra ex ehemalige ehemaliger ancien ancienne"
)


@lru_cache(maxsize=8192)
def is_prefix_word(t: str, tok: str) -> bool:
    """Can this word stand before a name as a title does? (Dr., President, Russian, Kremlin)"""
    if t == "m":
        return tok.endswith((".", "\u2024"))  # French "M." only with its dot
    if tok.endswith(("'s", "’s")):
        return t in PLACE  # "Russia's president"
    return (
        t in HONORIFICS
        or t in TITLES
        or t in ROLE_WORDS
        or t in NATIONALITIES
        or t in INSTITUTIONS
        or t in PORTFOLIO_WORDS
        or t in ROLE_MODIFIERS
        or german_compound(t, tok) is not None
    )


def honorific_gender(tokens: list[str]) -> str | None:
    for tok in tokens:
        t = tok.casefold().replace("\u2024", ".").rstrip(".")
        if t == "m" and not tok.endswith((".", "\u2024")):
            continue
        gender = HONORIFIC_GENDER.get(t) or ("m" if t == "m" else None)
        if gender:
            return gender
    return None


def roles_compatible(a: str, b: str) -> bool:
    return a == b or (a == "leader" and b in HEADS) or (b == "leader" and a in HEADS)
