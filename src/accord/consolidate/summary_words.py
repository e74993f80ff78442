"""Words that mark reported speech, by language (data for `summary`): a sentence with
one of them tells what someone said, and a summary puts it after what happened."""

REPORTING: dict[str, tuple[str, ...]] = {
    "en": (
        "said",
        "says",
        "told",
        "according to",
        "announced",
        "added",
        "warned",
        "stated",
        "insisted",
        "argued",
        "called",
        "described",
        "urged",
        "promised",
    ),
    "es": ("dijo", "afirmó", "declaró", "según", "aseguró", "señaló", "anunció", "advirtió"),
    "it": ("ha detto", "ha dichiarato", "secondo", "ha affermato", "ha annunciato"),
    "de": ("sagte", "erklärte", "laut", "zufolge", "kündigte"),
    "fr": ("a déclaré", "a dit", "selon", "a affirmé", "a annoncé"),
}
