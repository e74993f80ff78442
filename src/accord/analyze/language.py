"""Which language an article is written in (lingua, restricted to the languages asked for).

Loading all of lingua's 75 language models takes 1.3 GB and seconds, and a wider set
makes short texts more often mistaken, so detection is restricted to a configured set.
"""

from __future__ import annotations

from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

# The languages most news is published in; `--languages` changes the set.
DEFAULT_LANGUAGES: tuple[str, ...] = (
    "en", "es", "fr", "de", "it", "pt", "nl", "ru", "uk", "pl", "tr", "ar",
    "zh", "ja", "ko", "hi", "id", "fa", "he", "el", "sv", "ro",
)  # fmt: skip

# Enough text to decide (lingua is near-certain past ~100 words); more only costs time.
_SAMPLE_CHARS = 800
_MIN_CONFIDENCE_CHARS = 12


class UnknownLanguageError(ValueError):
    pass


def parse_languages(spec: str | None) -> tuple[str, ...]:
    """ "en,es,it" -> ("en", "es", "it"); None or "" -> the default set."""
    if not spec:
        return DEFAULT_LANGUAGES
    codes = tuple(dict.fromkeys(c.strip().lower() for c in spec.split(",") if c.strip()))
    for code in codes:
        _to_lingua(code)
    return codes


def _to_lingua(code: str) -> Language:
    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
    except (AttributeError, ValueError) as err:
        raise UnknownLanguageError(f"unknown language code '{code}'") from err


@lru_cache(maxsize=8)
def _detector(languages: tuple[str, ...]) -> LanguageDetector:
    lingua_languages = [_to_lingua(code) for code in languages]
    if len(lingua_languages) == 1:
        return LanguageDetectorBuilder.from_languages(*lingua_languages * 2).build()
    return LanguageDetectorBuilder.from_languages(*lingua_languages).build()


def detect_language(text: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> str | None:
    """ISO 639-1 code of the language of `text`, or None when it cannot be told."""
    sample = text[:_SAMPLE_CHARS]
    if len(sample.strip()) < _MIN_CONFIDENCE_CHARS:
        return None
    if len(languages) == 1:
        return languages[0]
    found = _detector(languages).detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found else None
