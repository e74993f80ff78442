"""Sentence and article vectors for event clustering.

    from accord.encode import CachedEncoder, get_encoder
    encoder = CachedEncoder(get_encoder("use"), "cache/vectors.sqlite")
    vectors = encoder.encode(["Twelve people died.", "Murieron doce personas."])
    similarity = vectors[0] @ vectors[1]  # rows are unit length: a cosine

base.py holds the interface, backends.py the models (loaded on first use, once per
process), cache.py the in-memory and SQLite cache.
"""

from accord.encode.backends import (
    CHOICES,
    E5Encoder,
    EncoderUnavailable,
    SentenceTransformerEncoder,
    UseEncoder,
    get_encoder,
)
from accord.encode.base import Encoder, available_cores
from accord.encode.cache import CachedEncoder

__all__ = [
    "CHOICES",
    "CachedEncoder",
    "E5Encoder",
    "Encoder",
    "EncoderUnavailable",
    "SentenceTransformerEncoder",
    "UseEncoder",
    "available_cores",
    "get_encoder",
]
