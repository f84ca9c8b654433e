"""Places: the packaged gazetteer and the resolver of place mentions (CODEBOOK §4)."""

from __future__ import annotations

from typing import Any

from rasd.geo.gazetteer import Gazetteer, Place, load_gazetteer
from rasd.geo.resolve import ResolvedPlace, resolve_places

__all__ = ["Gazetteer", "Place", "ResolvedPlace", "geocode", "load_gazetteer", "resolve_places"]


def __getattr__(name: str) -> Any:
    # rasd.geo.explain imports rasd.mentions.places, which imports rasd.geo: load it on first use
    if name == "geocode":
        from rasd.geo.explain import geocode

        return geocode
    raise AttributeError(f"module 'rasd.geo' has no attribute {name!r}")
