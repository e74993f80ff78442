"""Understanding each article's text: language, sentences, dates, numbers, quotes,
entities (the stages are run in order by pipeline.py)."""
