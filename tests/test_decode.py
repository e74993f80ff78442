import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.ingest.decode import DecodeError, decode_bytes

TEXT = "Der Bürgermeister sagte: „Wir bauen die Brücke neu.“ Coût: 12 € — señal café"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),  # no BOM, as some Windows tools save it
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-nobom"],
)
def test_unicode_encodings_decode_exactly(data: bytes) -> None:
    assert decode_bytes(data) == TEXT


def test_cp1252_curly_quotes_and_euro_sign() -> None:
    text = "The minister said “we will pay 12 € per tonne” – and left. Café, niño."
    assert decode_bytes(text.encode("cp1252")) == text


def test_latin1_accents() -> None:
    text = "El niño pidió una canción en el café de la esquina, según la policía local."
    assert decode_bytes(text.encode("latin-1")) == text


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_is_refused(data: bytes) -> None:
    with pytest.raises(DecodeError, match="empty"):
        decode_bytes(data)


def test_binary_is_refused() -> None:
    png_like = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(png_like)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_give_a_reason(data: bytes) -> None:
    try:
        result = decode_bytes(data)
    except DecodeError as err:
        assert str(err)
    else:
        assert isinstance(result, str)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=500).filter(lambda t: t.strip() and "\x00" not in t))
def test_utf8_text_round_trips(text: str) -> None:
    try:
        assert decode_bytes(text.encode("utf-8")) == text
    except DecodeError as err:
        # text made mostly of control characters is rightly taken for binary
        assert "binary" in str(err)
