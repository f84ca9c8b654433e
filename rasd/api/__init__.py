"""The rasd REST API (FastAPI): events, articles, incidents, signals, places, actors, stats, trends,
exports and review, under ``/api``; the dashboard at ``/``; OpenAPI at ``/docs``.

``create_app(store_or_url)`` builds the app; ``rasd serve`` runs it (:mod:`rasd.cli_web`).
See ``docs/api.md``.
"""

from __future__ import annotations

from rasd.api.app import create_app

__all__ = ["create_app"]
