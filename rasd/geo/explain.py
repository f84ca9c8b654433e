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
    """One place found in the text: the resolver's choice and the entries it chose among."""

    place: ResolvedPlace
    candidates: tuple[Candidate, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record: ``span``, ``phrase``, ``candidates`` and ``choice``."""
        r = self.place
        return {
            "span": {"start": r.span.start, "end": r.span.end, "text": r.span.text},
            "phrase": {"start": r.phrase.start, "end": r.phrase.end, "text": r.phrase.text},
            "candidates": [asdict(c) for c in self.candidates],
            "choice": {
                "name_en": r.name_en, "kind": r.kind, "country": r.country, "admin1": r.admin1,
                "admin1_code": r.admin1_code, "admin2": r.admin2, "admin3": r.admin3,
                "lat": r.lat, "lon": r.lon, "geo_precision": r.geo_precision, "modifier": r.modifier,
            },
        }


def _explained(r: ResolvedPlace, mention: PlaceMention | None) -> GeocodedPlace:
    return GeocodedPlace(r, tuple(Candidate.of(p, r.place) for p in (mention.candidates if mention else ())))


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
        r = g.place
        lines.append(f"{i}. {r.span.text!r} [{r.span.start}:{r.span.end}]  phrase {r.phrase.text!r} "
                     f"[{r.phrase.start}:{r.phrase.end}]  modifier {_code(r.modifier)}")
        lines.append(f"   choice: {r.name_en} ({r.kind}, {r.country})  admin1 {_code(r.admin1)} [{_code(r.admin1_code)}]"
                     f"  admin2 {_code(r.admin2)}  admin3 {_code(r.admin3)}")
        lines.append(f"           lat {r.lat:.4f} lon {r.lon:.4f}  geo_precision {r.geo_precision}")
        if not g.candidates:
            lines.append("   candidates: none (name not in the gazetteer; placed by its neighbours)")
        else:
            lines.append(f"   candidates ({len(g.candidates)}):")
            for c in g.candidates:
                mark = "*" if c.chosen else " "
                lines.append(f"   {mark} {c.kind:<13} {c.name_en} / {c.name_ar}  {c.country}  {_code(c.admin1_code)}"
                             f"  pop {c.population}")
    return "\n".join(lines)
