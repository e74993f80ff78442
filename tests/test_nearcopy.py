"""Near-copy detection: republications are found, independent reports are not, and the
answer depends on neither input order nor odd input."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.ingest.readers import read_paths
from accord.nearcopy import (
    MIN_CANDIDATE_RECALL,
    MIN_SHINGLES,
    BandIndex,
    NearCopyIndex,
    find_near_copies,
    lsh_bands,
    normalise,
    shingle_hashes,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# An invented wire story, ten paragraphs (no real event, place or person).
STORY = [
    "The ferry service between Marrow Bay and the island of Tesk will stop for six weeks "
    "from Monday while engineers replace the main landing ramp, the harbour board said on "
    "Thursday in a statement issued after a late meeting.",
    "About 1,400 passengers use the crossing on an ordinary weekday, most of them "
    "commuters who work in the fish market or at the hospital on the mainland side of the "
    "narrow channel.",
    "A replacement bus will run around the northern causeway every forty minutes, adding "
    "close to an hour to the journey, and the board promised that season tickets would be "
    "honoured on it without any extra charge.",
    "“We know this is a hard six weeks for people on Tesk, but the old ramp has reached the "
    "end of its life,” said Ilse Marrenfort, who chairs the harbour board.",
    "Inspectors found cracks in two of the steel hinges during a routine survey in August. "
    "The ramp was patched at the time, and a weight limit for lorries was imposed while a "
    "new one was ordered.",
    "The new ramp was built at a yard in Skelde and will be towed across the bay on a "
    "barge. Fitting it needs calm water, which is why the work was pushed back from the "
    "stormier autumn months.",
    "Shopkeepers on the island warned that deliveries of fresh food could be delayed. The "
    "island grocer, Pell Arnsby, said he had doubled his orders of flour and tinned goods "
    "ahead of the closure.",
    "The board said emergency crossings would remain possible on a smaller launch that "
    "does not need the ramp, and that the lifeboat station on Tesk would be staffed around "
    "the clock during the works.",
    "The repair is expected to cost 3.2 million crowns, paid from a fund the board set "
    "aside after a storm damaged the breakwater four years ago, so fares will not rise "
    "this year.",
    "If the weather holds, the first ferry with the new ramp should sail on the morning "
    "of the fourteenth of April, the board said, with a timetable for the summer season "
    "to follow next month.",
]
ORIGINAL = "\n\n".join(STORY)

# The same happening reported by another outlet in its own words, quoting the same person.
REWRITE = "\n\n".join(
    [
        "Islanders on Tesk face six weeks without their ferry after the harbour board "
        "decided to replace the worn landing ramp at Marrow Bay, starting on Monday.",
        "“We know this is a hard six weeks for people on Tesk, but the old ramp has reached "
        "the end of its life,” said Ilse Marrenfort, who chairs the harbour board.",
        "Some 1,400 people cross each weekday. Buses will take the long way round by the "
        "northern causeway, and commuters can expect an extra hour each way.",
        "Cracked hinges spotted in August forced a weight limit on lorries. A new ramp, "
        "built in Skelde, will arrive by barge once the sea is calm enough.",
        "Grocer Pell Arnsby has stocked up on flour and tinned goods. The work will cost "
        "3.2 million crowns from a reserve fund, and fares stay the same; the board hopes "
        "to restart sailings on the fourteenth of April.",
    ]
)

EXTRA_PARAGRAPH = (
    "Local councillors asked the board to publish a full list of the bus times on the "
    "island noticeboard and online before the weekend, so that families can plan school "
    "journeys well in advance."
)


def add_all(index: NearCopyIndex, items: list[tuple[str, str, str | None]]) -> list:
    return [index.add(*item) for item in items]


# --- normalisation -------------------------------------------------------------------


def test_normalise_ignores_case_quotes_punctuation_and_spacing() -> None:
    assert (
        normalise("“Corvane’s  MINE,” she said —\n\tclosing.") == "corvanes mine she said closing"
    )
    assert normalise('"Corvane\'s mine" she said - closing') == "corvanes mine she said closing"
    # NFKC: full-width letters and ligatures become plain ones.
    assert normalise("ＡＢＣ ﬁnal") == "abc final"
    # Invisible characters do not split words.
    assert normalise("Mar\u00adrow Bay\u200b") == "marrow bay"


def test_boilerplate_styles_give_identical_shingles() -> None:
    restyled = (
        ORIGINAL.replace("“", '"').replace("”", '"').replace("’", "'").upper().replace(" ", "  ")
    )
    assert list(shingle_hashes(restyled)) == list(shingle_hashes(ORIGINAL))


def test_shingles_are_distinct_words_windows() -> None:
    assert len(shingle_hashes("one two three four", 5)) == 0
    assert len(shingle_hashes("one two three four five", 5)) == 1
    # A repeated window counts once (shingles form a set).
    assert len(shingle_hashes("a b a b a b a b", 2)) == 2


# --- parameters ----------------------------------------------------------------------


def test_lsh_bands_propose_pairs_at_the_threshold() -> None:
    for threshold in (0.3, 0.5, 0.7, 0.9):
        bands, rows = lsh_bands(threshold, 128)
        assert bands >= 2 and bands * rows <= 128
        assert 1 - (1 - threshold**rows) ** bands >= MIN_CANDIDATE_RECALL
    assert lsh_bands(0.7, 128) == (32, 4)


class _Sketch:
    """What `BandIndex` reads of a sketch: its hash values."""

    def __init__(self, values: list[int]) -> None:
        self.hashvalues = np.array(values, dtype=np.uint32)


# Sketches of 6 values in 3 bands of 2 rows, drawn from few values so bands often agree.
_band_sketches = st.lists(st.integers(0, 3), min_size=6, max_size=6)
_band_ops = st.lists(
    st.tuples(st.sampled_from(["add", "forget"]), st.integers(0, 7), _band_sketches),
    max_size=40,
)


@given(_band_ops, _band_sketches)
def test_band_index_proposes_exactly_the_articles_sharing_a_band(ops, probe) -> None:
    index = BandIndex(bands=3, rows=2)
    held: dict[str, list[int]] = {}
    for op, number, values in ops:
        article = f"a{number}"
        if op == "add" and article not in held:
            held[article] = values
            index.insert(article, index.keys(_Sketch(values)))
        elif op == "forget" and article in held:
            index.remove(article, index.keys(_Sketch(held.pop(article))))

    def bands(values: list[int]) -> list[tuple[int, ...]]:
        return [tuple(values[k : k + 2]) for k in range(0, 6, 2)]

    mine = bands(probe)
    expected = {
        a for a, v in held.items() if any(x == y for x, y in zip(bands(v), mine, strict=True))
    }
    assert index.query(index.keys(_Sketch(probe))) == expected


@pytest.mark.parametrize(
    "kwargs", [{"threshold": 0.0}, {"threshold": 1.5}, {"num_perm": 1}, {"shingle_size": 0}]
)
def test_bad_parameters_are_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        NearCopyIndex(**kwargs)


# --- what counts as a copy -----------------------------------------------------------


def test_identical_republication_is_a_copy() -> None:
    index = NearCopyIndex()
    assert index.add("wire", ORIGINAL, "2026-03-01") is None
    assert index.add("outlet", "Marrow Bay ferry to halt\n\n" + ORIGINAL, "2026-03-02") == "wire"


def test_paragraph_added_is_still_a_copy() -> None:
    longer = "\n\n".join([*STORY[:5], EXTRA_PARAGRAPH, *STORY[5:]])
    index = NearCopyIndex()
    add_all(index, [("wire", ORIGINAL, "2026-03-01")])
    assert index.add("outlet", longer, "2026-03-02") == "wire"


def test_paragraph_removed_is_still_a_copy() -> None:
    shorter = "\n\n".join(STORY[:6] + STORY[7:])
    index = NearCopyIndex()
    add_all(index, [("wire", ORIGINAL, "2026-03-01")])
    assert index.add("outlet", shorter, "2026-03-02") == "wire"


def test_same_event_rewritten_by_another_outlet_is_not_a_copy() -> None:
    index = NearCopyIndex()
    assert index.sketch(ORIGINAL).jaccard(index.sketch(REWRITE)) < 0.2
    add_all(index, [("wire", ORIGINAL, "2026-03-01")])
    assert index.add("other", REWRITE, "2026-03-01") is None


def test_texts_too_short_never_match() -> None:
    six_words = "Ferry halted for six weeks."  # 1 shingle of 5 words
    index = NearCopyIndex(shingle_size=5)
    assert index.add("a", six_words, None) is None
    assert index.add("b", six_words, None) is None
    # The boundary: MIN_SHINGLES shingles are enough for identical texts to match.
    words = " ".join(f"word{i}" for i in range(5 + MIN_SHINGLES - 1))
    assert index.add("c", words, None) is None
    assert index.add("d", words, None) == "c"
    assert index.add("e", "", None) is None
    assert index.add("f", "", None) is None


# --- the online index ----------------------------------------------------------------


def test_add_points_at_the_earliest_even_when_the_original_arrives_late() -> None:
    index = NearCopyIndex()
    assert index.add("copy", ORIGINAL + "\n\nFollow us for more.", "2026-03-02") is None
    # The original, published earlier, arrives second: it is nobody's copy ...
    assert index.add("wire", ORIGINAL, "2026-03-01") is None
    # ... and the copy now points at it.
    assert index.duplicate_of("copy") == "wire"
    assert index.duplicate_of("wire") is None
    assert len(index) == 2 and "copy" in index


def test_an_index_rebuilt_from_kept_sketches_answers_alike() -> None:
    texts = {
        "wire": (ORIGINAL, "2026-03-01"),
        "copy": (ORIGINAL + "\n\nFollow us for more.", "2026-03-02"),
        "short": ("Too short.", "2026-03-02"),
        "other": ("Ferry crews in Dunmore voted on Monday to end a nine-day strike. " * 3, None),
    }
    first = NearCopyIndex()
    for article_id, (text, published) in texts.items():
        first.add(article_id, text, published)
    again = NearCopyIndex()
    for article_id, (_, published) in reversed(texts.items()):
        again.add_sketch(article_id, first.sketch_of(article_id), published)
    assert first.sketch_of("short") is None
    assert {a: again.duplicate_of(a) for a in texts} == {a: first.duplicate_of(a) for a in texts}
    assert again.duplicate_of("copy") == "wire"


def test_forgotten_articles_keep_their_group_but_match_nothing_new() -> None:
    index = NearCopyIndex()
    index.add("wire", ORIGINAL, "2026-03-01")
    assert index.add("copy-1", ORIGINAL, "2026-03-02") == "wire"
    index.forget("wire")
    index.forget("never-added")  # harmless
    assert index.duplicate_of("copy-1") == "wire"
    # A later copy still finds the group through copy-1, which is still indexed ...
    assert index.add("copy-2", ORIGINAL, "2026-03-03") == "wire"
    index.forget("copy-1")
    index.forget("copy-2")
    # ... but once every member is forgotten, the story counts as new.
    assert index.add("copy-3", ORIGINAL, "2026-03-04") is None


def test_repeated_id_is_refused() -> None:
    index = NearCopyIndex()
    index.add("a", ORIGINAL, None)
    with pytest.raises(ValueError, match="already added"):
        index.add("a", ORIGINAL, None)


def _paragraphs(seed: int, count: int) -> list[str]:
    # Made-up words, so overlaps come only from the paragraphs a test shares on purpose.
    rng = random.Random(seed)
    syllables = "ka lo ven dar mi so tre bal nor qui es ran to lep ux".split()
    return [" ".join("".join(rng.choices(syllables, k=3)) for _ in range(40)) for _ in range(count)]


def test_a_bridge_article_joins_two_groups_under_the_earliest() -> None:
    paras = _paragraphs(3, 10)
    a = "\n\n".join(paras[:8])  # shares 6 of its 8 paragraphs with c
    c = "\n\n".join(paras[2:])
    b = "\n\n".join(paras)  # contains both
    index = NearCopyIndex()
    sa, sb, sc = index.sketch(a), index.sketch(b), index.sketch(c)
    assert sa.jaccard(sc) < 0.7 <= min(sa.jaccard(sb), sc.jaccard(sb))  # the premise
    assert index.add("a", a, "2026-01-01") is None
    assert index.add("c", c, "2026-01-02") is None  # no copy of a on its own
    assert index.add("b", b, "2026-01-03") == "a"
    assert index.duplicate_of("c") == "a"  # chain: c ~ b ~ a

    # The batch answer is the same, whatever the order given.
    items = [("c", c, "2026-01-02"), ("b", b, "2026-01-03"), ("a", a, "2026-01-01")]
    assert find_near_copies(items) == {"a": None, "c": "a", "b": "a"}


# --- batch ---------------------------------------------------------------------------


def _batch_items() -> list[tuple[str, str, str | None]]:
    paras = _paragraphs(5, 12)
    other = "\n\n".join(_paragraphs(6, 8))
    return [
        ("wire-1", ORIGINAL, "2026-03-01T08:00:00+00:00"),
        ("paper-1", "Ferry halt\n\n" + ORIGINAL, "2026-03-01T09:30:00+00:00"),
        ("paper-2", "\n\n".join(STORY[1:]), "2026-03-02"),
        ("rewrite", REWRITE, "2026-03-01"),
        ("undated", "\n\n".join(paras), None),
        ("dated-copy", "\n\n".join(paras[1:]), "2026-02-01"),
        ("same-day-b", other, "2026-02-05"),
        ("same-day-a", other, "2026-02-05"),
        ("short", "Ferry halted.", "2026-03-01"),
    ]


BATCH_EXPECTED = {
    # Sorted by (published or "", id): the undated article sorts first.
    "undated": None,
    "dated-copy": "undated",
    "same-day-a": None,
    "same-day-b": "same-day-a",  # same date: the id decides
    "rewrite": None,
    "short": None,
    "wire-1": None,
    "paper-1": "wire-1",
    "paper-2": "wire-1",
}


def test_batch_groups_copies_under_the_earliest() -> None:
    result = find_near_copies(_batch_items())
    assert result == BATCH_EXPECTED
    assert list(result) == list(BATCH_EXPECTED)  # sorted order, not input order


@settings(max_examples=30, deadline=None)
@given(st.permutations(_batch_items()))
def test_batch_result_does_not_depend_on_input_order(items: list) -> None:
    result = find_near_copies(items)
    assert result == BATCH_EXPECTED
    assert list(result) == list(BATCH_EXPECTED)


def test_batch_refuses_repeated_ids() -> None:
    with pytest.raises(ValueError):
        find_near_copies([("a", ORIGINAL, None), ("a", REWRITE, None)])


# --- the example corpus --------------------------------------------------------------


def _corpus() -> tuple[dict[str, str], list[tuple[str, str, str | None]]]:
    """Article id by truth ref (path under examples/, or record id), and batch items."""
    result = read_paths([EXAMPLES / "articles"])
    assert result.problems == []
    ids: dict[str, str] = {}
    for article in result.articles:
        path = Path(article.source.rsplit(":", 1)[0])
        ref = article.id if path.suffix == ".jsonl" else path.relative_to(EXAMPLES).as_posix()
        ids[ref] = article.id
    return ids, [(a.id, a.text, a.published) for a in result.articles]


def test_example_corpus_near_copies_are_found_and_nothing_else() -> None:
    truth = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))
    ids, items = _corpus()
    expected = {
        ids[pair["copy"]]: ids[pair["original"]]
        for event in truth["events"]
        for pair in event["near_copies"]
    }
    assert len(expected) == 2  # the two republications of the MPA Corvane story
    found = {article: root for article, root in find_near_copies(items).items() if root}
    assert found == expected


# --- untrusted text ------------------------------------------------------------------

ANY_TEXT = st.text(
    st.characters(categories=["L", "M", "N", "P", "S", "Z", "Cc", "Cf", "Cs", "Co"]),
    max_size=300,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(ANY_TEXT, max_size=6))
def test_arbitrary_texts_never_crash(texts: list[str]) -> None:
    index = NearCopyIndex()
    for number, text in enumerate(texts):
        answer = index.add(str(number), text, None)
        assert answer is None or answer in index
    result = find_near_copies([(str(n), t, None) for n, t in enumerate(texts)])
    assert set(result) == {str(n) for n in range(len(texts))}


def test_lone_surrogates_and_controls_are_word_breaks() -> None:
    assert normalise("port\ud800ellis\x00sea\x1fwall") == "port ellis sea wall"
    index = NearCopyIndex(shingle_size=2)
    text = "port\ud800ellis sea wall fails again"
    assert index.add("a", text, None) is None
    assert index.add("b", text.replace("\ud800", " "), None) == "a"


WORDS = st.sampled_from("ramp ferry tesk bay harbour board crossing bus storm wall".split())


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(WORDS, min_size=0, max_size=12), st.sampled_from([None, "d1", "d2"])),
        max_size=8,
    )
)
def test_batch_roots_are_earliest_and_map_to_none(docs: list) -> None:
    # A tiny vocabulary makes chance matches common, to exercise the grouping.
    items = [(f"id{n}", " ".join(words), date) for n, (words, date) in enumerate(docs)]
    result = find_near_copies(items, shingle_size=2)
    key = {article: (date or "", article) for article, _, date in items}
    for article, root in result.items():
        if root is not None:
            assert result[root] is None
            assert key[root] < key[article]
    assert find_near_copies(list(reversed(items)), shingle_size=2) == result


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(st.characters(categories=["L"]), min_size=1, max_size=8), max_size=30),
    st.randoms(use_true_random=False),
)
def test_shingles_ignore_case_spacing_and_punctuation(words: list[str], rng) -> None:
    separators = [" ", "  ", ", ", ". ", "\n", " — ", "; ", " “", "” ", "’ "]
    plain = " ".join(words)

    def restyle(word: str) -> str:
        # Upper-casing is only neutral where casefolding undoes it (not for "ı", say).
        upper = word.upper()
        return upper if rng.random() < 0.5 and upper.casefold() == word.casefold() else word

    styled = "".join(restyle(w) + rng.choice(separators) for w in words)
    assert list(shingle_hashes(styled, 3)) == list(shingle_hashes(plain, 3))
    assert list(shingle_hashes(plain)) == list(shingle_hashes(plain))  # deterministic
