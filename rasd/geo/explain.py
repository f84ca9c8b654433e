"""Explain the geocoding of a text: the places found, the candidates considered, the choice made.

``geocode(text)`` runs the same steps as the pipeline — :func:`rasd.text.normalise.normalise`,
:func:`rasd.mentions.places.find_places` (recognition) and
:func:`rasd.geo.resolve.resolve_places` (disambiguation and CODEBOOK §4 precision) — and
returns one :class:`GeocodedPlace` per resolved place, in text order, for analysts to see
why a place was coded as it was (``rasd geocode "TEXT"``).

Offsets are those of the original text: ``text[span.start:span.end] == span.text``.
A name the gazetteer lacks, read after a place word ("قرية حمورية"), has no candidates;
its choice is inherited from the known places around it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rasd.geo.gazetteer import Place
from rasd.geo.resolve import ResolvedPlace, resolve_places
from rasd.mentions.places import PlaceMention, find_places
from rasd.text.normalise import normalise

__all__ = ["Candidate", "GeocodedPlace", "format_table", "geocode", "geocode_places"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer entry a name may stand for."""

    kind: str
    name_en: str
    name_ar: str
    country: str
    admin1_code: str | None
    population: int
    key: str
    chosen: bool

    @classmethod
    def of(cls, p: Place, chosen: Place | None) -> Candidate:
        return cls(p.kind, p.name_en, p.name_ar, p.country, p.admin1_code, p.population, p.key,
                   chosen is not None and p.id == chosen.id)


@dataclass(frozen=True, slots=True)
class GeocodedPlace:
    """One place found in the text, the entries considered and the one chosen."""

    start: int
    end: int
    text: str
    phrase: str
    phrase_start: int
    phrase_end: int
    modifier: str | None
    candidates: tuple[Candidate, ...]
    name_en: str
    kind: str
    country: str
    admin1: str | None
    admin1_code: str | None
    admin2: str | None
    admin3: str | None
    lat: float
    lon: float
    geo_precision: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record: ``span``, ``phrase``, ``candidates`` and ``choice``."""
        return {
            "span": {"start": self.start, "end": self.end, "text": self.text},
            "phrase": {"start": self.phrase_start, "end": self.phrase_end, "text": self.phrase},
            "candidates": [asdict(c) for c in self.candidates],
            "choice": {
                "name_en": self.name_en, "kind": self.kind, "country": self.country, "admin1": self.admin1,
                "admin1_code": self.admin1_code, "admin2": self.admin2, "admin3": self.admin3,
                "lat": self.lat, "lon": self.lon, "geo_precision": self.geo_precision, "modifier": self.modifier,
            },
        }


def _explained(r: ResolvedPlace, mention: PlaceMention | None) -> GeocodedPlace:
    cands = tuple(Candidate.of(p, r.place) for p in (mention.candidates if mention else ()))
    return GeocodedPlace(
        r.span.start, r.span.end, r.span.text, r.phrase.text, r.phrase.start, r.phrase.end, r.modifier, cands,
        r.name_en, r.kind, r.country, r.admin1, r.admin1_code, r.admin2, r.admin3, r.lat, r.lon, r.geo_precision,
    )


def geocode_places(text: str) -> list[GeocodedPlace]:
    """The places of ``text``, resolved, each with the candidates its name had."""
    mentions = find_places(normalise(text))
    by_span: dict[tuple[int, int], PlaceMention] = {}
    for m in mentions:
        if m.modifier != "adjective":
            by_span.setdefault((m.start, m.end), m)
    resolved = sorted(resolve_places(mentions), key=lambda r: (r.span.start, r.span.end))
    return [_explained(r, by_span.get((r.span.start, r.span.end))) for r in resolved]


def geocode(text: str) -> list[dict[str, Any]]:
    """The places of ``text`` as JSON-ready records (see :meth:`GeocodedPlace.to_dict`)."""
    return [g.to_dict() for g in geocode_places(text)]


def _code(v: object) -> str:
    return "-" if v is None or v == "" else str(v)


def format_table(places: list[GeocodedPlace]) -> str:
    """A plain-text report: one block per place, its candidates marked ``*`` for the one chosen."""
    if not places:
        return "no places found"
    lines: list[str] = []
    for i, g in enumerate(places, 1):
        lines.append(f"{i}. {g.text!r} [{g.start}:{g.end}]  phrase {g.phrase!r} [{g.phrase_start}:{g.phrase_end}]"
                     f"  modifier {_code(g.modifier)}")
        lines.append(f"   choice: {g.name_en} ({g.kind}, {g.country})  admin1 {_code(g.admin1)} [{_code(g.admin1_code)}]"
                     f"  admin2 {_code(g.admin2)}  admin3 {_code(g.admin3)}")
        lines.append(f"           lat {g.lat:.4f} lon {g.lon:.4f}  geo_precision {g.geo_precision}")
        if not g.candidates:
            lines.append("   candidates: none (name not in the gazetteer; placed by its neighbours)")
        else:
            lines.append(f"   candidates ({len(g.candidates)}):")
            for c in g.candidates:
                mark = "*" if c.chosen else " "
                lines.append(f"   {mark} {c.kind:<13} {c.name_en} / {c.name_ar}  {c.country}  {_code(c.admin1_code)}"
                             f"  pop {c.population}")
    return "\n".join(lines)
