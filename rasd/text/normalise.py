"""Normalise a copy of the text for matching, keeping a map back to the original.

What it does, per character of the original:

* Unicode compatibility decomposition (presentation forms, ligatures) and removal
  of combining marks: Arabic harakat, shadda, sukun, superscript alef, Latin accents;
* removal of tatweel (ـ) and zero-width characters (ZWNJ, ZWJ, LRM/RLM, BOM, ALM);
* folding of alef forms (أ إ آ ٱ → ا), ى → ي, ة → ه, ؤ → و, ئ → ي, Persian ی/ک → ي/ك;
* Arabic-Indic and Persian digits → ASCII digits; lower case for Latin letters;
* de-obfuscation: punctuation inserted *inside* an Arabic word to dodge filters
  (``د|عـ.ـش``, ``هجمـ.ـاته``, ``د.ا.ع.ش``) is removed when Arabic letters stand on both
  sides with no space, so the word reads whole; real word boundaries (a space or a
  line break) are never merged.

``NormText.text[i]`` comes from ``original[NormText.index[i]]``; ``to_original``
turns a span of the normalised text into a span of the original text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

TATWEEL = "\u0640"
_ZERO_WIDTH = set("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u061c\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: one-for-one folds of letters, digits and signs (alef forms, ى/ی, ة, ؤ, ئ, Arabic-Indic digits)
FOLD_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ئ": "ي",
    "ة": "ه", "ۀ": "ه", "ە": "ه",
    "ؤ": "و", "ک": "ك", "ڪ": "ك",
    "٪": "%", "٫": ".", "٬": ",",
}
for _i in range(10):
    FOLD_MAP[chr(0x0660 + _i)] = str(_i)
    FOLD_MAP[chr(0x06F0 + _i)] = str(_i)
# characters that, inside an Arabic word, are obfuscation and not a boundary
OBFUSCATORS = set("|.ـ-_*•·'\"^~+=/\\:¦‧․")


def is_arabic_letter(ch: str) -> bool:
    o = ord(ch)
    return (0x0621 <= o <= 0x063A) or (0x0641 <= o <= 0x064A) or (0x0671 <= o <= 0x06D3) or ch in "ٮٯ"


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _ZERO_WIDTH or ch == TATWEEL:
        return ""
    if ch in FOLD_MAP:
        return FOLD_MAP[ch]
    out = []
    for c in unicodedata.normalize("NFKD", ch):
        if unicodedata.combining(c) or c in _ZERO_WIDTH or c == TATWEEL:
            continue
        if unicodedata.category(c) == "Mn":
            continue
        c = FOLD_MAP.get(c, c)
        out.append(c.lower() if c.isascii() or not is_arabic_letter(c) else c)
    s = "".join(out)
    # NFKD of a decomposed Arabic ligature (ﻻ) gives letters that may need folding again
    return "".join(FOLD_MAP.get(c, c) for c in s)


@dataclass(frozen=True, slots=True)
class NormText:
    """A normalised copy of ``original`` with ``index[i]`` = original offset of ``text[i]``."""

    original: str
    text: str
    index: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalised text to one of the original text."""
        if start >= end:
            o = self.index[start] if start < len(self.index) else len(self.original)
            return o, o
        ostart = self.index[start]
        last = self.index[end - 1]
        # extend to the end of the original character (and of any dropped marks after it)
        oend = last + 1
        nxt = self.index[end] if end < len(self.index) else len(self.original)
        while oend < nxt and _fold_char(self.original[oend]) == "" and self.original[oend] not in OBFUSCATORS:
            oend += 1
        return ostart, oend


def _is_obf(ch: str) -> bool:
    return ch in OBFUSCATORS or ch in _ZERO_WIDTH


def normalise(original: str) -> NormText:
    """Normalise ``original`` for matching; see the module docstring."""
    chars: list[str] = []
    index: list[int] = []
    n = len(original)
    i = 0
    while i < n:
        ch = original[i]
        if _is_obf(ch) and chars and is_arabic_letter(chars[-1]):
            # look past a run of obfuscators (and tatweel/marks) for an Arabic letter
            j = i
            while j < n and (_is_obf(original[j]) or _fold_char(original[j]) == ""):
                j += 1
            if j < n and j > i and is_arabic_letter(_fold_char(original[j])[:1] or " "):
                run = original[i:j]
                # a lone "." or "-" between two long words could be a real joint ("حلب-دمشق");
                # obfuscation is marked by tatweel, "|" , or letters split into short pieces
                if _looks_obfuscated(original, i, j, run):
                    # a bar standing between letters is a drawn alef ("د|عش" = داعش)
                    for k in range(i, j):
                        if original[k] in "|¦" and _pipe_is_alef(chars[-1]):
                            chars.append("ا")
                            index.append(k)
                            break
                    i = j
                    continue
        out = _fold_char(ch)
        for c in out:
            chars.append(c)
            index.append(i)
        i += 1
    return NormText(original, "".join(chars), tuple(index))


def _word_piece_len(s: str, start: int, step: int) -> int:
    """Length of the run of Arabic letters (ignoring marks) from ``start`` going ``step``."""
    k = start
    count = 0
    while 0 <= k < len(s):
        c = s[k]
        f = _fold_char(c)
        if f == "" and not _is_obf(c):
            k += step
            continue
        if f and is_arabic_letter(f[0]):
            count += 1
            k += step
            continue
        break
    return count


def _looks_obfuscated(s: str, i: int, j: int, run: str) -> bool:
    if any(c in "|ـ¦" or c in _ZERO_WIDTH for c in run):
        return True
    left = _word_piece_len(s, i - 1, -1)
    right = _word_piece_len(s, j, 1)
    # "د.ا.ع.ش": single letters on a side; "هجم.اته" style: a short piece
    return min(left, right) <= 2 or (left + right) <= 6


def _pipe_is_alef(prev: str) -> bool:
    # alef does not follow alef; otherwise a "|" inside a word is read as the letter it draws
    return prev != "ا"


def fold(s: str) -> str:
    """The normalised form of a string (for dictionaries and lookups)."""
    return normalise(s).text
