import pytest

from accord.analyze.language import UnknownLanguageError, detect_language, parse_languages


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The harbour authority said on Friday that the sea wall had failed overnight.", "en"),
        ("La autoridad portuaria dijo el viernes que el dique había cedido por la noche.", "es"),
        ("L'autorità portuale ha detto venerdì che la diga aveva ceduto durante la notte.", "it"),
        ("Die Hafenbehörde sagte am Freitag, die Kaimauer sei in der Nacht gebrochen.", "de"),
        ("L'autorité portuaire a déclaré vendredi que la digue avait cédé pendant la nuit.", "fr"),
    ],
)
def test_detects_news_languages(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_restricted_set_is_respected() -> None:
    # Portuguese text, but only English and Spanish were asked for: the nearest wins.
    text = "O presidente disse na sexta-feira que as conversas foram muito produtivas."
    assert detect_language(text, ("en", "es")) in {"en", "es"}


def test_too_short_to_tell() -> None:
    assert detect_language("OK") is None
    assert detect_language("   ") is None


def test_parse_languages() -> None:
    assert parse_languages("en, es,it,en") == ("en", "es", "it")
    assert len(parse_languages(None)) >= 20
    with pytest.raises(UnknownLanguageError, match="xx"):
        parse_languages("en,xx")
