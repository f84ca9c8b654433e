"""Place mentions: gazetteer names in the text, with the words around them that qualify them.

``find_places`` runs the gazetteer's clitic-aware matcher over the normalised
text and reads, for each name, a *modifier* from the neighbouring words:

========== ==================================================================
modifier   words
========== ==================================================================
near       قرب، بالقرب من، أطراف، محيط، ضواحي، مشارف … / near, outskirts of
countryside ريف، ريفي، بادية … / countryside of, rural X, X countryside
direction  شمال، شرقي، جنوب غرب … X; X الشمالي (after a name) / northern X, north of X
governorate محافظة، ولاية، إقليم … / X province, X governorate, province of X
city       مدينة / city of X, X city
town       بلدة، قرية، ناحية / town of X, village of X
neighbourhood حي، حارة / neighbourhood of X
camp       مخيم / X camp
========== ==================================================================

A name the gazetteer lacks is still read after a place word ("قرية حمورية", "بلدات نوى
وكحيل والسهوة …", "مطار الضبعة", "مديرية رازح", "the village of Abu Hammam"): such a
mention has no candidates and the resolver codes it next to the known places around it.

Offsets are those of the original text (``text[start:end] == mention.text``).
Names that are common words (the stop lists) are kept only after an explicit
place word (city, town, neighbourhood, camp, governorate). Latin names must
carry a capital letter in the original ("march" is not March).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import islice
from typing import NamedTuple

from rasd.geo.gazetteer import (PLACE_WORD_FORMS, PLACE_WORDS_PLURAL, PLACE_WORDS_SINGULAR, Gazetteer, NameInfo,
                                 Place, load_gazetteer)
from rasd.geo.resolve import REGION
from rasd.text.normalise import NormText, fold, is_arabic_letter

__all__ = ["PlaceMention", "find_places"]

_WORD = re.compile(r"[^\W_]+")
_CLITICS = ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", "ك")
_DIRS_AR = {"شمال": "north", "شمالي": "north", "جنوب": "south", "جنوبي": "south", "شرق": "east",
            "شرقي": "east", "غرب": "west", "غربي": "west"}
_POST_DIRS_AR = {"الشمالي": "north", "الجنوبي": "south", "الشرقي": "east", "الغربي": "west",
                 "الشماليه": "north", "الجنوبيه": "south", "الشرقيه": "east", "الغربيه": "west"}
_DIRS_EN = {"north": "north", "northern": "north", "south": "south", "southern": "south", "east": "east",
            "eastern": "east", "west": "west", "western": "west", "northeast": "north-east",
            "northeastern": "north-east", "northwest": "north-west", "northwestern": "north-west",
            "southeast": "south-east", "southeastern": "south-east", "southwest": "south-west",
            "southwestern": "south-west", "central": "centre"}
# one Arabic word before the name (after its proclitics are taken off)
_PRE_AR = {
    "ريف": "countryside", "ريفي": "countryside", "بادية": "countryside", "باديه": "countryside",
    "ارياف": "countryside",
    "قرب": "near", "اطراف": "near", "محيط": "near", "ضواحي": "near", "مشارف": "near", "تخوم": "near",
    "جوار": "near", "مداخل": "near", "مدخل": "near", "اطراف": "near", "قربه": "near",
    "محافظه": "governorate", "محافظتي": "governorate", "ولايه": "governorate", "اقليم": "governorate",
    "مقاطعه": "governorate",
    "مدينه": "city", "مدينتي": "city",
    "بلده": "town", "بلدات": "town", "قريه": "town", "قري": "town", "ناحيه": "town", "بلدتي": "town", "قضاء": "town",
    "قريتي": "town",
    "حي": "neighbourhood", "احياء": "neighbourhood", "حاره": "neighbourhood", "حيي": "neighbourhood",
    "مخيم": "camp", "مخيمي": "camp",
    "مديريه": "district", "مديريات": "district", "مديريتي": "district",
}
# two Arabic words before the name
_PRE2_AR = {("بالقرب", "من"): "near", ("قريبا", "من"): "near", ("قريب", "من"): "near",
            ("القريبه", "من"): "near", ("بالقرب", "منه"): "near"}
_PRE2_LAST = frozenset(w for _, w in _PRE2_AR)
_PRE_EN = {("near",): "near", ("outskirts", "of"): "near", ("vicinity", "of"): "near",
           ("close", "to"): "near", ("countryside", "of"): "countryside", ("rural",): "countryside",
           ("province", "of"): "governorate", ("governorate", "of"): "governorate",
           ("city", "of"): "city", ("town", "of"): "town", ("village", "of"): "town",
           ("neighbourhood", "of"): "neighbourhood", ("neighborhood", "of"): "neighbourhood",
           ("district", "of"): "neighbourhood"}
_POST_EN = {"province": "governorate", "governorate": "governorate", "countryside": "countryside",
            "city": "city", "camp": "camp", "outskirts": "near", "suburbs": "near"}
# place words that license a stop-listed name ("مدينة الثورة")
EXPLICIT = frozenset({"city", "town", "neighbourhood", "camp", "district", "governorate"})


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name in the text and the phrase around it.

    ``start``/``end``/``text``: the name in the original text; ``phrase_*``: the name with
    its modifier words ("ريف إدلب الجنوبي"); ``candidates``: the gazetteer entries the
    name may stand for; ``modifier``/``direction``: how the words around qualify it.
    """

    start: int
    end: int
    text: str
    key: str
    candidates: tuple[Place, ...]
    modifier: str | None = None
    direction: str | None = None
    phrase_start: int = 0
    phrase_end: int = 0
    phrase_text: str = ""
    list_id: int | None = None  # items of one list after a plural place word ("بلدات نوى وطفس …") share it
    needs_support: frozenset[str] = frozenset()  # countries whose reading here wants the article's support
    joined: bool = False  # joined to the place before or after it by "و", "and" or a comma only

    @property
    def known(self) -> bool:
        """False for a name the gazetteer lacks, read from a place word ("قرية حمورية")."""
        return bool(self.candidates)

    def with_candidates(self, candidates: tuple[Place, ...]) -> PlaceMention:
        """``dataclasses.replace(self, candidates=candidates)``, without its introspection."""
        return PlaceMention(self.start, self.end, self.text, self.key, candidates, self.modifier, self.direction,
                            self.phrase_start, self.phrase_end, self.phrase_text, self.list_id, self.needs_support,
                            self.joined)


class _Context(NamedTuple):
    modifier: str | None
    direction: str | None
    start: int  # in the normalised text
    end: int


def _word_start(text: str, i: int) -> int:
    # a word character: alphanumeric or an Arabic letter (``is_arabic_letter`` implies ``isalnum``)
    while i > 0 and text[i - 1].isalnum():
        i -= 1
    return i


def _clitic_forms() -> dict[str, str]:
    """Each place or direction word as written after a clitic -> the word (the first clitic of
    ``_CLITICS`` that leaves a known word wins; a known word is never stripped)."""
    words = set(_PRE_AR) | set(_DIRS_AR)
    forms: dict[str, str] = {}
    for c in reversed(_CLITICS):
        for w in words:
            forms[c + w] = w
    forms.update((w, w) for w in words)
    return forms


_CLITIC_FORMS = _clitic_forms()


def _strip_clitic(word: str) -> str:
    return _CLITIC_FORMS.get(word, word)


# the last words of a chunk, read backwards: words separated by white space only (a comma, a
# full stop … ends the run); one pattern per number of words
_BACK_WORDS = {n: re.compile(r"\s*([^\W_]+)" + r"(?:\s+([^\W_]+)" * (n - 1) + r")?" * (n - 1)) for n in (1, 2, 3)}


def _words_before(text: str, start: int, n: int = 3) -> list[tuple[str, int]]:
    """Up to ``n`` words before ``start`` (nearest first) with their start offsets; stops at punctuation.

    Only the 60 characters before ``start`` are read (a word cut there is read as cut)."""
    m = _BACK_WORDS[n].match(text[start - 60 if start > 60 else 0:start][::-1])
    if m is None:
        return []
    base = min(start, len(text))
    out: list[tuple[str, int]] = []
    for a, b in m.regs[1:]:
        if a < 0:
            break
        out.append((text[base - b:base - a], base - b))
    return out


def _arabic_before(text: str, wstart: int, words: list[tuple[str, int]]) -> _Context | None:
    if not words or (words[0][0] not in _CLITIC_FORMS and words[0][0] not in _PRE2_LAST):
        return None  # every rule wants a place, direction or two-word word right before the name
    w0 = _strip_clitic(words[0][0])
    s0 = words[0][1] + len(words[0][0]) - len(w0)  # the phrase starts after "و"/"ب" ("وريف إدلب")
    if len(words) >= 2:
        w1 = _strip_clitic(words[1][0])
        s1 = words[1][1] + len(words[1][0]) - len(w1)
        if (w1, w0) in _PRE2_AR:
            return _Context(_PRE2_AR[(w1, w0)], None, s1, wstart)
        if w1 in _DIRS_AR and w0 in _DIRS_AR:  # شمال شرق X
            return _Context("direction", f"{_DIRS_AR[w1]}-{_DIRS_AR[w0]}", s1, wstart)
        if w1 in _PRE_AR and _PRE_AR[w1] in ("countryside", "near") and w0 in ("مدينه", "بلده", "قريه"):
            return _Context(_PRE_AR[w1], None, s1, wstart)  # ريف مدينة X
        if w1 in _DIRS_AR and w0 in ("مدينه", "بلده", "قريه"):
            return _Context("near", _DIRS_AR[w1], s1, wstart)  # شرق مدينة غزة: by the city
        if w1 in _DIRS_AR and w0 in ("محافظه", "ريف"):
            return _Context("direction", _DIRS_AR[w1], s1, wstart)  # شمال ريف حلب
    if w0 in _PRE_AR:
        return _Context(_PRE_AR[w0], None, s0, wstart)
    if w0 in _DIRS_AR:
        return _Context("direction", _DIRS_AR[w0], s0, wstart)
    return None


def _english_before(text: str, wstart: int, words: list[tuple[str, int]] | None = None) -> _Context | None:
    if words is None:
        words = _words_before(text, wstart)
    ws = [w for w, _ in words]
    for n in (2, 1):
        if len(ws) >= n and tuple(reversed(ws[:n])) in _PRE_EN:
            return _Context(_PRE_EN[tuple(reversed(ws[:n]))], None, words[n - 1][1], wstart)
    if len(ws) >= 2 and ws[0] == "of" and ws[1] in _DIRS_EN:  # north of X
        return _Context("direction", _DIRS_EN[ws[1]], words[1][1], wstart)
    if ws and ws[0] in _DIRS_EN:  # eastern X
        return _Context("direction", _DIRS_EN[ws[0]], words[0][1], wstart)
    return None


_AFTER = re.compile(r"\s+([^\W_]+)(?:\s+([^\W_]+))?")


def _after(text: str, end: int, latin: bool) -> tuple[str | None, str | None, int]:
    """A modifier word right after the name: X الشمالي / X province."""
    m = _AFTER.match(text, end, end + 40)  # offsets in ``text``
    if not m:
        return None, None, end
    w1, w2 = m.group(1, 2)
    if latin:
        mod = _POST_EN.get(w1)
        return (mod, None, m.end(1)) if mod else (None, None, end)
    if w1 in _POST_DIRS_AR:
        if w2 in _POST_DIRS_AR:  # الشمالي الغربي
            return "direction", f"{_POST_DIRS_AR[w1]}-{_POST_DIRS_AR[w2]}", m.end(2)
        return "direction", _POST_DIRS_AR[w1], m.end(1)
    return None, None, end


def _read_context(text: str, mend: int, latin: bool, places: tuple[Place, ...], wstart: int,
                  words: list[tuple[str, int]]) -> _Context:
    """The context of the name ending at ``mend``; ``wstart``: where the name's word begins (with
    its clitics); ``words``: the words before it (two are read)."""
    before = (_english_before if latin else _arabic_before)(text, wstart, words)
    post_mod, post_dir, post_end = _after(text, mend, latin)
    if post_mod == "direction" and not (before and before.modifier == "countryside") \
            and not any(p.kind == "adm1" for p in places):
        post_mod, post_dir, post_end = None, None, mend  # "الغارية الغربية" is a village's name
    if before is None:
        return _Context(post_mod, post_dir, wstart, post_end)
    if post_mod == "direction" and before.modifier in ("countryside", "governorate", None):
        return _Context(before.modifier, post_dir, before.start, post_end)  # ريف إدلب الجنوبي
    if post_mod and before.modifier is None:
        return _Context(post_mod, post_dir, before.start, post_end)
    return _Context(before.modifier, before.direction, before.start, mend)


def _important(places: tuple[Place, ...]) -> bool:
    return any(p.kind in ("country", "adm1", "region", "adm2") or p.population >= 20000 or p.capital
               for p in places)


def _keep(nt: NormText, mstart: int, mend: int, key: str, latin: bool, places: tuple[Place, ...],
          wstart: int) -> bool:
    """Reject matches that are more likely words than names (``wstart``: ``_word_start(nt.text, mstart)``)."""
    if latin:
        ostart, oend = nt.to_original(mstart, mend)
        surface = nt.original[ostart:oend]
        if not any(c.isupper() for c in surface):
            return False  # "march", "may"
        if surface.isupper() and len(surface) <= 4 and not any(p.kind == "country" for p in places):
            return False  # "SDF", "ISIS": acronyms, not airport codes
        if _inside_longer_name(nt.original, ostart, oend) and not any(p.kind in ("country", "adm1") for p in places):
            return False  # "Busra" and "Harir" of "Busra al-Harir", "Dahab" of "Wadi al-Dahab"
        return not (" " not in surface and _minor_abroad(places) and _in_proper_noun(nt.original, ostart, oend))
    prefix = nt.text[wstart:mstart]
    if prefix and "ال" in prefix and not key.startswith("ال"):
        return False  # "السورية" is "the Syrian", not Syria
    if len(key) <= 2 and (prefix or not any(p.kind in ("country", "adm1") for p in places)):
        return False  # two letters: a word far more often than a place (بن, سن)
    bare = key[2:] if key.startswith("ال") else key
    if len(bare) <= 3 and not any(p.country in REGION or p.kind == "country" for p in places):
        # a short name far away: its own Arabic name, standing alone ("نيس"); never an alternate
        # spelling nor after a clitic ("كريم" is no Rome, "بنوك" no Nuuk)
        return not prefix and any(fold(p.name_ar) == key for p in places)
    return not (prefix and len(key) == 3 and not _important(places))


def _minor_abroad(places: tuple[Place, ...]) -> bool:
    return all(p.kind == "town" and p.population < 50000 and p.country not in ("SYR", "IRQ") for p in places)


_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")
_EN_ARTICLE = r"(?:al|el|ash|as|ad|at|ar|az|an|ath|adh|ed|es|ez|et)"
# first words of Arabic compound place names as written in English ("Tal Tamr", "Wadi al-Dahab")
_EN_HEAD_WORDS = (r"(?:Wadi|Tal|Tell|Tall|Tel|Ain|Ayn|Ein|Umm|Um|Deir|Dayr|Kafr|Kfar|Jisr|Khirbet|Khirbat|Busra|"
                  r"Bosra|Bir|Beit|Bayt|Ras|Jabal|Jebel|Khan|Maarat|Marj|Qasr|Hayy|Abu|Sheikh|Shaykh)")
_HEAD_BEFORE = re.compile(rf"\b(?:{_EN_HEAD_WORDS}[ -]|{_EN_HEAD_WORDS} {_EN_ARTICLE}-|[A-Z][\w'’]* {_EN_ARTICLE}-)$")
_ARTICLE_AFTER = re.compile(rf"[ -]{_EN_ARTICLE}-[A-Za-z]")


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    """A known name that is only part of a longer one: after a head word or "X al-", or before "al-Y"."""
    return bool(_HEAD_BEFORE.search(text[max(0, start - 30):start]) or _ARTICLE_AFTER.match(text, end))


def _in_proper_noun(text: str, start: int, end: int) -> bool:
    """"Abu Hammam": a small town's one-word name inside a longer capitalised name."""
    after = re.match(r" ([A-Z][\w'’-]*)", text[end:end + 30])
    before = re.search(r"([A-Z][\w'’-]*) $", text[max(0, start - 30):start])
    return bool(after) or bool(before and not re.search(r"(^|[.!?]\s*)\w+ $", text[max(0, start - 32):start]))


def find_places(nt: NormText, *, gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """Every gazetteer place named in the text, in text order, with original offsets."""
    gaz = gazetteer or load_gazetteer()
    out: list[tuple[PlaceMention, bool]] = []  # (mention, needs a neighbour: a stop-listed name)
    support: list[PlaceMention] = []  # country adjectives ("الفرنسية"): votes only
    text, original = nt.text, nt.original
    no_support: frozenset[str] = frozenset()
    needs_support = gaz.needs_support
    to_original = nt.to_original
    # every test below only reads the text: the cheap ones come first
    hits, place_words = gaz.scan(text)
    for mstart, mend, key, info, places, wstart in hits:
        latin = info.latin
        if info.gentilic:
            support.append(_adjective(nt, mstart, mend, key, info, gaz))
        if not places:
            continue
        if not _keep(nt, mstart, mend, key, latin, places, wstart):
            continue
        weak = info.weak
        if weak and len(key) <= 3:
            continue  # "أم", "عين", "تل" alone: the first word of an unknown name
        words = _words_before(text, wstart, 2)  # the context reads two at most
        if words:
            before = words[0][0]
            if before in _NOT_PLACE_BEFORE:
                continue  # "نهر الفرات" is the river
            if before in _PERSON_BEFORE and not _important_name(places):
                continue  # "الجنرال داود", "المخرج شين", "General Martin": a person
        ctx = _read_context(text, mend, latin, places, wstart, words)
        modifier = ctx.modifier
        if (info.gentilic or _adjective_after_noun(text, mstart, key, latin, places, wstart)) \
                and modifier not in EXPLICIT:
            continue  # "الخارجية الهندية", "الغارات الليلية": an adjective, not Hindiyah or Lailia
        start, end = to_original(mstart, mend)
        surface = original[start:end]
        if not latin and not _TANWEEN.isdisjoint(surface):
            continue  # "دوماً" (always) is no Duma: a place name takes no tanween
        pnstart = ctx.start if ctx.start < mstart else mstart
        pnend = ctx.end if ctx.end > mend else mend
        pstart, pend = (start, end) if pnstart == mstart and pnend == mend else to_original(pnstart, pnend)
        mention = PlaceMention(start, end, surface, key, places, modifier, ctx.direction,
                               pstart, pend, original[pstart:pend], None,
                               needs_support.get(key, no_support))
        # a stop-listed name stands after an explicit place word, or a facility's ("مفرق البرح", "مطار X")
        out.append((mention, weak and modifier not in EXPLICIT and not (words and words[0][0] in PLACE_WORD_FORMS)))
    known = _listed(nt, out)
    return _mark_joined(nt, _share_modifiers(nt, _unknown_places(nt, known, gaz, place_words))) + support


_JOIN_GAP = re.compile(r"\s*(?:[،,]\s*)?(?:(?:و|and\s)\s*)?")


def _mark_joined(nt: NormText, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Mark the places of a pair or list ("حجين والشعفة", "Hajin and al-Shafa")."""
    joined = [False] * len(mentions)
    original = nt.original
    for i in range(len(mentions) - 1):
        a, b = mentions[i].phrase_end, mentions[i + 1].phrase_start
        # the gap matched in place (most gaps are long and fail at once), then tested for a non-space
        if _JOIN_GAP.fullmatch(original, a, b) is not None and original[a:b].strip():
            joined[i] = joined[i + 1] = True
    return [_joined_copy(m) if j else m for m, j in zip(mentions, joined)]


def _joined_copy(m: PlaceMention) -> PlaceMention:
    """``replace(m, joined=True)``, without its introspection."""
    return PlaceMention(m.start, m.end, m.text, m.key, m.candidates, m.modifier, m.direction, m.phrase_start,
                        m.phrase_end, m.phrase_text, m.list_id, m.needs_support, True)


_TANWEEN = frozenset("\u064b\u064c\u064d")
# a title before a name: the name is a person's ("الجنرال داود أمين", "المخرج شين")
_PERSON_BEFORE = frozenset({
    "الرئيس", "الجنرال", "الوزير", "الوزيره", "السفير", "السفيره", "المهندس", "الدكتور", "النائب", "النائبه",
    "الممثل", "الممثله", "المخرج", "الصحفي", "الصحافي", "الصحفيه", "الصحافيه", "العقيد", "اللواء", "العميد",
    "المقدم", "الرائد", "النقيب", "الملازم", "الامير", "الاميره", "الملك", "الملكه", "السيد", "السيده", "القاضي",
    "الكاتب", "الكاتبه", "الشاعر", "الفنان", "الفنانه", "الداعيه", "المطرب", "المطربه", "الناشط", "الناشطه",
    "الاعلامي", "اللاعب", "المدرب", "المحامي", "المحاميه", "البروفيسور", "المستشار", "المستشاره", "المبعوث",
    "المتحدث", "الجندي", "الطبيب", "الطبيبه", "الشهيد", "المواطن", "المواطنه", "الطفل", "الطفله", "الشاب",
    "الشابه", "الفتي", "الفتاه", "الحاخام", "الاب", "البابا", "المطران", "الاسير", "الاسيره", "المعتقل",
    "يدعي", "ويدعي", "المدعو", "المدعوه", "اسمه", "اسمها", "ويدعى", "يدعى",
    "president", "general", "minister", "ambassador", "mr", "mrs", "ms", "dr", "sheikh", "prince", "king",
    "colonel", "captain", "lieutenant", "sergeant", "senator", "envoy", "spokesman", "spokeswoman", "judge",
})


def _important_name(places: tuple[Place, ...]) -> bool:
    """A country, governorate, capital or big city: "الرئيس السوري" never comes here, "سفير دمشق" may."""
    return any(p.kind in ("country", "adm1", "region") or p.national_capital or p.population >= 1_000_000
               for p in places)


# definite nouns after which a definite nisba ("-ية") is their adjective ("الأحياء السكنية")
_PLURAL_NOUNS = frozenset({"الاحياء", "المناطق", "المدن", "القري", "البلدات", "الاراضي", "الدول", "القوات",
                           "السلطات", "الاسلحه", "المواقع", "الطائرات", "الغارات", "التجمعات", "الاهداف"})


def _adjective_after_noun(text: str, mstart: int, key: str, latin: bool, places: tuple[Place, ...],
                          wstart: int) -> bool:
    """"الغارات الليلية", "الخارجية الهندية": a definite nisba right after a definite feminine or
    plural noun agrees with it as its adjective (only a town's name; never a governorate's)."""
    if latin or not key.startswith("ال") or not (key.endswith("يه") or key.endswith("ي")):
        return False
    if any(p.kind in ("country", "adm1", "region") for p in places):
        return False
    if wstart != mstart:
        return False  # "بالهندية": after a preposition it is a name
    words = _words_before(text, wstart, 1)
    if not words:
        return False
    w = words[0][0]
    for c in ("و", "ف", "ب", "ل", "ك"):
        if w.startswith(c + "ال"):
            w = w[len(c):]
            break
    if w.startswith("لل"):
        w = "ال" + w[2:]
    return w.startswith("ال") and len(w) > 4 and (w.endswith("ه") or w.endswith("ات") or w in _PLURAL_NOUNS)


def _adjective(nt: NormText, mstart: int, mend: int, key: str, info: NameInfo, gaz: Gazetteer) -> PlaceMention:
    """A country adjective as a support-only mention: it votes for its country, it is no place."""
    start, end = nt.to_original(mstart, mend)
    country = gaz.country(info.gentilic or "")
    return PlaceMention(start, end, nt.original[start:end], key, (country,) if country else (), "adjective", None,
                        start, end, nt.original[start:end])


_LIST_GAP = re.compile(r"\s*(?:[،,]\s*)?و?\s*")


def _listed(nt: NormText, found: list[tuple[PlaceMention, bool]]) -> list[PlaceMention]:
    """Keep a stop-listed name only inside a list of places ("نوى وكحيل ونصيب والنعيمة")."""
    weak_at = [i for i, (_, weak) in enumerate(found) if weak]
    if not weak_at:
        return [m for m, _ in found]
    keep = [not weak for _, weak in found]
    changed = True
    while changed:
        changed = False
        for i in weak_at:  # in text order, as long as one more is kept
            if keep[i]:
                continue
            near = [j for j in (i - 1, i + 1) if 0 <= j < len(found) and keep[j]]
            if any(_adjacent(nt, found[min(i, j)][0], found[max(i, j)][0]) for j in near):
                keep[i] = changed = True
    return [m for (m, _), k in zip(found, keep) if k]


def _adjacent(nt: NormText, a: PlaceMention, b: PlaceMention) -> bool:
    if _LIST_GAP.fullmatch(nt.original, a.phrase_end, b.phrase_start) is None:  # matched in place: no copy
        return False
    gap = nt.original[a.phrase_end:b.phrase_start]
    return bool(gap) and ("و" in gap or "،" in gap or "," in gap)


_AND_GAP = re.compile(r"\s*و\s*")


def _share_modifiers(nt: NormText, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """"ريفي حماة وحلب", "ريف إدلب وحماة": a name joined by و to a qualified one shares its modifier."""
    out: list[PlaceMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (prev and m.modifier is None and prev.modifier in ("countryside", "governorate")
                and _AND_GAP.fullmatch(nt.original[prev.phrase_end:m.start])):
            m = replace(m, modifier=prev.modifier, direction=prev.direction,
                        phrase_start=m.start, phrase_end=m.end, phrase_text=m.text)
        out.append(m)
    return out



# ---------------------------------------------------------------- names the gazetteer lacks

_NOT_PLACE_BEFORE = frozenset({"نهر", "بنهر", "ونهر", "لنهر", "النهر", "river"})
# place words after which the next word(s) name a place even when the gazetteer lacks it
_SINGULAR = PLACE_WORDS_SINGULAR  # facilities among them: coded to the place around them
_PLURAL = PLACE_WORDS_PLURAL
_FACILITY = frozenset({"مطار", "قاعده", "معبر", "ميناء", "حقل", "سجن", "معسكر", "مفرق", "دوار"})
# first words of compound names ("أم المياذن", "عين ترما", "تل السمن")
_HEADS = frozenset({"ام", "ابو", "عين", "تل", "كفر", "دير", "بيت", "خربه", "راس", "جسر", "بير", "مزرعه", "حوش",
                    "خان", "قصر", "بني", "مرج", "جبل", "وادي", "سوق", "تل", "نبع", "معره", "عرب", "قلعه",
                    "الشيخ", "شيخ", "ابو", "كفر", "عين", "بئر", "حاره", "جوره", "مليحه", "عزبه"})
_TAILS = frozenset({"الشرقيه", "الغربيه", "الشماليه", "الجنوبيه", "الكبري", "الصغري", "الفوقاني", "التحتاني",
                    "القديمه", "الجديده", "الشرقي", "الغربي", "الشمالي", "الجنوبي"})
_FUNCTION = frozenset({
    "التي", "الذي", "الذين", "اللتين", "اللذين", "التابعه", "التابع", "المحاصره", "المحاصر", "الواقعه", "الواقع",
    "المجاوره", "القريبه", "الحدوديه", "المذكوره", "نفسها", "اخري", "عده", "عدد", "بعض", "كل", "جميع", "في", "من",
    "الى", "على", "عن", "مع", "بين", "بعد", "قبل", "خلال", "حيث", "كما", "ثم", "او", "ان", "انه", "كان", "قد", "لا",
    "ما", "هذه", "هذا", "تلك", "ذلك", "عبر", "نحو", "ضمن", "داخل", "خارج", "قرب", "تحت", "فوق", "منذ", "حتي",
    "المعارضه", "النظام", "الحكومه", "الجيش", "القوات", "الخاضعه", "الخاضع", "السوريه", "العراقيه", "المدنيين",
    # adjectives after facility words ("مطار عسكري", "القاعدة الجوية")
    "عسكري", "العسكري", "عسكريه", "العسكريه", "الدولي", "دولي", "الجوي", "الجويه", "جوي", "جويه", "النفطي",
    "نفطي", "الحدودي", "حدودي", "البحري", "بحري", "الرئيسي", "رئيسي", "المدني", "مدني", "الاستراتيجي",
    "امريكيه", "الامريكيه", "روسيه", "الروسيه", "تركيه", "التركيه", "ايرانيه", "الايرانيه", "اسرائيليه",
    "للنظام", "للمعارضه", "جديد", "جديده", "كبير", "كبيره", "صغير", "صغيره", "واحد", "واحده", "ثاني", "اخر",
    "الذي", "مركزي", "المركزي", "العام", "عام", "الغام", "الالغام", "النفط", "الغاز", "نفط", "غاز",
})


_PLACE_NOUNS = _SINGULAR | _PLURAL
# place words as written with a conjunction or preposition (وبلدات -> بلدات)
_TRIGGERS = PLACE_WORD_FORMS


#: a word of the normalised text: (word, start, end)
_Tok = tuple[str, int, int]


def _tokens(text: str, pos: int = 0, most: int | None = None) -> list[_Tok]:
    """The words of ``text`` from ``pos`` (a word start) on (the first ``most`` of them)."""
    found = _WORD.finditer(text, pos)
    if most is not None:
        found = islice(found, most)
    return [(m.group(), m.start(), m.end()) for m in found]


def _bare(word: str) -> str:
    """A word without its conjunction/preposition (وبلدات -> بلدات)."""
    for c in ("وب", "و", "ف", "ب", "ل"):
        if word.startswith(c) and len(word) - len(c) >= 2 and word[len(c):] in _PLACE_NOUNS:
            return word[len(c):]
    return word


# the words a plural place word's list may take: the word, 20 items of up to two words, one more word
_PLURAL_WORDS = 43


def _word_end(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i].isalnum():
        i += 1
    return i


def _joined(text: str, a: _Tok, b: _Tok) -> bool:
    return not text[a[2]:b[1]].strip()


def _item(text: str, toks: list[_Tok], j: int, first: bool, words: frozenset[str]) -> tuple[int, int, int] | None:
    """The name starting at token ``j`` as (start, end, next token index), or None."""
    if j >= len(toks) or not _joined(text, toks[j - 1], toks[j]):
        return None
    w, start, end = toks[j]
    if not first:
        if not w.startswith("و") or len(w) < 3:
            return None
        w, start = w[1:], start + 1
    if w in _FUNCTION or not all(is_arabic_letter(c) for c in w) or _bare(w) != w or (len(w) < 3 and w not in _HEADS):
        return None
    if w not in _HEADS and (w in words or toks[j][0] in words):
        return None  # a common word ("عملية", "الشرطة"), not an unknown village
    k = j + 1
    if k < len(toks) and _joined(text, toks[j], toks[k]) and (w in _HEADS or toks[k][0] in _TAILS):
        if toks[k][0] not in _FUNCTION:
            end, k = toks[k][2], k + 1
    return start, end, k


def _unknown_places(nt: NormText, known: list[PlaceMention], gaz: Gazetteer,
                    place_words: list[int]) -> list[PlaceMention]:
    """Add names read from place words ("قرية حمورية", "بلدات نوى وكحيل والسهوة") that the gazetteer
    lacks, and mark the items of lists; returns all mentions in text order. ``place_words``: where
    the words of ``_TRIGGERS`` standing whole in the text begin (``Gazetteer.scan``)."""
    text = nt.text
    by_span = {(m.start, m.end): m for m in known}
    out: list[PlaceMention] = list(known)
    counted_to, count = 0, 0  # how many words come before ``counted_to`` (a word start)
    for tstart in place_words:
        word = _TRIGGERS[text[tstart:_word_end(text, tstart)]]
        plural = word in _PLURAL
        # the place word and the words after it that the items may take: a singular word's one
        # name of up to two words; 20 items of up to two words each after a plural one
        toks = _tokens(text, tstart, _PLURAL_WORDS if plural else 3)
        i = -1  # the place word's index among all the words of the text: the list's id (counted when needed)
        j, first = 1, True
        for _ in range(20 if plural else 1):
            item = _item(text, toks, j, first, gaz.not_names)  # j: an index into toks
            if item is None:
                break
            start, end, j = item
            name = text[start:end]
            if word in _FACILITY and not (name.startswith("ال") or name.split()[0] in _HEADS):
                break  # "سجن لمدة", "حقل ألغام": a facility word before a common noun
            ostart, oend = nt.to_original(start, end)
            hits = [k for k in by_span if k[0] < oend and ostart < k[1]]
            if hits and all(ostart <= k[0] and k[1] < oend for k in hits) and text[start:end].split()[0] in _HEADS:
                for k in hits:  # "قرية الشيخ حديد": not the word الشيخ, a name the gazetteer lacks
                    by_span.pop(k)
                out = [x for x in out if (x.start, x.end) not in hits]
                hits = []
            if plural and i < 0:
                count += len(_WORD.findall(text, counted_to, tstart))
                counted_to, i = tstart, count
            if hits and plural:
                for k in hits:
                    by_span[k] = replace(by_span[k], list_id=i)
            elif not hits:
                out.append(PlaceMention(ostart, oend, nt.original[ostart:oend], text[start:end], (),
                                        _PRE_AR.get(word, "town"), None, ostart, oend, nt.original[ostart:oend],
                                        list_id=i if plural else None))
            first = False
    merged = [by_span.get((m.start, m.end), m) if m.candidates else m for m in out]
    return sorted(merged + _unknown_english(nt, merged), key=lambda m: m.start)


# a compound name the gazetteer lacks ("Busra al-Harir", "Umm al-Kayf"): read as an unknown place
_EN_HEADED = re.compile(
    rf"\b(?:Wadi|Tal|Tell|Tall|Tel|Ain|Ayn|Ein|Umm|Deir|Dayr|Kafr|Kfar|Jisr|Khirbet|Khirbat|Busra|Bosra|Bir|Beit|"
    rf"Bayt|Ras|Khan|Maarat|Marj|Qasr)(?: {_EN_ARTICLE}-| )[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)?")
_EN_UNKNOWN = re.compile(
    r"\b(village|town|city|neighbourhood|neighborhood|camp|area)s? of "
    r"((?:al-|el-|ad-|as-|ash-|at-|ar-)?[A-Z][\w'’-]*(?: (?:al-|el-|ad-|as-|ash-|at-|ar-)?[A-Z][\w'’-]*){0,2})")
_EN_MODIFIER = {"village": "town", "town": "town", "city": "city", "neighbourhood": "neighbourhood",
                "neighborhood": "neighbourhood", "camp": "camp", "area": "town"}


_CAPITAL = re.compile(rb"[A-Z]")


def _unknown_english(nt: NormText, known: list[PlaceMention]) -> list[PlaceMention]:
    """"the village of Abu Hammam": a capitalised name after a place word that no known name covers."""
    out: list[PlaceMention] = []
    if _CAPITAL.search(nt.original.encode("ascii", "ignore")) is None:
        return out  # both patterns need a capital letter (the ASCII characters alone are searched: faster)
    for m in _EN_UNKNOWN.finditer(nt.original):
        start, end = m.span(2)
        inside = [k for k in known if start <= k.start and k.end <= end]
        if any(k.start < end and start < k.end for k in known) and not all(_minor_abroad(k.candidates)
                                                                          for k in inside if k.candidates):
            continue
        out.append(PlaceMention(start, end, m.group(2), fold(m.group(2)), (), _EN_MODIFIER[m.group(1)], None,
                                m.start(), end, nt.original[m.start():end]))
    taken = known + out
    for m in _EN_HEADED.finditer(nt.original):
        start, end = m.span()
        if any(k.start < end and start < k.end for k in taken):
            continue
        ctx = _english_before(nt.text, _word_start(nt.text, _norm_index(nt, start)))
        pstart = nt.index[ctx.start] if ctx else start
        out.append(PlaceMention(start, end, m.group(), fold(m.group()), (), ctx.modifier if ctx else "town",
                                ctx.direction if ctx else None, min(pstart, start), end,
                                nt.original[min(pstart, start):end]))
    return out


def _norm_index(nt: NormText, ostart: int) -> int:
    """The normalised offset of an original offset (the first character mapped at or after it)."""
    import bisect

    return bisect.bisect_left(nt.index, ostart)
