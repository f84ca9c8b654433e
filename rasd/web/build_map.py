"""Build the dashboard's boundary map (``static/map/boundaries.json``) from ``../shared/data``.

Rerunnable: ``python -m rasd.web.build_map [SHARED_DATA_DIR]``.

Input (see each folder's SOURCE.md):

- ``syria_ocha_cod_ab``: Syria governorates (admin1) and districts (admin2), OCHA COD-AB v02;
- ``iraq_ocha_cod_ab``: Iraq governorates and districts, OCHA / CSO COD-AB 2019;
- ``world_countries_ar``: low-resolution outlines of Lebanon, Jordan, Turkey, Israel and
  Palestine (mledoze/countries, ODbL) drawn as grey context.

Each ring is simplified with Douglas–Peucker (our own, below) and its coordinates rounded
to 3 decimals (~100 m), enough for a dashboard map and small enough to ship (~0.3 MB).
Rings that collapse below 4 points are dropped. The output is one GeoJSON
FeatureCollection; each feature's properties are ``level`` (``adm1``, ``adm2`` or
``country``), ``code`` (P-code or ISO3), ``name_en``, ``name_ar``, ``country`` (ISO3),
``admin1`` and ``admin1_code`` (the governorate of an adm2 feature; itself for adm1) and,
for adm2, ``admin2`` — the same English names the coder writes into event records, so the
map joins counts on ``(admin1_code, admin2)``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rasd.web import STATIC_DIR

OUTPUT = STATIC_DIR / "map" / "boundaries.json"
#: Douglas–Peucker tolerance in degrees, per level
TOLERANCE = {"adm1": 0.004, "adm2": 0.004, "country": 0.01}
DECIMALS = 3

Point = tuple[float, float]


def _perp_dist2(p: Point, a: Point, b: Point) -> float:
    """Squared distance from ``p`` to the segment ``a``–``b``."""
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return (x - x1) ** 2 + (y - y1) ** 2
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    px, py = x1 + t * dx, y1 + t * dy
    return (x - px) ** 2 + (y - py) ** 2


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """The points of ``points`` kept by Douglas–Peucker at ``tolerance`` (iterative, ends kept)."""
    n = len(points)
    if n < 3:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    tol2 = tolerance * tolerance
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        best, index = -1.0, -1
        for i in range(first + 1, last):
            d = _perp_dist2(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tol2:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring: Sequence[Sequence[float]], tolerance: float) -> list[list[float]] | None:
    """A closed ring simplified and rounded, or ``None`` when it collapses (< 4 points)."""
    pts: list[Point] = [(float(p[0]), float(p[1])) for p in ring]
    if len(pts) < 4:
        return None
    # split a closed ring in two halves so the first/last point is not the only anchor
    mid = len(pts) // 2
    half1 = douglas_peucker(pts[: mid + 1], tolerance)
    half2 = douglas_peucker(pts[mid:], tolerance)
    out: list[list[float]] = []
    for x, y in half1 + half2[1:]:
        q = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != q:
            out.append(q)
    if out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


def simplify_geometry(geometry: dict[str, Any], tolerance: float) -> dict[str, Any] | None:
    """A Polygon/MultiPolygon simplified (as a MultiPolygon), or ``None`` if nothing is left."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    out = []
    for polygon in polygons:
        rings = [simplify_ring(r, tolerance) for r in polygon]
        if rings and rings[0] is not None:
            out.append([r for r in rings if r is not None])
    if not out:
        return None
    return {"type": "MultiPolygon", "coordinates": out}


def _features(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["features"])


def _syria(data: Path) -> Iterable[dict[str, Any]]:
    folder = data / "syria_ocha_cod_ab"
    for f in _features(folder / "syr_admin1_simplified.geojson"):
        p = f["properties"]
        yield _feature("adm1", p["adm1_pcode"], p["adm1_name_en"], p["adm1_name_ar"], "SYR",
                       p["adm1_name_en"], p["adm1_pcode"], None, f["geometry"])
    for f in _features(folder / "syr_admin2_simplified.geojson"):
        p = f["properties"]
        yield _feature("adm2", p["adm2_pcode"], p["adm2_name_en"], p["adm2_name_ar"], "SYR",
                       p["adm1_name_en"], p["adm1_pcode"], p["adm2_name_en"], f["geometry"])


def _iraq(data: Path) -> Iterable[dict[str, Any]]:
    folder = data / "iraq_ocha_cod_ab"
    for f in _features(folder / "irq_admbnda_adm1_cso_20190603.geojson"):
        p = f["properties"]
        yield _feature("adm1", p["ADM1_PCODE"], p["ADM1_EN"], p["ADM1_AR"], "IRQ",
                       p["ADM1_EN"], p["ADM1_PCODE"], None, f["geometry"])
    for f in _features(folder / "irq_admbnda_adm2_cso_20190603.geojson"):
        p = f["properties"]
        yield _feature("adm2", p["ADM2_PCODE"], p["ADM2_EN"], p["ADM2_AR"], "IRQ",
                       p["ADM1_EN"], p["ADM1_PCODE"], p["ADM2_EN"], f["geometry"])


NEIGHBOURS = {"lbn": ("LBN", "Lebanon", "لبنان"), "jor": ("JOR", "Jordan", "الأردن"), "tur": ("TUR", "Turkey", "تركيا"),
              "isr": ("ISR", "Israel", "إسرائيل"), "pse": ("PSE", "Palestine", "فلسطين")}


def _neighbours(data: Path) -> Iterable[dict[str, Any]]:
    for stem, (iso3, en, ar) in NEIGHBOURS.items():
        for f in _features(data / "world_countries_ar" / f"{stem}.geo.json"):
            yield _feature("country", iso3, en, ar, iso3, None, None, None, f["geometry"])


def _feature(level: str, code: str, name_en: str, name_ar: str, country: str, admin1: str | None,
             admin1_code: str | None, admin2: str | None, geometry: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {"level": level, "code": code, "name_en": name_en, "name_ar": name_ar, "country": country}
    if admin1_code:
        props.update(admin1=admin1, admin1_code=admin1_code)
    if admin2:
        props["admin2"] = admin2
    return {"type": "Feature", "properties": props, "geometry": geometry}


def build(data: Path) -> dict[str, Any]:
    """The simplified FeatureCollection built from the shared data folder ``data``."""
    features = []
    for f in [*_neighbours(data), *_syria(data), *_iraq(data)]:
        geometry = simplify_geometry(f["geometry"], TOLERANCE[f["properties"]["level"]])
        if geometry is not None:
            features.append({**f, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str]) -> int:
    data = Path(argv[0]) if argv else Path(__file__).resolve().parents[3] / "shared" / "data"
    collection = build(data)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{OUTPUT}: {len(collection['features'])} features, {OUTPUT.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
