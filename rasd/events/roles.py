"""Actor roles of an event: actor1, assoc_actor1, actor2 (CODEBOOK §3).

Each actor mention of the sentence is first *read* (``read_sentence``): its id — a
generic force word ("الجيش", "الشرطة", "التحالف", "police") becomes the forces of the
country the sentence speaks of (``rasd.mentions.actors.state_forces``) — and its role
in the clause, from the words around it (cue words: data/role_cues.tsv):

* agent  — after "بنيران/برصاص/من قبل/شنتها/نسبت إلى/by" …; a nationality adjective
  on the strike word ("غارات روسية", "Israeli air strikes"); the subject of an Arabic
  verb-first clause ("استهدفت قوات النظام مواقع …"); the genitive of a strike noun
  ("قصف قوات النظام", "جراء قصف …"); the accused ("اتهمت دمشق إسرائيل بشن …", "أصابع
  الاتهام نحو …"); a claimant ("أعلن داعش مسؤوليته"); a speaker that says it acted
  ("قال الجيش إنه استعاد", "… أن مقاتلاته استهدفت"); the owner of aircraft or forces
  ("طائرات تابعة للتحالف");
* target — after "على/ضد/مواقع/مقر/الخاضعة لسيطرة/against" …; the object of an attack
  verb after its subject or carrying it ("أصابوا شرطيا"); English word order ("fought
  rebels", "an army vehicle"); the subject of "تعرض لـ/came under"; the owner of a
  thing hit ("مستودع تابع لـ …"); the other side of an agreement ("اتفاق مع روسيا");
* victim — the people a toll counts ("لقي 18 من قوات النظام مصرعهم", "killing one
  soldier", "مقاتلين موالين للنظام"); the group of a person held or hit ("عضو في تنظيم
  داعش", "الرئيس المشارك لحزب …", "خلية تابعة لداعش");
* support — a partner after "بدعم/بمساندة/بمشاركة/backed by" (assoc_actor1);
* source — a speaker ("بحسب", "قال", "…, police said") or an accuser.

Mentions that name places ("في دمشق", "داخل تركيا", a dateline), that describe another
actor ("التحالف الذي تقوده السعودية") or that stand across a clause of another event
("بينما", "ردا على") are dropped. Then ``choose_actors`` decides: actor1 is the agent
(near the trigger first), else the first actor neither acted upon nor a partner nor a
source; allies named together ("غارات روسية وسورية", data/allies.tsv) give the lead as
actor1 and the partner as assoc_actor1 ("النظام وحلفاؤه": its first partner); actor2 is
the target or victim, else the next other actor. By event type: Protests and Riots have
PROTESTERS as actor1 and the intervening force as actor2 (mob violence: whom the crowd
hurt); Violence against civilians has CIVILIANS as actor2 and an unnamed perpetrator is
UNIDENTIFIED; an explosion or strike with no named perpetrator is UNIDENTIFIED too, and
its actor2 CIVILIANS when the people it killed or hurt are not fighters (a chemical attack
always hits civilians); looting destroys civilian property; arrests abroad with no named
arrester are by the country's police; people fleeing are CIVILIANS.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from rasd.data_files import read_tsv
from rasd.events.codebook import MILITARY_INTER, EventType, event_type_of
from rasd.mentions.actors import actor_table, state_forces
from rasd.text.matcher import PROCLITICS
from rasd.text.normalise import FOLD_MAP, fold

STATE_INTER = {"1", "8"}
NOT_ARMED = ("CIVILIANS", "PROTESTERS")
#: how far (normalised characters) a cue may stand from the mention it qualifies
WINDOW = 40
#: how far before an attack verb its subject may stand
SUBJECT_REACH = 60

AGENT, TARGET, VICTIM, SUPPORT, SOURCE, NEUTRAL = "agent", "target", "victim", "support", "source", "neutral"
PATIENT_ROLES = (TARGET, VICTIM)

_CLAUSE_BREAK = re.compile(r"[،,;:.!?؟()\[\]\n]")
_STRONG_BREAK = re.compile(r"[;:.!?؟()\[\]\n]")
#: how far (normalised characters) from its trigger an actor may be named to count as near it
NEAR = 90
_WORD = re.compile(r"[^\s\"'«»“”]+")
_ARTICLES = frozenset({"the", "a", "an"})
#: "إنه/إنها/أنه" or "said it (had)" right after a speaker
_SAYS_IT = re.compile(r"[،,]?\s*(?:(?:ب|و)?[ا]نه(?:ا|م)?|(?:said|says) (?:that )?(?:it|they)(?: had| has| have)?)\s")
#: words after which an attack word is a verbal noun ("جراء قصف قوات النظام": the shelling by)
_CAUSAL = frozenset({"جراء", "اثر", "بسبب", "نتيجه", "عقب", "بعد", "وسط", "بفعل"})


# ---------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class Cues:
    """The cue words of data/role_cues.tsv, folded, by role."""

    by_role: dict[str, frozenset[str]]
    longest: int  # the most words any cue has

    def _forms(self, role: str) -> frozenset[str]:
        return self.by_role.get(role, frozenset())

    def has(self, role: str, words: list[str]) -> bool:
        """Do the last words of ``words`` form a cue of ``role`` (a leading و allowed)?"""
        return not self._forms(role).isdisjoint(_phrases(tuple(words[-self.longest:]), True))

    def starts(self, role: str, words: list[str]) -> bool:
        """Do the first words of ``words`` form a cue of ``role`` (a leading و allowed)?"""
        return not self._forms(role).isdisjoint(_phrases(tuple(words[:self.longest]), False))

    def any_word(self, role: str, words: list[str]) -> bool:
        forms = self._forms(role)
        return any(w in forms or (w.startswith("و") and w[1:] in forms) for w in words)

    def all_words(self, role: str, words: list[str]) -> bool:
        forms = self._forms(role)
        return all(w in forms or (w.startswith("و") and w[1:] in forms) for w in words)

    @property
    def boundary(self) -> re.Pattern[str]:
        """Where a boundary cue begins ("بينما", "ردا على", "while"), a و before it allowed."""
        return _boundary_pattern(self.by_role.get("boundary", frozenset()))


@lru_cache(maxsize=4096)
def _phrases(words: tuple[str, ...], tail: bool) -> frozenset[str]:
    """The phrases that end (``tail``) or begin the words, each also without a leading و."""
    out = set()
    for n in range(1, len(words) + 1):
        phrase = " ".join(words[-n:] if tail else words[:n])
        out.add(phrase)
        if phrase.startswith("و"):
            out.add(phrase[1:])
    return frozenset(out)


@lru_cache(maxsize=4)
def _boundary_pattern(forms: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\S)و?(?:{alternatives})(?![^\s،,.])")


@lru_cache(maxsize=1)
def cues() -> Cues:
    by_role: dict[str, set[str]] = {}
    longest = 1
    for r in read_tsv("role_cues.tsv"):
        form = fold(r["cue"]).strip()
        by_role.setdefault(r["role"], set()).add(form)
        longest = max(longest, len(form.split()))
    return Cues({k: frozenset(v) for k, v in by_role.items()}, longest)


@lru_cache(maxsize=1)
def allies() -> dict[str, tuple[str, ...]]:
    """lead id -> its partners, first listed first (data/allies.tsv)."""
    out: dict[str, list[str]] = {}
    for r in read_tsv("allies.tsv"):
        out.setdefault(r["lead"], []).append(r["partner"])
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Actor aliases that are also place names (data/actor_place_names.tsv), folded."""
    return frozenset(fold(r["name"]).strip() for r in read_tsv("actor_place_names.tsv"))


def allied_pair(a: str, b: str) -> tuple[str, str] | None:
    """(lead, partner) when ``a`` and ``b`` are allies that act together, else None."""
    table = allies()
    if b in table.get(a, ()):
        return a, b
    if a in table.get(b, ()):
        return b, a
    return None


def inter_of(actor_id: str | None, actor_inter: dict[str, str]) -> str:
    """The inter code of an id (generated ``OTHER:`` state forces are 1)."""
    if not actor_id:
        return ""
    if actor_id in actor_inter:
        return actor_inter[actor_id]
    a = actor_table().get(actor_id)
    if a is not None:
        return a.inter
    return "1" if actor_id.startswith(("OTHER:Military Forces", "OTHER:Police Forces")) else ""


def default_arrester(country: str | None, day: date | None) -> str | None:
    """Who arrests when the text names nobody: the police of the country, where one
    authority holds it (state_forces.tsv lists "arrests -" where several do: Syria, Yemen …)."""
    if not country:
        return None
    listed = state_forces(country, "arrests", day)
    if listed is not None or _no_default_arrester(country):
        return listed
    return state_forces(country, "police", day)


@lru_cache(maxsize=1)
def _arrest_rows() -> frozenset[str]:
    return frozenset(r["country"] for r in read_tsv("state_forces.tsv") if r["kind"] == "arrests")


def _no_default_arrester(country: str) -> bool:
    return country in _arrest_rows()


# ---------------------------------------------------------------- reading the sentence


@dataclass(slots=True)
class Slot:
    """One actor mention of the sentence, read for its role (offsets: normalised sentence)."""

    id: str
    start: int
    end: int
    adjective: bool
    role: str = NEUTRAL
    on_trigger: bool = False  # a nationality adjective that qualifies a strike ("غارات روسية")
    explicit: bool = False  # the role is said by a cue word, not guessed from word order
    near: bool = False  # named close to the trigger (``Sentence.near``)


#: characters dropped when folding (harakat, superscript alef, tatweel, zero-width and bidi marks)
_DROP = re.compile("[\u064b-\u065f\u0670\u0640\u200b-\u200f\u2060\ufeff\u061c\u00ad\u202a-\u202e\u2066-\u2069]")
#: one-for-one folds, as rasd.text.normalise does them (alef forms, ى, ة, ؤ, ئ, digits, Latin case)
_FOLD = str.maketrans({**FOLD_MAP, **{chr(c): chr(c + 32) for c in range(65, 91)}})


@lru_cache(maxsize=512)
def folded(text: str) -> tuple[str, Any]:
    """``text`` folded for cue matching (as ``rasd.text.normalise.fold`` folds words) and the
    original offset of each folded character. Cheaper than a full ``normalise``: no
    de-obfuscation, which the cue words of a sentence do not need."""
    cuts = list(_DROP.finditer(text))
    if not cuts:
        return text.translate(_FOLD), range(len(text))
    pieces: list[str] = []
    index: list[int] = []
    last = 0
    for m in cuts:
        pieces.append(text[last:m.start()])
        index.extend(range(last, m.start()))
        last = m.end()
    pieces.append(text[last:])
    index.extend(range(last, len(text)))
    return "".join(pieces).translate(_FOLD), index


class Sentence:
    """The sentence folded for cue matching, with a map from original article offsets."""

    def __init__(self, text: str, base: int) -> None:
        self.text, self.index = folded(text)
        self.base = base

    def pos(self, original: int) -> int:
        """Folded offset of an original article offset."""
        return bisect.bisect_left(self.index, original - self.base)

    def words_before(self, p: int, reach: int = WINDOW) -> list[str]:
        """The words before ``p`` back to a clause break, a clitic written onto ``p`` dropped."""
        raw = self.text[max(0, p - reach):p]
        clitic = bool(raw) and raw[-1].isalpha()  # "لتنظيم": the ل written onto the mention
        window = raw.rstrip(" \"«“(")  # a name in brackets or quotes: "حركة المقاومة الإسلامية (حماس)"
        cut = list(_CLAUSE_BREAK.finditer(window))
        if cut:
            window = window[cut[-1].end():]
        words = _WORD.findall(window)
        if clitic and words:
            words = words[:-1]
        return [w for w in words if w not in _ARTICLES]

    def words_after(self, p: int, reach: int = WINDOW) -> list[str]:
        window = self.text[p:p + reach]
        m = _CLAUSE_BREAK.search(window)
        if m:
            window = window[:m.start()]
        return [w for w in _WORD.findall(window) if w not in _ARTICLES]

    def genitive(self, t1: int, p: int) -> bool:
        """Is the mention at ``p`` the genitive (ل, "of") of the word ending at ``t1``?
        ("قصف لقوات النظام", "غارات للطيران الروسي")"""
        between = self.text[t1:p]
        return between.strip() == "ل" or (between.isspace() and self.text.startswith("لل", p))

    def gap(self, a: int, b: int) -> str:
        """The text between ``a`` and ``b``, less a clitic written onto the word at ``b``
        ("الغارات الجوية السورية والروسية": the gap before "روسية" is " و", not " وال")."""
        if a > b:
            return ""
        g = self.text[a:b]
        if g and not g[-1].isspace():
            head, _, clitic = g.rpartition(" ")
            if clitic in PROCLITICS:
                g = head + " " + ("و" if clitic.startswith("و") else "")
        return g

    def near(self, a: int, b: int) -> bool:
        """Are offsets ``a`` and ``b`` in one comma-clause, or close with no full stop, colon
        or bracket between?"""
        lo, hi = min(a, b), max(a, b)
        if not _CLAUSE_BREAK.search(self.text, lo, hi):
            return True
        return hi - lo <= NEAR and not _STRONG_BREAK.search(self.text, lo, hi)


def _is_latin(s: str) -> bool:
    return any("a" <= c <= "z" for c in s[:3])


class _SentenceView(NamedTuple):
    """The parts of a sentence's mentions that role reading looks at, hashable for the cache."""

    span: Any
    actors: tuple[Any, ...]
    triggers: tuple[Any, ...]
    casualties: tuple[Any, ...]


def read_sentence(sm: Any, trigger: Any, country: str | None) -> list[Slot]:
    """The actor mentions of the sentence, ids resolved, roles read (see the module docstring).

    The pipeline asks about one sentence and trigger more than once (to type it, then to code
    it): readings are cached. The slots returned are not to be changed."""
    view = _SentenceView(sm.span, tuple(sm.actors), tuple(sm.triggers), tuple(sm.casualties))
    return list(_read_cached(view, trigger, country))


@lru_cache(maxsize=512)
def _read_cached(view: _SentenceView, trigger: Any, country: str | None) -> tuple[Slot, ...]:
    return tuple(_read_sentence(view, trigger, country))


def resolved_id(mention: Any, country: str | None) -> str:
    """The id an actor mention stands for here: a generic word ("الجيش", "police") names the
    forces of the country the sentence speaks of."""
    aid: str = mention.actor_id
    if getattr(mention, "generic", None) and country:
        aid = state_forces(country, mention.generic, getattr(mention, "day", None)) or aid
    return aid


def _read_sentence(sm: Any, trigger: Any, country: str | None) -> list[Slot]:
    sent = Sentence(sm.span.text, sm.span.start)
    c = cues()
    trig_spans = [(sent.pos(t.span.start), sent.pos(t.span.end)) for t in sm.triggers]
    strike_spans = [sp for sp, t in zip(trig_spans, sm.triggers) if not t.sub_event_type.startswith("*")]
    t0, t1 = (sent.pos(trigger.span.start), sent.pos(trigger.span.end)) if trigger is not None else (-1, -1)
    arrest = trigger is not None and trigger.sub_event_type in ("Arrests", "Abduction/forced disappearance")
    lo, hi = _segment(sent, c, t0) if t0 >= 0 else (0, len(sent.text))
    slots: list[Slot] = []
    for a in sm.actors:
        s, e = sent.pos(a.span.start), sent.pos(a.span.end)
        if not lo <= s < hi or _is_place(sent, c, s, e) or c.has("ignore", sent.words_before(s, 25)):
            continue
        slots.append(Slot(resolved_id(a, country), s, e, a.adjective))
    kept: list[Slot] = []
    for sl in slots:  # adjectives count only on a strike word ("غارات روسية وسورية")
        if not sl.adjective:
            kept.append(sl)
        elif any(_qualifies(sent, c, ts, te, sl) for ts, te in trig_spans) or \
                (kept and kept[-1].on_trigger and _coordinated(sent, kept[-1], sl)):
            sl.on_trigger, sl.role, sl.explicit = True, AGENT, True
            if c.has("support", sent.words_before(min(sl.start, _trigger_start(trig_spans, sl)))):
                sl.role = SUPPORT  # "backed by Russian air strikes", "بغطاء جوي روسي"
            kept.append(sl)
    slots = kept
    for sl in slots:
        sl.near = t0 >= 0 and sent.near(t0, sl.start)
        if not sl.on_trigger:
            sl.role, sl.explicit = _role(sent, c, sm, sl, slots, t0, t1, strike_spans, arrest)
    _accusations(sent, c, slots)
    return slots


def _trigger_start(trig_spans: list[tuple[int, int]], sl: Slot) -> int:
    """Where the strike word an adjective qualifies begins (the nearest before or around it)."""
    starts = [ts for ts, te in trig_spans if ts <= sl.start] or [sl.start]
    return max(starts)


def _segment(sent: Sentence, c: Cues, t0: int) -> tuple[int, int]:
    """The part of the sentence the trigger stands in, between clauses of other events."""
    lo, hi = 0, len(sent.text)
    for m in c.boundary.finditer(sent.text):
        if m.start() <= t0:
            lo = m.start()
        else:
            hi = m.start()
            break
    return lo, hi


def _is_place(sent: Sentence, c: Cues, s: int, e: int) -> bool:
    """An actor alias that names a place here: "في دمشق", "داخل تركيا", "(CNN) … الولايات المتحدة"."""
    name = sent.text[s:e]
    if name not in place_names():
        return False
    before = sent.words_before(s, 40)
    if _attributed(c, before) or c.has("agent", before):
        return False  # "نسبت إلى إسرائيل": the actor, not the place
    if before and c.has("locative", before[-1:]):
        return True
    if s > 0 and sent.text[s - 1] in "ب" and not sent.text[s - 2:s - 1].strip():
        return True  # "بدمشق"
    return s < 50 and "(" in sent.text[e:e + 20]  # a dateline: "أتلانتا، الولايات المتحدة الأمريكية (CNN)"


def _owner_role(c: Cues, before: list[str]) -> str | None:
    """The owner of a thing named before it: "مستودع أسلحة تابع لمقاتلين من الحرس الثوري" (a
    target), "طائرات تابعة للتحالف" (an agent)."""
    tail = before[-3:]
    at = next((i for i in range(len(tail) - 1, -1, -1) if c.any_word("owned", [tail[i]])), None)
    if at is None:
        return None
    thing = before[max(0, len(before) - len(tail) + at - 3):len(before) - len(tail) + at]
    if c.any_word("owner_agent", thing):
        return AGENT
    if c.any_word("owner_victim", thing):
        return VICTIM  # "اعتقال خلية تابعة لتنظيم داعش"
    if any(c.has("target", [w]) for w in thing):
        return TARGET
    return None


def _attributed(c: Cues, before: list[str]) -> bool:
    """"نسبت في معظمها إلى إسرائيل", "attributed by officials to Israel": the actor after "to"."""
    return bool(before) and before[-1] in ("الي", "to") and c.any_word("attribute", before[-5:-1])


def _qualifies(sent: Sentence, c: Cues, ts: int, te: int, sl: Slot) -> bool:
    """A nationality adjective on a strike word: inside it ("قصف إسرائيلي"), right after it
    across strike modifiers only ("قصف مدفعي تركي"), or (English) right before it."""
    if ts <= sl.start and sl.end <= te:
        return True
    if sl.start >= te:
        gap = sent.gap(te, sl.start)
        words = _WORD.findall(gap)
        return len(gap) <= 25 and not _CLAUSE_BREAK.search(gap) and c.all_words("modifier", words)
    if sl.end <= ts and _is_latin(sent.text[sl.start:sl.end]):
        gap = sent.gap(sl.end, ts)
        words = _WORD.findall(gap)
        return len(words) <= 1 and not _CLAUSE_BREAK.search(gap) and not c.any_word("function", words)
    return False


def _coordinated(sent: Sentence, a: Slot, b: Slot) -> bool:
    """``a`` and ``b`` named together: "روسية وسورية", "Russian and Syrian", "دمشق وموسكو"."""
    return sent.gap(a.end, b.start).strip() in ("و", "and", "،", ",", "&")


def _role(sent: Sentence, c: Cues, sm: Any, sl: Slot, slots: list[Slot], t0: int, t1: int,
          trig_spans: list[tuple[int, int]], arrest: bool = False) -> tuple[str, bool]:
    """The role of one mention and whether a cue word says it (see the module docstring).
    ``arrest``: the trigger is an arrest or abduction (the group of the person held is hit)."""
    before = sent.words_before(sl.start)
    after = sent.words_after(sl.end)
    if c.has("support", before):
        return SUPPORT, True
    if c.has("member", before) or _in_toll(sent, sm, sl) or \
            (c.has("victim", before) and (arrest or _near_toll(sent, sm, sl))):
        return VICTIM, True
    owner = _owner_role(c, before)
    if owner is not None:
        return owner, True
    if _attributed(c, before) or c.has("agent", before):
        return AGENT, True
    if _speaker(c, before, sent.text[max(0, sl.start - 2):sl.start].strip() in ("(", "\"", "«")):
        if _owns_the_strike(c, after) or _says_it_did(sent, sl, t0):
            return AGENT, True
        return SOURCE, True
    if c.starts("undergo", after) or (_is_latin(sent.text[sl.start:sl.end]) and c.starts("target_head", after)):
        return TARGET, True  # "X تعرضت لقصف", "an army vehicle", "a police checkpoint"
    if c.starts("said_after", after) and not c.has("agent", before):
        return (AGENT if _says_it_did(sent, sl, t0) else SOURCE), True  # "…, police said"
    if c.starts("claim", after):
        return AGENT, True
    verb = _attack_verb_before(c, before)
    if verb is not None:
        # Arabic verb-first: the actor right after the verb is its subject ("استهدفت قوات
        # النظام مواقع"), unless the verb carries its subject ("قتلوا", "أصابوا") or a subject
        # stands before it ("الطائرات الإسرائيلية استهدفت قوات النظام"); after a preposition
        # the word is a verbal noun whose genitive is its agent ("جراء قصف قوات النظام").
        # English: the object.
        if len(before) >= 2 and (c.has("function", before[-2:-1]) or before[-2] in _CAUSAL):
            return AGENT, True
        if _is_latin(verb) or verb.endswith("وا") or _subject_before(sent, slots, trig_spans, sl, verb):
            return TARGET, True
        return AGENT, True
    if c.has("target", before) or (len(before) > 1 and c.has("group_noun", before[-1:]) and c.has("target", before[:-1])):
        return TARGET, True  # "على مواقع لداعش", "على معقل متمردي حزب العمال"
    if t1 >= 0 and sl.start >= t1 and sent.genitive(t1, sl.start) \
            and not c.has("object", _WORD.findall(sent.text[t0:t1])):
        return AGENT, True  # "قصف لقوات النظام": the strike of the regime forces
    if t1 >= 0 and sl.start >= t1:
        gap = sent.gap(t1, sl.start)
        words = _WORD.findall(gap)
        if len(words) <= 1 and not _CLAUSE_BREAK.search(gap) and not c.any_word("function", words):
            trig_words = _WORD.findall(sent.text[t0:t1])
            if c.has("object", trig_words) or _is_latin(sent.text[t0:t1]):
                return TARGET, False  # "اغتيال قيادي …", "fought rebels": English puts the object after
            return AGENT, False  # "قصف قوات النظام", "غارات للطيران الروسي"
    return NEUTRAL, False


def _speaker(c: Cues, before: list[str], bracketed: bool) -> bool:
    """A speech verb or "according to" right before the mention, or before the rest of its
    name when it is given in brackets ("قالت حركة المقاومة الإسلامية (حماس)"), not across a
    conjunction or preposition ("قال إن قوات النظام …")."""
    for k in range(4 if bracketed else 1):
        head, rest = before[:len(before) - k], before[len(before) - k:]
        if rest and c.any_word("function", rest):
            return False
        if head and c.has("source", head):
            return True
    return False


def _says_it_did(sent: Sentence, sl: Slot, t0: int) -> bool:
    """"قال الجيش إنه استعاد السيطرة", "the army said it had retaken": the speaker is the
    subject of the trigger that follows its "إنه/it"."""
    m = _SAYS_IT.match(sent.text, sl.end)
    return m is not None and t0 >= 0 and m.end() - 1 <= t0 <= m.end() + 12


def _owns_the_strike(c: Cues, after: list[str]) -> bool:
    """"ذكر بيان للجيش الإسرائيلي أن مقاتلاته استهدفت": the speaker's own forces acted."""
    rest = [w for w in after if w not in ("ان", "إن", "أن", "that")][:3]
    return any(c.starts("own", rest[i:]) for i in range(len(rest)))


def _attack_verb_before(c: Cues, before: list[str]) -> str | None:
    """The attack verb right before the mention ("استهدفت قوات النظام", "attacked the army")."""
    if before and c.has("verb", before[-1:]):
        return before[-1]
    return None


def _subject_before(sent: Sentence, slots: list[Slot], trig_spans: list[tuple[int, int]], sl: Slot, verb: str) -> bool:
    """Does a subject (an actor or a strike noun: ``trig_spans`` of the specific triggers)
    stand before the verb, in its clause?"""
    vstart = sent.text.rfind(verb, 0, sl.start)
    if vstart < 0:
        return False
    lo = max(0, vstart - SUBJECT_REACH)
    cut = list(_CLAUSE_BREAK.finditer(sent.text, lo, vstart))
    if cut:
        lo = cut[-1].end()
    if any(lo <= o.start < vstart and o.id not in NOT_ARMED and o.role != SOURCE for o in slots if o is not sl):
        return True
    return any(lo <= ts and te <= vstart for ts, te in trig_spans)


def _toll_spans(sent: Sentence, sm: Any, kinds: tuple[str, ...] = ("killed", "injured", "arrested")
                ) -> list[tuple[int, int, int]]:
    """(start, end, start of the number) of the tolls of the sentence."""
    out = []
    for k in sm.casualties:
        if k.kind in kinds:
            num = k.number_span[0] if getattr(k, "number_span", None) else k.start
            out.append((sent.pos(k.start), sent.pos(k.end), sent.pos(num)))
    return out


def _in_toll(sent: Sentence, sm: Any, sl: Slot) -> bool:
    """The mention is the people a toll counts ("لقي 18 من قوات النظام مصرعهم", "قتل جنديان
    تركيان", "killing one soldier"): it overlaps the toll from its number on, or follows it
    at once (before the number it is the subject: "قتلت قوات النظام 5 مدنيين")."""
    return any(n <= sl.start < e or (s <= sl.start < e and sl.start <= n < sl.end)
               or (0 <= sl.start - e <= 3 and not sent.text[e:sl.start].strip())  # "killing one soldier"
               for s, e, n in _toll_spans(sent, sm, ("killed", "injured")))


def _near_toll(sent: Sentence, sm: Any, sl: Slot) -> bool:
    return any(0 <= sl.start - s <= WINDOW + 10 for s, _, _ in _toll_spans(sent, sm))


def _accusations(sent: Sentence, c: Cues, slots: list[Slot]) -> None:
    """An accusation names the agent: the accused is the actor the charge follows ("بشن",
    "بتنفيذ", "of"): "اتهمت دمشق وموسكو إسرائيل بشن ضربة", "اتهمت دول غربية النظام بتنفيذ
    هجوم", "إثر اتهام النظام بشن هجوم", "Damascus accused Israel of". Arabic accusers stand
    right after the verb; in English, after a verbal noun, or past an unnamed accuser, the
    first actor is the accused."""
    i = 0
    while i < len(slots):
        before = sent.words_before(slots[i].start)
        if not c.any_word("accuse", before[-4:]):
            i += 1
            continue
        cue_at = next((k for k in range(1, min(4, len(before)) + 1) if c.has("accuse", before[:len(before) - k + 1])), None)
        if cue_at is None:
            i += 1
            continue
        chain = [i]
        while chain[-1] + 1 < len(slots) and _coordinated(sent, slots[chain[-1]], slots[chain[-1] + 1]):
            chain.append(chain[-1] + 1)
        nxt = chain[-1] + 1
        if nxt < len(slots) and len(_WORD.findall(sent.gap(slots[chain[-1]].end, slots[nxt].start))) <= 2:
            chain.append(nxt)
        charged = next((k for k in chain if _charge_follows(sent, slots[k])), None)
        cue = before[len(before) - cue_at]
        if charged is None:
            accused_first = cue_at > 1 or _is_latin(cue) or c.has("accusation", [cue])
            charged = chain[0] if accused_first or len(chain) == 1 else chain[-1]
        for k in chain:
            slots[k].role, slots[k].explicit = (AGENT if k == charged else SOURCE), True
        i = chain[-1] + 1


def _charge_follows(sent: Sentence, sl: Slot) -> bool:
    """The charge right after the accused: "بشن", "بتنفيذ", "بالوقوف", "of"."""
    after = sent.words_after(sl.end, 15)
    return bool(after) and (after[0] == "of" or (after[0].startswith("ب") and len(after[0]) > 3))


# ---------------------------------------------------------------- choosing the roles


def _armed(sl: Slot) -> bool:
    return not sl.adjective or sl.on_trigger


def _actor1_slot(slots: list[Slot], et: EventType, sub: str, country: str | None) -> Slot | None:
    """The side that acted: a trigger adjective, an explicit agent, the agent read from word
    order, else the first actor neither acted upon nor a partner or a source (near the
    trigger first; for an arrest, the country's own forces first)."""
    usable = [s for s in slots if _armed(s) and s.id not in NOT_ARMED]
    picks = [lambda s: s.on_trigger and s.role == AGENT, lambda s: s.role == AGENT and s.explicit,
             lambda s: s.role == AGENT]
    if sub == "Arrests" and country:
        picks.append(lambda s: s.role == NEUTRAL and actor_table().get(s.id) is not None
                     and actor_table()[s.id].country == country and actor_table()[s.id].inter == "1")
    picks += [lambda s: s.role == NEUTRAL and s.near, lambda s: s.role == NEUTRAL]
    if et in (EventType.BATTLES, EventType.STRATEGIC):
        # "قال الجيش إنه استعاد السيطرة": a force that reports its own battle or arrest
        picks.append(lambda s: s.role == SOURCE and s.near and inter_of(s.id, {}) in MILITARY_INTER)
    for pick in picks:
        found = next((s for s in usable if pick(s)), None)
        if found is not None:
            return found
    return None


def _partner(sent: Sentence, slots: list[Slot], lead: Slot) -> tuple[str, str | None]:
    """actor1 and the ally named with it as the side that acted ("غارات روسية وسورية",
    "القوات التركية والجيش الوطني"): the lead of the pair (data/allies.tsv), its partner."""
    i = slots.index(lead)
    for j in (i - 1, i + 1):
        if not 0 <= j < len(slots):
            continue
        other = slots[j]
        if other.role in PATIENT_ROLES or other.role == SOURCE or other.id == lead.id or not _armed(other):
            continue
        a, b = (other, lead) if j < i else (lead, other)
        pair = allied_pair(lead.id, other.id)
        if pair is not None and _coordinated(sent, a, b):
            return pair
    return lead.id, None


def _group_of(sent: Sentence, slots: list[Slot], lead: Slot) -> Slot:
    """"مسلحون أعضاء بتنظيم داعش", "gunmen belonging to ISIS": the group the gunmen belong to."""
    i = slots.index(lead)
    if i + 1 < len(slots):
        nxt = slots[i + 1]
        if nxt.role == VICTIM and nxt.id not in NOT_ARMED and len(_WORD.findall(sent.gap(lead.end, nxt.start))) <= 3:
            return nxt
    return lead


def _actor2(slots: list[Slot], actor1: str | None, assoc: str | None, et: EventType, t0: int,
            victims: str | None = None) -> str | None:
    """The side acted upon: an actor a cue marks as target or victim (near the trigger
    first), else ``victims`` (who a strike killed), else the next other actor that is
    neither a partner nor an ally of actor1 nor a source (for a strike: one named after the
    strike word, where its object stands)."""
    taken = {actor1, assoc}
    patients = [s for s in slots if s.role in PATIENT_ROLES and s.id not in taken and _armed(s)]
    if et is not EventType.STRATEGIC:
        patients = [s for s in patients if s.id != "PROTESTERS"]
    if et is EventType.BATTLES:
        patients = [s for s in patients if s.id not in NOT_ARMED]
    near = [s for s in patients if s.near]
    if near:
        return near[0].id
    if victims:
        return victims
    if patients:
        return patients[0].id
    others = [s for s in slots if s.role in (NEUTRAL, AGENT) and s.id not in taken and s.id not in NOT_ARMED
              and _armed(s) and not (actor1 and allied_pair(actor1, s.id))
              and (et is not EventType.EXPLOSIONS or s.start > t0)]
    return others[0].id if others else None


def choose_actors(sm: Any, trigger: Any, sub: str, actor_inter: dict[str, str], *, country: str | None = None) -> tuple[str | None, str | None, str | None]:
    """actor1, assoc_actor1, actor2 of the event ``sub`` that ``trigger`` reports in ``sm``.

    ``country`` (ISO3, may be None) is the country the sentence speaks of: generic force
    words become its forces. See the module docstring for the rules.
    """
    et = event_type_of(sub)
    sent = Sentence(sm.span.text, sm.span.start)
    c = cues()
    slots = read_sentence(sm, trigger, country)
    lead = _actor1_slot(slots, et, sub, country)
    if lead is not None and lead.id == "UNIDENTIFIED":
        lead = _group_of(sent, slots, lead)
    actor1: str | None = None
    assoc: str | None = None
    if lead is not None:
        actor1, assoc = _partner(sent, slots, lead)
        if assoc is None and allies().get(lead.id) and c.starts("allies", sent.words_after(lead.end)):
            assoc = allies()[lead.id][0]
    if assoc is None:
        assoc = next((s.id for s in slots if s.role == SUPPORT and s.id != actor1 and s.id not in NOT_ARMED), None)
    t0 = sent.pos(trigger.span.start) if trigger is not None else -1
    victims = _explosion_victims(sent, c, sm, slots) if et is EventType.EXPLOSIONS else None
    if sub == "Chemical weapon":
        victims = victims or "CIVILIANS"  # gas released on a town hits whoever lives there
    actor2 = _actor2(slots, actor1, assoc, et, t0, victims)

    if sub == "Mob violence":
        # a crowd's victims: an armed group it turned on, else the people it hurt
        hurt = actor2 if any(s.id == actor2 and s.role in PATIENT_ROLES for s in slots) else None
        return "PROTESTERS", None, hurt or ("CIVILIANS" if _casualties(sm) else None)
    if et in (EventType.PROTESTS, EventType.RIOTS):
        force = _intervening_force(slots, actor_inter)
        return "PROTESTERS", None, (None if sub == "Peaceful protest" else force)
    if sub == "Looting/property destruction" and not any(s.id == actor2 and s.role in PATIENT_ROLES for s in slots):
        actor2 = "CIVILIANS"  # homes, shops and fields burned or looted belong to civilians
    if et is EventType.VAC:
        actor1 = actor1 or "UNIDENTIFIED"
        # an "attack"/"killed" cue typed by who was hit: an armed victim makes it a battle
        retype = trigger is not None and trigger.sub_event_type.startswith("*") \
            and inter_of(actor2, actor_inter) in MILITARY_INTER
        actor2 = actor2 if retype else "CIVILIANS"
    elif et is EventType.EXPLOSIONS:
        actor1 = actor1 or "UNIDENTIFIED"
    elif sub == "Other" and _displacement(c, sent, slots):
        return "CIVILIANS", None, None
    elif sub == "Arrests" and actor1 is None:
        actor1 = default_arrester(country, _day_of(sm))
    if actor1 == actor2:
        actor2 = None
    if assoc in (actor1, actor2):
        assoc = None
    return actor1, assoc, actor2


def _casualties(sm: Any) -> bool:
    return any(k.kind in ("killed", "injured") for k in sm.casualties)


def _day_of(sm: Any) -> date | None:
    return next((getattr(a, "day", None) for a in sm.actors if getattr(a, "day", None)), None) or \
        next((d.date for d in getattr(sm, "dates", ()) if getattr(d, "date", None)), None)


def _intervening_force(slots: list[Slot], actor_inter: dict[str, str]) -> str | None:
    """The force that met the protesters: a state force first, else any armed actor, else a
    state force that reports the clash."""
    armed = [s for s in slots if _armed(s) and s.id not in NOT_ARMED and s.role != SUPPORT]
    state = [s for s in armed if inter_of(s.id, actor_inter) in STATE_INTER]
    for group in ([s for s in state if s.role != SOURCE], [s for s in armed if s.role != SOURCE], state):
        if group:
            return group[0].id  # a force that reports the clash took part in it ("قال الجيش إن مثيري الشغب …")
    return None


def _explosion_victims(sent: Sentence, c: Cues, sm: Any, slots: list[Slot]) -> str | None:
    """CIVILIANS when an explosion killed or hurt people not said to be fighters ("قتل 3
    أشخاص", "مقتل 35 مدنيا", "killed 5 civilians"), or civilians are named."""
    if any(s.id == "CIVILIANS" and s.role != SOURCE for s in slots):
        return "CIVILIANS"
    tolls = [k for k in sm.casualties if k.kind in ("killed", "injured") and not getattr(k, "attacker", False)]
    if not tolls:
        return None
    for k in tolls:
        p = sent.pos(k.end)
        words = _WORD.findall(sent.text[sent.pos(k.start):p]) + sent.words_after(p, 30)[:3]
        if c.any_word("combatant", words):
            return None
    return "CIVILIANS"


def _displacement(c: Cues, sent: Sentence, slots: list[Slot]) -> bool:
    """People fled or left ("فر 30 ألف مدني", "people fled the fighting")."""
    words = _WORD.findall(sent.text)
    if not c.any_word("displaced", words):
        return False
    return c.any_word("civilian", words) or any(s.id == "CIVILIANS" for s in slots) or \
        not any(s.role in (AGENT, NEUTRAL) and s.id not in NOT_ARMED and _armed(s) for s in slots)
