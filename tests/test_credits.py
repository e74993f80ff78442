"""Credits: the agencies and outlets an article says it draws on."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.ingest.credits import AGENCIES, canonical_agency, find_credits

STORY = "The sea wall failed on Friday night, flooding 40 streets, the port authority said."


@pytest.mark.parametrize(
    "text, expected",
    [
        ("With information from EFE and AFP.", ["EFE", "AFP"]),
        ("With reporting by TASS, CCTV, Reuters", ["TASS", "CCTV", "Reuters"]),
        ("The strike ended, according to Ria Novosti.", ["RIA Novosti"]),
        ("Con información de EFE y Europa Press.", ["EFE", "Europa Press"]),
        ("Con información de las agencias EFE y AFP", ["EFE", "AFP"]),
        ("(con informazioni di ANSA e Reuters)", ["ANSA", "Reuters"]),
        ("Mit Material von dpa und AFP", ["dpa", "AFP"]),
        ("Le port a été inondé (avec AFP)", ["AFP"]),
        ("Fuente: EFE", ["EFE"]),
        ("Sources: Reuters, The Associated Press", ["Reuters", "AP"]),
        ("MADRID, 3 Dec (EFE).- Llovió.", ["EFE"]),
        ("MOSCOW (Reuters) - It rained.", ["Reuters"]),
        ("Berlin (dpa/AFP) - Es regnete.", ["dpa", "AFP"]),
        ("Llovió toda la noche, dijo el alcalde. EFE", ["EFE"]),
        ("It rained all night.\n—AFP", ["AFP"]),
        ("The toll rose to 12, the TASS news agency reported.", ["TASS"]),
        ("Xinhua said the dam held.", ["Xinhua"]),
        ("The mayor told Reuters the wall had failed.", ["Reuters"]),
        ("according to Russian state news agency RIA Novosti", ["RIA Novosti"]),
        ("according to the Kyodo news agency", ["Kyodo"]),
        ("according to a Bloomberg report", ["Bloomberg"]),
        ("the Associated Press reported", ["AP"]),
        ("according to Agence France-Presse", ["AFP"]),
        ("según la Agencia EFE", ["EFE"]),
        ("secondo l'Ansa", ["ANSA"]),
        ("laut Deutsche Presse-Agentur", ["dpa"]),
        (
            "With information from El Heraldo del Puerto and the ministry.",
            ["El Heraldo del Puerto"],
        ),
        ("With additional reporting from the Daily Beacon", ["Daily Beacon"]),
        ("Sources: Harbour Ledger, elheraldo.example", ["Harbour Ledger", "elheraldo.example"]),
        ("Sources: ministry figures, Reuters", ["Reuters"]),
    ],
)
def test_credit_forms(text: str, expected: list[str]) -> None:
    assert find_credits(f"{STORY}\n\n{text}") == expected


@pytest.mark.parametrize(
    "text",
    [
        "The strike ended, according to the minister.",
        "According to officials, 40 streets were flooded.",
        "Reporting by Jane Doe in Moscow; Editing by John Roe",
        "Sources: Ministry of Health",
        "The study (APA) found nothing.",
        "He said the efe was wrong.",
        "The river's ansa flooded.",
        "Costs rose (up 12%) on Friday.",
        "The minister told reporters in Madrid that the wall had held.",
        "Sources close to the Kremlin said the talks had failed.",
        "The reporter, who works for a local radio, said nothing.",
        "",
    ],
)
def test_no_credit(text: str) -> None:
    assert find_credits(text) == []


def test_deduplicated_in_first_seen_order_with_canonical_spelling() -> None:
    text = (
        "KYIV (AP) - The dam held, according to Ria Novosti.\n\n"
        "The Associated Press and Interfax confirmed it, RIA Novosti said.\n\n"
        "With information from Associated Press, Reuters and Interfax."
    )
    assert find_credits(text) == ["AP", "RIA Novosti", "Reuters", "Interfax"]


def test_text_whose_lower_case_changes_length_is_still_searched() -> None:
    # "İ" lower-cases to two characters; the search falls back to ignoring case
    text = "İSTANBUL (AFP) - According to Ria Novosti, the bridge held. Xinhua reported it."
    assert find_credits(text) == ["AFP", "RIA Novosti", "Xinhua"]


@pytest.mark.parametrize(
    "name, canonical",
    [("Ria Novosti", "RIA Novosti"), ("Associated Press", "AP"), ("Agencia EFE", "EFE"),
     ("reuters", None), ("Reuters", "Reuters"), ("ap", None), ("DPA", "dpa"),
     ("Itar-Tass", "TASS"), ("Unknown Agency", None)],
)  # fmt: skip
def test_canonical_agency(name: str, canonical: str | None) -> None:
    assert canonical_agency(name) == canonical


def test_every_canonical_name_is_its_own_canonical_form() -> None:
    for name, forms in AGENCIES.items():
        for form in forms:
            assert canonical_agency(form) == name


# --- properties ----------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["With information from ", "according to ", "(", ")", "EFE", "AFP", " and ", ", ",
     "Ria Novosti", "Fuente: ", "the minister", ". ", "\n", "reported", "Reuters", " y ",
     "İ", "Sources: ", "El Heraldo", "news agency "]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text() | st.lists(_PIECES | st.text(max_size=8), max_size=30).map("".join))
def test_never_raises_deterministic_and_every_credit_is_named_in_the_text(text: str) -> None:
    credits = find_credits(text)
    assert credits == find_credits(text)
    assert len(credits) == len(set(credits))
    folded = text.casefold()
    for credit in credits:
        forms = AGENCIES.get(credit, (credit,))
        assert any(form.casefold() in folded for form in forms), credit
