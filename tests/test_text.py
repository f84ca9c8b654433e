"""Text layer: normalisation with an offset map, de-obfuscation, clitic-aware matching, sentences."""

from __future__ import annotations

import pytest

from rasd.text.matcher import Matcher
from rasd.text.normalise import fold, normalise
from rasd.text.sentences import split_sentences


@pytest.mark.parametrize(
    ("written", "reads"),
    [
        ("د|عـ.ـش", "داعش"),  # a bar drawn for alef, tatweel and a dot inside the word
        ("هجمـ.ـاته", "هجماته"),
        ("معـ.ـاقله", "معاقله"),
        ("تأمـ.ـين", "تامين"),
        ("د.ا.ع.ش", "داعش"),
        ("داعـــش", "داعش"),
        ("دا\u200cعش", "داعش"),  # zero-width non-joiner
        ("يُصـ.ـعّد", "يصعد"),
    ],
)
def test_obfuscated_words_read_whole(written, reads):
    assert normalise(written).text == reads


@pytest.mark.parametrize(
    "text",
    ["ديرالزور. وقال المصدر", "حلب - دمشق", "في 12.5 كم", "قال: إن", "الـ11 من مساء الخميس"],
)
def test_real_boundaries_are_not_merged(text):
    # a space, a number or a spaced dash is a real boundary: the words stay apart
    assert len(normalise(text).text.split()) == len(text.split())


def test_folding():
    assert fold("أإآٱ") == "اااا"
    assert fold("مستشفى الطوارئ") == "مستشفي الطواري"
    assert fold("مدينة") == "مدينه"
    assert fold("٢٠١٨ و۱۲") == "2018 و12"
    assert fold("Liège") == "liege"
    assert fold("ﻻ") == "لا"
    assert fold("قُتِلَ") == "قتل"


def test_offsets_map_back_to_the_original():
    text = "أعلن د|عـ.ـش، الخميس، مسؤوليته"
    nt = normalise(text)
    i = nt.text.index("داعش")
    s, e = nt.to_original(i, i + len("داعش"))
    assert text[s:e] == "د|عـ.ـش"
    j = nt.text.index("الخميس")
    s, e = nt.to_original(j, j + len("الخميس"))
    assert text[s:e] == "الخميس"


def test_matcher_takes_proclitics_and_the_lam_of_the_article():
    m = Matcher([("قوات النظام", "SYR"), ("النظام", "REG"), ("داعش", "ISIS")])
    nt = normalise("وقصفت لقوات النظام وللنظام مواقع لداعش وبداعش النظامي")
    got = [(nt.original[slice(*nt.to_original(x.start, x.end))], x.value) for x in m.find(nt.text)]
    assert ("قوات النظام", "SYR") in got
    assert ("للنظام", "REG") in got  # ل + النظام written لل
    assert ("داعش", "ISIS") in got
    assert all(surface != "النظامي" for surface, _ in got)  # a longer word is not the name


def test_matcher_suffixes_and_plural_of_feminine():
    m = Matcher([("غارة", "AIR"), ("فر", "FLED")], suffixes=True)
    found = [x.key for x in m.find(normalise("والغارات وغارتين الغارة نهر الفرات").text)]
    assert found == ["غارات", "غارتين", "غاره"]  # فرات (Euphrates) is not فر + ات


def test_sentences():
    text = "قتل مدنيان أمس. وأصيب ثلاثة آخرون!\nالمصدر: المرصد\n\nGen. Smith said so. Then he left."
    spans = split_sentences(text)
    assert [s.text for s in spans] == ["قتل مدنيان أمس.", "وأصيب ثلاثة آخرون!", "المصدر: المرصد",
                                       "Gen. Smith said so.", "Then he left."]
    for s in spans:
        assert text[s.start:s.end] == s.text
