"""How a conflict names what it is about (data for `conflicts`)."""

# What is counted (`Quantity.counts`) -> the thing sources disagree on.
ABOUT_COUNTS: dict[str, str] = {
    "dead people": "death toll",
    "injured people": "number of injured",
    "missing people": "number of missing",
    "evacuated people": "number of evacuated",
    "arrested people": "number of arrests",
    "displaced people": "number of displaced",
    "jobs": "number of jobs",
}

ABOUT_KINDS: dict[str, str] = {
    "percent": "percentage",
    "count": "count",
    "duration": "duration",
    "money": "amount",
}

CURRENCY_NAMES: dict[str, str] = {
    "USD": "US dollars",
    "EUR": "euros",
    "GBP": "pounds sterling",
    "JPY": "yen",
    "CHF": "Swiss francs",
}
