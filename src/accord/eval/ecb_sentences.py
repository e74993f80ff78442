"""ECB+ sentences and sentence pairs labelled "the same happening told twice".

ECB+ (see `accord.eval.ecbplus`) annotates, in a selection of sentences per document
(`ECBplus_coreference_sentences.csv`), the mentions of actions and links those of one
happening across documents (`CROSS_DOC_COREF` relations whose `note` is an "ACT..."
instance id). That gives an external check of claim alignment, which today is tuned on the
example corpus alone:

- a **positive** pair is two annotated sentences of different documents of the same
  sub-topic (the same real event) that both mention one cross-document action chain;
- a **negative** pair is two annotated sentences of different documents of the same topic
  that share no action chain (the other sub-topic of a topic is a similar but different
  event, so many negatives are hard ones).

Pairs within one document are never made: claims never join two statements of one
article. The raw XML is read (tokens, markables, relations); the sentence text is rebuilt
from the tokens with `accord.eval.ecbplus.detokenize`. Nothing is cached on disk.

The test topics (36-45) are held out: `read_split` refuses them unless asked explicitly.
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from accord.eval.ecbplus import (
    DOCS_FILE,
    URL_START,
    detokenize,
    find_published,
    split_topics,
)

RAW_DIR = Path("raw") / "ECB+_LREC2014"
SENTENCES_CSV = "ECBplus_coreference_sentences.csv"
XML_DIR = "ECB+"
# Cross-document instances of actions; "NEG..." (negated actions), "HUM...", "LOC...",
# "TIM...", "NON..." are other kinds and do not make two sentences tell one happening.
ACTION_PREFIX = "ACT"
HELD_OUT = frozenset({"test", "all"})


@dataclass(frozen=True)
class EcbSentence:
    """One annotated sentence of ECB+."""

    doc_id: str  # "1_10ecbplus"
    topic: int
    subtopic: str  # "1_ecbplus": the gold event of its document
    number: int  # the corpus sentence number (0 is the URL line of "ecbplus" documents)
    text: str  # detokenised
    chains: frozenset[str]  # cross-document action instances it mentions ("ACT1623...")
    published: str | None = None  # "YYYY-MM-DD" from the document's dateline, if found


@dataclass(frozen=True)
class SentencePair:
    """Indices (a < b) into a list of `EcbSentence`, with the label."""

    a: int
    b: int
    positive: bool
    same_subtopic: bool


def resolve_root(data_dir: str | Path) -> Path:
    """The folder holding ECB+'s README (accepts it, its parent, or the ecbplus folder)."""
    path = Path(data_dir)
    for candidate in (path, path / "ECB+_LREC2014", path / RAW_DIR):
        if (candidate / SENTENCES_CSV).is_file():
            return candidate
    raise FileNotFoundError(
        f"ECB+ raw data not found under {path} (expected {RAW_DIR / SENTENCES_CSV}, "
        "see shared/data/ecbplus/SOURCE.txt)"
    )


def annotated_sentences(root: Path) -> dict[str, set[int]]:
    """Doc id ("1_10ecbplus") -> its annotated sentence numbers."""
    selected: dict[str, set[int]] = defaultdict(set)
    with (root / SENTENCES_CSV).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            topic, name = row["Topic"].strip(), row["File"].strip()
            selected[f"{topic}_{name}"].add(int(row["Sentence Number"]))
    return dict(selected)


def subtopics(root: Path) -> dict[str, str]:
    """Doc id -> sub-topic, from `ecbplus_docs.jsonl` beside the raw folder when present."""
    for folder in (root, *root.parents[:3]):
        path = folder / DOCS_FILE
        if path.is_file():
            with path.open(encoding="utf-8") as handle:
                records = (json.loads(line) for line in handle if line.strip())
                return {str(r["doc_id"]): str(r["subtopic"]) for r in records}
    return {}


def _subtopic_by_name(doc_id: str) -> str:
    topic, _, rest = doc_id.partition("_")
    return f"{topic}_{'ecbplus' if rest.endswith('ecbplus') else 'ecb'}"


def read_document(path: Path, wanted: set[int], subtopic: str | None = None) -> list[EcbSentence]:
    """The `wanted` sentences of one ECB+ XML document, in sentence order."""
    doc_id = path.stem
    tree = ET.parse(path)
    words: dict[int, list[str]] = defaultdict(list)
    sentence_of: dict[str, int] = {}
    for token in tree.getroot().iter("token"):
        number = int(token.get("sentence", "-1"))
        sentence_of[token.get("t_id", "")] = number
        words[number].append(token.text or "")
    # A markable's sentences: those of its anchor tokens.
    markable_sentences: dict[str, set[int]] = {}
    markables = tree.getroot().find("Markables")
    for markable in markables if markables is not None else ():
        anchors = {sentence_of.get(a.get("t_id", ""), -1) for a in markable.iter("token_anchor")}
        markable_sentences[markable.get("m_id", "")] = anchors
    chains: dict[int, set[str]] = defaultdict(set)
    for relation in tree.getroot().iter("CROSS_DOC_COREF"):
        note = relation.get("note", "")
        if not note.startswith(ACTION_PREFIX):
            continue
        for source in relation.iter("source"):
            for number in markable_sentences.get(source.get("m_id", ""), ()):
                chains[number].add(note)
    split_words = doc_id.endswith("ecbplus")
    texts = {n: detokenize(" ".join(tokens), split_words) for n, tokens in words.items()}
    body = [texts[n] for n in sorted(texts) if not URL_START.match(texts[n])]
    published = find_published(body) if split_words else None
    topic = int(doc_id.split("_", 1)[0])
    return [
        EcbSentence(
            doc_id=doc_id,
            topic=topic,
            subtopic=subtopic or _subtopic_by_name(doc_id),
            number=n,
            text=texts[n],
            chains=frozenset(chains.get(n, ())),
            published=published,
        )
        for n in sorted(wanted)
        if n in texts and texts[n].strip()
    ]


def read_sentences(data_dir: str | Path, topics: Iterable[int]) -> list[EcbSentence]:
    """The annotated sentences of the given topics, by topic, document and number."""
    root = resolve_root(data_dir)
    selected = annotated_sentences(root)
    subtopic_of = subtopics(root)
    wanted_topics = set(topics)
    found: list[EcbSentence] = []
    for doc_id in sorted(selected, key=_doc_order):
        topic = int(doc_id.split("_", 1)[0])
        if topic not in wanted_topics:
            continue
        path = root / XML_DIR / str(topic) / f"{doc_id}.xml"
        if path.is_file():
            found.extend(read_document(path, selected[doc_id], subtopic_of.get(doc_id)))
    return found


def read_split(data_dir: str | Path, split: str, allow_test: bool = False) -> list[EcbSentence]:
    """The annotated sentences of split "train" or "dev" ("test" only with `allow_test`)."""
    if split in HELD_OUT and not allow_test:
        raise ValueError(f"split {split!r} holds the test topics; pass allow_test=True")
    return read_sentences(data_dir, split_topics(split))


def _doc_order(doc_id: str) -> tuple[int, str, int]:
    topic, _, rest = doc_id.partition("_")
    digits = "".join(ch for ch in rest if ch.isdigit())
    return (int(topic), rest.lstrip("0123456789"), int(digits or 0))


def labelled_pairs(sentences: list[EcbSentence], min_shared: int = 1) -> list[SentencePair]:
    """Positive and negative pairs (see the module docstring) among `sentences`.

    `min_shared` > 1 asks more of a positive: that many chains in common (the same
    happening and, say, the same report of it), closer to "the same statement"; pairs
    sharing fewer but some chains are then left out as neither. Two sentences of different
    sub-topics that share a chain would contradict the gold events; such pairs (an
    annotation slip) are left out rather than guessed."""
    by_topic: dict[int, list[int]] = defaultdict(list)
    for index, sentence in enumerate(sentences):
        by_topic[sentence.topic].append(index)
    pairs: list[SentencePair] = []
    for topic in sorted(by_topic):
        members = by_topic[topic]
        for k, i in enumerate(members):
            for j in members[k + 1 :]:
                a, b = sentences[i], sentences[j]
                if a.doc_id == b.doc_id:
                    continue
                same = a.subtopic == b.subtopic
                shared = len(a.chains & b.chains)
                if shared and (not same or shared < min_shared):
                    continue
                pairs.append(SentencePair(i, j, positive=shared > 0, same_subtopic=same))
    return pairs
