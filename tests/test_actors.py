"""Actor mentions and ids: date-bounded ids, country-aware state forces, nationality adjectives."""

from __future__ import annotations

from datetime import date

import pytest

from rasd.mentions.actors import (
    actor_table,
    country_name,
    default_forces,
    find_actors,
    state_forces,
)
from rasd.text.normalise import normalise

D2018 = date(2018, 6, 1)
D2025 = date(2025, 6, 1)


def mentions(text: str, day: date | None = D2018) -> list[tuple[str, str, bool]]:
    return [(a.span.text, a.actor_id, a.adjective) for a in find_actors(normalise(text), day)]


def ids(text: str, day: date | None = D2018) -> list[str]:
    return [aid for _, aid, adj in mentions(text, day) if not adj]


# ---------------------------------------------------------------- date-bounded ids


@pytest.mark.parametrize("text", ["قوات النظام", "القوات الحكومية", "الجيش السوري"])
def test_syrian_government_forces_before_and_after_december_2024(text):
    assert ids(f"قصفت {text} البلدة", D2018) == ["SYR-MIL-2000"]
    assert ids(f"قصفت {text} البلدة", D2025) == ([] if text == "قوات النظام" else ["SYR-MIL-2024"])


def test_an_id_outside_its_dates_is_not_found():
    assert ids("هاجمت هيئة تحرير الشام حاجزا", date(2016, 1, 1)) == []
    assert ids("هاجمت هيئة تحرير الشام حاجزا", D2018) == ["HTS"]


def test_the_date_of_the_transitional_authorities():
    assert ids("أعلنت سلطة دمشق حظر التجول", D2025) == ["SYR-MIL-2024"]
    assert ids("أعلن الأمن العام اعتقال خلية", D2025) == ["SYR-POL-2024"]


@pytest.mark.parametrize("day,expected", [(D2018, "SYR-MIL-2000"), (D2025, "SYR-MIL-2024"), (None, "SYR-MIL-2024")])
def test_state_forces_of_syria_by_date(day, expected):
    assert state_forces("SYR", "military", day) == expected


# ---------------------------------------------------------------- country-aware state forces


@pytest.mark.parametrize("country,kind,expected", [
    ("IRQ", "police", "IRQ-POL"),
    ("IRQ", "military", "IRQ-MIL"),
    ("IRQ", "security", "IRQ-MIL"),
    ("YEM", "military", "YEM-MIL"),
    ("TUR", "security", "TUR-MIL"),
    ("PSE", "military", "ISR-MIL"),  # the army in the West Bank and Gaza is Israel's
    ("YEM", "coalition", "SAU-MIL"),
    ("SYR", "coalition", "COALITION"),
    ("IRQ", "coalition", "COALITION"),
    ("YEM", "national_army", "YEM-MIL"),
    ("SYR", "national_army", "SNA"),
    ("LBY", "national_army", "OTHER:Libyan National Army"),
    ("DEU", "police", "OTHER:Police Forces of Germany"),
    ("FRA", "military", "OTHER:Military Forces of France"),
    ("EGY", "police", "OTHER:Police Forces of Egypt"),
    ("PHL", "police", "OTHER:Police Forces of the Philippines"),
    ("CZE", "police", "OTHER:Police Forces of the Czech Republic"),
    ("GBR", "military", "OTHER:Military Forces of the United Kingdom"),
    ("LBN", "military", "OTHER:Military Forces of Lebanon"),
])
def test_state_forces_by_country(country, kind, expected):
    assert state_forces(country, kind, D2018) == expected


def test_a_nations_own_forces_only_with_own():
    # "the Palestinian army" is not the Israeli army that acts in the West Bank: nobody
    assert state_forces("PSE", "military", D2018, own=True) is None
    assert state_forces("PSE", "police", D2018, own=True) == "OTHER:Police Forces of Palestine"
    assert state_forces("IRQ", "police", D2018, own=True) == "IRQ-POL"


def test_no_country_no_made_up_name():
    assert state_forces(None, "police", D2018) is None
    assert state_forces(None, "coalition", D2018) == "COALITION"
    assert default_forces("military", D2018) == "SYR-MIL-2000"


def test_generated_forces_are_state_forces_to_the_coder():
    aid = state_forces("NOR", "police", D2018)
    assert aid == "OTHER:Police Forces of Norway"
    assert actor_table()[aid].inter == "1"
    assert actor_table()["OTHER:Military Forces of France"].inter == "1"


@pytest.mark.parametrize("iso3,name", [("DEU", "Germany"), ("PHL", "the Philippines"), ("USA", "the United States"),
                                       ("IRN", "Iran"), ("TUR", "Turkey"), ("KEN", "Kenya")])
def test_acled_country_names(iso3, name):
    assert country_name(iso3) == name


# ---------------------------------------------------------------- mentions


@pytest.mark.parametrize("text,expected", [
    ("اعتقلت الشرطة الإيطالية رجلا", [("الشرطة الإيطالية", "OTHER:Police Forces of Italy", False)]),
    ("قتل جنديان تركيان في انفجار", [("جنديان تركيان", "TUR-MIL", False)]),
    ("قصف الجيش اللبناني مواقع", [("الجيش اللبناني", "OTHER:Military Forces of Lebanon", False)]),
    ("قالت السلطات التشيكية", [("السلطات التشيكية", "OTHER:Police Forces of the Czech Republic", False)]),
    ("German police arrested three", [("German police", "OTHER:Police Forces of Germany", False)]),
    ("Lebanese army units deployed", [("Lebanese army", "OTHER:Military Forces of Lebanon", False)]),
    ("قوات الأمن العراقية", [("قوات الأمن العراقية", "IRQ-MIL", False)]),
])
def test_a_generic_force_word_with_a_nationality_adjective(text, expected):
    assert mentions(text) == expected


def test_a_bare_generic_force_word_keeps_its_kind_for_the_country():
    [m] = find_actors(normalise("أطلقت الشرطة الغاز المسيل للدموع"), D2018)
    assert m.generic == "police" and m.day == D2018
    [m] = find_actors(normalise("قصف طيران التحالف مواقع"), D2018)
    assert m.generic == "coalition"


def test_a_generic_word_that_needs_an_adjective_is_nothing_alone():
    assert mentions("وصلت القوات إلى البلدة") == []
    assert mentions("قتل جنديان في انفجار") == []


@pytest.mark.parametrize("text,actor_id", [("غارات روسية", "RUS-MIL"), ("قصف تركي", "TUR-MIL"),
                                           ("غارات سورية", "SYR-MIL-2000"), ("Israeli air strikes", "ISR-MIL"),
                                           ("ضربات فرنسية", "OTHER:Military Forces of France")])
def test_nationality_adjectives(text, actor_id):
    [(_, aid, adjective)] = mentions(text)
    assert aid == actor_id and adjective


def test_a_syrian_adjective_after_2024_names_the_transitional_forces():
    assert mentions("غارات سورية", D2025)[0][1] == "SYR-MIL-2024"


def test_an_adjective_joined_to_a_force_names_a_force():
    assert mentions("القوات السورية والروسية") == [("القوات السورية", "SYR-MIL-2000", False),
                                                   ("روسية", "RUS-MIL", False)]


def test_monitors_and_agencies_are_not_actors():
    assert mentions("قال المرصد السوري لحقوق الإنسان") == []
    assert mentions("according to the Syrian Observatory for Human Rights") == []
    assert mentions("ذكرت وكالة الأنباء السورية") == []


def test_acronyms_match_only_in_upper_case():
    assert ids("He said it is time for them to help us") == []
    assert ids("IS fighters attacked a US base") == ["ISIS", "USA-MIL"]


def test_other_actors_of_the_region():
    assert ids("فجر انتحاري من طالبان سيارة مفخخة") == ["OTHER:Taliban"]
    assert ids("تقدمت قوات الجيش الوطني الليبي في درنة") == ["OTHER:Libyan National Army"]
    assert ids("اعتقل الرئيس السابق لحزب الاتحاد الديمقراطي") == ["OTHER:PYD: Democratic Union Party"]


def test_spans_slice_the_original_text():
    text = "اعتقلت الشرطةُ الإيطاليةُ، الثلاثاء، رجلاً يُشتبه بانتمائه لتنظيم داعش"
    for a in find_actors(normalise(text), D2018):
        assert text[a.span.start:a.span.end] == a.span.text
