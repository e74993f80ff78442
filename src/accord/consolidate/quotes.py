"""Quotes of an event gathered under their speakers: one `QuoteGroup` per thing said.

`gather_quotes(articles, analyses, sources, encoder, language)` takes the quotes the
analyser found in each article (`Analysis.quotes`) and returns them grouped:

1. **One name per person** (`canonical_speakers`). Each article resolves its own speaker
   names ("Kellner", "Kessmark Ilse Renvik", "Nazioni Unite Corinna Heddal"); across the
   event they become one canonical name, the fullest proper-name form: titles (a table,
   several languages) and organisation words or acronyms in front of a name are dropped,
   a name joins a longer one that ends with it ("Ada Kellner" / "Mayor Ada Kellner"), and
   a lone surname joins the one full name of the event that ends with it, when no other
   person of the event shares it. The event's PERSON entities count as name forms too, so
   a bare name an article only mentions still anchors the others.
2. **One quote, several wordings**. Two mentions are the same quote when their wording
   agrees, either by the encoder's cosine (translations and close rewordings) or by a
   shared run of normalised words covering most of the shorter one (a partial quote, "gave
   way in under an hour", inside the full one), or, between mentions of one named
   speaker, by a middling cosine backed by shared content words (an outlet's rewording),
   and their speakers do not contradict each other. Mentions join greedily, the surest
   links first, and a join is refused when it would put two different named speakers, or
   two different quotes of one article, in one group.
3. **Who said it**. A speaker the article names at the quote ("…," Kellner said) is
   *explicit*; one resolved from a pronoun or a role ("she", "the minister") is a guess.
   A guess never blocks a join and never outranks an explicit name, so a quote the
   analyser pinned on the wrong "he" still joins its other wordings and takes their
   speaker; an unattributed mention takes the group's speaker.
4. Each group cites its independent sources (`sources.support`), shows its clearest
   mention (the longest complete one in the preferred language where there is one), and
   the groups come most-reported first, then by first appearance.

Every mention is a verbatim span: `article.text[start:end] == text`, from the Quote's
offsets; a quote whose offsets do not hold is skipped rather than shown wrong.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from accord.consolidate.sources import EventSources
from accord.encode import Encoder
from accord.model import Analysis, Article, Mention, Quote, QuoteGroup

# ================================================================================ tables
# Knowledge is data: change what is recognised here, not in the code below.


def _fold(text: str) -> str:
    """Casefolded, accents removed: the key names and words are compared by."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _key_words(spec: str) -> frozenset[str]:
    return frozenset(_fold(word) for word in spec.split())


# Words in front of a name that are no part of it: titles, honorifics, roles and the
# determiners that go with them, per language. Matched without accents, case or a final
# period ("Dr." = "dr", "Présidente" = "presidente").
TITLES: dict[str, str] = {
    "en": "mr mrs ms miss mx dr doctor prof professor sir dame lord lady rev reverend "
    "mayor president vice-president premier minister secretary chancellor governor senator "
    "congressman congresswoman representative rep sen gov gen general col colonel capt captain "
    "cmdr commander lt lieutenant sgt sergeant maj major adm admiral judge justice chief "
    "executive ceo chairman chairwoman chair spokesman spokeswoman spokesperson envoy "
    "ambassador commissioner inspector officer deputy foreign interior finance prime the "
    "king queen pope bishop cardinal",
    "es": "el la los las sr sra srta señor señora señorita dra doctora presidente presidenta "
    "ministro ministra primer primera alcalde alcaldesa gobernador gobernadora canciller "
    "secretario secretaria portavoz enviado enviada embajador embajadora jefe jefa rey reina "
    "capitán capitana general coronel juez jueza",
    "it": "il lo gli signor signore signora sig dott dottore dottoressa presidente "
    "presidentessa ministro ministra premier sindaco sindaca governatore governatrice "
    "segretario segretaria portavoce inviato inviata ambasciatore ambasciatrice capitano "
    "generale colonnello giudice",
    "de": "herr frau präsident präsidentin minister ministerin kanzler kanzlerin bürgermeister "
    "bürgermeisterin sprecher sprecherin botschafter botschafterin richter richterin",
    "fr": "le m mme mlle monsieur madame président présidente ministre maire gouverneur "
    "porte-parole ambassadeur ambassadrice capitaine général juge",
}
TITLE_WORDS = frozenset().union(*(_key_words(spec) for spec in TITLES.values()))

# Organisations and countries that stand in front of a name ("the UN's Corinna Heddal",
# "l'inviata delle Nazioni Unite Corinna Heddal"). Acronyms (two or more capitals) are
# recognised without a list.
ORG_PHRASES: tuple[str, ...] = (
    "united nations",
    "nazioni unite",
    "naciones unidas",
    "nations unies",
    "vereinte nationen",
    "nações unidas",
    "european union",
    "unione europea",
    "unión europea",
    "union européenne",
    "white house",
    "kremlin",
)
_ORG_KEYS = frozenset(tuple(_fold(w) for w in phrase.split()) for phrase in ORG_PHRASES)

# Function words: a shared run of them alone ("and it is the") is no evidence that two
# quotes are one. Kept small on purpose; content words are everything else.
STOPWORDS: dict[str, str] = {
    "en": "a an the and or but if of to in on at by for with from as is are was were be been "
    "it its this that these those we our us i me my you your he his him she her they them "
    "their there here not no do did does have has had will would can could should so than "
    "then what which who s",
    "es": "el la los las un una unos unas y o pero de del a al en con por para que es son "
    "fue ser se lo le les nos nuestro nuestra nuestros nuestras su sus no mi yo tu este esta "
    "como más",
    "it": "il lo la i gli le un uno una e o ma di del della dei delle a al alla in con per "
    "che è sono fu essere si ci ne non nostro nostra nostri nostre suo sua mio io come più",
    "de": "der die das ein eine und oder aber von zu im in mit für auf ist sind war wir uns "
    "ich nicht es sie er",
    "fr": "le la les un une des et ou mais de du à au aux en dans avec pour par que est sont "
    "était nous notre nos je ne pas il elle ils",
}
STOP_WORDS = frozenset().union(*(_key_words(spec) for spec in STOPWORDS.values()))

# Thresholds, measured on the example corpus with the multilingual USE encoder:
# translations of one quote score 0.68-0.87, a rewording in one language 0.68-0.95,
# different quotes of one event at most 0.56 (0.48 for one speaker's two quotes).
JOIN_COSINE = 0.65
# A partial quote: a run of at least this many shared words, holding at least this many
# content words, covering at least this share of the shorter quote's words.
RUN_MIN_WORDS = 3
RUN_MIN_CONTENT = 2
RUN_MIN_SHARE = 0.7
# One speaker's rewording: a middling cosine backed by shared content words (at least
# this many, and this share of the smaller set), between mentions of one named speaker.
SPEAKER_COSINE = 0.4
SPEAKER_SHARED = 3
SPEAKER_SHARE = 0.5
IDENTICAL = 2.0  # link strength of two mentions with the same normalised words

_WORD = re.compile(r"\w+")
_TOKEN_EDGE = re.compile(r"^[^\w]+|[^\w]+$")
_POSSESSIVE = re.compile(r"['’]s$")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


# ================================================================================= words


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(_fold(text)))


# ================================================================================= names


@dataclass(frozen=True)
class _Form:
    """A name as written (`tokens`, titles and leading organisation words removed) and
    its comparison key."""

    tokens: tuple[str, ...]
    key: tuple[str, ...]


def _name_form(name: str) -> _Form | None:
    """The form of a name with its leading titles, acronyms and organisation words cut."""
    tokens = []
    for raw in name.split():
        token = _POSSESSIVE.sub("", _TOKEN_EDGE.sub("", raw))
        if token:
            tokens.append(token)
    while len(tokens) > 1:
        first = _fold(tokens[0])
        # An acronym before a name is an organisation ("ONU Corinna Heddal"); a name
        # written all in capitals is not.
        acronym = _ACRONYM.match(tokens[0]) and not tokens[1].isupper()
        if first in TITLE_WORDS or acronym:
            tokens.pop(0)
            continue
        org = next((len(p) for p in _ORG_KEYS if tuple(_fold(t) for t in tokens[: len(p)]) == p), 0)
        if org and org < len(tokens):
            del tokens[:org]
            continue
        break
    if not tokens or not any(ch.isalpha() for ch in "".join(tokens)):
        return None
    return _Form(tuple(tokens), tuple(_fold(t) for t in tokens))


def _leading_words_elsewhere(
    prefix: tuple[str, ...], name: tuple[str, ...], texts: Sequence[str]
) -> bool:
    """Whether the words before a name occur in the event without the name after them:
    then they are a place or an organisation ("Kessmark Ilse Renvik"), not a given name."""
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, prefix)) + r"(?!\w)")
    follow = re.compile(r"\s+" + re.escape(name[0]) + r"(?!\w)")
    for text in texts:
        for match in pattern.finditer(text):
            if not follow.match(text, match.end()):
                return True
    return False


def canonical_speakers(names: Iterable[str], texts: Sequence[str] = ()) -> dict[str, str]:
    """The canonical name of each person name of one event, keyed by the name as given.

    `names` are the name forms the event's articles use (speakers, PERSON entities);
    `texts` the articles' texts, which tell a place or an organisation written in front of
    a name ("Kessmark Ilse Renvik") from a given name. Names that denote one person map
    to the fullest proper-name form among them; a name that is no name maps to itself.
    """
    forms: dict[str, _Form] = {}
    for name in names:
        if name not in forms and (form := _name_form(name)) is not None:
            forms[name] = form
    keys = {form.key for form in forms.values()}
    full = sorted((k for k in keys if len(k) >= 2), key=lambda k: (len(k), k))
    # A multi-word name joins every longer one that ends with it: they are one person.
    parent = {key: key for key in keys}

    def find(key: tuple[str, ...]) -> tuple[str, ...]:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    by_surname: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in full:
        by_surname[key[-1]].append(key)
    for same_end in by_surname.values():
        for short in same_end:
            for long in same_end:
                if len(long) > len(short) and long[-len(short) :] == short:
                    parent[find(long)] = find(short)
    # A lone word (a surname) joins the one person whose full names end with it.
    for key in keys:
        if len(key) == 1:
            owners = {find(k) for k in by_surname.get(key[0], ())}
            if len(owners) == 1:
                parent[key] = owners.pop()
    members: dict[tuple[str, ...], list[_Form]] = defaultdict(list)
    for form in forms.values():
        members[find(form.key)].append(form)
    display = {root: _display_name(group, texts) for root, group in members.items()}
    return {name: display[find(form.key)] for name, form in forms.items()}


def _display_name(group: list[_Form], texts: Sequence[str]) -> str:
    """The fullest proper-name form of one person: the longest form once the words before
    a shorter form of the same person are cut where they are no given name."""
    keys = {form.key for form in group}
    best: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for form in group:
        tokens, key = form.tokens, form.key
        for size in range(2, len(key)):
            if key[-size:] in keys and _leading_words_elsewhere(
                tokens[:-size], tokens[-size:], texts
            ):
                tokens, key = tokens[-size:], key[-size:]
                break
        best[key][" ".join(tokens)] += 1
    key = max(best, key=lambda k: (len(k), sum(best[k].values()), k))
    # The spelling most used for it, then the one with accents (the careful one).
    return max(best[key], key=lambda s: (best[key][s], _fold(s) != s.casefold(), s))


# ================================================================================ quotes


@dataclass
class _Item:
    """One quote mention with what grouping needs to know about it."""

    mention: Mention
    rank: tuple[int, str, int, int]  # article time order, article id, offsets
    words: tuple[str, ...]
    speaker: str | None  # canonical
    explicit: bool  # the article names the speaker at the quote
    language: str | None


@dataclass
class _Group:
    items: list[int]
    texts: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)  # per article
    explicit: set[str] = field(default_factory=set)


def _is_explicit(quote: Quote, speaker: str | None) -> bool:
    """Whether the words the article uses for the speaker contain the name itself."""
    if speaker is None or not quote.speaker_text:
        return False
    said = set(_words(quote.speaker_text))
    return any(word in said for word in _words(speaker))


def _collect(
    articles: Sequence[Article], analyses: Mapping[str, Analysis], sources: EventSources
) -> list[_Item]:
    names = [
        name
        for article in articles
        if (analysis := analyses.get(article.id)) is not None
        for name in [q.speaker for q in analysis.quotes if q.speaker]
        + [e.text for e in analysis.entities if e.label == "PERSON"]
    ]
    canonical = canonical_speakers(sorted(set(names)), [a.text for a in articles])
    items: list[_Item] = []
    seen: set[tuple[str, int, int]] = set()
    for article in articles:
        analysis = analyses.get(article.id)
        if analysis is None:
            continue
        order = sources.order.get(article.id, len(sources.order))
        language = analysis.language or article.language
        for quote in analysis.quotes:
            place = (article.id, quote.start, quote.end)
            # The verbatim rule is absolute: offsets that do not hold are not shown.
            if place in seen or article.text[quote.start : quote.end] != quote.text:
                continue
            words = _words(quote.text)
            if not words:
                continue
            seen.add(place)
            speaker = canonical.get(quote.speaker, quote.speaker) if quote.speaker else None
            items.append(
                _Item(
                    mention=Mention(article.id, quote.text, quote.start, quote.end),
                    rank=(order, article.id, quote.start, quote.end),
                    words=words,
                    speaker=speaker,
                    explicit=_is_explicit(quote, speaker),
                    language=language,
                )
            )
    items.sort(key=lambda item: item.rank)
    return items


# ============================================================================ similarity


def _longest_run(short: tuple[str, ...], long: tuple[str, ...]) -> tuple[int, int]:
    """The longest run of words of `short` found contiguous in `long`: (length, number of
    content words in it)."""
    positions: dict[str, list[int]] = defaultdict(list)
    for j, word in enumerate(long):
        positions[word].append(j)
    best, best_end = 0, 0
    previous: dict[int, int] = {}
    for i, word in enumerate(short):
        current = {j: previous.get(j - 1, 0) + 1 for j in positions.get(word, ())}
        for length in current.values():
            if length > best:
                best, best_end = length, i + 1
        previous = current
    content = sum(1 for w in short[best_end - best : best_end] if w not in STOP_WORDS)
    return best, content


def _containment(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """How much of the shorter quote the longer one contains as one run, 0 when too little
    to count as evidence."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    run, content = _longest_run(short, long)
    if run < RUN_MIN_WORDS or content < RUN_MIN_CONTENT:
        return 0.0
    share = run / len(short)
    return share if share >= RUN_MIN_SHARE else 0.0


@dataclass(frozen=True)
class _Link:
    strength: float
    same_speaker: bool  # holds only between mentions of one named speaker


def _text_links(texts: list[tuple[str, ...]], vectors: np.ndarray) -> dict[tuple[int, int], _Link]:
    """Links between distinct normalised texts (by index) that pass a threshold: the
    cosine, the share of a partial quote inside a fuller one, or, for one speaker's
    mentions only, a weaker cosine backed by shared content words."""
    links: dict[tuple[int, int], _Link] = {}
    if len(texts) > 1:
        content = [frozenset(w for w in words if w not in STOP_WORDS) for words in texts]
        cosine = vectors @ vectors.T
        rows, cols = np.nonzero(np.triu(cosine >= SPEAKER_COSINE, k=1))
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            value = float(cosine[i, j])
            if value >= JOIN_COSINE:
                links[(i, j)] = _Link(value, same_speaker=False)
            elif _share_content(content[i], content[j]):
                links[(i, j)] = _Link(value, same_speaker=True)
    # A run of RUN_MIN_WORDS shared words holding a content word implies a shared word
    # trigram holding one: only those pairs are compared, so the cost follows the overlap,
    # not the square of the quotes (and "we will not" in every other quote costs nothing).
    by_trigram: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, words in enumerate(texts):
        trigrams = {words[k : k + 3] for k in range(len(words) - 2)}
        for trigram in trigrams:
            if not STOP_WORDS.issuperset(trigram):
                by_trigram[trigram].append(index)
    candidates = {
        (holders[x], holders[y])
        for holders in by_trigram.values()
        for x in range(len(holders))
        for y in range(x + 1, len(holders))
    }
    for pair in candidates:
        share = _containment(texts[pair[0]], texts[pair[1]])
        known = links.get(pair)
        if share and (known is None or known.same_speaker or share > known.strength):
            links[pair] = _Link(share, same_speaker=False)
    return links


def _share_content(a: frozenset[str], b: frozenset[str]) -> bool:
    """Enough content words in common to take a middling cosine as one quote reworded."""
    shared = len(a & b)
    return shared >= SPEAKER_SHARED and shared >= SPEAKER_SHARE * min(len(a), len(b))


# ============================================================================== grouping


def _edges(items: list[_Item], encoder: Encoder) -> list[tuple[float, int, int]]:
    """Candidate joins between mentions, surest first, in an order fixed by the mentions
    (not by the order the articles came in)."""
    distinct = sorted({item.words for item in items})
    index = {words: k for k, words in enumerate(distinct)}
    # Encode one original wording per distinct text, chosen by mention order.
    wording: dict[tuple[str, ...], str] = {}
    for item in items:
        wording.setdefault(item.words, item.mention.text)
    vectors = encoder.encode([wording[words] for words in distinct])
    by_text: dict[int, list[int]] = defaultdict(list)
    for position, item in enumerate(items):
        by_text[index[item.words]].append(position)
    edges: list[tuple[float, int, int]] = []
    for members in by_text.values():
        edges.extend((IDENTICAL, a, b) for x, a in enumerate(members) for b in members[x + 1 :])
    for (i, j), link in _text_links(distinct, vectors).items():
        for a in by_text[i]:
            for b in by_text[j]:
                if not link.same_speaker or _one_named_speaker(items[a], items[b]):
                    edges.append((link.strength, min(a, b), max(a, b)))
    edges = [edge for edge in edges if _compatible(items[edge[1]], items[edge[2]])]
    edges.sort(key=lambda edge: (-edge[0], edge[1], edge[2]))
    return edges


def _compatible(a: _Item, b: _Item) -> bool:
    """Two mentions may be one quote unless both name their speakers, differently."""
    return not (a.explicit and b.explicit and a.speaker != b.speaker)


def _one_named_speaker(a: _Item, b: _Item) -> bool:
    """Both attributed to the same person, named at least once."""
    return a.speaker is not None and a.speaker == b.speaker and (a.explicit or b.explicit)


def _cluster(items: list[_Item], encoder: Encoder) -> list[list[int]]:
    groups = [
        _Group(
            items=[k],
            texts={item.mention.article: {item.words}},
            explicit={item.speaker} if item.explicit and item.speaker else set(),
        )
        for k, item in enumerate(items)
    ]
    owner = list(range(len(items)))
    for _strength, a, b in _edges(items, encoder):
        ga, gb = owner[a], owner[b]
        if ga == gb or not _may_merge(groups[ga], groups[gb]):
            continue
        if len(groups[ga].items) < len(groups[gb].items):
            ga, gb = gb, ga
        kept, gone = groups[ga], groups[gb]
        kept.items.extend(gone.items)
        for article, texts in gone.texts.items():
            kept.texts.setdefault(article, set()).update(texts)
        kept.explicit |= gone.explicit
        for k in gone.items:
            owner[k] = ga
    return [sorted(groups[g].items) for g in sorted(set(owner))]


def _may_merge(a: _Group, b: _Group) -> bool:
    """One named speaker per quote, and one article's different quotes stay apart (an
    article repeating the same words may)."""
    if len(a.explicit | b.explicit) > 1:
        return False
    for article, texts in b.texts.items():
        if article in a.texts and len(a.texts[article] | texts) > 1:
            return False
    return True


# ================================================================================ output


def _speaker(members: list[_Item]) -> str | None:
    """The named speaker, else the most frequent guess (the earliest on a tie)."""
    for pool in ([m for m in members if m.explicit], [m for m in members if m.speaker]):
        if pool:
            votes = Counter(m.speaker for m in pool)
            top = max(votes.values())
            return next(m.speaker for m in pool if votes[m.speaker] == top)
    return None


def _same_language(a: str | None, b: str | None) -> bool:
    return (
        bool(a and b) and re.split(r"[-_]", a.casefold())[0] == re.split(r"[-_]", b.casefold())[0]
    )


def _is_complete(text: str) -> bool:
    """A quote that opens like a sentence, not a fragment picked from inside one."""
    first = next((ch for ch in text if ch.isalnum()), "")
    return first.isupper() or first.isdigit()


def _clearest(members: list[_Item], language: str | None) -> str:
    """The longest complete mention in the preferred language, else the longest."""
    preferred = [m for m in members if _same_language(m.language, language)] if language else []
    pool = preferred or members
    # members come in time order and max() keeps the first of equals: the earliest wins.
    return max(pool, key=lambda m: (_is_complete(m.mention.text), len(m.mention.text))).mention.text


def gather_quotes(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    sources: EventSources,
    encoder: Encoder,
    language: str | None = None,
) -> list[QuoteGroup]:
    """The event's quotes, one group per thing said, most-reported first."""
    items = _collect(articles, analyses, sources)
    if not items:
        return []
    drafts = []
    for group in _cluster(items, encoder):
        members = [items[k] for k in group]  # already in time order, then offset
        support = sources.support(m.mention.article for m in members)
        drafts.append((members, support))
    drafts.sort(key=lambda draft: (-len(draft[1]), draft[0][0].rank))
    return [
        QuoteGroup(
            id=f"q{number}",
            speaker=_speaker(members),
            text=_clearest(members, language),
            support=support,
            mentions=[m.mention for m in members],
        )
        for number, (members, support) in enumerate(drafts, start=1)
    ]
