"""Places: the packaged gazetteer and the resolver of place mentions (CODEBOOK §4)."""

from rasd.geo.gazetteer import Gazetteer, Place, load_gazetteer
from rasd.geo.resolve import ResolvedPlace, resolve_places

__all__ = ["Gazetteer", "Place", "ResolvedPlace", "load_gazetteer", "resolve_places"]
