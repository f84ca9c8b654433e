"""Foreign place names written in Arabic letters, matched to their Latin names by consonant skeleton.

The gazetteer knows a town abroad by its Arabic name only when GeoNames lists one, and Arabic news
transcribe European, Asian and American names each their own way: "كاركاسون" (Carcassonne, where
GeoNames has "قرقشونة"), "تريب" (Trèbes), "كيزليار" (Kizlyar), "أستانة" (Astana). Such a name, read
after a place word in an article about that country, is matched here: both scripts are reduced to
the consonants Arabic writes (vowels, and the letters that stand for them in Arabic — alif, waw,
ya — dropped; b/p, f/v, k/c/q, s/ç, t/d kept apart only where Arabic keeps them apart), and a
town of the article's country with the same skeleton is taken, the most populous first.

Only names of three consonants or more are matched (a shorter skeleton matches too many towns to
mean one), never a frequent Arabic word or a word with the article ("الهدنة" is no Holden), and only
towns outside Syria and Iraq, whose gazetteers carry Arabic names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from rasd.geo.gazetteer import Place, load_gazetteer
from rasd.text.normalise import fold

__all__ = ["arabic_skeleton", "latin_skeletons", "transliterated_town"]

#: the fewest consonants a skeleton must have to be matched
MIN_CONSONANTS = 3
#: first words of compound foreign names ("سانت إتيان"), never a name alone
_GENERIC = frozenset({"سانت", "سان", "سانتا", "سانتو", "بورت", "فورت", "نيو", "لا", "لوس", "لاس", "ال", "دي", "فون"})
#: countries whose gazetteer entries carry Arabic names: nothing to guess there
_SKIP = frozenset({"SYR", "IRQ"})

_AR = {
    "ب": "B", "پ": "B", "ت": "T", "ط": "T", "ث": "S", "ج": "J", "ح": "", "خ": "K", "د": "D", "ض": "D", "ذ": "Z",
    "ر": "R", "ز": "Z", "س": "S", "ص": "S", "ش": "X", "غ": "G", "ف": "F", "ڤ": "F", "ق": "K", "ك": "K", "گ": "G",
    "ل": "L", "م": "M", "ن": "N", "ه": "", "ة": "", "ع": "", "ء": "", "ا": "", "أ": "", "إ": "", "آ": "", "ى": "",
    "و": "", "ؤ": "", "ي": "", "ئ": "",
}

# Latin: longest spellings first; vowels, w, y and h are dropped as the Arabic letters that write them are
_LATIN = [
    ("sch", "X"), ("sh", "X"), ("ch", "X"), ("ph", "F"), ("th", "T"), ("kh", "K"), ("gh", "G"), ("dj", "J"),
    ("ck", "K"), ("qu", "K"), ("x", "KS"), ("b", "B"), ("p", "B"), ("t", "T"), ("d", "D"), ("s", "S"),
    ("z", "Z"), ("j", "J"), ("k", "K"), ("q", "K"), ("c", "K"), ("g", "G"), ("f", "F"), ("v", "F"), ("l", "L"),
    ("m", "M"), ("n", "N"), ("r", "R"),
]
_LATIN_RX = re.compile("|".join(re.escape(a) for a, _ in _LATIN))
_LATIN_MAP = dict(_LATIN)


def arabic_skeleton(name: str) -> str:
    """"كاركاسون" -> "KRKSN": the consonants of an Arabic spelling, doubled ones once."""
    out = []
    for ch in name:
        if "\u064b" <= ch <= "\u0652" or ch == "\u0640":  # vowel marks, tatweel
            continue
        if ch == " ":
            out.append(" ")
            continue
        c = _AR.get(ch)
        if c is None:
            return ""  # a digit or a Latin letter: no transcription
        out.append(c)
    return _squeeze("".join(out).replace(" ", ""))


def _latin_one(word: str) -> str:
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(c for c in w if "a" <= c <= "z")
    w = re.sub(r"c(?=[eiy])", "s", w)  # soft c (Nice, Valence)
    return _squeeze("".join(_LATIN_MAP[m.group(0)] for m in _LATIN_RX.finditer(w)))


def latin_skeletons(name: str) -> set[str]:
    """"Trèbes" -> {"TRBS", "TRB"}: the consonants of a Latin name, and without a final silent s/x/t/d
    (French endings Arabic does not write)."""
    words = [w for w in re.split(r"[\s\-'’]+", name) if w]
    if not words:
        return set()
    whole = "".join(_latin_one(w) for w in words)
    out = {whole} if whole else set()
    last = words[-1].lower()
    if len(whole) > MIN_CONSONANTS and last[-1:] in ("s", "x", "t", "d", "z"):
        out.add(whole[:-1])
    return out


def _squeeze(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


@lru_cache(maxsize=1)
def _towns_by_country() -> dict[str, tuple[Place, ...]]:
    by_country: dict[str, list[Place]] = defaultdict(list)
    for p in load_gazetteer().places:
        if p.kind == "town" and p.country not in _SKIP:
            by_country[p.country].append(p)
    return {c: tuple(v) for c, v in by_country.items()}


@lru_cache(maxsize=64)
def _index(country: str) -> dict[str, tuple[Place, ...]]:
    """Skeleton -> the country's towns with it, most populous first (built when first asked)."""
    by_key: dict[str, list[Place]] = defaultdict(list)
    for p in _towns_by_country().get(country, ()):
        for sk in latin_skeletons(p.name_en):
            if len(sk) >= MIN_CONSONANTS:
                by_key[sk].append(p)
    return {k: tuple(sorted(v, key=lambda p: (-p.population, p.key))) for k, v in by_key.items()}


def transliterated_town(arabic_name: str, countries: Iterable[str]) -> Place | None:
    """The most populous town of the first of ``countries`` whose Latin name has the consonant
    skeleton of ``arabic_name`` (``None`` when none has, or the name is too short to tell)."""
    folded = fold(arabic_name).strip()
    gaz = load_gazetteer()
    if folded.startswith("ال") or folded in gaz.not_names or folded in _GENERIC:
        return None  # "الهدنة", "البيانات": a word with the article is no foreign town's name
    sk = arabic_skeleton(arabic_name)
    if len(sk) < MIN_CONSONANTS:
        return None
    for country in countries:
        if country in _SKIP:
            continue
        found = _index(country).get(sk)
        if found:
            return found[0]
    return None
