"""Number mentions and casualty counts (CODEBOOK §6).

``find_numbers`` finds counts written in digits (``1,580``, ``45 ألف``), in Arabic
or English words (``خمسة وعشرين``, ``twenty-five``), as dual count nouns
(``شخصين`` = 2) and as vague quantities (``عشرات`` = 10, ``dozens`` = 12, ``عدد من`` = 3).

``find_casualties`` links those numbers to death, injury and arrest cues in the
same sentence ("مقتل 35 مدنيا", "35 قتيلا", "14 people were killed",
"ارتفع عدد القتلى إلى 20"); a number after "بينهم/including" is a subset of a toll
already given and is not added.

How: word lists are data (``rasd/data/numbers_lexicon.tsv``, ``casualty_cues.tsv``),
compiled once (``functools.cache``) into Aho-Corasick automata over whole words
(``WordMatcher``: Arabic proclitics و ف ب ل allowed), so the cost is linear in the
text and does not grow with the lexicons. The casualty linker then reads only the
few sentences around a cue, token by token. Matching runs on the normalised text
(``NormText.text``); every returned span is mapped back to the original text, so
``original[m.start:m.end] == m.text``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Generic, Literal, NamedTuple, TypeVar

import ahocorasick

from rasd.text.normalise import NormText, fold

__all__ = [
    "CasualtyMention",
    "NumberMention",
    "WordMatcher",
    "find_casualties",
    "find_numbers",
    "number_pattern",
    "padded",
    "parse_number",
    "read_lexicon",
    "select_longest",
]

CasualtyKind = Literal["killed", "injured", "arrested"]
V = TypeVar("V")

WORD_END = r"(?!\w)"


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A count in the text: ``text == original[start:end]``; ``vague`` for "عشرات", "several" …"""

    start: int
    end: int
    text: str
    value: int
    vague: bool


@dataclass(frozen=True, slots=True)
class CasualtyMention:
    """A death/injury/arrest toll: the cue and its number (``number_span``: the number's own span).

    ``attacker`` (only with ``find_casualties(..., attackers=True)``) marks the attacker's
    own death in a suicide attack ("تفجير انتحاري", "blew himself up": count 1, at most one
    such mention per sentence): CODEBOOK §6 counts it *in addition to* the victims' toll,
    which a consumer takes as the lowest of the conflicting victim counts.
    """

    start: int
    end: int
    text: str
    kind: CasualtyKind
    count: int
    number_span: tuple[int, int]
    attacker: bool = False


# ---------------------------------------------------------------- data


@cache
def read_lexicon(name: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Rows ``(column1, column2, folded forms)`` of a 3-column packaged TSV (``#`` = comment)."""
    text = resources.files("rasd.data").joinpath(name).read_text(encoding="utf-8")
    rows: list[tuple[str, str, tuple[str, ...]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] == "kind":
            continue
        forms = tuple(f for f in (" ".join(fold(x).split()) for x in parts[2].split("|")) if f)
        rows.append((parts[0], parts[1], forms))
    return tuple(rows)


def alternation(forms: Iterable[str]) -> str:
    """A regex alternation of literal forms, longest first; spaces match any run of spaces."""
    uniq = sorted(set(forms), key=lambda f: (-len(f), f))
    return "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in uniq)


# ---------------------------------------------------------------- whole-word automaton

_NON_WORD = re.compile(r"\W")
PROCLITICS = ("و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")


def padded(text: str) -> str:
    """``text`` with every non-word character made a space, framed by spaces (same offsets + 1)."""
    return " " + _NON_WORD.sub(" ", text) + " "


class Hit(NamedTuple, Generic[V]):
    """A whole-word match: ``[start, end)`` in the text, the clitic length before ``start``."""

    start: int
    end: int
    value: V
    clitic: int


class WordMatcher(Generic[V]):
    """Whole-word (multi-word) phrase matching with one Aho-Corasick automaton.

    Each form (folded, single-spaced) is added as `` form `` and, for Arabic forms,
    `` <proclitic>form `` (``clitics``); ``find`` runs over ``padded(text)``, so a
    hit is always a whole word sequence, whatever punctuation surrounds it.
    """

    def __init__(self, entries: Iterable[tuple[str, V]], *, clitics: Sequence[str] = PROCLITICS) -> None:
        keys: dict[str, tuple[int, int, V]] = {}
        for form, value in entries:
            if not form:
                continue
            arabic = "\u0600" <= form[0] <= "\u06ff"
            keys.setdefault(f" {form} ", (0, len(form), value))
            for c in clitics if arabic else ():
                keys.setdefault(f" {c}{form} ", (len(c), len(form), value))
                if c.endswith("ل") and form.startswith("ال") and len(form) > 3:
                    keys.setdefault(f" {c}{form[1:]} ", (len(c) - 1, len(form) - 1, value))  # ل + ال = لل
        self._auto = ahocorasick.Automaton()
        for k, v in keys.items():
            self._auto.add_word(k, v)
        self._empty = not keys
        if keys:
            self._auto.make_automaton()

    def find(self, pad: str, *, longest: bool = True) -> list[Hit[V]]:
        """Hits in ``pad`` (from ``padded``), offsets into the unpadded text, in text order.

        With ``longest`` overlapping hits are resolved longest first; otherwise all are kept.
        """
        if self._empty:
            return []
        hits = [Hit(e - flen - 1, e - 1, v, cl) for e, (cl, flen, v) in self._auto.iter(pad)]
        if not longest or len(hits) < 2:
            return hits
        return select_longest(hits, lambda h: (h.start - h.clitic, h.end), lambda h: 0)


S = TypeVar("S")


def select_longest(cands: list[S], span: Callable[[S], tuple[int, int]], rank: Callable[[S], object]) -> list[S]:
    """Non-overlapping candidates, in text order: in each cluster of overlapping ones the longest
    wins (then the lower ``rank``, then the earlier). Linear apart from sorting."""
    out: list[S] = []
    cluster: list[S] = []
    cluster_end = -1
    for c in sorted(cands, key=span):
        start, end = span(c)
        if start >= cluster_end:
            out.extend(_resolve_cluster(cluster, span, rank))
            cluster = []
        cluster.append(c)
        cluster_end = max(cluster_end, end)
    out.extend(_resolve_cluster(cluster, span, rank))
    return out


def _resolve_cluster(cluster: list[S], span: Callable[[S], tuple[int, int]], rank: Callable[[S], object]) -> list[S]:
    if len(cluster) < 2:
        return cluster
    kept: list[S] = []
    for x in sorted(cluster, key=lambda x: (span(x)[0] - span(x)[1], rank(x), span(x)[0])):
        xs, xe = span(x)
        if all(xe <= span(k)[0] or xs >= span(k)[1] for k in kept):
            kept.append(x)
    return sorted(kept, key=span)


# ---------------------------------------------------------------- number lexicon


@dataclass(frozen=True, slots=True)
class _NumberLex:
    matcher: WordMatcher[tuple[tuple[str, int], ...]]  # form → ((kind, value), …); kind "vague", "dual" or a number kind
    qualifiers: tuple[str, ...]
    word_kinds: dict[str, tuple[str, int]]


@cache
def _number_lex() -> _NumberLex:
    words: dict[str, tuple[str, int]] = {}
    special: dict[str, tuple[str, int]] = {}
    quals: list[str] = []
    for kind, value, forms in read_lexicon("numbers_lexicon.tsv"):
        for f in forms:
            if kind in ("vague", "dual"):
                special[f] = (kind, int(value))
                if kind == "dual" and "\u0600" <= f[0] <= "\u06ff":
                    special["ال" + f] = (kind, int(value))  # "الجنديان"
            elif kind == "qualifier":
                quals.append(f)
            elif kind == "teen_head":
                words.setdefault(f, ("teen_head", int(value)))
            else:
                words[f] = (kind, int(value))
    # a form may be both: "آلاف" is vague alone and a multiplier in "ثلاثة آلاف"
    entries: dict[str, tuple[tuple[str, int], ...]] = {f: (kv,) for f, kv in special.items()}
    for f, kv in words.items():
        entries[f] = entries.get(f, ()) + (kv,)
    return _NumberLex(WordMatcher(entries.items(), clitics=("و", "ف", "ب")), tuple(quals), words)


@cache
def number_pattern() -> str:
    """Regex source (no groups) of one number in digits or words, for other finders' patterns."""
    word = rf"(?:{alternation(_number_lex().word_kinds)}){WORD_END}"
    token = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{word})"
    return rf"{token}(?:(?:\s*-\s*|\s+and\s+|\s+و?){token})*"


# ---------------------------------------------------------------- number words → value


def _digit_value(tok: str) -> float:
    return float(tok.replace(",", ""))


def _parse_tokens(toks: Sequence[tuple[str, bool]]) -> tuple[int, int] | None:
    """Value of a run of number tokens and how many tokens it used.

    ``toks`` is ``[(folded token, joined_by_wa_or_and)]``. Arabic order (unit before
    tens: "خمسة وعشرين") and English order ("twenty-five") are both accepted; a
    token that cannot continue the number ends it.
    """
    kinds = _number_lex().word_kinds
    total, cur, last, used = 0.0, 0.0, "", 0
    for i, (tok, wa) in enumerate(toks):
        if tok[:1].isdigit() or tok in ("a", "an"):
            if i:
                break
            cur, last = (_digit_value(tok), "digits") if tok[:1].isdigit() else (1.0, "unit")
        else:
            kind, val = kinds.get(tok, ("", 0))
            step = _step(kind, val, cur, last, wa)
            if step is None:
                break
            if kind == "mult" and val >= 1000:
                total, cur = total + step, 0.0
            else:
                cur = step
            last = kind
        used = i + 1
    if used and last == "teen_head":  # "أحد" without its "عشر"
        return _parse_tokens(toks[: used - 1]) if used > 1 else None
    return (round(total + cur), used) if used else None


def _step(kind: str, val: int, cur: float, last: str, wa: bool) -> float | None:
    """The running group after one more number word (None: the word ends the number).

    For a multiplier of 1000 or more the returned value is the amount to add to the total.
    """
    group_open = last in ("hundred", "mult") and cur % 100 == 0  # "مئة و…", "ألف و…", "hundred and …"
    if kind == "mult":
        return None if last == "mult" else (cur or 1.0) * val
    if last == "digits":
        return None
    if kind in ("unit", "teen_head"):
        if last == "" or group_open or (last == "tens" and not wa and cur % 10 == 0):
            return cur + val
        return None
    if kind == "ten":
        if last in ("unit", "teen_head") and not wa and 0 < cur % 100 < 10:  # "ثلاثة عشر"
            return cur + 10
        return cur + 10 if last == "" or group_open else None
    if kind == "tens":
        if last == "unit" and wa and 0 < cur % 100 < 10:  # "خمسة وعشرين"
            return cur + val
        return cur + val if last == "" or group_open else None
    if kind == "hundred":
        if last == "unit" and not wa and val == 100 and cur < 10:  # "ثلاث مئة"
            return cur * 100
        return float(val) if last == "" or (last == "mult" and cur == 0) else None
    return None


def parse_number(text: str) -> int | None:
    """The value of a number written in digits or words ("ثلاثة", "خمسة وعشرين", "1,580"); else None."""
    s = " ".join(fold(text).split())
    nums = _scan(s, padded(s))
    return nums[0].value if len(nums) == 1 and nums[0].start == 0 and nums[0].end == len(s) else None


# ---------------------------------------------------------------- find_numbers


@dataclass(frozen=True, slots=True)
class _Num:
    """A number in normalised-text offsets."""

    start: int
    end: int
    value: int
    vague: bool


_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?")
_DIGIT_PART = re.compile(r"\d+")
_RUN_GAP = re.compile(r"\s*(?:-|and|و)?\s*")


class _Piece(NamedTuple):
    start: int
    end: int
    word: str  # folded number word, or the digits
    clitic: int


def _pieces(text: str, pad: str) -> tuple[list[_Piece], list[_Num]]:
    """Number words and digit strings (pieces of runs), and the vague/dual numbers."""
    lex = _number_lex()
    pieces = _digit_pieces(text)
    special: list[_Num] = []
    for h in lex.matcher.find(pad, longest=False):
        for kind, value in h.value:
            if kind in ("vague", "dual"):
                special.append(_Num(h.start, h.end, value, kind == "vague"))
            else:
                pieces.append(_Piece(h.start, h.end, text[h.start : h.end], h.clitic))
                break
    pieces.sort(key=lambda p: (p.start, p.start - p.end))
    return pieces, special


def _digit_pieces(text: str) -> list[_Piece]:
    """Numbers in digits: "1,580" and "2.5" are one; "07.04.2018" or "5,10" are several."""
    out: list[_Piece] = []
    for m in _DIGITS.finditer(text):
        tok = m.group()
        if _THOUSANDS.fullmatch(tok):
            out.append(_Piece(m.start(), m.end(), tok, 0))
        else:
            out.extend(_Piece(m.start() + p.start(), m.start() + p.end(), p.group(), 0) for p in _DIGIT_PART.finditer(tok))
    return out


def _runs(text: str, pieces: list[_Piece]) -> list[list[tuple[_Piece, bool]]]:
    """Group pieces joined by spaces, "-", "and" or "و" into runs ``[(piece, joined by و/and)]``."""
    runs: list[list[tuple[_Piece, bool]]] = []
    prev: _Piece | None = None
    for p in pieces:
        if prev is not None and p.start < prev.end:
            continue  # a shorter word inside a longer one ("ثلاث" in "ثلاثمئة")
        gap = "" if prev is None else text[prev.end : p.start]
        gap_start = p.start - p.clitic
        joined = prev is not None and gap_start >= prev.end and _RUN_GAP.fullmatch(text, prev.end, gap_start) is not None
        wa = joined and ("و" in gap or "and" in gap)
        if joined and not (wa and p.word[:1].isdigit()):
            runs[-1].append((p, wa))
        else:
            runs.append([(p, False)])
        prev = p
    return runs


def _run_numbers(text: str, run: list[tuple[_Piece, bool]]) -> list[_Num]:
    """Split one run into numbers ("5 3" is two) and value them."""
    out: list[_Num] = []
    i = 0
    while i < len(run):
        if run[i][0].word in ("a", "an") and (i + 1 == len(run)):
            break
        parsed = _parse_tokens([(p.word, wa if j else False) for j, (p, wa) in enumerate(run[i:])])
        if parsed is None:
            i += 1
            continue
        value, used = parsed
        out.append(_Num(run[i][0].start, run[i + used - 1][0].end, value, False))
        i += used
    return out


def _scan(text: str, pad: str) -> list[_Num]:
    """All numbers of a normalised text, in text order, non-overlapping (longest wins, vague on a tie)."""
    pieces, cands = _pieces(text, pad)
    for m in _A_MULT.finditer(text):
        pieces.append(_Piece(m.start(), m.end(), m.group(), 0))
    pieces.sort(key=lambda p: (p.start, p.start - p.end))
    for run in _runs(text, pieces):
        cands.extend(_run_numbers(text, run))
    return select_longest(cands, lambda n: (n.start, n.end), lambda n: not n.vague)


_A_MULT = re.compile(r"(?<!\w)an?(?=\s+(?:hundred|thousand|million)\b)")


def find_numbers(nt: NormText) -> list[NumberMention]:
    """Numbers mentioned in the text (original offsets), in text order."""
    out: list[NumberMention] = []
    for n in _scan(nt.text, padded(nt.text)):
        s, e = nt.to_original(n.start, n.end)
        out.append(NumberMention(s, e, nt.original[s:e], n.value, n.vague))
    return out


# ---------------------------------------------------------------- casualties

_HARD_STOPS = frozenset(".!?؟؛;\n:")
_AND = frozenset({"و", "and", "او", "or"})
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d])|\d+(?:\.\d+)?|[^\W\d_]+|\n|[^\w\s]")
_MARGIN = 160  # characters read around a casualty cue (the linker looks ≤ 10 tokens back, ≤ 20 ahead)


@cache
def _casualty_lexicon() -> WordMatcher[frozenset[tuple[str, str]]]:
    """Cue phrases → roles ``{(kind, role)}`` (fillers include the date words of dates_lexicon.tsv)."""
    roles: dict[str, set[tuple[str, str]]] = {}

    def add(form: str, kind: str, role: str) -> None:
        roles.setdefault(form, set()).add((kind, role))

    for kind, role, forms in read_lexicon("casualty_cues.tsv"):
        for f in forms:
            add(f, kind, role)
            if role in ("noun", "bare", "person") and "\u0600" <= f[0] <= "\u06ff" and not f.startswith("ال"):
                add("ال" + f, kind, role if role != "person" else "person_def")
    for q in _number_lex().qualifiers:
        add(q, "-", "filler")
    date_roles = {"weekday": "filler", "relday": "filler", "rel": "filler", "tod": "filler", "month": "stop"}
    for date_kind, _value, forms in read_lexicon("dates_lexicon.tsv"):
        if date_kind in date_roles:
            for f in forms:
                add(f, "-", date_roles[date_kind])
    return WordMatcher((k, frozenset(v)) for k, v in roles.items())


class _Item(NamedTuple):
    """A token of a sentence: a number, a lexicon phrase (cue, filler …) or a plain word/punctuation."""

    start: int
    end: int
    text: str
    roles: frozenset[tuple[str, str]]
    num: _Num | None
    wa: bool  # preceded by a conjunction و/and

    def has(self, role: str) -> str | None:
        """The casualty kind this item has ``role`` for (``-`` for kind-less roles), else None."""
        if not self.roles:
            return None
        for kind, r in self.roles:
            if r == role:
                return kind
        return None

    @property
    def is_cue(self) -> bool:
        return bool(self.roles) and any(k != "-" for k, _ in self.roles)

    @property
    def hard_stop(self) -> bool:
        return self.text in _HARD_STOPS and self.num is None


_NO_ROLES: frozenset[tuple[str, str]] = frozenset()


def _regions(text: str, cues: list[Hit[frozenset[tuple[str, str]]]]) -> list[tuple[int, int]]:
    """Merged windows of text around the casualty cues (kind-less words open no window)."""
    out: list[tuple[int, int]] = []
    for h in cues:
        if not any(k != "-" for k, _ in h.value):
            continue
        s, e = max(0, h.start - _MARGIN), min(len(text), h.end + _MARGIN)
        while s > 0 and not text[s - 1].isspace():
            s -= 1
        while e < len(text) and not text[e].isspace():
            e += 1
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _items(text: str, start: int, end: int, nums: list[_Num], cues: list[Hit[frozenset[tuple[str, str]]]]) -> list[_Item]:
    """``text[start:end]`` as items: numbers and cue phrases (one item each), other tokens as they are."""
    spans = _spans(start, end, nums, cues)
    items: list[_Item] = []
    k = 0
    for m in _TOKEN.finditer(text, start, end):
        ts, te = m.span()
        while k < len(spans) and spans[k][0] - spans[k][4] < te:
            _emit_span(text, spans[k], items)
            k += 1
        if items and ts < items[-1].end:
            continue  # a token inside a number or cue (or its clitic)
        prev = items[-1] if items else None
        items.append(_Item(ts, te, m.group(), _NO_ROLES, None, prev is not None and prev.text in _AND))
    for sp in spans[k:]:
        _emit_span(text, sp, items)
    return items


_Span = tuple[int, int, frozenset[tuple[str, str]], "_Num | None", int]


def _spans(start: int, end: int, nums: list[_Num], cues: list[Hit[frozenset[tuple[str, str]]]]) -> list[_Span]:
    """Numbers (with the roles of a cue of the same span: "قتيلين") and the cues no number overlaps."""
    cue_at = {(h.start, h.end): h for h in cues if start <= h.start and h.end <= end}
    nums = [n for n in nums if start <= n.start and n.end <= end]
    spans: list[_Span] = []
    covered = bytearray(end - start)
    for n in nums:
        h = cue_at.pop((n.start, n.end), None)
        spans.append((n.start, n.end, h.value if h else _NO_ROLES, n, h.clitic if h else 0))
        covered[n.start - start : n.end - start] = b"\x01" * (n.end - n.start)
    for (s, e), h in cue_at.items():
        if not any(covered[s - start : e - start]):
            spans.append((s, e, h.value, None, h.clitic))
    spans.sort(key=lambda x: x[0])
    return spans


def _emit_span(text: str, sp: _Span, items: list[_Item]) -> None:
    s, e, roles, num, cl = sp
    if items and s - cl < items[-1].end:
        return  # overlaps the previous item
    wa = (bool(items) and items[-1].text in _AND) or (cl > 0 and text[s - cl] == "و")
    items.append(_Item(s, e, text[s:e], roles, num, wa))


def _is_year(it: _Item) -> bool:
    return it.text.isdigit() and len(it.text) == 4 and 1900 <= int(it.text) <= 2100


def _next(items: list[_Item], i: int) -> _Item | None:
    return items[i + 1] if i + 1 < len(items) else None


def _noun_after(items: list[_Item], i: int) -> tuple[str, int] | None:
    """``(kind, index)`` of a count noun right after the number ("35 قتيلا", "عشرات من القتلى")."""
    j = i + 1
    if j < len(items) and items[j].text in ("من", "of") and not items[j].roles:
        j += 1
    if j < len(items) and items[j].text in ("people", "persons") and not items[j].roles:
        j += 1
    if j < len(items):
        kind = items[j].has("noun") or items[j].has("bare")
        return (kind, j) if kind else None
    return None


def _post_after(items: list[_Item], i: int) -> tuple[str, int] | None:
    """``(kind, index)`` of a verb after the counted noun phrase ("جنديين تركيين قتلا", "14 people were killed")."""
    words = 0
    for j in range(i + 1, min(len(items), i + 7)):
        it = items[j]
        if it.hard_stop or it.text in (",", "،") or it.num is not None or it.text in _AND:
            return None
        kind = it.has("post") or it.has("lqi_end")
        if kind and not (it.wa and j > i + 2) and not _has_object(items, j):
            return kind, j
        if it.is_cue or it.wa:
            return None
        if not it.roles:
            words += 1
            if words > 4:
                return None
    return None


def _has_object(items: list[_Item], j: int) -> bool:
    """Whether the verb at ``j`` takes a person object ("وقتلوا أحد الموظفين"): then it is active,
    and the noun phrase before it is the killer, not the victim."""
    nxt = _next(items, j)
    return nxt is not None and (nxt.num is not None or bool(nxt.has("person")) or _nisba(nxt))


def _lqi_ok(items: list[_Item], i: int) -> bool:
    for it in items[i + 1 : i + 20]:
        if it.hard_stop:
            return False
        if it.has("lqi_end"):
            return True
    return False


def _pre_before(items: list[_Item], i: int) -> tuple[str, int] | None:
    """``(kind, index)`` of a cue before the number: "مقتل 35", "أودى الثلاثاء بحياة 17", "killed at least 14"."""
    others = 0
    for j in range(i - 1, max(-1, i - 10), -1):
        it = items[j]
        if it.hard_stop or it.num is not None or it.has("subset"):
            return None
        for role in ("pre", "toll", "post"):
            kind = it.has(role)
            if kind:
                return kind, j
        if it.has("noun"):
            return None
        kind = it.has("lqi")
        if kind:
            return (kind, j) if _lqi_ok(items, i) else None
        if it.has("filler") or it.has("person") or it.text in (",", "،", "(", ")", "\"", "-"):
            continue
        if it.text in _AND or it.is_cue:
            return None
        others += 1
        if others > 3:
            return None
    return None


def _subset(items: list[_Item], i: int) -> bool:
    for it in items[max(0, i - 3) : i][::-1]:
        if it.has("subset"):
            return True
        if not it.has("filler"):
            return False
    return False


@dataclass(slots=True)
class _Link:
    kind: str
    cue: int
    first: int
    last: int
    count: int
    attacker: bool = False


def _link_numbers(items: list[_Item]) -> list[_Link]:
    links: list[_Link] = []
    used_cues: set[int] = set()
    for i, it in enumerate(items):
        if it.num is None or _subset(items, i):
            continue
        own = it.has("noun")
        nxt = _next(items, i)
        noun = (own, i) if own else _noun_after(items, i)
        if not noun and (_is_year(it) or (nxt is not None and nxt.has("stop"))):
            continue
        if noun:
            links.append(_Link(noun[0], noun[1], i, i, it.num.value))
            continue
        post = _post_after(items, i)
        if post:
            links.append(_Link(post[0], post[1], i, i, it.num.value))
            continue
        pre = _pre_before(items, i)
        if pre and pre[1] not in used_cues:
            used_cues.add(pre[1])
            links.append(_Link(pre[0], pre[1], i, i, it.num.value))
    return links


def _person_after(items: list[_Item], j: int) -> int | None:
    """Index of a singular person noun standing as the object of the cue at ``j`` ("مقتل شخص")."""
    definite = 0
    for k in range(j + 1, min(len(items), j + 7)):
        it = items[k]
        if it.has("person") or (k == j + 1 and _nisba(it)):
            nxt = _next(items, k)
            return None if nxt is not None and nxt.num is not None else k
        if it.num is not None or it.hard_stop or it.is_cue:
            return None
        if it.has("filler") or it.text in (",", "،", "a", "an"):
            continue
        if it.text.startswith("ال") and not it.roles and definite < 2:
            definite += 1
            continue
        return None
    return None


def _nisba(it: _Item) -> bool:
    """An indefinite Arabic nisba noun ("إسرائيلي", "سورية"): a person when it is a cue's object."""
    t = it.text
    return (
        not it.roles and it.num is None and len(t) >= 4 and "\u0621" <= t[0] <= "\u064a"
        and not t.startswith(("ال", "ب", "ل")) and t.endswith(("ي", "يه"))
    )


def _link_singulars(items: list[_Item], links: list[_Link]) -> None:
    """"مقتل شخص", "قتلت الشرطة شخصا", "a soldier was killed": count 1."""
    used = {ln.cue for ln in links} | {ln.first for ln in links}
    for j, it in enumerate(items):
        if j in used:
            continue
        if not it.roles:
            continue
        kind = it.has("pre") or it.has("post")
        if kind is None and it.has("lqi") and _lqi_ok(items, j):
            kind = "killed"
        if kind:
            k = _person_after(items, j)
            if k is not None and k not in used:
                links.append(_Link(kind, j, k, k, 1))
                used.update((j, k))
        elif it.has("person") and j > 0 and items[j - 1].text in ("a", "an") and j not in used:
            post = _post_after(items, j)
            if post:
                links.append(_Link(post[0], post[1], j, j, 1))
                used.add(j)


def _link_bare(items: list[_Item], links: list[_Link]) -> None:
    """"أسفرت عن سقوط قتلى": a plural cue with no number after an intro word counts 3."""
    used = {ln.cue for ln in links}
    for j, it in enumerate(items):
        kind = it.has("bare") if it.roles else None
        k = j - 1
        while k > 0 and items[k].text in ('"', "«", "'", "“"):
            k -= 1
        if kind and j not in used and k >= 0 and items[k].has("intro") and items[k].num is None:
            links.append(_Link(kind, j, j, j, 3))


def _coordinate(items: list[_Item], links: list[_Link]) -> None:
    """"أودى بحياة شرطيتين وطالب" = 3; "قتل 5 جنود و3 مدنيين" = 8: add coordinated counts."""
    taken = {ln.first for ln in links}
    for ln in links:
        if ln.cue > ln.first:  # "35 قتيلا": the count noun closes the phrase
            continue
        k = _skip_noun(items, ln.last + 1)
        while k < len(items):
            if items[k].text in _AND:
                k += 1
            elif not items[k].wa:
                break
            add = _coordinated_count(items, k, taken) if k < len(items) else None
            if add is None:
                break
            ln.count += add
            ln.last = k
            taken.add(k)
            k = _skip_noun(items, k + 1)


def _skip_noun(items: list[_Item], k: int) -> int:
    """The index after the plain noun that may follow a count ("5 جنود"), else ``k``."""
    if k < len(items):
        it = items[k]
        if not (it.roles or it.num or it.wa or it.hard_stop) and it.text not in _AND and it.text not in (",", "،"):
            return k + 1
    return k


def _coordinated_count(items: list[_Item], k: int, taken: set[int]) -> int | None:
    """What a conjunct adds to the toll before it: a plain number, or 1 for a singular person."""
    it = items[k]
    if it.num is not None:
        if k in taken or _noun_after(items, k) or _post_after(items, k):
            return None  # a toll of its own ("و10 جرحى")
        nxt = _next(items, k)
        return None if nxt is not None and (nxt.has("stop") or nxt.is_cue) else it.num.value
    return 1 if it.has("person") and not it.is_cue else None


def _link_attackers(items: list[_Item], links: list[_Link]) -> None:
    """A suicide attack's own dead: one mention per sentence (unless the attack was foiled)."""
    seen_in_sentence = False
    for j, it in enumerate(items):
        if it.hard_stop:
            seen_in_sentence = False
            continue
        two = it.has("attacker2")
        if seen_in_sentence or not (it.has("attacker") or two):
            continue
        if any(x.has("foil") for x in items[max(0, j - 4) : j]):
            continue
        links.append(_Link("killed", j, j, j, 2 if two else 1, attacker=True))
        seen_in_sentence = True


def find_casualties(nt: NormText, *, attackers: bool = False) -> list[CasualtyMention]:
    """Death, injury and arrest tolls (cue + number), in text order (original offsets).

    With ``attackers`` a suicide attack also yields its attacker's own death as a separate
    ``attacker=True`` mention (count 1 or 2), to be *added* to the victims' toll (CODEBOOK §6).
    """
    text = nt.text
    pad = padded(text)
    cues = _casualty_lexicon().find(pad)
    regions = _regions(text, cues)
    if not regions:
        return []
    nums = _scan(text, pad)
    out: list[CasualtyMention] = []
    for start, end in regions:
        items = _items(text, start, end, nums, cues)
        links = _link_numbers(items)
        _link_singulars(items, links)
        _link_bare(items, links)
        _coordinate(items, links)
        if attackers:
            _link_attackers(items, links)
        for ln in sorted(links, key=lambda x: min(x.cue, x.first)):
            a, b = items[min(ln.cue, ln.first)], items[max(ln.cue, ln.last)]
            s, e = nt.to_original(a.start, b.end)
            ns, ne = nt.to_original(items[ln.first].start, items[ln.last].end)
            mention = CasualtyMention(s, e, nt.original[s:e], ln.kind, ln.count, (ns, ne), ln.attacker)  # type: ignore[arg-type]
            out.append(mention)
    return out
