from hypothesis import given
from hypothesis import strategies as st

from accord.ingest.ids import derive_id, outlet_from_url, slugify


def test_id_is_stable_and_readable() -> None:
    first = derive_id(url=None, path="ledger-storm.txt", title="Storm", text="Body.")
    again = derive_id(url=None, path="ledger-storm.txt", title="Storm", text="Body.")
    assert first == again
    assert first.startswith("ledger-storm-")


def test_changed_text_is_a_new_version() -> None:
    one = derive_id(url="https://a.example/x/storm-hits", path=None, title=None, text="A.")
    two = derive_id(url="https://a.example/x/storm-hits", path=None, title=None, text="B.")
    assert one != two
    assert one.startswith("storm-hits-")


def test_outlet_from_url() -> None:
    assert outlet_from_url("https://www.harbourledger.example/2026/a") == "harbourledger.example"
    assert outlet_from_url("not a url") is None
    assert outlet_from_url(None) is None


@given(st.text(max_size=200))
def test_slug_is_safe(value: str) -> None:
    slug = slugify(value)
    assert slug
    assert len(slug) <= 40
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
