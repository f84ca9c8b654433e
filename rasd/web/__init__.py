"""The dashboard: static files (HTML, JS, CSS, the simplified boundary map) served by :mod:`rasd.api`.

``STATIC_DIR`` is the folder the API mounts at ``/``; :mod:`rasd.web.build_map` rebuilds
``static/map/boundaries.json`` from the boundary files in ``../shared/data``.
"""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"

__all__ = ["STATIC_DIR"]
