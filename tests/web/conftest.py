"""Fixtures of the web ingestion tests: ``site`` (a real local HTTP server, see
:mod:`webserver`) and ``fetcher`` (a :class:`~rasd.ingest.web.Fetcher` for it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from webserver import WebSite, make_fetcher, serve

from rasd.ingest.web import Fetcher


@pytest.fixture
def site() -> Iterator[WebSite]:
    """A fresh local site with the standard routes (:func:`webserver.install_standard_routes`)."""
    with serve() as web:
        yield web


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    """127.0.0.1 allowed, short timeouts, tiny backoff, no rate limit."""
    with make_fetcher() as f:
        yield f
