"""Cleaning scraped boilerplate: what goes, and the story sentences that must stay."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.ingest.clean import BLOCK, LINE, RULES, TITLE, clean

BEFORE = "The sea wall failed on Friday night, flooding 40 streets, the port authority said."
AFTER = "Rescue teams worked through the night to reach stranded families."


def around(line: str) -> str:
    return f"{BEFORE}\n\n{line}\n\n{AFTER}"


BOILERPLATE = [
    ("share", "Share this article"),
    ("share", "Share on Facebook"),
    ("share", "Share: Facebook | Twitter | WhatsApp"),
    ("share", "Facebook Twitter WhatsApp Email"),
    ("share", "Comparte esta noticia"),
    ("share", "Diesen Artikel teilen"),
    ("share", "Print this article"),
    ("follow", "Follow us on Twitter"),
    ("follow", "Follow us on X for the latest updates"),
    ("follow", "Síguenos en Facebook, Twitter e Instagram"),
    ("follow", "Seguici su Telegram"),
    ("follow", "Folgen Sie uns auf Instagram"),
    ("follow", "Suivez-nous sur les réseaux sociaux"),
    ("newsletter", "Sign up for our newsletter"),
    ("newsletter", "Sign up for our daily newsletter to get the news in your inbox."),
    ("newsletter", "Subscribe to our YouTube channel"),
    ("newsletter", "Subscribe now"),
    ("newsletter", "Suscríbete a nuestro boletín"),
    ("newsletter", "Iscriviti alla newsletter"),
    ("newsletter", "Jetzt abonnieren"),
    ("newsletter", "Get the latest news delivered to your inbox"),
    ("related", "Read more: Storm floods coastal towns"),
    ("related", "Related:"),
    ("related", "Read also"),
    ("related", "Lee también: Lluvias en Valencia"),
    ("related", "Leggi anche"),
    ("related", "Lesen Sie auch: Sturm über Berlin"),
    ("related", "À lire aussi"),
    ("comments", "Leave a comment"),
    ("comments", "12 comments"),
    ("comments", "Log in to comment"),
    ("comments", "Comments (3)"),
    ("comments", "Deja tu comentario"),
    ("translation_note", "Original source in Spanish"),
    ("translation_note", "Fuente original en español"),
    ("translation_note", "Fuente original: El Diario del Puerto"),
    ("translation_note", "This article was translated from Spanish."),
    ("translation_note", "Translated from the Spanish by Ana Ruiz"),
    ("translation_note", "Traducido del inglés por Ana Ruiz"),
    ("photo_credit", "Photo: Jane Roe/Agency"),
    ("photo_credit", "(Photo by Jane Roe/Getty Images)"),
    ("photo_credit", "Foto: EFE"),
    ("photo_credit", "Image credit: Jane Roe"),
    ("photo_credit", "A man walks past flooded houses in Valencia. Jane Roe/Getty Images"),
    ("photo_credit", "Rescue workers in a boat. (AP Photo/Jane Roe)"),
    ("photo_credit", "Empty platforms at the station on Thursday. Photo: Jane Roe/Daily Beacon"),
    ("photo_credit", "Rescue workers search a flooded street. (Photo: Jane Roe/Daily Beacon)"),
    ("photo_credit", "Los dos líderes se saludan en Viena. Foto: Agencia Norte"),
    ("cookies", "We use cookies to improve your experience. By continuing you accept them."),
    ("cookies", "Accept all cookies"),
    ("advertisement", "Advertisement"),
    ("advertisement", "ADVERTISEMENT"),
    ("advertisement", "Publicidad"),
    ("advertisement", "Anzeige"),
    ("advertisement", "- Advertisement -"),
    ("advertisement", "Story continues below advertisement"),
    ("copyright", "© 2026 The Daily Beacon. All rights reserved."),
    ("copyright", "Copyright 2026 The Daily Beacon"),
    ("copyright", "Todos los derechos reservados."),
    ("tags", "Tags: storm, flood, Valencia"),
]


@pytest.mark.parametrize("rule, line", BOILERPLATE)
def test_boilerplate_line_is_removed(rule: str, line: str) -> None:
    text, fired = clean(around(line))
    assert text == f"{BEFORE}\n\n{AFTER}"
    assert fired == [rule]


STORY_SENTENCES = [
    "Investors who follow the company said shares fell.",
    "The minister declined to comment on the photo.",
    "Subscribers to the service rose 12%.",
    "Share prices fell 3% on Friday.",
    "Shares of the company rose.",
    "Follow-up talks are planned for next week.",
    "The related charges were dropped, prosecutors said.",
    "Comments by the minister angered the opposition.",
    "The photo showed flooded streets.",
    "Photos of the flood circulated on social media.",
    "Fotos de la inundación circularon en redes sociales.",
    "Readers can follow the story on the newspaper's website.",
    "He told followers on Twitter to stay home.",
    "Advertising revenue fell 10% last year.",
    "Copyright infringement lawsuits rose 20% in 2025.",
    "Translated into six languages, the report was published on Monday.",
    "Translated from Russian, the letter reads: “We stand firm”.",
    "Traducido del ruso, el texto dice que la presa resistió.",
    "Translated by aides, the letter was read aloud in parliament.",
    "The story originally appeared in Spanish, the editor said.",
    "Reporting by Jane Doe - Editing by Sun Li",
    "The agency sold the picture to Getty Images.",
    "The company said it would share the data with regulators.",
    "She urged residents to sign up for flood alerts by email.",
    "Sign up numbers rose after the email campaign.",
    "Subscribe to the idea that the storm was unprecedented, and you miss the history.",
    "“We use cookies as a metaphor,” the chef said.",
    "Read more about the storm in the mayor's report, the council said.",
    "Related reports were filed in three other towns.",
    "Ad hoc committees were formed.",
    "The comment section was closed after abuse.",
    "Sources said the minister would resign.",
    "Image quality improved, the company said.",
    "Credit card spending rose 4%.",
    "Tags on the luggage were missing.",
    "Print newspapers lost readers.",
    "The ministry's newsletter said the vaccine was safe.",
    "Your email was hacked, police told the mayor.",
    "Email records show the meeting took place.",
    "Accept the offer, the union told members.",
    "OK, the mayor said, we will rebuild.",
    "Follow the money, the investigators said on Twitter.",
    "Siguen las lluvias en Valencia, según la agencia.",
    "Die Anzeige wurde am Montag erstattet.",
    "Los comentarios del ministro causaron polémica.",
    "The storm - the worst in a decade - flooded the port.",
    "All rights reserved to the families, the lawyer said, were ignored.",
    "More from the ministry is expected later.",
    "Trending upwards, prices rose for a third month.",
    "Related to the flood, the council cut the budget.",
    "The bigger picture: inflation is rising, the bank said.",
    "He said so. The bigger picture: Inflation Is Rising",
    "The council published the photo: it showed the breach.",
    "The data paint a grim scene. Picture: A Country Divided",
]


@pytest.mark.parametrize("sentence", STORY_SENTENCES)
def test_story_sentences_are_never_removed(sentence: str) -> None:
    for title, outlet in [(None, None), ("Storm floods coastal towns", "The Daily Beacon")]:
        text, fired = clean(around(sentence), title=title, outlet=outlet)
        assert text == around(sentence), fired
        assert fired == []
        # also as a line of a paragraph, next to removed boilerplate, and last
        text, _ = clean(f"{BEFORE}\n{sentence}\nAdvertisement\n{sentence}", title, outlet)
        assert text == f"{BEFORE}\n{sentence}\n{sentence}"


def test_a_caption_goes_with_the_credit_line_under_it() -> None:
    block = "Rescue crews wade through the flooded lane.\nPhoto: Jane Roe/Daily Beacon"
    text = f"{BEFORE}\n\n{block}\n\n{AFTER}"
    assert clean(text) == (f"{BEFORE}\n\n{AFTER}", ["photo_credit"])


def test_a_credit_line_takes_nothing_but_its_own_block() -> None:
    # Set apart from the credit by a blank line: a story paragraph, not its caption.
    apart = f"{BEFORE}\n\nStory paragraph.\n\nPhoto: Jane Roe/Daily Beacon\n\n{AFTER}"
    assert clean(apart)[0] == f"{BEFORE}\n\nStory paragraph.\n\n{AFTER}"
    # Paragraphs not set apart by blank lines (extracted HTML): the line above may be story.
    joined = f"{BEFORE}\nStory paragraph.\nPhoto: Jane Roe/Daily Beacon\n{AFTER}"
    assert clean(joined)[0] == f"{BEFORE}\nStory paragraph.\n{AFTER}"
    # Too long for a caption.
    long = "A story paragraph that runs on " + "and on " * 40 + "before it ends."
    assert long in clean(f"{BEFORE}\n\n{long}\nPhoto: Jane Roe/Daily Beacon\n\n{AFTER}")[0]


NEWSLETTER_BOX = (
    "Get the Beacon Morning Brief\n"
    "The day's top stories, in your inbox at 7 a.m.\n"
    "Email address\n"
    "Subscribe"
)


def test_a_newsletter_box_goes_whole() -> None:
    text = f"{BEFORE}\n\n{NEWSLETTER_BOX}\n\n{AFTER}"
    assert clean(text) == (f"{BEFORE}\n\n{AFTER}", ["newsletter"])


@pytest.mark.parametrize(
    "text, kept",
    [
        # No blank lines set paragraphs apart: the block is the whole story.
        (
            "The port reopened on Monday after the storm.\nShips were queuing outside.\n"
            "Officials expect normal traffic by Friday.\nEmail address\nSubscribe",
            ["The port reopened on Monday", "Ships were queuing", "normal traffic by Friday"],
        ),
        # Newsletter sentences in a list of advice, but no bare field or button.
        (
            "Officials gave three pieces of advice.\nSign up to the council's emergency "
            "alerts.\nGet free flood warnings by email.\nStay away from the river banks."
            "\n\nEnd.",
            ["Officials gave three pieces of advice.", "Stay away from the river banks."],
        ),
    ],
)
def test_story_around_newsletter_lines_is_not_a_box(text: str, kept: list[str]) -> None:
    cleaned = clean(text)[0]
    for line in kept:
        assert line in cleaned


@pytest.mark.parametrize(
    "text, kept",
    [
        # The credit does not end a block of its own: the line above is story.
        (
            "Intro.\n\nThe mayor said the plan would be reviewed next month.\n"
            "Photo: Ana Ruiz/Daily Beacon\nThe council will vote on Friday.\n\nEnd.",
            "The mayor said the plan would be reviewed next month.",
        ),
        # At the top, the line above a credit may be the lede.
        (
            "Firefighters worked through the night to contain the blaze.\n"
            "Photo: Ana Ruiz/Daily Beacon\n\nThe cause is not yet known.",
            "Firefighters worked through the night",
        ),
        # Not a bare credit (a caption of its own), so it takes nothing above it.
        (
            "Intro.\n\nThe minister resigned on Tuesday.\n"
            "Photos: the minister leaving the building, surrounded by reporters.\n\nEnd.",
            "The minister resigned on Tuesday.",
        ),
        (
            "Intro.\n\nTwo men were arrested after the raid.\n"
            "Image courtesy of the police department shows the seized goods.\n\nEnd.",
            "Two men were arrested after the raid.",
        ),
    ],
)
def test_a_credit_takes_the_line_above_only_as_a_block_of_two(text: str, kept: str) -> None:
    assert kept in clean(text)[0]


def test_only_a_short_block_of_its_own_is_a_newsletter_box() -> None:
    # One field or button alone does not make a box: the other lines may be story.
    one = f"{BEFORE}\n\nThe council met on Monday.\nIt voted for the plan.\nSubscribe\n\n{AFTER}"
    assert clean(one)[0] == (
        f"{BEFORE}\n\nThe council met on Monday.\nIt voted for the plan.\n\n{AFTER}"
    )
    # Paragraphs not set apart by blank lines: the whole article is one long block.
    story = [f"Story sentence number {n}." for n in range(8)]
    joined = "\n".join([*story[:4], NEWSLETTER_BOX, *story[4:]])
    assert clean(joined)[0] == "\n".join([*story[:4], *NEWSLETTER_BOX.split("\n")[:2], *story[4:]])


def test_related_heading_takes_its_list_of_headlines_with_it() -> None:
    text, fired = clean(
        f"{BEFORE}\n\nRelated posts\n\nMinister resigns after vote\n"
        f"- Prices rise again in Port Ellis\n\nFerry strike ends?\n\n{AFTER}"
    )
    assert text == f"{BEFORE}\n\n{AFTER}"
    assert fired == ["related"]


def test_an_inline_read_more_does_not_take_the_next_lines() -> None:
    text, _ = clean(f"{BEFORE}\nRead more: Ferry strike ends\nThe aftermath\n{AFTER}")
    assert text == f"{BEFORE}\nThe aftermath\n{AFTER}"


def test_link_list_stops_at_the_story() -> None:
    text, _ = clean(f"Lee también\nLluvias en Valencia\n{BEFORE}\nA short subheading\n{AFTER}")
    assert text == f"{BEFORE}\nA short subheading\n{AFTER}"


@pytest.mark.parametrize(
    "closing, title, outlet",
    [
        ("Storm floods coastal towns - The Daily Beacon", "Storm floods coastal towns", None),
        ("Storm floods coastal towns | Beacon News", "Storm floods coastal towns", None),
        ("Storm floods coastal towns | Beacon News", None, "Beacon News"),
        ("Storm floods coastal towns – The Daily Beacon", None, "The Daily Beacon"),
        ("Storm floods coastal towns - Daily Beacon", None, "dailybeacon.example"),
        ("Storm floods coastal towns | Beacon News", None, None),  # closing, with "News"
        ("Storm floods coastal towns", "Storm floods coastal towns", None),
    ],
)
def test_closing_title_echo(closing: str, title: str | None, outlet: str | None) -> None:
    text, fired = clean(f"{BEFORE}\n\n{AFTER}\n\n{closing}\n", title=title, outlet=outlet)
    assert text == f"{BEFORE}\n\n{AFTER}"
    assert fired == ["title_echo"]


def test_title_echo_needs_a_reason() -> None:
    # no title or outlet to compare, and not the closing line: a line like any other
    line = "Storm floods coastal towns | Beacon News"
    assert clean(f"{BEFORE}\n{line}\n{AFTER}")[0] == f"{BEFORE}\n{line}\n{AFTER}"
    # a tail that is not a news site's name
    line = "Storm floods coastal towns - and then the rain stopped"
    assert clean(f"{BEFORE}\n{line}")[0] == f"{BEFORE}\n{line}"


def test_title_repeated_as_the_first_line_goes() -> None:
    text, fired = clean(
        f"Storm floods coastal towns\n\n{BEFORE}", title="Storm floods coastal towns"
    )
    assert (text, fired) == (BEFORE, ["title_echo"])


def test_a_story_sentence_equal_to_the_title_stays() -> None:
    # some scrapers use the first sentence as the title
    assert clean(BEFORE, title=BEFORE) == (BEFORE, [])


def test_blank_lines_left_behind_collapse_and_names_are_listed_once_in_order() -> None:
    text, fired = clean(
        "\n\nAdvertisement\n\n"
        f"{BEFORE}\n\n\nShare this article\n\n\nAdvertisement\n\n{AFTER}\n\nTags: storm\n\n"
    )
    assert text == f"{BEFORE}\n\n{AFTER}"
    assert fired == ["advertisement", "share", "tags"]


def test_nothing_but_boilerplate_gives_empty_text() -> None:
    assert clean("Advertisement\n\nShare this article\n") == ("", ["advertisement", "share"])


def test_rules_are_named_data() -> None:
    assert {rule.scope for rule in RULES} <= {LINE, BLOCK, TITLE}
    assert len({rule.name for rule in RULES}) == len(RULES)
    assert all(rule.max_chars > 0 for rule in RULES)


# --- properties ----------------------------------------------------------------------

_LINES = st.sampled_from(
    [line for _, line in BOILERPLATE]
    + STORY_SENTENCES
    + ["", "   ", "Storm floods coastal towns", "Storm floods coastal towns - The Daily Beacon",
       "Related posts", "Minister resigns after vote", "- Prices rise again"]
)  # fmt: skip
_DOCUMENTS = st.lists(_LINES | st.text(max_size=60), max_size=25).map("\n".join) | st.text()
_TITLES = st.sampled_from([None, "Storm floods coastal towns"])
_OUTLETS = st.sampled_from([None, "The Daily Beacon", "beacon.example"])


def _is_subsequence(part: list[str], whole: list[str]) -> bool:
    remaining = iter(whole)
    return all(line in remaining for line in part)


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS, _TITLES, _OUTLETS)
def test_clean_only_removes_lines_and_is_idempotent(
    text: str, title: str | None, outlet: str | None
) -> None:
    cleaned, fired = clean(text, title=title, outlet=outlet)
    if cleaned:
        assert _is_subsequence(cleaned.split("\n"), text.split("\n"))
    assert "\n\n\n" not in cleaned
    assert set(fired) <= {rule.name for rule in RULES}
    assert clean(cleaned, title=title, outlet=outlet) == (cleaned, [])
    assert clean(text, title=title, outlet=outlet) == (cleaned, fired)  # deterministic


@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.text(max_size=40)), st.one_of(st.none(), st.text()))
def test_clean_never_raises(text: str, title: str | None, outlet: str | None) -> None:
    cleaned, fired = clean(text, title=title, outlet=outlet)
    assert clean(cleaned, title=title, outlet=outlet) == (cleaned, [])
    assert bool(fired) == (cleaned != "\n".join(_kept_lines(text)))


def _kept_lines(text: str) -> list[str]:
    """What clean leaves when no rule fires: blank runs collapsed, ends trimmed."""
    out: list[str] = []
    for line in text.split("\n"):
        if line.strip() or (out and out[-1].strip()):
            out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return out
