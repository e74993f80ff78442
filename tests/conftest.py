"""Shared test fixtures: a real PostgreSQL server for the store's tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from postgres_server import PostgresServer


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """ACCORD_TEST_POSTGRES when set (a scratch database), else a server of our own."""
    given = os.environ.get("ACCORD_TEST_POSTGRES")
    if given:
        yield given
        return
    server = PostgresServer()
    try:
        yield server.start()
    finally:
        server.stop()
