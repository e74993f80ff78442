"""Words that negate a statement, by language (data for `compare.is_negated`).

Only plain sentence negation: "no one was hurt" and "nobody was hurt" both count, so the
two agree; words that merely sound negative ("denied", "failed") do not, since a report
that "talks failed" and one that "talks collapsed" say the same.
"""

NEGATIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "not",
        "no",
        "never",
        "nobody",
        "no one",
        "none",
        "nothing",
        "neither",
        "nor",
        "cannot",
        "without",
    ),
    "es": ("no", "nunca", "jamás", "nadie", "nada", "ningún", "ninguna", "ninguno", "ni", "sin"),
    "it": ("non", "mai", "nessuno", "nessuna", "niente", "nulla", "né", "senza"),
    "de": ("nicht", "kein", "keine", "keinen", "nie", "niemals", "niemand", "nichts", "ohne"),
    "fr": ("ne", "pas", "jamais", "personne", "rien", "aucun", "aucune", "sans"),
}
