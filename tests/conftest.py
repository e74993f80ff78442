"""Shared test set-up: Hypothesis profiles, a real PostgreSQL server for the store, and
store URLs for the tests that run on both databases."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import settings

from accord.store import database_url
from postgres_server import PostgresServer

# `make test` and CI run the property tests on a fixed seed, so a run is reproducible and
# a submission never fails by the luck of the draw; `HYPOTHESIS_PROFILE=explore` draws new
# examples each run (what to use while developing, to find new failures).
settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


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


# What touches the store runs on SQLite and on a real PostgreSQL (the server above, or
# ACCORD_TEST_POSTGRES, a scratch database whose public schema is emptied before each test).
@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new store's URL, as `--db` takes it: a SQLite file in a folder not yet made, or
    the test PostgreSQL with its public schema emptied."""
    if request.param == "sqlite":
        return str(tmp_path / "store" / "accord.sqlite")
    postgres = request.getfixturevalue("postgres_url")
    engine = sa.create_engine(database_url(postgres))
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return postgres
