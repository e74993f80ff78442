"""accord: many news reports about one happening, turned into one cross-referenced brief."""

__version__ = "0.1.0"
