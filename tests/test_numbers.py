"""Numbers and quantities: formats, scales, money, percentages, counts, durations, ranges,
what is skipped, `same_amount`, and properties on arbitrary text. All sentences are invented."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analyze.numbers import (
    CURRENCY_CODES,
    KINDS,
    QUALIFIERS,
    find_quantities,
    same_amount,
)
from accord.model import Quantity

LANGS = ("en", "es", "it", "de", "fr", None)


def only(text: str, language: str | None) -> Quantity:
    found = find_quantities(text, language)
    assert len(found) == 1, found
    return found[0]


def summary(text: str, language: str | None) -> list[tuple]:
    return [
        (q.text, q.value, q.kind, q.unit, q.qualifier, q.counts)
        for q in find_quantities(text, language)
    ]


# --- Number formats -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("They counted 1,200 boats.", "en", 1200),
        ("Contaron 1.200 barcos.", "es", 1200),
        ("Hanno contato 1.200 barche.", "it", 1200),
        ("Sie zählten 1.200 Boote.", "de", 1200),
        ("Ils ont compté 1 200 bateaux.", "fr", 1200),
        ("Ils ont compté 1\u202f200 bateaux.", "fr", 1200),
        ("They counted 1\u00a0200 boats.", "en", 1200),
        ("The index rose 3.5 points.", "en", 3.5),
        ("El índice subió 3,5 puntos.", "es", 3.5),
        ("Der Index stieg um 3,5 Punkte.", "de", 3.5),
        ("L'indice a progressé de 3,5 points.", "fr", 3.5),
        ("The fund holds 1,234,567.89 units.", "en", 1234567.89),
        ("Der Fonds hält 1.234.567,89 Anteile.", "de", 1234567.89),
        ("Le fonds détient 1 234 567,89 parts.", "fr", 1234567.89),
        ("The budget is 12.5 million.", "en", 12.5e6),
        ("El presupuesto es de 12,5 millones.", "es", 12.5e6),
        ("A Swiss ledger lists 1'200 entries.", "en", 1200),
    ],
)
def test_number_formats(text: str, language: str, value: float) -> None:
    assert only(text, language).value == pytest.approx(value)


def test_unknown_language_guesses_the_decimal_mark_from_the_text() -> None:
    continental = find_quantities("Costó 1.250.000 y luego 3,5 más; 2,75 al final.", None)
    assert [q.value for q in continental] == [1250000, 3.5, 2.75]
    english = find_quantities("It cost 1,250,000 and then 3.5 more; 2.75 at the end.", None)
    assert [q.value for q in english] == [1250000, 3.5, 2.75]


def test_a_count_reads_an_ambiguous_separator_as_thousands() -> None:
    # "1,200" in Spanish is 1.2 by the decimal comma, but 1.2 people cannot be.
    assert only("Llegaron 1,200 personas.", "es").value == 1200
    assert only("El kilo cuesta 1,200 euros.", "es").value == pytest.approx(1.2)


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("It took twelve boats.", "en", 12),
        ("Usaron doce barcos.", "es", 12),
        ("Hanno usato dodici barche.", "it", 12),
        ("Sie nutzten zwölf Boote.", "de", 12),
        ("Ils ont utilisé douze bateaux.", "fr", 12),
        ("Twenty-five boats left.", "en", 25),
        ("Twenty five boats left.", "en", 25),
        ("Salieron treinta y cinco barcos.", "es", 35),
        ("Sono partite ventitré barche.", "it", 23),
        ("Es fuhren fünfundzwanzig Boote ab.", "de", 25),
        ("Vingt et un bateaux sont partis.", "fr", 21),
        ("Quatre-vingt-dix bateaux sont partis.", "fr", 90),
        ("A hundred and ten boats left.", "en", 110),
        ("Salieron doscientos cincuenta barcos.", "es", 250),
        ("Sono partite duemila barche.", "it", 2000),
        ("Sono partite centoventi barche.", "it", 120),
        ("Es fuhren dreihundertfünfundvierzig Boote ab.", "de", 345),
        ("Two thousand five hundred boats left.", "en", 2500),
        ("Salieron dos mil quinientos barcos.", "es", 2500),
    ],
)
def test_spelled_numbers(text: str, language: str, value: int) -> None:
    assert only(text, language).value == value


# --- Scales and money -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The package is worth $200 billion.", "en"),
        ("The package is worth 200,000 million dollars.", "en"),
        ("The package is worth US$200bn.", "en"),
        ("El paquete vale 200.000 millones de dólares.", "es"),
        ("El paquete vale 200 mil millones de dólares.", "es"),
        ("Il pacchetto vale 200 miliardi di dollari.", "it"),
        ("Das Paket ist 200 Milliarden Dollar wert.", "de"),
        ("Das Paket ist 200 Mrd. US-Dollar wert.", "de"),
        ("Le plan vaut 200 milliards de dollars.", "fr"),
        ("The package is worth $200 billion.", None),
    ],
)
def test_the_same_money_written_many_ways(text: str, language: str | None) -> None:
    q = only(text, language)
    assert (q.value, q.kind, q.unit) == (2e11, "money", "USD")


@pytest.mark.parametrize(
    ("text", "language", "value", "unit"),
    [
        ("It costs €5bn.", "en", 5e9, "EUR"),
        ("It costs 5 billion euros.", "en", 5e9, "EUR"),
        ("Es kostet 3,5 Mio. Euro.", "de", 3.5e6, "EUR"),
        ("Cuesta 300 euros.", "es", 300, "EUR"),
        ("Il coûte 300 €.", "fr", 300, "EUR"),
        ("It costs £3m.", "en", 3e6, "GBP"),
        ("It costs 40 pounds.", "en", 40, "GBP"),
        ("Costa 40 sterline.", "it", 40, "GBP"),
        ("It costs ¥100.", "en", 100, "CNY"),
        ("It costs 100 yuan.", "en", 100, "CNY"),
        ("It costs 100 yen.", "en", 100, "JPY"),
        ("Cuesta 50 rublos.", "es", 50, "RUB"),
        ("It costs 50 roubles.", "en", 50, "RUB"),
        ("It costs EUR 12.", "en", 12, "EUR"),
        ("It costs 12k dollars.", "en", 12000, "USD"),
        ("It costs $12k.", "en", 12000, "USD"),
        ("Ça coûte 12 millions d'euros.", "fr", 12e6, "EUR"),
        ("Costs run to millions of dollars.", "en", 2e6, "USD"),
        ("It costs a million dollars.", "en", 1e6, "USD"),
        ("Cuesta medio millón de euros.", "es", 5e5, "EUR"),
    ],
)
def test_money(text: str, language: str, value: float, unit: str) -> None:
    q = only(text, language)
    assert (q.value, q.kind, q.unit) == (value, "money", unit)
    assert q.unit in CURRENCY_CODES


def test_billion_depends_on_the_language() -> None:
    assert only("They owe 2 billion dollars.", "en").value == 2e9
    assert only("Ils doivent 2 billions de dollars.", "fr").value == 2e12
    assert only("Deben 2 billones de dólares.", "es").value == 2e12
    assert only("Sie schulden 2 Billionen Dollar.", "de").value == 2e12


# --- Percentages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Turnout fell 12%.", "en"),
        ("Turnout fell 12 per cent.", "en"),
        ("Turnout fell 12 percent.", "en"),
        ("La participación cayó un 12 por ciento.", "es"),
        ("L'affluenza è calata del 12 per cento.", "it"),
        ("Die Beteiligung sank um 12 Prozent.", "de"),
        ("La participation a baissé de 12 pour cent.", "fr"),
        ("La participation a baissé de 12 %.", "fr"),
        ("La participation a baissé de 12\u00a0%.", "fr"),
    ],
)
def test_percentages(text: str, language: str) -> None:
    q = only(text, language)
    assert (q.value, q.kind, q.unit) == (12, "percent", "%")


def test_percentage_points_are_not_percent() -> None:
    q = only("Unemployment fell 0.3 percentage points.", "en")
    assert (q.value, q.kind, q.unit) == (0.3, "percent", "pp")
    assert only("Der Anteil stieg um 2 Prozentpunkte.", "de").unit == "pp"


def test_a_glued_sign_is_kept() -> None:
    assert [q.value for q in find_quantities("Exports moved -2% and +3.5%.", "en")] == [-2, 3.5]


# --- Counts, states and qualifiers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "value", "qualifier", "counts"),
    [
        ("At least 12 people were killed in the collapse.", "en", 12, "at_least", "dead people"),
        ("The collapse killed at least 12 people.", "en", 12, "at_least", "dead people"),
        ("15 killed as a ferry capsized.", "en", 15, "exact", "dead people"),
        ("More than 300 injured after the derailment.", "en", 300, "more_than", "injured people"),
        ("Nearly 2,000 evacuated from the valley.", "en", 2000, "about", "evacuated people"),
        ("Up to 40 people remain missing.", "en", 40, "at_most", "missing people"),
        ("Fewer than 10 people were arrested.", "en", 10, "less_than", "arrested people"),
        ("About 30 people were wounded.", "en", 30, "about", "injured people"),
        ("Some 25 soldiers died.", "en", 25, "about", "dead soldiers"),
        ("Al menos 12 muertos en el derrumbe.", "es", 12, "at_least", "dead people"),
        ("Más de 300 heridos tras el choque.", "es", 300, "more_than", "injured people"),
        ("Unos 40 desaparecidos en la costa.", "es", 40, "about", "missing people"),
        ("Murieron 12 personas en el incendio.", "es", 12, "exact", "dead people"),
        ("Almeno 12 morti nel crollo.", "it", 12, "at_least", "dead people"),
        ("Circa 40 persone sono rimaste ferite.", "it", 40, "about", "injured people"),
        ("Sono morte 12 persone.", "it", 12, "exact", "dead people"),
        ("Mindestens 12 Tote bei dem Einsturz.", "de", 12, "at_least", "dead people"),
        ("Etwa 40 Menschen wurden verletzt.", "de", 40, "about", "injured people"),
        ("12 Menschen kamen ums Leben.", "de", 12, "exact", "dead people"),
        ("Au moins 12 morts dans l'effondrement.", "fr", 12, "at_least", "dead people"),
        ("Environ 40 personnes ont été blessées.", "fr", 40, "about", "injured people"),
        ("Douze personnes ont été tuées.", "fr", 12, "exact", "dead people"),
        ("The death toll rose to 30.", "en", 30, "exact", "dead people"),
        ("Police arrested 5 men.", "en", 5, "exact", "arrested men"),
        ("12 more people died.", "en", 12, "exact", "dead people"),
        ("12 or more people died.", "en", 12, "at_least", "dead people"),
        ("One person was killed.", "en", 1, "exact", "dead people"),
        ("More than a dozen people were hurt.", "en", 12, "more_than", "injured people"),
        ("The blast left 12 dead.", "en", 12, "exact", "dead people"),
    ],
)
def test_counts(text: str, language: str, value: int, qualifier: str, counts: str) -> None:
    q = only(text, language)
    assert (q.value, q.kind, q.qualifier, q.counts) == (value, "count", qualifier, counts)
    assert q.counts.endswith(q.unit)


def test_the_span_covers_qualifier_number_and_noun() -> None:
    q = only("Officials said at least 12 people were killed.", "en")
    assert q.text == "at least 12 people"
    assert only("Hubo al menos 12 muertos.", "es").text == "al menos 12 muertos"


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Hundreds of people gathered.", "en", 200),
        ("Dozens were evacuated.", "en", 24),
        ("Tens of thousands of people marched.", "en", 20000),
        ("Miles de personas marcharon.", "es", 2000),
        ("Decenas de miles de personas marcharon.", "es", 20000),
        ("Centinaia di migliaia di persone.", "it", 200000),
        ("Tausende Menschen demonstrierten.", "de", 2000),
        ("Zehntausende Menschen demonstrierten.", "de", 20000),
        ("Des dizaines de milliers de manifestants.", "fr", 20000),
    ],
)
def test_plural_amounts_are_at_least_two_of_their_unit(
    text: str, language: str, value: int
) -> None:
    q = only(text, language)
    assert (q.value, q.qualifier) == (value, "at_least")


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("A dozen people were hurt.", "en", 12),
        ("Una docena de personas resultaron heridas.", "es", 12),
        ("Una trentina di persone.", "it", 30),
        ("Ein Dutzend Menschen.", "de", 12),
        ("Une vingtaine de personnes.", "fr", 20),
    ],
)
def test_round_amounts_are_about(text: str, language: str, value: int) -> None:
    q = only(text, language)
    assert (q.value, q.qualifier, q.unit) == (value, "about", "people")


def test_qualifiers_are_from_the_vocabulary() -> None:
    text = (
        "At least 3, more than 4, fewer than 5, up to 6, about 7, exactly 8 boats; "
        "mindestens 3 Boote"
    )
    for language in LANGS:
        for q in find_quantities(text, language):
            assert q.qualifier in QUALIFIERS
            assert q.kind in KINDS


# --- Durations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "seconds", "qualifier"),
    [
        ("The blackout lasted about eight minutes.", "en", 480, "about"),
        ("Talks went on for three days.", "en", 3 * 86400, "exact"),
        ("The march took two hours.", "en", 7200, "exact"),
        ("La marcha duró tres horas.", "es", 3 * 3600, "exact"),
        ("I colloqui sono durati tre giorni.", "it", 3 * 86400, "exact"),
        ("Der Marsch dauerte zwei Stunden.", "de", 7200, "exact"),
        ("La marche a duré deux heures.", "fr", 7200, "exact"),
        ("A 10-day ceasefire began.", "en", 10 * 86400, "exact"),
        ("He was jailed for 12 years.", "en", 12 * 365 * 86400, "exact"),
    ],
)
def test_durations_are_in_seconds(text: str, language: str, seconds: int, qualifier: str) -> None:
    q = only(text, language)
    assert (q.value, q.kind, q.unit, q.qualifier) == (seconds, "duration", "seconds", qualifier)


def test_over_before_a_duration_is_not_more_than() -> None:
    q = only("Rain fell over three days.", "en")
    assert (q.text, q.qualifier) == ("three days", "exact")


def test_ages_are_durations_counting_age() -> None:
    for text in (
        "A 12-year-old boy was found.",
        "The boy, 12 years old, was found.",
        "A boy aged 12 was found.",
    ):
        q = only(text, "en")
        assert (q.kind, q.counts, q.value) == ("duration", "age", 12 * 365 * 86400)
    assert only("Ein 12-Jähriger wurde gefunden.", "de").counts == "age"


# --- Ranges ---------------------------------------------------------------------------------


def test_ranges_give_both_ends() -> None:
    assert summary("Between 10 and 15 people were injured.", "en") == [
        ("Between 10", 10, "count", "people", "at_least", "injured people"),
        ("15 people", 15, "count", "people", "at_most", "injured people"),
    ]
    low, high = find_quantities("The repairs cost $10-15 million.", "en")
    assert (low.value, low.unit, low.qualifier) == (1e7, "USD", "at_least")
    assert (high.value, high.unit, high.qualifier) == (1.5e7, "USD", "at_most")
    low, high = find_quantities("It may take two or three days.", "en")
    assert (low.value, high.value, low.kind) == (2 * 86400, 3 * 86400, "duration")
    low, high = find_quantities("Entre 10 y 15 heridos.", "es")
    assert (low.value, high.value, high.counts) == (10, 15, "injured people")
    low, high = find_quantities("Up to 3-4 million people fled.", "en")
    assert (low.value, low.qualifier, high.value, high.qualifier) == (
        3e6,
        "at_most",
        4e6,
        "at_most",
    )


def test_a_dash_between_bare_numbers_is_a_score_or_years() -> None:
    assert find_quantities("They won 3-1 in the 2014-2016 league.", "en") == []


def test_a_change_from_one_value_to_another_is_not_a_range() -> None:
    before, after = find_quantities("Support rose from 10 to 15 percent.", "en")
    assert (before.value, before.unit, before.qualifier) == (10, "%", "exact")
    assert (after.value, after.unit, after.qualifier) == (15, "%", "exact")


# --- What is not an amount ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The bridge opened in 2024.", "en"),
        ("It happened on 30 December 2022.", "en"),
        ("It happened on December 30, 2022.", "en"),
        ("It happened on Dec. 30.", "en"),
        ("Ocurrió el 30 de diciembre de 2022.", "es"),
        ("È successo il 30 dicembre 2022.", "it"),
        ("Es geschah am 30. Dezember 2022.", "de"),
        ("C'est arrivé le 30 décembre 2022.", "fr"),
        ("The form is dated 30.12.2022.", "en"),
        ("The form is dated 2022-12-30.", "en"),
        ("The form is dated 30/12/2022.", "en"),
        ("They met at 10:30.", "en"),
        ("They met at 10.30 a.m.", "en"),
        ("They met at 10am.", "en"),
        ("Se reunieron a las 10.", "es"),
        ("Si sono visti alle 10.", "it"),
        ("Sie trafen sich um 10 Uhr.", "de"),
        ("Ils se sont vus à 10 heures.", "fr"),
        ("Ils se sont vus à 10h30.", "fr"),
        ("She finished 3rd.", "en"),
        ("Quedó en 1.º lugar.", "es"),
        ("Il est arrivé 1er.", "fr"),
        ("Sie wurde am 3. Oktober geehrt.", "de"),
        ("Music of the 1990s.", "en"),
        ("Call +34 912 345 678 today.", "en"),
        ("Call (555) 123-4567 today.", "en"),
        ("Call 020 7946 0958 today.", "en"),
        ("Agent 007 is fiction.", "en"),
        ("The COVID-19 wave.", "en"),
        ("The G7 summit.", "en"),
        ("A 5G mast.", "en"),
        ("Article 5 applies.", "en"),
        ("He lives at No. 10.", "en"),
        ("Flight 370 vanished.", "en"),
        ("The Apollo 11 crew.", "en"),
        ("Open 24/7.", "en"),
        ("They won 3-1.", "en"),
        ("The score was 2:1.", "en"),
        ("1. First point\n2) Second point", "en"),
        ("One of them left.", "en"),
        ("No one was hurt.", "en"),
        ("Two-thirds of voters agreed.", "en"),
        ("A 3m wall.", "en"),
        ("Il sisma è avvenuto alle 3.42 a est.", "it"),
        ("Le séisme est survenu à 3 h 42.", "fr"),
    ],
)
def test_skipped(text: str, language: str) -> None:
    assert find_quantities(text, language) == []


def test_years_with_a_unit_are_amounts() -> None:
    assert only("Some 2024 people signed.", "en").value == 2024
    assert only("It cost $2020.", "en").value == 2020


def test_a_state_said_before_is_not_about_an_unknown_noun() -> None:
    assert only("The flood killed 12 cows.", "en").kind == "number"
    assert only("The flood killed 12 in the valley.", "en").counts == "dead people"


def test_measures() -> None:
    assert only("A 6.4-magnitude quake struck.", "en").unit == "magnitude"
    assert only("Un sismo de magnitud 6,4.", "es").value == 6.4
    assert only("Una scossa di magnitudo 5.8 ha colpito la valle.", "it").unit == "magnitude"
    assert only("It is 12 km away.", "en").unit == "km"


def test_a_time_is_not_the_start_of_a_range() -> None:
    q = only("La scossa è arrivata alle 3.42 a 10 chilometri di profondità.", "it")
    assert (q.text, q.qualifier) == ("10 chilometri", "exact")


def test_german_um_is_a_difference_unless_uhr_follows() -> None:
    assert only("Der Index stieg um 3 Punkte.", "de").value == 3
    assert find_quantities("Sie trafen sich um 3 Uhr.", "de") == []


@pytest.mark.parametrize(
    "text",
    [
        "Al menos 12 muertos tras el derrumbe.",
        "Almeno 12 morti dopo il crollo.",
        "Mindestens 12 Tote nach dem Einsturz.",
        "Au moins 12 morts après l'effondrement.",
        "At least 12 dead after the collapse.",
    ],
)
def test_unknown_language_reads_every_language(text: str) -> None:
    q = only(text, None)
    assert (q.value, q.qualifier, q.counts) == (12, "at_least", "dead people")


def test_unknown_language_keeps_english_words_english() -> None:
    assert find_quantities("Once, due to an elf, nothing happened.", None) == []
    assert only("A million people marched.", None).value == 1e6


def test_nothing_crosses_a_line_break() -> None:
    assert summary("at least\n12 people", "en") == [
        ("12 people", 12, "count", "people", "exact", "people")
    ]


# --- same_amount ----------------------------------------------------------------------------


def death_count(text: str, language: str = "en") -> Quantity:
    q = only(text, language)
    assert q.counts == "dead people", q
    return q


def test_same_amount_compares_across_outlets() -> None:
    twelve = death_count("12 people were killed.")
    assert same_amount(twelve, death_count("15 people were killed.")) is False
    assert same_amount(twelve, death_count("Murieron 12 personas.", "es")) is True
    assert same_amount(twelve, death_count("Douze morts.", "fr")) is True
    at_least = death_count("At least 12 people were killed.")
    assert same_amount(at_least, death_count("15 people died.")) is True
    assert same_amount(at_least, death_count("10 people died.")) is False
    about = death_count("About 100 people died.")
    assert same_amount(about, death_count("95 people died.")) is True
    assert same_amount(about, death_count("120 people died.")) is False
    assert same_amount(death_count("More than 300 died."), death_count("300 died.")) is False
    assert same_amount(death_count("Up to 40 died."), death_count("45 died.")) is False


def test_same_amount_needs_the_same_kind_unit_and_counts() -> None:
    dead = only("12 people were killed.", "en")
    injured = only("12 people were injured.", "en")
    percent = only("It fell 12%.", "en")
    assert same_amount(dead, injured) is None
    assert same_amount(dead, percent) is None
    assert same_amount(only("It costs $12.", "en"), only("It costs €12.", "en")) is None


def test_same_amount_allows_the_rounding_of_the_written_digits() -> None:
    a = only("The plan costs $1.2 billion.", "en")
    assert same_amount(a, only("The plan costs $1.18 billion.", "en")) is True
    assert same_amount(a, only("The plan costs $1.3 billion.", "en")) is False
    assert (
        same_amount(
            only("The plan costs $200 billion.", "en"),
            only("Il piano costa 200 miliardi di dollari.", "it"),
        )
        is True
    )


def test_same_amount_at_the_edges_of_open_and_closed_bounds() -> None:
    def q(value: float, qualifier: str) -> Quantity:
        return Quantity(
            text="x",
            start=0,
            end=1,
            value=value,
            kind="count",
            unit="people",
            qualifier=qualifier,
            counts="people",
        )

    assert same_amount(q(12, "at_least"), q(12, "exact")) is True
    assert same_amount(q(12, "more_than"), q(12, "exact")) is False
    assert same_amount(q(12, "less_than"), q(12, "at_least")) is False
    assert same_amount(q(12, "at_most"), q(12, "at_least")) is True
    assert same_amount(q(10, "less_than"), q(5, "more_than")) is True


# --- Properties -----------------------------------------------------------------------------

FRAGMENTS = [
    "at least",
    "more than",
    "about",
    "al menos",
    "mindestens",
    "au moins",
    "12",
    "1,200",
    "1.200",
    "3,5",
    "12.5",
    "1 200",
    "$",
    "€",
    "£",
    "US$",
    "%",
    "million",
    "millones",
    "mil",
    "Milliarden",
    "Mio.",
    "bn",
    "m",
    "k",
    "people",
    "personas",
    "Menschen",
    "killed",
    "muertos",
    "Tote",
    "morts",
    "were",
    "injured",
    "-",
    "–",
    "to",
    "and",
    "between",
    "entre",
    "or",
    "of",
    "de",
    "d'",
    "hundreds",
    "dozen",
    "a",
    "une",
    "vingt",
    "et",
    "un",
    "twenty",
    "one",
    "-",
    "year-old",
    "days",
    "horas",
    "Uhr",
    "a.m.",
    "May",
    "Dezember",
    "30.",
    "2024",
    ":",
    "/",
    "+34",
    "(555)",
    "No.",
    "\n",
    ".",
    ",",
    "0",
    "007",
    "º",
    "°C",
    "half a",
    "medio",
    "eine",
]
texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map(" ".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
)
languages = st.sampled_from([*LANGS, "pt", "EN", ""])


@settings(max_examples=400, deadline=None)
@given(texts, languages)
def test_any_text_gives_well_formed_quantities(text: str, language: str | None) -> None:
    found = find_quantities(text, language)
    end = 0
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.start >= end  # sorted, non-overlapping
        assert q.start < q.end
        end = q.end
        assert q.kind in KINDS and q.qualifier in QUALIFIERS
        assert q.value == q.value  # not NaN
    assert find_quantities(text, language) == found  # deterministic


def grouped(n: int, language: str) -> str:
    english = f"{n:,}"
    return {
        "en": english,
        "es": english.replace(",", "."),
        "it": english.replace(",", "."),
        "de": english.replace(",", "."),
        "fr": english.replace(",", "\u202f"),
        "fr-space": english.replace(",", " "),
    }[language]


PEOPLE = {
    "en": "people",
    "es": "personas",
    "it": "persone",
    "de": "Menschen",
    "fr": "personnes",
    "fr-space": "personnes",
}


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(sorted(PEOPLE)))
def test_grouped_integers_round_trip(n: int, language: str) -> None:
    text = f"Officials said {grouped(n, language)} {PEOPLE[language]} attended."
    q = only(text, language[:2])
    assert (q.value, q.kind) == (n, "count")


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(["en", "es", "it", "de", "fr"]),
)
def test_decimals_round_trip(n: int, cents: int, language: str) -> None:
    mark = "." if language == "en" else ","
    text = f"The index stands at {grouped(n, language)}{mark}{cents:02d} points."
    assert only(text, language).value == pytest.approx(n + cents / 100)


@settings(max_examples=100, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("abc xyz,;"), max_size=30),
    st.text(alphabet=st.sampled_from("abc xyz,;"), max_size=30),
)
def test_a_quantity_survives_surrounding_words(before: str, after: str) -> None:
    text = f"{before} at least 12 people were killed {after}"
    found = [q for q in find_quantities(text, "en") if q.counts == "dead people"]
    assert [(q.value, q.qualifier) for q in found] == [(12, "at_least")]


@pytest.mark.parametrize(
    ("text", "language", "counts"),
    [
        (
            "The number of people killed when the flood swept through the lower town of "
            "Marrow Bay rose to 23 on Monday.",
            "en",
            "dead people",
        ),
        ("The number of injured climbed to 40 by the evening.", "en", "injured people"),
        ("El número de muertos por la riada en el valle subió a 23 el lunes.", "es", "dead people"),
    ],
)
def test_a_toll_named_far_before_its_rise_is_counted(text: str, language: str, counts: str) -> None:
    (quantity,) = [q for q in find_quantities(text, language) if q.value in (23, 40)]
    assert (quantity.kind, quantity.counts) == ("count", counts)


def test_a_rise_without_a_toll_before_it_stays_a_number() -> None:
    (quantity,) = find_quantities("Ticket sales rose to 23 in the second week.", "en")
    assert quantity.counts is None
    # ...and a toll in an earlier sentence does not reach across the full stop.
    quantities = find_quantities("Two people died. The index rose to 23.", "en")
    assert [q.counts for q in quantities if q.value == 23] == [None]
