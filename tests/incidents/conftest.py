"""Fixtures of the incident tests: the invented corpus (incident_corpus.py) through the real extractor."""

from __future__ import annotations

import pytest
from incident_corpus import ALL

from rasd.model import Result
from rasd.pipeline import extract


@pytest.fixture(scope="session")
def extracted() -> dict[str, Result]:
    """Every corpus article run through the real extractor, by article id."""
    return {r.article_id: extract(r.article()) for r in ALL}
