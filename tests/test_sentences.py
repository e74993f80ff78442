from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analyze.sentences import split_sentences


def texts(text: str, language: str = "en") -> list[str]:
    found = split_sentences(text, language)
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text
    return [s.text for s in found]


def test_abbreviations_do_not_end_sentences() -> None:
    text = (
        "The U.S. envoy met Dr. Amal Rizk on Dec. 30 in Port Ellis. "
        "Prices rose 3.5% in Jan. and fell in Feb. after the vote. He left."
    )
    assert texts(text) == [
        "The U.S. envoy met Dr. Amal Rizk on Dec. 30 in Port Ellis.",
        "Prices rose 3.5% in Jan. and fell in Feb. after the vote.",
        "He left.",
    ]


def test_quote_with_inner_full_stop_stays_whole() -> None:
    text = "“We agreed. It was hard,” she said. Then the talks ended."
    assert texts(text) == ["“We agreed. It was hard,” she said.", "Then the talks ended."]


def test_paragraphs_never_merge_and_offsets_hold() -> None:
    text = "Headline without stop\n\nFirst paragraph here. Second one.\nThird line"
    assert texts(text) == [
        "Headline without stop",
        "First paragraph here.",
        "Second one.",
        "Third line",
    ]


def test_spanish_rules() -> None:
    text = "El Sr. Pérez llegó a las 10 a. m. al ministerio. Dijo que no habría acuerdo."
    assert len(texts(text, "es")) == 2


def test_huge_paragraph_is_bounded_and_complete() -> None:
    text = "Word " * 30000  # no punctuation, no newline: 150,000 characters
    found = split_sentences(text, "en")
    assert "".join(s.text for s in found).replace(" ", "") == text.replace(" ", "")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600), st.sampled_from(["en", "es", "it", "de", "fr", "xx", None]))
def test_offsets_always_match_and_nothing_is_lost(text: str, language: str | None) -> None:
    found = split_sentences(text, language)
    cursor = 0
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text and sentence.text == sentence.text.strip()
        assert sentence.start >= cursor
        assert not text[cursor : sentence.start].strip()
        cursor = sentence.end
    assert not text[cursor:].strip()
