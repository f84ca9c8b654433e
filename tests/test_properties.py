"""Properties that must hold for any text (hypothesis).

* ``normalise`` is idempotent, its index maps every character into the original,
  and ``to_original`` gives in-bounds, ordered spans;
* the matcher's matches lie inside the normalised text, in order, never overlapping;
* ``extract`` never crashes and every evidence span slices the stored text exactly.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.model import Article
from rasd.pipeline import extract
from rasd.text.matcher import Matcher
from rasd.text.normalise import normalise

# the characters that stress the normaliser: Arabic letters and hamza forms, harakat,
# shadda, superscript alef, tatweel, zero-width joiners and marks, obfuscation
# punctuation, Arabic-Indic and Persian digits, ligatures and presentation forms, emoji
SPECIAL = list(
    "ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآؤئةى"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
    "\u0640\u200c\u200d\u200e\u200f\u061c\ufeff\u00ad"
    "|.ـ-_*•·'\"/\\:¦ \n\t،؛؟"
    "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
    "ﻻﷲﺍﺑﻙیکې"
    "😀🇸🇾👍🏽"
    "aZéİıßﬁ"
)
chars = st.one_of(st.sampled_from(SPECIAL), st.characters(exclude_categories=("Cs",)))
texts = st.text(alphabet=chars, max_size=200)

WORDS = [
    "قصف", "غارة", "غارات جوية", "داعش", "د|عـ.ـش", "هجمـ.ـاته", "قسد", "قوات النظام", "إدلب", "ريف دير الزور الشرقي",
    "كفرنبل", "حلب", "بغداد", "الطارمية", "أمس", "الاثنين", "فجر اليوم", "مقتل", "ثلاثة", "3", "٣", "مدنيين",
    "عبوة ناسفة", "اشتباكات", "اعتقال", "مظاهرة", "هدنة", "التعليقات مغلقة، ولكن تركبكس وبينغبكس مفتوحة.",
    "air strike", "killed", "two", "civilians", "ISIS", "SDF", "Hajin", "on Monday", "yesterday", "Idlib", "Daraa",
    ".", "،", "\n", "\n\n", "ـ", "\u200c", "\u064e",
]
articles_text = st.lists(st.one_of(st.sampled_from(WORDS), texts), max_size=40).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_normalise_is_idempotent(text: str) -> None:
    n = normalise(text)
    assert normalise(n.text).text == n.text


@settings(max_examples=400, deadline=None)
@given(texts)
def test_normalise_index_maps_into_the_original(text: str) -> None:
    n = normalise(text)
    assert n.original == text
    assert len(n.index) == len(n.text)
    assert all(0 <= i < len(text) for i in n.index)
    assert all(a <= b for a, b in zip(n.index, n.index[1:]))


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_to_original_spans_are_in_bounds_and_ordered(text: str, data: st.DataObject) -> None:
    n = normalise(text)
    start = data.draw(st.integers(0, len(n.text)))
    end = data.draw(st.integers(start, len(n.text)))
    ostart, oend = n.to_original(start, end)
    assert 0 <= ostart <= oend <= len(text)
    if start < end:
        assert ostart < oend
        assert ostart == n.index[start] and oend > n.index[end - 1]


MATCHER = Matcher([(w, w) for w in WORDS if len(w.strip()) > 1], proclitics=True, suffixes=True)


@settings(max_examples=300, deadline=None)
@given(articles_text)
def test_matcher_matches_are_inside_ordered_and_disjoint(text: str) -> None:
    n = normalise(text)
    matches = MATCHER.find(n.text)
    for m in matches:
        assert 0 <= m.start < m.end <= len(n.text)
        assert m.key[1:] in n.text[m.start:m.end]
        ostart, oend = n.to_original(m.start, m.end)
        assert 0 <= ostart < oend <= len(text)
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles_text, st.text(alphabet=chars, max_size=40), st.dates(date(2000, 1, 1), date(2030, 12, 31)) | st.none())
def test_extract_never_crashes_and_evidence_slices_the_text(text: str, title: str, published: date | None) -> None:
    article = Article(id="prop", text=text, title=title, published=published)
    result = extract(article)
    assert result.article is article
    for item in (*result.events, *result.signals):
        assert item.article_id == "prop"
        for ev in item.evidence:
            assert 0 <= ev.span.start <= ev.span.end <= len(text)
            assert text[ev.span.start:ev.span.end] == ev.span.text
