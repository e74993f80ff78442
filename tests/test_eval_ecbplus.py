"""ECB+ loading, detokenisation, the standard split, and the TF-IDF baseline."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.eval.baselines import fit_threshold, tfidf_average_linkage
from accord.eval.ecbplus import (
    REWRITE,
    URL_START,
    EcbDocument,
    detokenize,
    find_published,
    join_sentences,
    load_documents,
    select,
    split_topics,
)

DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus"


@pytest.fixture(scope="module")
def corpus() -> list[EcbDocument]:
    return load_documents(DATA_DIR)


# --- Detokenisation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tokens, prose",
    [
        ("The mayor said .", "The mayor said."),
        ("`` We are ready , '' she said .", "“We are ready,” she said."),
        ("the council 's vote", "the council's vote"),
        ("They did n't wait ; they left !", "They didn't wait; they left!"),
        ("I 'm sure we 're fine and you 'll see", "I'm sure we're fine and you'll see"),
        ("The ferry ( the older one ) sank", "The ferry (the older one) sank"),
        ("a [ new ] bridge", "a [new] bridge"),
        ("It cost $ 40 , up 5 % .", "It cost $40, up 5%."),
        ("the Mills ' farm", "the Mills' farm"),
        ("' Fine , ' he said", "'Fine,' he said"),
        ('He said " stop " and left .', 'He said "stop" and left.'),
        ('were housed , " the clerk said .', 'were housed," the clerk said.'),
        ('" We left early .', '"We left early.'),
        ("‘ Night Owls ’ opened", "‘Night Owls’ opened"),
        ("It rained -- hard .", "It rained -- hard."),
        ("a while - at least", "a while - at least"),  # a lone hyphen is a dash here
        ("http : / / www . example . org / a - b", "http://www.example.org/a-b"),
        ("", ""),
    ],
)
def test_detokenize(tokens, prose):
    assert detokenize(tokens) == prose


@pytest.mark.parametrize(
    "tokens, prose",
    [
        ("a 90 - day stay", "a 90-day stay"),
        ("a 7 - year - old pony", "a 7-year-old pony"),
        ("magnitude 5 . 9 quake", "magnitude 5.9 quake"),
        ("at 1 : 32 PM on 05 / 02 / 2013", "at 1:32 PM on 05/02/2013"),
        ("around 1 : 30 a . m . , police said", "around 1:30 a.m., police said"),
        ("the U . S . team", "the U.S. team"),
        ("4 , 051 yards , 12 catches", "4,051 yards, 12 catches"),
        ("the mill ’ s owner", "the mill’s owner"),
        ("they won ’ t", "they won’t"),
        ("his next home - - a wait", "his next home -- a wait"),
        ("according to Gazette . com", "according to Gazette.com"),
        ("in 2009 . A quiet year", "in 2009. A quiet year"),  # digit and letter: no join
    ],
)
def test_detokenize_split_words(tokens, prose):
    assert detokenize(tokens, split_words=True) == prose


def test_split_words_only_when_asked():
    assert detokenize("a 90 - day stay") == "a 90 - day stay"


def test_join_sentences_breaks_lines_that_are_no_sentences():
    lines = ["Ferry Sinks Off Harbor", "May 2, 2013", "The ferry sank.", "Nobody was hurt."]
    assert join_sentences(lines) == (
        "Ferry Sinks Off Harbor\nMay 2, 2013\nThe ferry sank. Nobody was hurt."
    )
    assert join_sentences(['"We are fine."', "He left."]) == '"We are fine." He left.'
    assert join_sentences([]) == ""


tokenised = st.lists(
    st.one_of(
        st.sampled_from(["``", "''", '"', "'", "’", "-", "--", ".", ",", ":", "/", "(", ")", "$"]),
        st.sampled_from(["'s", "n't", "s", "t", "5", "05", "U", "com", "http", "www"]),
        st.text(min_size=1, max_size=6).filter(lambda t: not any(c.isspace() for c in t)),
    ),
    max_size=25,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(tokenised, st.booleans())
def test_detokenize_only_moves_spaces(sentence, split_words):
    prose = detokenize(sentence, split_words)
    # Whatever the rules decide, no character is lost or invented, bar the PTB quote rewrite.
    tokens = sentence.split()
    if tokens and URL_START.match(tokens[0]):
        expected = "".join(tokens)  # a URL is only closed up
    else:
        expected = "".join(REWRITE.get(token, token) for token in tokens)
    assert re.sub(r"\s", "", prose) == expected
    assert "  " not in prose and prose == prose.strip()
    assert detokenize(sentence, split_words) == prose


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.booleans())
def test_detokenize_never_crashes_on_any_text(text, split_words):
    assert isinstance(detokenize(text, split_words), str)
    assert isinstance(find_published([text]), str | None)


# --- Datelines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["Ferry Sinks", "May 03, 2013"], "2013-05-03"),
        (["Ferry Sinks", "PUBLISHED: THURSDAY, MAY 2, 2013, 1:32 PM"], "2013-05-02"),
        (["Posted: 22:07 GMT, 7 July 2012"], "2012-07-07"),
        (["December 22nd, 2008 8:55 am"], "2008-12-22"),
        (["Sunday, November 27-2005 at 16:12"], "2005-11-27"),
        (["UPDATED 05/03/2013 at 11:00 AM EDT"], "2013-05-03"),
        (["12/16/08 1:30 AM EST"], "2008-12-16"),
        (["On Tue, 16/08/2011-13:42"], "2011-08-16"),  # month 16 cannot be: day first
        (["published: 2012-04-04 11:47:35"], "2012-04-04"),
        (["Posted 1 year ago [downloaded on 2 October 2013]"], None),
        (["February 30, 2012"], None),
        (["Article posted on 08.07.2012"], None),  # dotted day/month order is ambiguous
        (
            [
                "The ferry, which had been in service since its launch on March 3, 2001 in "
                "the northern yard, sank without warning in calm water."
            ],
            None,
        ),  # a body sentence
        (
            [
                "Ferry Sinks",
                "No date here.",
                "Still none.",
                "Nor here.",
                "Nope.",
                "Nothing.",
                "May 3, 2013",
            ],
            None,
        ),  # too far down to be a dateline
    ],
)
def test_find_published(lines, expected):
    assert find_published(lines) == expected


# --- The corpus and its split ----------------------------------------------------------------


def test_split_sizes():
    sizes = {name: len(split_topics(name)) for name in ("train", "dev", "test", "all")}
    assert sizes == {"train": 25, "dev": 8, "test": 10, "all": 43}
    train, dev, test = (split_topics(n) for n in ("train", "dev", "test"))
    assert train | dev | test == split_topics("all")
    assert not (train & dev or train & test or dev & test)
    assert {15, 17}.isdisjoint(split_topics("all"))
    assert test == frozenset(range(36, 46))
    with pytest.raises(ValueError, match="validation"):
        split_topics("validation")


def test_corpus_counts(corpus):
    assert len(corpus) == 982
    assert len({d.subtopic for d in corpus}) == 86
    counts = {}
    for name in ("train", "dev", "test", "all"):
        docs = select(corpus, name)
        counts[name] = (len({d.topic for d in docs}), len({d.subtopic for d in docs}), len(docs))
    assert counts == {
        "train": (25, 50, 575),
        "dev": (8, 16, 197),
        "test": (10, 20, 210),
        "all": (43, 86, 982),
    }


def test_documents_read_as_prose(corpus):
    by_id = {d.doc_id: d for d in corpus}
    assert [d.doc_id for d in corpus[:3]] == ["1_1ecb", "1_2ecb", "1_3ecb"]  # natural order
    for doc in corpus:
        assert doc.text and doc.subtopic.startswith(f"{doc.topic}_")
        assert " , " not in doc.text and not doc.text.endswith(" .")
        # Quote marks the tokenizer stood apart are typographic now (`''The` stays as written).
        assert not re.search(r"(^|\s)(``|'')(\s|$)", doc.text)
        assert " n't" not in doc.text and " 's " not in doc.text
    plus = [d for d in corpus if d.doc_id.endswith("ecbplus")]
    assert all(d.url and d.url.startswith("http") and d.url not in d.text for d in plus)
    assert all(d.url is None and d.published is None for d in corpus if d not in plus)
    # Datelines are found for most "ecbplus" documents.
    assert sum(d.published is not None for d in plus) > 0.8 * len(plus)
    assert "\n" in by_id["1_10ecbplus"].text  # the headline stands on its own line
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", by_id["1_10ecbplus"].published)


def test_select_is_sorted_and_accepts_topic_ids(corpus):
    docs = select(reversed(corpus), {36, 3})
    assert {d.topic for d in docs} == {3, 36}
    assert docs == select(corpus, [3, 36])
    assert [d.doc_id for d in docs[:2]] == ["3_1ecb", "3_2ecb"]


def test_missing_data_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match=re.escape(str(tmp_path / "ecbplus_docs.jsonl"))):
        load_documents(tmp_path)


def test_load_from_a_small_file(tmp_path):
    record = {
        "doc_id": "40_2ecbplus", "topic": "40", "subtopic": "40_ecbplus",
        "corpus_part": "ecbplus", "n_sentences": 4,
        "sentences": ["http : / / example . com / x", "Pier Collapses", "June 3 , 2012",
                      "A 90 - year - old pier fell , officials said ."],
    }  # fmt: skip
    path = tmp_path / "ecbplus_docs.jsonl"
    path.write_text(json.dumps(record) + "\n\n", encoding="utf-8")
    (doc,) = load_documents(path)
    assert (doc.topic, doc.url, doc.published) == (40, "http://example.com/x", "2012-06-03")
    assert doc.text == "Pier Collapses\nJune 3, 2012\nA 90-year-old pier fell, officials said."
    assert len(doc.sentences) == 4
    path.write_text('{"doc_id": "1_1ecb"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"ecbplus_docs\.jsonl:1"):
        load_documents(path)


# --- The TF-IDF baseline --------------------------------------------------------------------

FERRY = [
    "The harbour ferry sank near the northern pier; the ferry captain swam ashore.",
    "Divers reached the sunken ferry by the northern pier and said the captain was safe.",
    "Ferry passengers were rescued at the northern pier after the ferry sank.",
]
ORCHARD = [
    "Frost destroyed the apple orchard harvest across the valley farms this spring.",
    "Valley farms lost their apple orchard harvest to a late spring frost.",
    "The apple harvest failed after frost hit orchard farms in the valley.",
]


def test_baseline_separates_two_clear_topics():
    labels = tfidf_average_linkage(FERRY + ORCHARD, threshold=0.8)
    assert labels == [0, 0, 0, 1, 1, 1]


def test_baseline_joins_identical_texts_and_keeps_strangers_apart():
    texts = ["Quarry blast shook the town hall.", "Quarry blast shook the town hall.",
             "Violinists tuned strings backstage."]  # fmt: skip
    assert tfidf_average_linkage(texts, threshold=0.0) == [0, 0, 1]
    assert tfidf_average_linkage(texts, threshold=1.0) == [0, 0, 0]


def test_baseline_edge_cases():
    assert tfidf_average_linkage([], 0.5) == []
    assert tfidf_average_linkage(["Only one."], 0.5) == [0]
    assert tfidf_average_linkage(["", "the and of", ""], 0.5) == [0, 1, 2]


def test_fit_threshold_on_tiny_corpus():
    gold = ["ferry"] * 3 + ["orchard"] * 3
    threshold, f1 = fit_threshold(FERRY + ORCHARD, gold, grid=[0.99, 0.1, 0.8, 0.9])
    assert f1 == 1.0
    assert threshold in {0.8, 0.9}
    with pytest.raises(ValueError):
        fit_threshold(FERRY, gold)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=8), st.floats(0.0, 1.0))
def test_baseline_labels_are_well_formed_and_deterministic(texts, threshold):
    labels = tfidf_average_linkage(texts, threshold)
    assert len(labels) == len(texts)
    # Numbered 0..k-1 in order of first appearance.
    seen: list[int] = []
    for label in labels:
        if label not in seen:
            assert label == len(seen)
            seen.append(label)
    assert tfidf_average_linkage(list(texts), threshold) == labels
