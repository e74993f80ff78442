"""Sentences with character offsets into the article text (pysbd, per language).

pysbd's cost grows faster than linearly with the length of what it is given, and a
sentence never crosses a paragraph, so each paragraph is segmented on its own.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd

from accord.model import Sentence

# The languages pysbd has rules for; others are segmented with the English rules,
# which split on the same punctuation and know the common abbreviations.
PYSBD_LANGUAGES = frozenset(
    """en hi mr zh es am ar hy bg ur ru pl fa nl da fr my el it ja de kk sk""".split()
)
_PARAGRAPH = re.compile(r"[^\n]+")
# Splitting a huge paragraph costs quadratic time in pysbd; cut it at line-like
# boundaries first (a paragraph this long is a text without newlines, not prose).
_MAX_PARAGRAPH = 5000
_HARD_BREAK = re.compile(r"(?<=[.!?。！？])\s+")

# Titles and abbreviations after which pysbd still splits in some languages ("El Sr." |
# "Pérez llegó"); a split right after one of them is undone.
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "es": frozenset("sr sra srta dr dra lic ing gral avda av pág núm no ud uds etc".split()),
    "it": frozenset("sig sigg dott dr ing avv prof on sen gen ecc".split()),
    "de": frozenset("dr prof hr fr nr bzw ca vgl usw z. b".split()),
    "fr": frozenset("m mme mlle dr pr me st ste".split()),
    "en": frozenset("mr mrs ms dr prof gen sen rep gov lt col sgt st jr sr".split()),
}
_LAST_WORD = re.compile(r"([^\s.]+)\.$")


@lru_cache(maxsize=32)
def _segmenter(language: str) -> pysbd.Segmenter:
    code = language if language in PYSBD_LANGUAGES else "en"
    return pysbd.Segmenter(language=code, clean=False, char_span=False)


def split_sentences(text: str, language: str | None = None) -> list[Sentence]:
    """The sentences of `text`, each with `text[start:end] == sentence.text`."""
    segmenter = _segmenter(language or "en")
    sentences: list[Sentence] = []
    for paragraph in _PARAGRAPH.finditer(text):
        for chunk_start, chunk in _chunks(paragraph.group(), paragraph.start()):
            sentences.extend(_segment(segmenter, chunk, chunk_start))
    return _merge_false_splits(text, sentences, ABBREVIATIONS.get(language or "en", frozenset()))


def _merge_false_splits(
    text: str, sentences: list[Sentence], abbreviations: frozenset[str]
) -> list[Sentence]:
    """Undo splits after a title abbreviation or before a lowercase word: a sentence
    does not start in lowercase, and "Sr." does not end one."""
    merged: list[Sentence] = []
    for sentence in sentences:
        if merged and _false_split(text, merged[-1], sentence, abbreviations):
            previous = merged.pop()
            sentence = Sentence(text[previous.start : sentence.end], previous.start, sentence.end)
        merged.append(sentence)
    return merged


def _false_split(
    text: str, previous: Sentence, sentence: Sentence, abbreviations: frozenset[str]
) -> bool:
    if "\n" in text[previous.end : sentence.start]:
        return False
    if sentence.text[0].islower():
        return True
    last = _LAST_WORD.search(previous.text)
    return bool(last and last.group(1).lower() in abbreviations)


def _chunks(paragraph: str, offset: int) -> list[tuple[int, str]]:
    if len(paragraph) <= _MAX_PARAGRAPH:
        return [(offset, paragraph)]
    chunks: list[tuple[int, str]] = []
    start = 0
    for cut in _HARD_BREAK.finditer(paragraph):
        if cut.end() - start >= _MAX_PARAGRAPH // 2:
            chunks.append((offset + start, paragraph[start : cut.start()]))
            start = cut.end()
    chunks.append((offset + start, paragraph[start:]))
    # Text without any sentence punctuation: fixed-size pieces keep the cost bounded.
    return [
        (chunk_offset + i, chunk[i : i + _MAX_PARAGRAPH])
        for chunk_offset, chunk in chunks
        for i in range(0, len(chunk), _MAX_PARAGRAPH)
    ]


# A sentence can only end at a terminator followed by space; a paragraph with none of
# those before its end is one sentence, and pysbd (about a millisecond a call) is skipped.
_INNER_TERMINATOR = re.compile(r"[.!?…。！？][\"'”’»)\]]*\s+\S")


def _segment(segmenter: pysbd.Segmenter, chunk: str, offset: int) -> list[Sentence]:
    if not _INNER_TERMINATOR.search(chunk):
        stripped = chunk.strip()
        if not stripped:
            return []
        lead = len(chunk) - len(chunk.lstrip())
        return [Sentence(stripped, offset + lead, offset + lead + len(stripped))]
    return _segment_with_pysbd(segmenter, chunk, offset)


def _segment_with_pysbd(segmenter: pysbd.Segmenter, chunk: str, offset: int) -> list[Sentence]:
    """Map pysbd's sentence strings back to offsets by searching forward in order.

    (pysbd's own char_span mode searches with regexes built from each sentence and
    is both slower and wrong when a sentence repeats earlier text.)
    """
    found: list[Sentence] = []
    cursor = 0
    for piece in segmenter.segment(chunk):
        stripped = piece.strip()
        if not stripped:
            continue
        position = chunk.find(stripped, cursor)
        if position < 0:
            # pysbd altered the text (it should not with clean=False); resynchronise
            # on the piece's first word rather than lose the rest of the paragraph.
            position = chunk.find(stripped.split()[0], cursor)
            if position < 0:
                continue
            stripped = chunk[position : position + len(stripped)]
        end = position + len(stripped)
        found.append(Sentence(stripped, offset + position, offset + end))
        cursor = end
    return _cover_gaps(chunk, offset, found)


def _cover_gaps(chunk: str, offset: int, found: list[Sentence]) -> list[Sentence]:
    """Text pysbd skipped (it rarely does) is kept as its own sentence: nothing lost."""
    result: list[Sentence] = []
    cursor = 0
    for sentence in [*found, Sentence("", offset + len(chunk), offset + len(chunk))]:
        gap = chunk[cursor : sentence.start - offset]
        if gap.strip():
            lead = len(gap) - len(gap.lstrip())
            text = gap.strip()
            result.append(
                Sentence(text, offset + cursor + lead, offset + cursor + lead + len(text))
            )
        if sentence.text:
            result.append(sentence)
        cursor = sentence.end - offset
    return result
