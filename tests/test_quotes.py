"""Quotes and their speakers (accord.analyze.quotes). All people and sentences invented."""

from __future__ import annotations

import re

import pysbd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analyze.quotes import find_quotes
from accord.analyze.sentences import split_sentences
from accord.model import Entity, Quote, Sentence

_SEGMENTERS: dict[str, pysbd.Segmenter] = {}


def _sentences(text: str, lang: str) -> list[Sentence]:
    seg = _SEGMENTERS.setdefault(lang, pysbd.Segmenter(language=lang, clean=False, char_span=True))
    return [Sentence(s.sent, s.start, s.end) for s in seg.segment(text)]


def quotes(
    text: str, lang: str = "en", people: list[str] | None = None, sentences: bool = True
) -> list[Quote]:
    """Run find_quotes the way the pipeline does; `people` are names marked as entities."""
    ents = []
    for name in people or []:
        ents += [Entity(name, m.start(), m.end(), "PERSON") for m in re.finditer(name, text)]
    ents.sort(key=lambda e: e.start)
    sents = _sentences(text, lang) if sentences else []
    found = find_quotes(text, sents, ents, lang)
    for q in found:  # every test also checks the offset contract
        assert text[q.start : q.end] == q.text
        if q.speaker_text is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker_text
    return found


def one(text: str, lang: str = "en", people: list[str] | None = None) -> Quote:
    found = quotes(text, lang, people)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- marks
@pytest.mark.parametrize(
    "text",
    [
        'Ortega said: "We will rebuild the bridge."',
        "Ortega said: “We will rebuild the bridge.”",
        "Ortega dijo: «We will rebuild the bridge.»",
        "Ortega a dit : « We will rebuild the bridge. »",
        "Ortega sagte: „We will rebuild the bridge.“",
        "Ortega sagte: »We will rebuild the bridge.«",
        "Ortega sagte: ‚We will rebuild the bridge.‘",
        "Ortega said: ‘We will rebuild the bridge.’",
        "Ortega said: 'We will rebuild the bridge.'",
    ],
)
def test_every_quote_mark_style(text: str) -> None:
    q = one(text)
    assert q.text == "We will rebuild the bridge."
    assert q.speaker == "Ortega"


def test_apostrophes_are_not_quotes() -> None:
    text = (
        "The outlets' reports don't agree on Ortega's plan from the '90s, "
        "nor on the ’80s boom or rock 'n' roll nights in the town's old hall."
    )
    assert quotes(text) == []


def test_quote_containing_apostrophes_stays_whole() -> None:
    q = one("“We don't know where the outlets' reporters went,” Berg said.")
    assert q.text == "We don't know where the outlets' reporters went"


def test_single_quotes_with_apostrophes_inside() -> None:
    q = one("Berg said: 'We can't accept the donors' terms as they stand.'")
    assert q.text == "We can't accept the donors' terms as they stand."


def test_nested_quote_gives_the_outer_one_only() -> None:
    q = one("“He said ‘no’ twice before the vote,” Elena Ortega said.")
    assert q.text == "He said ‘no’ twice before the vote"
    assert q.speaker == "Elena Ortega"


def test_nested_straight_quotes() -> None:
    q = one("\"The sign said 'closed for good' and that was it,\" Berg said.")
    assert q.text == "The sign said 'closed for good' and that was it"


def test_quote_spanning_sentences_is_one_quote() -> None:
    text = "“We will fight. We will not stop. We will win,” Tomas Berg said on Sunday."
    q = one(text)
    assert q.text == "We will fight. We will not stop. We will win"
    assert q.speaker == "Tomas Berg"
    assert q.cue == "said"


def test_trailing_comma_inside_the_marks_is_not_part_of_the_quote() -> None:
    assert one("“The river is rising,” Berg said.").text == "The river is rising"


# ------------------------------------------------------------------ unbalanced marks
def test_multi_paragraph_quote_gives_one_quote_per_paragraph() -> None:
    text = (
        "Elena Ortega said: “The first part of the plan is done.\n"
        "“The second part starts in May,” she said.\n"
        "The council meets again next week to discuss the budget."
    )
    found = quotes(text)
    assert [q.text for q in found] == [
        "The first part of the plan is done.",
        "The second part starts in May",
    ]
    assert all(q.speaker == "Elena Ortega" for q in found)


def test_multi_paragraph_quote_without_its_own_cue_takes_the_next_paragraphs() -> None:
    text = (
        "“The first part of the plan is finished now.\n“The second part starts in May,” "
        "Elena Ortega said."
    )
    found = quotes(text)
    assert [q.speaker for q in found] == ["Elena Ortega", "Elena Ortega"]


def test_unclosed_quote_does_not_swallow_the_article() -> None:
    filler = "The council met again to discuss the budget for the coming year. " * 20
    text = (
        "“This quote is never closed and just goes on.\n"
        + filler
        + "\nLater, “the bridge opens in June,” Berg said."
    )
    found = quotes(text)
    assert [q.text for q in found] == ["the bridge opens in June"]
    assert found[0].speaker == "Berg"


def test_orphan_straight_mark_is_replaced_by_the_next_opening_mark() -> None:
    text = 'He called it "madness. Then Berg said "we will need much more time" to finish.'
    found = quotes(text)
    assert [q.text for q in found] == ["we will need much more time"]


def test_inch_marks_and_stray_closing_marks_are_ignored() -> None:
    assert quotes('The 27" screen and the 5\'11" player left.” Nothing else.') == []


def test_hard_wrapped_line_does_not_end_a_quote() -> None:
    q = one("“We will rebuild the bridge and the\nschool before winter,” Berg said.")
    assert q.text == "We will rebuild the bridge and the\nschool before winter"


# ------------------------------------------------------------------- scare quotes
def test_scare_quotes_and_short_titles_are_dropped() -> None:
    text = (
        "The so-called “peace plan” was dead. Ortega said the “road map” had failed. "
        "Critics called it a “farce.” The band played “Summer Rain” last night."
    )
    assert quotes(text) == []


def test_short_quote_with_an_adjacent_cue_is_kept() -> None:
    found = quotes("“Never,” Berg said. Asked again, she said: “No.”")
    assert [q.text for q in found] == ["Never", "No."]


def test_short_quote_that_is_a_whole_sentence_is_kept() -> None:
    text = "“We tried everything we could,” Berg said. “Everything.”"
    found = quotes(text)
    assert [q.text for q in found] == ["We tried everything we could", "Everything."]
    assert found[1].speaker == "Berg"  # continues the speaker of the sentence before


def test_long_quote_without_speaker() -> None:
    q = one("The banner read “no more empty promises from the council” in red letters.")
    assert q.speaker is None and q.speaker_text is None and q.cue is None
    assert q.speaker_start is None and q.speaker_end is None


# ------------------------------------------------------------ English cue patterns
@pytest.mark.parametrize(
    ("text", "speaker_text", "cue"),
    [
        ("“The bridge will open in June,” Berg said.", "Berg", "said"),
        ("“The bridge will open in June,” said Berg.", "Berg", "said"),
        ("“The bridge will open in June,” Berg told reporters.", "Berg", "told"),
        ("“The bridge will open in June,” Berg told the council.", "Berg", "told"),
        ("Berg told reporters: “The bridge will open in June.”", "Berg", "told"),
        ("Berg told the council on Monday: “The bridge will open in June.”", "Berg", "told"),
        ("Berg said that “the bridge will open in June”.", "Berg", "said"),
        ("Berg said, “The bridge will open in June.”", "Berg", "said"),
        ("According to Berg, “the bridge will open in June.”", "Berg", "According to"),
        ("The bridge “will open in June or July,” according to Berg.", "Berg", "according to"),
        ("Berg, in a statement: “The bridge will open in June.”", "Berg", ":"),
        ("“The bridge will open in June,” Berg added.", "Berg", "added"),
        ("“The bridge will open in June,” Berg stated.", "Berg", "stated"),
        ("“The bridge will open in June,” Berg declared.", "Berg", "declared"),
        ("“The bridge will open in June,” Berg warned.", "Berg", "warned"),
        ("“The bridge will open in June,” Berg insisted.", "Berg", "insisted"),
        ("“The bridge will open in June,” Berg noted.", "Berg", "noted"),
        ("“The bridge will open in June,” Berg wrote on his blog.", "Berg", "wrote"),
        ("“The bridge will open in June,” Berg tweeted.", "Berg", "tweeted"),
        ("“The bridge will open in June,” Berg later added.", "Berg", "added"),
        ("“The bridge will open in June,” Berg, 64, said.", "Berg", "said"),
        ("Berg said the bridge “will open in June at the earliest”.", "Berg", "said"),
        ('"The bridge will open in June." Berg said.', "Berg", "said"),
    ],
)
def test_english_cues(text: str, speaker_text: str, cue: str) -> None:
    q = one(text)
    assert q.speaker_text == speaker_text
    assert q.speaker == "Berg"
    assert q.cue == cue


def test_speaker_after_the_quote_with_apposition() -> None:
    q = one("“We are ready to talk,” said Elena Ortega, the foreign minister.")
    assert (q.speaker, q.speaker_text) == ("Elena Ortega", "Elena Ortega")


def test_speaker_with_apposition_before_the_verb() -> None:
    q = one("“We are ready to talk,” Ortega, the foreign minister, said on Monday.")
    assert (q.speaker, q.speaker_text, q.cue) == ("Ortega", "Ortega", "said")


def test_interrupted_quote_gives_two_quotes_with_one_speaker() -> None:
    found = quotes("“We are ready,” Berg said, “but the other side is not ready yet.”")
    assert [q.text for q in found] == ["We are ready", "but the other side is not ready yet."]
    assert [q.speaker for q in found] == ["Berg", "Berg"]


def test_cue_in_the_previous_sentence_ending_with_a_colon() -> None:
    text = "Ana Ruiz spoke to the assembly on Monday. She told the delegates:\n“We need a vote.”"
    q = one(text)
    assert (q.speaker, q.speaker_text) == ("Ana Ruiz", "She")


def test_unnamed_speakers_keep_their_words() -> None:
    found = quotes(
        "“The water is safe to drink again,” a spokesperson for the ministry said. "
        "Officials said the pumps “had been repaired overnight by the crews”."
    )
    assert [(q.speaker, q.speaker_text) for q in found] == [
        (None, "a spokesperson for the ministry"),
        (None, "Officials"),
    ]


def test_institution_is_not_a_person() -> None:
    q = one("“The talks were productive and useful,” the White House said.")
    assert (q.speaker, q.speaker_text) == (None, "the White House")


# ----------------------------------------------------------------- other languages
@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("«No vamos a ceder ante nadie», dijo Ortega.", "dijo"),
        ("«No vamos a ceder ante nadie», afirmó Ortega.", "afirmó"),
        ("«No vamos a ceder ante nadie», declaró Ortega.", "declaró"),
        ("«No vamos a ceder ante nadie», aseguró Ortega.", "aseguró"),
        ("«No vamos a ceder ante nadie», señaló Ortega.", "señaló"),
        ("Ortega dijo: «No vamos a ceder ante nadie».", "dijo"),
        ("Según Ortega, «no vamos a ceder ante nadie».", "Según"),
    ],
)
def test_spanish_cues(text: str, cue: str) -> None:
    q = one(text, "es")
    assert (q.speaker, q.speaker_text, q.cue) == ("Ortega", "Ortega", cue)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("«Non cederemo davanti a nessuno», ha detto Rossi.", "ha detto"),
        ("«Non cederemo davanti a nessuno», ha dichiarato Rossi.", "ha dichiarato"),
        ("«Non cederemo davanti a nessuno», ha affermato Rossi.", "ha affermato"),
        ("Rossi ha detto: «Non cederemo davanti a nessuno».", "ha detto"),
        ("Secondo Rossi, «non cederemo davanti a nessuno».", "Secondo"),
    ],
)
def test_italian_cues(text: str, cue: str) -> None:
    q = one(text, "it")
    assert (q.speaker, q.speaker_text, q.cue) == ("Rossi", "Rossi", cue)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("„Wir werden nicht nachgeben“, sagte Weber.", "sagte"),
        ("„Wir werden nicht nachgeben“, erklärte Weber.", "erklärte"),
        ("„Wir werden nicht nachgeben“, betonte Weber.", "betonte"),
        ("»Wir werden nicht nachgeben«, so Weber.", "so"),
        ("Weber sagte: „Wir werden nicht nachgeben.“", "sagte"),
        ("Am Montag sagte Weber: „Wir werden nicht nachgeben.“", "sagte"),
        ("Laut Weber „werden wir nicht nachgeben“.", "Laut"),
    ],
)
def test_german_cues(text: str, cue: str) -> None:
    q = one(text, "de")
    assert (q.speaker, q.speaker_text, q.cue) == ("Weber", "Weber", cue)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("« Nous ne céderons pas », a déclaré Dupont.", "a déclaré"),
        ("« Nous ne céderons pas », a dit Dupont.", "a dit"),
        ("« Nous ne céderons pas », a affirmé Dupont.", "a affirmé"),
        ("Dupont a déclaré : « Nous ne céderons pas. »", "a déclaré"),
        ("Selon Dupont, « nous ne céderons pas ».", "Selon"),
    ],
)
def test_french_cues(text: str, cue: str) -> None:
    q = one(text, "fr")
    assert (q.speaker, q.speaker_text, q.cue) == ("Dupont", "Dupont", cue)


def test_french_inverted_pronoun() -> None:
    text = "Le président Jean Dupont est arrivé lundi. « Jamais », a-t-il ajouté."
    q = one(text, "fr")
    assert (q.speaker, q.speaker_text, q.cue) == ("Jean Dupont", "il", "a-t-il ajouté")


def test_spanish_subject_dropped() -> None:
    text = "«No vamos a ceder», dijo Elena Ortega. Y agregó: «Nunca lo haremos, nunca»."
    found = quotes(text, "es")
    assert [q.speaker for q in found] == ["Elena Ortega", "Elena Ortega"]
    assert (found[1].speaker_text, found[1].cue) == (None, "agregó")


def test_italian_subject_dropped() -> None:
    q = quotes("Marco Rossi è arrivato a Roma. «Non cederemo mai a nessuno», ha detto.", "it")
    assert (q[0].speaker, q[0].speaker_text, q[0].cue) == ("Marco Rossi", None, "ha detto")


# --------------------------------------------------------------------- resolution
def test_surname_resolves_to_the_full_name_without_title() -> None:
    text = (
        "President Elena Ortega arrived on Monday. “We will not give in,” Ortega said. "
        "“Not now, not ever,” President Ortega added."
    )
    found = quotes(text)
    assert [q.speaker for q in found] == ["Elena Ortega", "Elena Ortega"]
    assert [q.speaker_text for q in found] == ["Ortega", "President Ortega"]


def test_entity_list_is_used_for_names_the_rules_would_miss() -> None:
    text = "ana de la cruz met the press. “The budget is final and fair,” de la Cruz said."
    q = one(text, people=["ana de la cruz", "de la Cruz"])
    assert q.speaker == "ana de la cruz"


def test_he_said_resolves_by_gender_cue_with_two_people() -> None:
    text = (
        "Ms. Elena Ortega met Mr. Tomas Berg in Oslo. Ortega said little afterwards. "
        "“We found common ground on fishing rights,” he said."
    )
    assert one(text).speaker == "Tomas Berg"
    text2 = text.replace("” he said", "” she said")
    assert one(text2).speaker == "Elena Ortega"


def test_he_said_without_gender_cues_takes_the_most_recent_subject() -> None:
    text = (
        "Elena Ortega met Tomas Berg in Oslo on Monday. Later, Berg visited the harbour. "
        "“The boats are ready to sail again,” he said."
    )
    assert one(text, people=["Elena Ortega", "Tomas Berg", "Berg"]).speaker == "Tomas Berg"
    text2 = "Elena Ortega met Tomas Berg in Oslo. “We found common ground on fishing,” she said."
    assert one(text2, people=["Elena Ortega", "Tomas Berg"]).speaker == "Elena Ortega"


def test_pronoun_prefers_the_last_speaker() -> None:
    text = (
        "“The harbour must stay open,” Tomas Berg said. Elena Ortega arrived later. "
        "“We will see about that,” Berg added. “Nobody has asked us about it,” he said."
    )
    found = quotes(text, people=["Tomas Berg", "Elena Ortega", "Berg"])
    assert [q.speaker for q in found] == ["Tomas Berg"] * 3


def test_role_resolves_to_the_person_introduced_with_it() -> None:
    text = (
        "Russian President Vladimir Petrov met Foreign Minister Ana Ruiz in Geneva. "
        "“The talks are over for now,” the Kremlin chief told reporters. "
        "“We will keep trying regardless,” the minister said."
    )
    found = quotes(text)
    assert [(q.speaker, q.speaker_text) for q in found] == [
        ("Vladimir Petrov", "the Kremlin chief"),
        ("Ana Ruiz", "the minister"),
    ]


def test_role_chooses_by_country() -> None:
    text = (
        "Chinese President Li Wen hosted Russian President Vladimir Petrov. "
        "“We agree on more than before,” the Russian leader said. "
        "“We disagree on much still,” the Chinese president said."
    )
    found = quotes(text)
    assert [q.speaker for q in found] == ["Vladimir Petrov", "Li Wen"]


@pytest.mark.parametrize(
    ("speaker_text", "speaker"),
    [
        ("the Élysée chief", "Jean Dupont"),
        ("the Moncloa leader", "Lucía Vega"),
        ("the Zhongnanhai chief", "Li Wen"),
        ("the Beijing leader", "Li Wen"),
        ("the White House chief", None),  # no American was introduced
    ],
)
def test_institution_metonyms_give_the_country(speaker_text: str, speaker: str | None) -> None:
    text = (
        "French President Jean Dupont, Spanish Prime Minister Lucía Vega and Chinese "
        "President Li Wen met in Geneva. "
        f"“The talks went better than expected,” {speaker_text} said."
    )
    q = one(text)
    assert (q.speaker_text, q.speaker) == (speaker_text, speaker)


def test_role_introduced_by_apposition() -> None:
    text = (
        "Vladimir Petrov, Russia's president, arrived late. "
        "“We are here to stay in the region,” the Russian president said."
    )
    assert one(text).speaker == "Vladimir Petrov"


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        (
            "El presidente ruso, Vladimir Petrov, llegó tarde. "
            "«No hay acuerdo posible con ellos», afirmó el mandatario ruso.",
            "es",
            "Vladimir Petrov",
        ),
        (
            "Il presidente Marco Rossi è arrivato a Roma. "
            "«Non ci sono accordi possibili», ha detto il presidente.",
            "it",
            "Marco Rossi",
        ),
        (
            "Bundeskanzler Klaus Weber reiste nach Paris. "
            "„Wir bleiben bei unserer Linie“, sagte der Kanzler.",
            "de",
            "Klaus Weber",
        ),
        (
            "Der Kremlchef Wladimir Petrow empfing die Delegation. "
            "„Wir bleiben bei unserer Linie“, sagte der russische Präsident.",
            "de",
            "Wladimir Petrow",
        ),
    ],
)
def test_roles_in_other_languages(text: str, lang: str, speaker: str) -> None:
    assert one(text, lang).speaker == speaker


def test_role_introduced_with_a_portfolio_phrase() -> None:
    text = (
        "El presidente llegó con la ministra de Asuntos Exteriores, Ana Ruiz, el lunes. "
        "«Nada está acordado todavía», aseguró la ministra."
    )
    assert one(text, "es").speaker == "Ana Ruiz"


def test_german_compound_role_and_inflected_title() -> None:
    text = (
        "Die Kanzlerin empfing den russischen Präsidenten Wladimir Petrow. "
        "»Es wird noch dauern«, so der Kremlchef."
    )
    q = one(text, "de")
    assert (q.speaker, q.speaker_text, q.cue) == ("Wladimir Petrow", "der Kremlchef", "so")


def test_italian_feminine_role() -> None:
    text = (
        "Il premier ha ricevuto la cancelliera tedesca Greta Weber. "
        "«Ci vorrà ancora molto tempo», ha dichiarato la cancelliera."
    )
    assert one(text, "it").speaker == "Greta Weber"


@pytest.mark.parametrize(
    ("text", "speaker", "speaker_text"),
    [
        (
            "“That is simply wrong and they know it,” said attorney Lena Vos of the clinic.",
            "Lena Vos",
            "attorney Lena Vos",
        ),
        (
            "“We can finally sleep again at night,” the mayor's sister, Inés Mora, said.",
            "Inés Mora",
            "Inés Mora",
        ),
        (
            "“We had a long talk with him,” Harbour Club Head Coach Sam Tull said.",
            "Sam Tull",
            "Harbour Club Head Coach Sam Tull",
        ),
        (
            "“They will lose a lot if they come,” said a government spokesman, Omar B. Haddad.",
            "Omar B. Haddad",
            "a government spokesman",
        ),
        (
            "“In July alone they lost a fortune,” said Lisbon baker and blogger Rui Fonte.",
            "Rui Fonte",
            "Rui Fonte",
        ),
        (
            "“We saw it all from the roof,” the shop owner's son Leo Park tells the paper.",
            "Leo Park",
            "Leo Park",
        ),
    ],
)
def test_descriptions_around_names(text: str, speaker: str, speaker_text: str) -> None:
    q = one(text)
    assert (q.speaker, q.speaker_text) == (speaker, speaker_text)


def test_surname_that_is_also_a_role_word() -> None:
    text = "Club president Ann King spoke first. “I look in the mirror every day,” King said."
    assert one(text).speaker == "Ann King"


def test_headline_case_run_is_not_a_name() -> None:
    text = "Lena Vos Checks Into The Clinic\n“I feel much better already,” Vos said."
    assert one(text).speaker == "Vos"


def test_cue_without_a_readable_subject_does_not_inherit() -> None:
    text = "“We will win this time,” Ortega said. “We will lose,” said three of the older men."
    found = quotes(text)
    assert [q.speaker for q in found] == ["Ortega", None]
    assert (found[1].speaker_text, found[1].cue) == (None, "said")


def test_language_tags_and_unknown_languages() -> None:
    text = "“We will rebuild the bridge,” Berg said."
    for lang in ("en-GB", None, "pt"):
        assert find_quotes(text, [], [], lang)[0].speaker == "Berg"


def test_hostile_inputs_stay_bounded() -> None:
    # each of these took seconds to minutes before the look-around windows were bounded
    texts = [
        "x" * 30000 + ", " + "y" * 30000 + ": “thing is big and bad now”",
        "according to " * 5000 + "“thing is big and bad now”",
        "“open\n" + "\n" * 20000 + "x",
        "Mr. Ortega met Ms. Ruiz. “We are here now,” he said. " * 500,
    ]
    for text in texts:
        _check_contract(text, find_quotes(text, [Sentence(text, 0, len(text))], [], "en"))


def test_unresolved_role_or_pronoun_keeps_its_words() -> None:
    found = quotes(
        "“The borders will stay closed all week,” the Kremlin chief said. "
        "“That is a mistake for everyone,” she said."
    )
    assert [(q.speaker, q.speaker_text) for q in found] == [
        (None, "the Kremlin chief"),
        (None, "she"),
    ]


def test_plural_pronoun_is_not_resolved() -> None:
    text = "Elena Ortega and Tomas Berg met. “We have nothing more to add,” they said."
    q = one(text, people=["Elena Ortega", "Tomas Berg"])
    assert (q.speaker, q.speaker_text) == (None, "they")


def test_works_without_sentences() -> None:
    text = "President Elena Ortega spoke. “We will not give in,” Ortega said. Then she left."
    q = quotes(text, sentences=False)
    assert [(x.speaker, x.cue) for x in q] == [("Elena Ortega", "said")]


def test_names_inside_quotes_are_not_antecedents() -> None:
    text = (
        "Ms. Elena Ortega spoke first. “I met Mr. Berg twice this week and we talked,” "
        "she said. “Nothing came of it in the end,” she said."
    )
    assert [q.speaker for q in quotes(text)] == ["Elena Ortega", "Elena Ortega"]


# ------------------------------------------------------------------------ properties
_QUOTEY = st.lists(
    st.sampled_from(
        [*"abc XYZ.,:;!?\n'\"“”„«»‹›‘’‚「」-—", "said", "Ortega", " he ", "dijo", "\n\n"]
    ),
    max_size=80,
).map("".join)


def _check_contract(text: str, found: list[Quote]) -> None:
    last_end = -1
    for q in found:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.text.strip()
        assert q.start >= last_end  # sorted, and no two quotes overlap
        last_end = q.end
        if q.speaker_text is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker_text
        else:
            assert q.speaker_start is None and q.speaker_end is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.sampled_from(["en", "es", "it", "de", "fr", None]))
def test_arbitrary_unicode_never_raises(text: str, lang: str | None) -> None:
    found = find_quotes(text, [], [], lang)
    _check_contract(text, found)


@settings(max_examples=300, deadline=None)
@given(_QUOTEY, st.sampled_from(["en", "es", "de", None]))
def test_quote_heavy_text_keeps_the_contract_and_is_deterministic(
    text: str, lang: str | None
) -> None:
    sents = _sentences(text, "en")
    people = [Entity("Ortega", m.start(), m.end(), "PERSON") for m in re.finditer("Ortega", text)]
    found = find_quotes(text, sents, people, lang)
    _check_contract(text, found)
    assert find_quotes(text, sents, people, lang) == found


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-5, 400), st.integers(-5, 400)), max_size=8),
    st.lists(st.tuples(st.integers(-5, 400), st.integers(-5, 400)), max_size=4),
)
def test_inconsistent_sentences_and_entities_are_tolerated(
    sent_spans: list[tuple[int, int]], ent_spans: list[tuple[int, int]]
) -> None:
    text = "“We will not give in,” Ortega said. He added: “Never, ever.” Then ‘so’ it went."
    sents = [Sentence("", a, b) for a, b in sent_spans]
    ents = [Entity("x", a, b, "PERSON") for a, b in ent_spans]
    _check_contract(text, find_quotes(text, sents, ents, "en"))


def test_he_said_after_a_person_introduced_by_a_role_phrase() -> None:
    # The mayor spoke first, but "he" is the councillor introduced just before the quote.
    text = (
        "Mayor Ada Kellner said the city would rebuild. “It held for 60 years and went down "
        "in less than an hour,” Kellner said.\n\nOpposition councillor Rutger Vinn was not "
        "convinced. “They patched the wall in one place and prayed for the rest,” he said."
    )
    speakers = [q.speaker for q in find_quotes(text, split_sentences(text, "en"), [], "en")]
    assert speakers == ["Ada Kellner", "Rutger Vinn"]


# ------------------------------------------------------- speaker rules of news writing
def pipeline_quotes(text: str, lang: str = "en") -> list[Quote]:
    """find_quotes with the pipeline's own sentence splitter and no entities."""
    found = find_quotes(text, split_sentences(text, lang), [], lang)
    _check_contract(text, found)
    return found


def test_pronoun_takes_the_person_introduced_just_before() -> None:
    # Berg is known to be a man and spoke last, but the writer has just brought in Meyer
    text = (
        "Mr. Tomas Berg opened the meeting. “We start now and we finish late,” Berg said.\n\n"
        "Harbour pilot Captain Jonas Meyer said the tide came early. "
        "“We had no warning. None at all,” he said."
    )
    assert [q.speaker for q in pipeline_quotes(text)] == ["Tomas Berg", "Jonas Meyer"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            # a known gender that matches, farther back, loses to the person just named
            "Mr. Ivo Sand chaired the hearing. Fire chief Olaf Brenn said the crews were "
            "tired. “We have been up for two days,” he said.",
            "Olaf Brenn",
        ),
        (
            "Ms. Vera Holm praised the team. Her deputy, Tomas Lind, disagreed. "
            "“It was not enough for anyone,” he said.",
            "Tomas Lind",
        ),
        (
            # nothing marks Meyer as a person but a full name that says something
            "Harbour pilot Jonas Meyer said the tide came early. "
            "“We had no warning at all,” he said.",
            "Jonas Meyer",
        ),
        (
            # the person of the sentence before has the wrong gender: look farther back
            "Mr. Ivo Sand met Ms. Rita Vos in Oslo. Vos left early. "
            "“We found common ground on fishing rights,” he said.",
            "Ivo Sand",
        ),
    ],
)
def test_pronoun_resolves_to_the_latest_fitting_person(text: str, speaker: str) -> None:
    found = pipeline_quotes(text)
    assert [q.speaker for q in found] == [speaker]


@pytest.mark.parametrize(
    ("text", "lang", "quote", "speaker", "cue"),
    [
        (
            "Lena Moss called the ruling “a disgrace” and left the court.",
            "en",
            "a disgrace",
            "Lena Moss",
            "called",
        ),
        (
            "Minister Olle Berg described the plan as “a recipe for chaos”.",
            "en",
            "a recipe for chaos",
            "Olle Berg",
            "described",
        ),
        (
            "Olle Berg accused the board of “gambling with jobs”.",
            "en",
            "gambling with jobs",
            "Olle Berg",
            "accused",
        ),
        (
            "Olle Berg has called the walkout “reckless”, arguing that pay rose fast.",
            "en",
            "reckless",
            "Olle Berg",
            "has called",
        ),
        (
            "Marta Gil calificó la decisión de «un error histórico».",
            "es",
            "un error histórico",
            "Marta Gil",
            "calificó",
        ),
        (
            "Carlo Neri ha definito la proposta «un passo indietro».",
            "it",
            "un passo indietro",
            "Carlo Neri",
            "ha definito",
        ),
    ],
)
def test_labelling_verbs_attribute_the_quoted_words(
    text: str, lang: str, quote: str, speaker: str, cue: str
) -> None:
    q = one(text, lang)
    assert (q.text, q.speaker, q.cue) == (quote, speaker, cue)


def test_labelling_verb_never_takes_its_object_as_speaker() -> None:
    text = "“We lost the game badly today,” the coach said. Fans called Lena Moss “our best”."
    found = quotes(text)
    assert [q.text for q in found] == ["We lost the game badly today"]  # no person: dropped
    text2 = "Before the final, the club called Lena Moss “the best player we ever had”."
    assert one(text2).speaker is None


@pytest.mark.parametrize(
    "text",
    [
        "Pablo Ruiz said the port would reopen “within days”, and accused the ministry of "
        "“sleeping through the storm”.",
        "Pablo Ruiz visited the port on Monday and said it would reopen “within days”, and "
        "then accused the ministry of “sleeping through the storm”.",
    ],
)
def test_coordinated_verb_shares_the_subject_of_its_clause(text: str) -> None:
    found = quotes(text)
    assert [q.text for q in found] == ["within days", "sleeping through the storm"]
    assert [q.speaker for q in found] == ["Pablo Ruiz", "Pablo Ruiz"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "The army will stay, according to the defence minister, Karin Lund, who said "
            "troops would remain “until the last house is dry”.",
            "en",
        ),
        (
            "La sequía seguirá, según la ministra, Karin Lund, que dijo que no habrá "
            "«ningún recorte en el riego».",
            "es",
        ),
    ],
)
def test_relative_pronoun_speaks_for_the_name_before_it(text: str, lang: str) -> None:
    q = one(text, lang)
    assert (q.speaker, q.speaker_text) == ("Karin Lund", "Karin Lund")


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        (
            "Lena Moss said she would call the union back “before Easter”.",
            "before Easter",
            "Lena Moss",
        ),
        ("Lena Moss told reporters that she would “never sign”.", "never sign", "Lena Moss"),
        ("Asked about it, she said she would “never sign” and walked out.", "never sign", None),
    ],
)
def test_short_quote_ending_a_reported_clause_is_speech(
    text: str, quote: str, speaker: str | None
) -> None:
    q = one(text)
    assert (q.text, q.speaker) == (quote, speaker)


@pytest.mark.parametrize(
    "text",
    [
        "Lena Moss said the “road map” had failed.",  # inside the clause, not ending it
        "Lena Moss told reporters about the “peace plan”.",  # a noun phrase after "the"
        "Lena Moss said she had read “War and Peace”.",  # a title, in title case
        "Officials called it a “farce”.",  # nobody in particular
        "Lena Moss met the board. The union wants a “fair deal”.",  # no cue in its sentence
    ],
)
def test_short_scare_quotes_and_titles_stay_dropped(text: str) -> None:
    assert quotes(text) == []


@pytest.mark.parametrize(
    ("text", "lang", "speaker", "speaker_text"),
    [
        (
            "«No firmaremos nada así», dijo la alcaldesa de la ciudad, Marta Gil, tras la reunión.",
            "es",
            "Marta Gil",
            "la alcaldesa de la ciudad",
        ),
        (
            # an adjective of a country the lexicon does not know
            "«No firmaremos nada así», dijo el presidente velmorio, Iván Soto, tras la reunión.",
            "es",
            "Iván Soto",
            "el presidente velmorio",
        ),
        (
            "La ministra de Sanidad, Rosa Llano, fue tajante: «No habrá recortes en los "
            "hospitales».",
            "es",
            "Rosa Llano",
            "La ministra de Sanidad",
        ),
        (
            "The company's chief executive, Mara Vint, was blunt: “We cannot keep the plant open.”",
            "en",
            "Mara Vint",
            "The company's chief executive",
        ),
    ],
)
def test_role_followed_by_the_name_in_apposition(
    text: str, lang: str, speaker: str, speaker_text: str
) -> None:
    q = one(text, lang)
    assert (q.speaker, q.speaker_text) == (speaker, speaker_text)


def test_role_prefers_the_same_role_over_a_generic_head() -> None:
    text = (
        "Mayor Eva Strand met the board. Union leader Jon Odd arrived later. "
        "“We need the jobs more than anyone,” the mayor said."
    )
    assert one(text).speaker == "Eva Strand"


def test_envoy_is_a_role() -> None:
    text = (
        "The talks were chaired by U.N. envoy Mirela Dask. "
        "“The door is still open for both,” the envoy said."
    )
    assert one(text).speaker == "Mirela Dask"


@pytest.mark.parametrize(
    ("text", "lang", "people"),
    [
        (
            "Il sindaco di Montebello Carlo Neri ha detto: «Ricostruiremo tutto entro l'estate».",
            "it",
            None,
        ),
        (
            "L'inviato delle Nazioni Unite Carlo Neri ha ricordato: «Nessuno ci credeva un "
            "mese fa».",
            "it",
            None,
        ),
        (
            # the same, where the entity recogniser swallowed the organisation
            "L'inviato delle Nazioni Unite Carlo Neri ha ricordato: «Nessuno ci credeva un "
            "mese fa».",
            "it",
            ["Nazioni Unite Carlo Neri"],
        ),
        ("Según el enviado de la OEA Carlo Neri, la tregua «es frágil pero real».", "es", None),
    ],
)
def test_body_a_role_belongs_to_is_not_part_of_the_name(
    text: str, lang: str, people: list[str] | None
) -> None:
    assert one(text, lang, people).speaker == "Carlo Neri"


def test_three_word_names_stay_whole() -> None:
    q = one("“It was a long road for all of us,” said Anna Maria Lind.")
    assert q.speaker == "Anna Maria Lind"
    text = "The widow of Anna Maria Lind spoke last. “She loved this town,” said Anna Maria Lind."
    assert quotes(text)[0].speaker == "Anna Maria Lind"


def test_role_and_surname_resolve_to_the_fullest_name() -> None:
    text = (
        "Interior minister Greta Sol toured the district. "
        "“The army will stay as long as needed,” the minister said. "
        "“Nobody will be left alone,” Sol added."
    )
    found = pipeline_quotes(text)
    assert [(q.speaker, q.speaker_text) for q in found] == [
        ("Greta Sol", "the minister"),
        ("Greta Sol", "Sol"),
    ]


def test_quote_continuing_after_a_paragraph_break() -> None:
    text = (
        "Ada Brun visited the shelter on Sunday.\n\n"
        "“We will rebuild the wall,” she said.\n\n"
        "“It will take a year, maybe two.”"
    )
    found = pipeline_quotes(text)
    assert [q.speaker for q in found] == ["Ada Brun", "Ada Brun"]
    assert found[1].speaker_text == "she"  # the words of the cue it continues


# ------------------------------------------------------------- properties of speakers
_NAMES = ["Lena Moss", "Olle Berg", "Ms. Vera Holm", "Mr. Ivo Sand", "Karin Lund"]
_SENTENCES = [
    "{n} arrived in Oslo on Monday.",
    "“We will not give in to anyone,” {n} said.",
    "“We will not give in to anyone,” he said.",
    "“We will not give in to anyone,” she said.",
    "{n} called the plan “a disgrace” and left.",
    "{n} said the port would reopen “within days”, and accused the board of “lying”.",
    "The army stays, according to the minister, {n}, who said it would stay “for months”.",
    "Interior minister {n} toured the district.",
    "“Nobody will be left alone,” the minister said.",
    "The union's leader, {n}, was blunt: “No deal.”",
    "«No firmaremos», dijo la alcaldesa, {n}, tras la reunión.",
    "“It will take a year.”",
    "Critics called it a “farce”.",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_SENTENCES), st.sampled_from(_NAMES)), min_size=1, max_size=8
    ),
    st.sampled_from(["\n\n", " "]),
)
def test_speakers_are_names_of_the_text_and_deterministic(
    parts: list[tuple[str, str]], sep: str
) -> None:
    text = sep.join(s.format(n=n) for s, n in parts)
    found = pipeline_quotes(text)
    assert pipeline_quotes(text) == found
    for q in found:
        if q.speaker is not None:
            # the canonical name is one the article uses, never a role or a pronoun
            assert q.speaker in text
            assert q.speaker.split()[-1] in {n.split()[-1] for n in _NAMES}
