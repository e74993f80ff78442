"""Bytes to text: byte-order marks, UTF-8, legacy encodings, and refusing binary data.

News files arrive in whatever encoding the scraper or translator saved them in:
UTF-8 (with or without BOM), UTF-16 with BOM (Windows tools), cp1252 or latin-1
(old CMS exports). We decode what is text and refuse, with a reason, what is not.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

# Longest BOM first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters other than tab, newline, carriage return and form feed are rare
# in text; a sample with many of them is binary (images, archives, executables).
_TEXT_CONTROLS = {9, 10, 12, 13}
_MAX_CONTROL_RATIO = 0.05
_SAMPLE = 65536
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "iso8859_1"}


class DecodeError(ValueError):
    """The bytes are not text we can read; the message is the reason shown to users."""


def decode_bytes(data: bytes) -> str:
    """Decode `data` to str, or raise DecodeError with a reason a user understands."""
    if not data.strip():
        raise DecodeError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise DecodeError(f"invalid {encoding} text after its byte-order mark") from err
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if _looks_binary(data):
        raise DecodeError("binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data[:_SAMPLE]))
    # Short Western-European text fits several code pages equally well (cp1250 turns
    # "niño" into "nińo"); when cp1252/latin-1 is among the plausible ones, it wins.
    if not any(match.encoding in _WESTERN for match in matches) and matches:
        try:
            return data.decode(matches[0].encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    # cp1252 is what most mislabelled "latin-1" news text really is; it leaves five
    # bytes undefined, and latin-1 decodes anything, so it is the last resort.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM: ASCII-heavy text has a NUL in every other byte."""
    sample = data[:_SAMPLE]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        encoding = "utf-16-le"
    elif even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls > _MAX_CONTROL_RATIO * len(sample)
