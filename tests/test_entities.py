import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analyze.entities import find_entities, rule_entities, spacy_available

TEXT = (
    "Valdorian President Elena Ortega met Harbour Minister Tomas Verga in Port Ellis on "
    "Friday. The Ministry of Coastal Affairs and Meridian Press Agency reported the talks. "
    "Ortega said the sea wall would be rebuilt."
)


def labelled(entities) -> set[tuple[str, str]]:
    return {(e.text, e.label) for e in entities}


def test_rules_find_people_places_and_organisations() -> None:
    found = rule_entities(TEXT)
    for entity in found:
        assert TEXT[entity.start : entity.end] == entity.text
    assert {
        ("Elena Ortega", "PERSON"),
        ("Tomas Verga", "PERSON"),
        ("Port Ellis", "PLACE"),
        ("Ministry of Coastal Affairs", "ORG"),
        ("Meridian Press Agency", "ORG"),
        ("Ortega", "PERSON"),
    } <= labelled(found)


def test_rules_skip_sentence_starts_and_days() -> None:
    found = labelled(
        rule_entities("The talks ended. On Friday they resumed. However, nobody came.")
    )
    assert found == set()


def test_rules_work_for_other_languages() -> None:
    text = "El presidente Juan de la Vega llegó a Madrid con la ministra Ana Ruiz."
    assert {("Juan de la Vega", "PERSON"), ("Madrid", "PLACE"), ("Ana Ruiz", "PERSON")} <= labelled(
        find_entities(text, "es")
    )


@pytest.mark.skipif(not spacy_available(), reason="spaCy model not installed")
def test_spacy_backend_for_english() -> None:
    found = find_entities(TEXT, "en", backend="spacy")
    for entity in found:
        assert TEXT[entity.start : entity.end] == entity.text
    people = {e.text for e in found if e.label == "PERSON"}
    assert "Elena Ortega" in people


def test_unknown_backend() -> None:
    with pytest.raises(ValueError, match="backend"):
        find_entities("x", "en", backend="nope")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_rules_never_crash_and_offsets_match(text: str) -> None:
    for entity in rule_entities(text):
        assert text[entity.start : entity.end] == entity.text
        assert entity.label in {"PERSON", "ORG", "PLACE"}


def test_rules_never_join_across_lines_or_keep_leading_prepositions() -> None:
    text = "la cumbre de Europa.\n\nValdoria firmó. En Kessmark, el acuerdo llegó.\nDiario Ribera"
    found = rule_entities(text)
    assert all("\n" not in entity.text for entity in found)
    assert all(not entity.text.startswith("En ") for entity in found)
