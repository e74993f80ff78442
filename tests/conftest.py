"""Shared test set-up: Hypothesis profiles, and a real PostgreSQL server for the store."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

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
