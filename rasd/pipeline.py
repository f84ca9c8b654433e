"""Extraction pipeline (being built): article -> events and signals."""

from __future__ import annotations

from rasd.model import Article, Result


def extract(article: Article) -> Result:
    """Extract the events and signals of one article."""
    return Result(article=article)
