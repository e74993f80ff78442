"""The ECB+ corpus as an event-clustering benchmark.

ECB+ (Cybulska & Vossen 2014, CC BY 3.0) holds 982 English news documents in 43 topics
(ids 1-45; 15 and 17 do not exist). Each topic holds two different events of the same
kind: the "ecb" documents report the original ECB event, the "ecbplus" documents a
similar but different one. The gold event of a document is its `subtopic`
("<topic>_ecb" or "<topic>_ecbplus"), 86 events in all. See
`shared/data/ecbplus/SOURCE.txt`.

`load_documents` reads `ecbplus_docs.jsonl` (derived from the XML: one line per document,
each sentence's tokens joined by single spaces) and turns the tokens back into readable
prose with `detokenize`. `split_topics` and `select` give the standard split (Cybulska &
Vossen 2015; Barhom et al. 2019): train = topics 1-35 minus dev, dev = {2, 5, 12, 18, 21,
23, 34, 35}, test = topics 36-45. Tune on train (or dev), report on test, never the
other way round.

What the corpus does not carry: no outlet names and no publication dates. Every "ecbplus"
document starts with a line holding its URL (`EcbDocument.url`), then usually a headline
and a dateline ("May 2, 2013 1:35 pm.", "PUBLISHED: 22:07 GMT, 7 July 2012"); the first
full date on such a short line near the top is exposed as `EcbDocument.published`
("YYYY-MM-DD"; numeric dates like "5/3/2013" are read month-first, as most of these
outlets are American). "ecb" documents start directly with the body and get None for both.
The URL line is left out of `text` (it is in `sentences[0]` and `url`): only "ecbplus"
documents have one, so its mere presence ("http", "www", "com") would tell the two events
of a topic apart, and its slug ("lohan-rehab") is a label no real article body carries.
Headline and dateline stay in `text`; real articles have both.

The two corpus parts were tokenised differently: "ecb" documents keep hyphenated words
and contractions whole ("seldom-seen", "it's" or "it 's") so a lone "-" is a dash, while
"ecbplus" documents split at every punctuation mark ("90 - day", "5 . 9", "1 : 32",
"SeaMicro ’ s"), so there "-" between two words is a hyphen and a dash is written "- -".
`detokenize(..., split_words=True)` undoes the second kind.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

DOCS_FILE = "ecbplus_docs.jsonl"

# The standard split. Topics 15 and 17 are absent from the corpus, so they belong to no split.
ALL_TOPICS = frozenset(range(1, 46)) - {15, 17}
DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})
TEST_TOPICS = frozenset(range(36, 46))
TRAIN_TOPICS = frozenset(t for t in ALL_TOPICS if t <= 35) - DEV_TOPICS
SPLITS: dict[str, frozenset[int]] = {
    "train": TRAIN_TOPICS,
    "dev": DEV_TOPICS,
    "test": TEST_TOPICS,
    "all": ALL_TOPICS,
}


@dataclass
class EcbDocument:
    doc_id: str  # "1_10ecbplus": topic 1, document 10, "ecbplus" part
    topic: int
    subtopic: str  # the gold event: "<topic>_ecb" | "<topic>_ecbplus"
    text: str  # detokenised sentences but the URL line; a line that is no sentence ends in "\n"
    sentences: list[str] = field(default_factory=list)  # detokenised; index = corpus sentence no.
    url: str | None = None  # only "ecbplus" documents: their first line, left out of `text`
    published: str | None = None  # "YYYY-MM-DD" from a dateline near the top, if one is found


# --- Detokenisation ------------------------------------------------------------------------

# Tokens rewritten before joining: Penn Treebank quote marks become typographic ones.
REWRITE = {"``": "“", "''": "”", "-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]"}
# Tokens written against the next token: "( x" -> "(x", "$ 5" -> "$5".
OPENERS = frozenset("“ ‘ ( [ { $ # £ €".split())
# Tokens written against the previous token: "said ." -> "said.", "5 %" -> "5%".
CLOSERS = frozenset("” ’ ) ] } , . ; : ? ! % ... …".split())
# Clitics split off by the tokenizer, written against the previous token, any case.
CLITICS = frozenset("'s 're 've 'll 'd 'm n't ' ’s ’re ’ve ’ll ’d ’m n’t".split())
# After "’" (split-words mode: "SeaMicro ’ s"), these close up into a contraction.
APOSTROPHE_TAILS = frozenset("s t re ve ll d m".split())
# Split-words mode: punctuation that sat inside a word when the tokens on both sides match
# one of its patterns. "90 - day", "05 / 02 / 2013", "1 : 32", "5 . 9", "U . S", "p . m".
_ALNUM = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\w+")
INNER_PUNCTUATION: dict[str, tuple[re.Pattern[str], ...]] = {
    "-": (_ALNUM,),  # a hyphen, not a dash
    "/": (_ALNUM,),
    "_": (_ALNUM,),
    ":": (_DIGITS,),  # times
    ".": (_DIGITS, re.compile(r"[A-Za-z]")),  # decimals, initials
}
THOUSANDS = (re.compile(r"\d{1,3}"), re.compile(r"\d{3}"))  # "4 , 051" -> "4,051"
WEB_SUFFIXES = frozenset("com org net gov edu co uk htm html php".split())
URL_START = re.compile(r"^(?:https?|www)\b", re.IGNORECASE)
# A line ending in one of these is a sentence; any other line (URL, headline, dateline) is
# ended with a newline. Closing quotes and brackets after it are looked through.
SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")


def _quote_roles(tokens: list[str]) -> list[bool]:
    """For each straight `"` token, whether it opens (True) or closes a quotation.

    Quotes alternate within a sentence. A sentence with an odd number of them continues
    or starts a quotation spanning sentences: if its first `"` follows , . ! ? it is taken
    as a close (`housed , " he said`), else as an open.
    """
    positions = [i for i, tok in enumerate(tokens) if tok == '"']
    if not positions:
        return []
    first = positions[0]
    opens_first = True
    if len(positions) % 2 == 1 and first > 0 and tokens[first - 1] in {",", ".", "!", "?"}:
        opens_first = False
    return [(k % 2 == 0) == opens_first for k in range(len(positions))]


def _glues_inside(tokens: list[str], i: int) -> bool:
    """Split-words mode: whether tokens[i] is punctuation from inside a word."""
    tok = tokens[i]
    if i == 0 or i == len(tokens) - 1:
        return False
    before, after = tokens[i - 1], tokens[i + 1]
    for pattern in INNER_PUNCTUATION.get(tok, ()):
        if pattern.fullmatch(before) and pattern.fullmatch(after):
            return True
    if tok == "." and after.lower() in WEB_SUFFIXES and _WORD.fullmatch(before):
        return True
    if tok == ",":
        return bool(THOUSANDS[0].fullmatch(before) and THOUSANDS[1].fullmatch(after))
    return tok == "’" and after in APOSTROPHE_TAILS and bool(_WORD.fullmatch(before))


def _merge_dashes(tokens: list[str]) -> list[str]:
    """Rejoin "- -", which is how the split tokenizer writes the dash "--"."""
    merged: list[str] = []
    for tok in tokens:
        if tok == "-" and merged and merged[-1] == "-":
            merged[-1] = "--"
        else:
            merged.append(tok)
    return merged


def detokenize(sentence: str, split_words: bool = False) -> str:
    """One tokenised sentence ("He said , `` We 're fine . ''") as prose ("He said, “We're fine.”").

    `split_words` is for text whose tokenizer split punctuation out of words ("90 - day",
    "5 . 9"): such punctuation is joined back. URLs ("http : / / www . x . com") lose all
    their spaces in either mode.
    """
    tokens = sentence.split()
    if not tokens:
        return ""
    if URL_START.match(tokens[0]):
        return "".join(tokens)
    if split_words:
        tokens = _merge_dashes(tokens)
    roles = iter(_quote_roles(tokens))
    out: list[str] = []
    glue_next = True  # no space before the first token
    for i, raw in enumerate(tokens):
        tok = REWRITE.get(raw, raw)
        glue_before, glue_after = False, False
        if tok == '"':
            opens = next(roles)
            glue_before, glue_after = not opens, opens
        elif split_words and _glues_inside(tokens, i):
            glue_before = glue_after = True
        elif tok in OPENERS or (tok in {"'", "’"} and (i == 0 or out[-1] in OPENERS)):
            glue_after = True  # "'" or "’" first in a sentence opens a quotation
        elif tok in CLOSERS or tok.lower() in CLITICS:
            glue_before = True
        if out and not (glue_before or glue_next):
            out.append(" ")
        out.append(tok)
        glue_next = glue_after
    return "".join(out)


def join_sentences(sentences: list[str]) -> str:
    """Sentences joined by a space; a line that is no sentence (headline, URL) by a newline."""
    parts: list[str] = []
    for k, sentence in enumerate(sentences):
        if k:
            parts.append(" " if SENTENCE_END.search(sentences[k - 1]) else "\n")
        parts.append(sentence)
    return "".join(parts)


# --- Datelines -------------------------------------------------------------------------------

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Full dates as datelines write them, tried in order on the detokenised line. Numeric dates
# are read month-first ("12/16/08"), as the American outlets that dominate ECB+ write them;
# dotted day-month dates ("08.07.2012") are ambiguous and left alone.
DATE_PATTERNS: dict[str, re.Pattern[str]] = {
    "month_day_year": re.compile(rf"\b{_MONTH}\s+{_DAY},?[\s-]+{_YEAR}\b", re.IGNORECASE),
    "day_month_year": re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    "iso": re.compile(rf"\b{_YEAR}([-.])(?P<month>\d\d)\2(?P<day>\d\d)\b"),
    "numeric_mdy": re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:\d\d)?\d\d)\b"),
}
# A dateline is short and comes before the body; only the first lines are looked at.
DATELINE_MAX_WORDS = 15
DATELINE_SEARCH_LINES = 6
# Lines with a date that is not the publication date.
NOT_PUBLICATION = re.compile(r"\b(?:downloaded|accessed|retrieved)\b", re.IGNORECASE)


def _to_iso(match: re.Match[str]) -> str | None:
    month_text, day, year = match["month"], int(match["day"]), int(match["year"])
    if year < 100:  # "08" in "12/16/08"; the corpus runs from the 2000s
        year += 2000 if year < 70 else 1900
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text[:3].lower()]
    if month > 12 >= day:  # "27/3/2012": day first after all
        month, day = day, month
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_published(lines: list[str]) -> str | None:
    """The first full date on a short line among the first lines, as "YYYY-MM-DD"."""
    for line in lines[:DATELINE_SEARCH_LINES]:
        if len(line.split()) > DATELINE_MAX_WORDS or NOT_PUBLICATION.search(line):
            continue
        for pattern in DATE_PATTERNS.values():
            match = pattern.search(line)
            if match and (iso := _to_iso(match)):
                return iso
    return None


# --- Loading and splitting -------------------------------------------------------------------

_DOC_ID = re.compile(r"(\d+)_(\d+)(\D*)")


def _doc_key(doc: EcbDocument) -> tuple[int, str, int, str]:
    """Natural order of doc ids: 1_2ecb before 1_10ecb before 2_1ecb."""
    match = _DOC_ID.fullmatch(doc.doc_id)
    if not match:
        return (doc.topic, "", 0, doc.doc_id)
    return (int(match[1]), match[3], int(match[2]), doc.doc_id)


def _document(record: dict) -> EcbDocument:
    doc_id = str(record["doc_id"])
    split_words = doc_id.endswith("ecbplus") or record.get("corpus_part") == "ecbplus"
    sentences = [detokenize(s, split_words) for s in record["sentences"]]
    url = sentences[0] if sentences and URL_START.match(sentences[0]) else None
    body = sentences[1:] if url else sentences
    return EcbDocument(
        doc_id=doc_id,
        topic=int(record["topic"]),
        subtopic=str(record["subtopic"]),
        text=join_sentences(body),
        sentences=sentences,
        url=url,
        published=find_published(body) if split_words else None,
    )


def load_documents(data_dir: str | Path) -> list[EcbDocument]:
    """All ECB+ documents from `data_dir`/ecbplus_docs.jsonl (or that file itself), by doc id."""
    path = Path(data_dir)
    if path.is_dir():
        path = path / DOCS_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"ECB+ data not found: {path} does not exist (expected {DOCS_FILE}, "
            "see shared/data/ecbplus/SOURCE.txt)"
        )
    docs: list[EcbDocument] = []
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                docs.append(_document(json.loads(line)))
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path}:{line_number}: not an ECB+ document: {error}") from error
    return sorted(docs, key=_doc_key)


def split_topics(name: str) -> frozenset[int]:
    """The topic ids of split "train", "dev", "test" or "all"."""
    try:
        return SPLITS[name]
    except KeyError:
        raise ValueError(f"unknown split {name!r}; expected one of {sorted(SPLITS)}") from None


def select(docs: Iterable[EcbDocument], split: str | Iterable[int]) -> list[EcbDocument]:
    """The documents of a split (a name or topic ids), in natural doc-id order."""
    topics = split_topics(split) if isinstance(split, str) else frozenset(split)
    return sorted((d for d in docs if d.topic in topics), key=_doc_key)
