"""Where a news sentence that says two things may be cut in two (data for `units`).

A lead like "At least 12 people were killed when the storm broke the sea wall, flooding
the district and driving 3,000 people from their homes" carries three statements that
other outlets make separately. Each pattern below marks the start of a new clause; the
text before it stays one clause. A cut is kept only when both sides are long enough to
be statements of their own (see `units.MIN_CLAUSE_WORDS`).
"""

from __future__ import annotations

# Semicolons always separate statements.
HARD_BREAKS = (";",)

# Conjunctions and subordinators that open a clause of their own, by language. The cut
# is made before the word (after any comma); the word stays with the new clause. Without
# a comma only "but" is trusted: "killed when the wall broke" is one statement.
CLAUSE_OPENERS: dict[str, tuple[str, ...]] = {
    "en": (
        ", and",
        ", but",
        ", while",
        ", whereas",
        ", although",
        ", though",
        ", as",
        ", after",
        ", before",
        ", with",
        ", which means",
        " but",
    ),
    "es": (
        ", y",
        ", pero",
        ", mientras",
        ", aunque",
        ", tras",
        ", después de",
        " pero",
    ),
    "it": (
        ", e",
        ", ma",
        ", mentre",
        ", anche se",
        ", dopo",
        " ma",
    ),
    "de": (", und", ", aber", ", während", ", nachdem", ", als"),
    "fr": (", et", ", mais", ", tandis que", ", alors que", ", après"),
}

# A participle opening a clause after a comma or "and" ("..., flooding the district and
# driving 3,000 people from their homes"): English -ing, Spanish -ando/-iendo, Italian
# -ando/-endo. Words that end so but open no clause are listed as exceptions.
PARTICIPLE_ENDINGS: dict[str, tuple[str, ...]] = {
    "en": ("ing",),
    "es": ("ando", "iendo"),
    "it": ("ando", "endo"),
}
PARTICIPLE_EXCEPTIONS = frozenset(
    """including according during following nothing something anything everything king
    morning evening ring spring string thing wing ceiling building meeting funding
    spending housing training warning ruling bombing fighting shooting ending
    beginning offering hearing sitting standing bring""".split()
)

# A relative clause set off by commas ("Baelo, who was in the tower when the wall failed,
# said ...") is part of its sentence's subject: no cut inside it.
RELATIVE_OPENERS: dict[str, tuple[str, ...]] = {
    "en": ("who", "which", "whose", "whom", "where"),
    "es": ("que", "quien", "quienes", "cuyo", "cuya", "donde"),
    "it": ("che", "il quale", "la quale", "i quali", "dove", "cui"),
    "de": ("der", "die", "das", "welche", "wo"),
    "fr": ("qui", "que", "dont", "où"),
}

# Finer cuts for `units.unit_pieces`: the pieces are never shown as statements of their
# own, only used as evidence that a long sentence also states what a shorter one says
# ("..., after Storm Berenice breached the sea wall, ..."), so cutting may be eager.
PIECE_OPENERS: dict[str, tuple[str, ...]] = {
    "en": (
        ",",
        " and",
        " after",
        " when",
        " where",
        " while",
        " as",
        " who",
        " which",
        " before",
        " because",
        " but",
        " with",
    ),
    "es": (",", " y", " tras", " cuando", " donde", " mientras", " que", " pero", " con"),
    "it": (",", " e", " dopo", " quando", " dove", " mentre", " che", " ma", " con"),
    "de": (",", " und", " nachdem", " als", " wo", " während", " aber"),
    "fr": (",", " et", " après", " quand", " où", " pendant", " qui", " mais"),
}
MIN_PIECE_WORDS = 3

# Units that open so and are short are credit lines or bare attributions, not statements
# about the event ("With information from MPA and Nordwire", "according to Nordwire.").
NOT_STATEMENTS = (
    "with information from",
    "with reporting by",
    "additional reporting by",
    "reporting by",
    "editing by",
    "writing by",
    "according to",
    "con información de",
    "con informazioni di",
    "con informazioni da",
    "mit material von",
    "avec",
    "según",
    "secondo",
    "laut",
    "selon",
    "photo:",
    "photo by",
    "photos:",
    "foto:",
    "image:",
    "picture:",
    "video:",
)
NOT_STATEMENT_MAX_WORDS = 8
