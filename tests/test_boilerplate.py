"""Text-level boilerplate: content ranges, the stored text untouched."""

from __future__ import annotations

import re

import pytest

from rasd.errors import DataError
from rasd.text.boilerplate import (
    MAX_LINE_CHARS,
    _parse_rules,
    boilerplate_ranges,
    content_ranges,
    in_content,
    line_key,
    load_rules,
)
from rasd.text.normalise import fold

WP_FOOTER = "التعليقات مغلقة، ولكن تركبكس وبينغبكس مفتوحة."


def _content(text: str) -> str:
    return "".join(text[s:e] for s, e in content_ranges(text))


def test_wordpress_footer_is_boilerplate() -> None:
    body = "زاد تنظيم داعش من هجماته على قوات حفظ الأمن في ريف دير الزور الشرقي."
    text = f"{body}\n\n{WP_FOOTER}"
    ranges = content_ranges(text)
    assert ranges == [(0, len(body) + 2)]
    assert WP_FOOTER not in _content(text)
    assert boilerplate_ranges(text) == [(text.index(WP_FOOTER), len(text))]


@pytest.mark.parametrize(
    "line",
    [
        "Comments are closed.",
        "جميع الحقوق محفوظة © 2025",
        "كل الحقوق مَحفوظة لموقع الشبكة",
        "© 2025 Sample News. All rights reserved.",
        "اقرأ أيضاً: نزوح عشرات العائلات من ريف إدلب",
        "إقرأ ايضا: قصف على الأتارب",
        "Read also: Clashes in Daraa",
        "Share on Facebook",
        "شارك على تويتر",
        "تابعونا على تلغرام",
        "Follow us on Twitter and Telegram",
        "  • Share this:",
    ],
)
def test_footer_lines(line: str) -> None:
    text = f"Warplanes struck the village of Kafranbel on Monday.\n{line}\nRescuers pulled two bodies from the rubble."
    content = _content(text)
    assert line.strip() not in content
    assert "Warplanes struck" in content and "Rescuers pulled" in content


def test_long_paragraph_mentioning_rights_is_content() -> None:
    para = "The report said all rights reserved to the families had been ignored, " + "and the shelling continued for days. " * 10
    assert len(para) > MAX_LINE_CHARS
    assert content_ranges(para) == [(0, len(para))]


def test_phrase_must_be_whole_words_at_start() -> None:
    text = "Tagsin village was shelled on Monday.\nCopyrighted footage showed the damage."
    assert content_ranges(text) == [(0, len(text))]


def test_related_block_ends_the_content() -> None:
    text = "Clashes erupted in Tafas on Wednesday.\nRelated posts\nOther story one\nOther story two"
    assert content_ranges(text) == [(0, text.index("Related posts"))]
    assert boilerplate_ranges(text) == [(text.index("Related posts"), len(text))]


def test_no_boilerplate_and_blank() -> None:
    text = "اشتباكات في حيس.\nمقتل ثلاثة."
    assert content_ranges(text) == [(0, len(text))]
    assert content_ranges("") == []
    assert content_ranges(" \n\n ") == []


def test_ranges_are_ordered_disjoint_and_slice_the_text() -> None:
    text = "\r\n".join(["Share on Facebook", "Body one.", "Comments are closed.", "Body two.", "tags: syria"])
    ranges = content_ranges(text)
    assert all(0 <= s < e <= len(text) for s, e in ranges)
    assert all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:]))
    assert _content(text).split() == ["Body", "one.", "Body", "two."]


def test_in_content() -> None:
    ranges = [(0, 10), (20, 30)]
    assert in_content(ranges, 0, 10) and in_content(ranges, 21, 25)
    assert not in_content(ranges, 8, 12) and not in_content(ranges, 10, 15) and not in_content(ranges, 31, 32)
    assert not in_content([], 0, 1)


def test_every_packaged_rule_matches_its_own_phrase() -> None:
    rules = load_rules()
    assert len(rules) >= 30
    for rule in rules:
        assert rule.matches(rule.phrase), rule


def test_line_key_folds_spelling_and_punctuation() -> None:
    assert line_key("  اقرأ أيضاً:  ") == line_key("اقرا ايضا") == "اقرا ايضا"
    assert line_key("Comments   are CLOSED!") == "comments are closed"


def test_malformed_rule_is_a_data_error() -> None:
    with pytest.raises(DataError, match="boilerplate.tsv:2"):
        list(_parse_rules("phrase\tmatch\tscope\nfoo\tsomewhere\tline\n", "boilerplate.tsv"))


@pytest.mark.parametrize(
    "text",
    ["التعليقاتُ مغلقةٌ، ولكن تركبكس وبينغبكس مفتوحة.", "إقرأ أيضاً: آخر الأخبار", "ﻻ ﷲ ی ک ٣٤", "Ça Comments ARE closed — Ünïcode"],
)
def test_line_key_folds_like_the_normaliser(text: str) -> None:
    assert line_key(text) == re.sub(r"[^\w©]+", " ", fold(text)).strip()
