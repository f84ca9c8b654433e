"""Actor roles (CODEBOOK §3): actor1, assoc_actor1, actor2 of one sentence.

Each sentence (written for this suite) goes through the real mention finders, as the
pipeline reads it: ``sentence_mentions(text, find_mentions(article, normalise(text)))``,
its sub-type chosen by the coder, then ``roles.choose_actors``.
"""

from __future__ import annotations

from datetime import date

import pytest

from rasd.events import coder, roles
from rasd.mentions.actors import actor_table
from rasd.model import Article
from rasd.pipeline import find_mentions, sentence_mentions
from rasd.text.normalise import normalise

D2018 = date(2018, 6, 1)
D2025 = date(2025, 6, 1)
AUTO = "auto"


def read(text: str, *, published: date = D2018, country: str | None = AUTO) -> tuple[str | None, tuple]:
    """(sub-type, (actor1, assoc_actor1, actor2)) of the first sentence, as the pipeline reads it."""
    art = Article(id="t", text=text, published=published)
    sm = sentence_mentions(text, find_mentions(art, normalise(text)))[0]
    inter = {a.id: a.inter for a in actor_table().values()}
    if country == AUTO:
        here = coder.event_places(sm.places, text)
        country = here[0].country if here else None
    sub, _, trig = coder.choose_sub_type(sm, None, inter)
    assert sub is not None, f"no event read in {text!r}"
    a1, _, a2 = roles.choose_actors(sm, trig, sub, inter, country=country)
    sub, _, trig = coder.choose_sub_type(sm, a2, inter, a1)
    assert sub is not None
    return sub, roles.choose_actors(sm, trig, sub, inter, country=country)


def actors(text: str, **kw) -> tuple:
    return read(text, **kw)[1]


# ---------------------------------------------------------------- who acted: actor1


@pytest.mark.parametrize("text,actor1", [
    ("قتل 35 مدنيا في غارات روسية على مدينة إدلب أمس.", "RUS-MIL"),
    ("قتل خمسة مدنيين في قصف مدفعي تركي على قرية في ريف عفرين.", "TUR-MIL"),
    ("أصيب 18 فلسطينيا في قصف إسرائيلي استهدف مبنى غرب مدينة غزة.", "ISR-MIL"),
    ("قتل ثلاثة مدنيين بغارة أمريكية على مدينة الرقة أمس.", "USA-MIL"),
    ("Israeli air strikes killed five civilians in Gaza City on Monday.", "ISR-MIL"),
    ("Russian jets struck the town of Maaret al-Numan in Idlib on Tuesday.", "RUS-MIL"),
])
def test_a_nationality_adjective_on_the_strike_is_actor1(text, actor1):
    assert actors(text)[0] == actor1


@pytest.mark.parametrize("text,actor1", [
    ("قتل عنصران من تنظيم داعش بنيران الجيش العراقي في اشتباكات قرب مدينة الموصل.", "IRQ-MIL"),
    ("اغتيل مدني بنيران الجيش في ريف درعا أمس.", "SYR-MIL-2000"),
    ("اغتيل شاب بنيران الجيش الإسرائيلي قرب مدينة الخليل.", "ISR-MIL"),
    ("قتل مدني في هجوم نفذه تنظيم داعش على قرية في ريف دير الزور.", "ISIS"),
    ("استهدف قصف من قوات النظام بلدة كفرنبل في ريف إدلب.", "SYR-MIL-2000"),
    ("A civilian was shot dead by Turkish forces near Afrin on Sunday.", "TUR-MIL"),
])
def test_the_agent_after_a_passive_cue_is_actor1(text, actor1):
    assert actors(text)[0] == actor1


def test_an_attacked_force_is_actor2_and_the_attacker_actor1():
    sub, (a1, _, a2) = read("لقي 18 من قوات النظام السوري مصرعهم إثر تعرضهم لهجوم من تنظيم داعش في ريف دير الزور.")
    assert (a1, a2) == ("ISIS", "SYR-MIL-2000")
    assert sub == "Armed clash"  # an attack on armed forces is a battle (CODEBOOK §2)


def test_arabic_verb_first_subject_acts_and_the_object_is_acted_upon():
    assert actors("استهدفت قوات النظام بالمدفعية مواقع للمعارضة في ريف حماة أمس.") == ("SYR-MIL-2000", None, "OPP")


def test_subject_first_the_actor_after_the_verb_is_its_object():
    a1, _, a2 = actors("الطائرات الإسرائيلية استهدفت قوات النظام قرب مدينة القنيطرة.")
    assert (a1, a2) == ("ISR-MIL", "SYR-MIL-2000")


def test_a_target_after_ala_and_positions_of_is_actor2():
    a1, _, a2 = actors("شنت الطائرات الروسية غارات على مواقع لهيئة تحرير الشام في ريف إدلب.")
    assert (a1, a2) == ("RUS-MIL", "HTS")


def test_the_genitive_of_a_strike_noun_is_its_agent():
    assert actors("قتل خمسة مدنيين في قصف لقوات النظام على مدينة دوما.")[0] == "SYR-MIL-2000"


def test_a_speaker_is_not_the_agent_but_its_own_jets_are():
    assert actors("قال المرصد السوري لحقوق الإنسان إن غارات روسية قتلت خمسة مدنيين في مدينة إدلب.")[0] == "RUS-MIL"
    a1, _, a2 = actors("قال الجيش الإسرائيلي إن طائراته قصفت مواقع لحركة حماس في قطاع غزة.")
    assert (a1, a2) == ("ISR-MIL", "HAMAS")


@pytest.mark.parametrize("text,actor1", [
    ("اتهمت دمشق وموسكو إسرائيل بشن ضربة جوية على مطار التيفور في ريف حمص.", "ISR-MIL"),
    ("اتهمت دول غربية النظام السوري بتنفيذ الهجوم الكيميائي على مدينة دوما.", "SYR-MIL-2000"),
    ("جاءت الضربات إثر اتهام النظام السوري بشن هجوم كيماوي على مدينة دوما.", "SYR-MIL-2000"),
    ("Damascus accused Israel of carrying out an air strike on the T4 airbase in Homs.", "ISR-MIL"),
])
def test_the_accused_is_the_agent_not_the_accusers(text, actor1):
    assert actors(text)[0] == actor1


def test_a_chemical_attack_hits_civilians():
    assert actors("اتهمت دول غربية النظام السوري بتنفيذ الهجوم الكيميائي على مدينة دوما.")[2] == "CIVILIANS"


def test_an_adjective_after_a_hedge_still_names_the_striker():
    assert actors("قتل خمسة مدنيين في غارات يرجح أنها روسية على مدينة إدلب.")[0] == "RUS-MIL"


def test_who_claims_the_attack_is_actor1():
    assert actors("أعلن تنظيم داعش مسؤوليته عن التفجير الانتحاري في مدينة كابل أمس.")[0] == "ISIS"


def test_a_group_named_in_brackets_after_a_speech_verb_only_speaks():
    a1, _, _ = actors("وقالت حركة المقاومة الإسلامية (حماس) إن الهجوم عمل بطولي وانتقام لمقتل ثلاثة مسلحين في غزة.")
    assert a1 != "HAMAS"


def test_pointing_the_finger_names_the_agent():
    assert actors("وجهت منظمات محلية أصابع الاتهام نحو النظام السوري في الهجوم الكيميائي على مدينة دوما.")[0] == \
        "SYR-MIL-2000"


def test_an_attack_attributed_to_an_actor():
    assert actors("تعرض مطار عسكري في ريف دمشق لغارات نسبت في معظمها إلى إسرائيل.")[0] == "ISR-MIL"


def test_a_nationality_after_a_force_word_and_its_modifier():
    a1, assoc, a2 = actors("قتل خمسة مدنيين في غارات للطيران الحربي السوري والروسي على ريف إدلب.")
    assert (a1, assoc, a2) == ("SYR-MIL-2000", "RUS-MIL", "CIVILIANS")


def test_a_group_behind_its_fighters_is_the_target():
    a1, _, a2 = actors("أكد الرئيس التركي قيام طائرات تركية بشن غارات على معقل متمردي حزب العمال الكردستاني في جبل قنديل.")
    assert (a1, a2) == ("TUR-MIL", "PKK")


def test_the_other_side_of_an_agreement():
    a1, _, a2 = actors("غادرت الدفعة الأخيرة من مقاتلي الفصائل المعارضة مدينة دوما بموجب اتفاق مع روسيا.")
    assert (a1, a2) == ("OPP", "RUS-MIL")


@pytest.mark.parametrize("text", [
    "قال الجيش العراقي إنه استعاد السيطرة على قرية قرب الموصل بعد معارك مع تنظيم داعش.",
    "The Iraqi army said it had recaptured a village near Mosul from Islamic State militants on Sunday.",
])
def test_a_force_that_reports_its_own_battle_is_its_actor(text):
    assert actors(text)[0] == "IRQ-MIL"


def test_the_group_of_a_person_arrested_is_actor2():
    a1, _, a2 = actors("اعتقلت الشرطة الألمانية القيادي في تنظيم داعش في مدينة هامبورغ أمس.")
    assert (a1, a2) == ("OTHER:Police Forces of Germany", "ISIS")


def test_the_owner_of_a_thing_hit_is_the_target_and_of_aircraft_the_agent():
    a1, _, a2 = actors("استهدف قصف صاروخي مستودع أسلحة تابعا لمقاتلين من الحرس الثوري الإيراني قرب مدينة حمص.")
    assert (a1, a2) == ("UNIDENTIFIED", "IRN-MIL")
    a1, _, a2 = actors("قصفت طائرات تابعة للتحالف الدولي موقعا للجيش السوري في ريف دير الزور.")
    assert (a1, a2) == ("COALITION", "SYR-MIL-2000")


def test_fighters_loyal_to_a_side_killed_are_that_side():
    a1, _, a2 = actors("قتل تسعة مقاتلين موالين للنظام في قصف صاروخي على مطار عسكري في ريف حمص.")
    assert (a1, a2) == ("UNIDENTIFIED", "SYR-MIL-2000")


def test_gunmen_belonging_to_a_group_are_that_group():
    a1, _, _ = actors("قتل موظف في الهجوم الذي نفذه مسلحون أعضاء بتنظيم داعش في مدينة أربيل.")
    assert a1 == "ISIS"


def test_an_actor_across_a_clause_of_another_event_is_not_the_agent():
    a1, _, _ = actors("قتل خمسة مدنيين في انفجار عبوة ناسفة في مدينة إدلب، بينما أعلنت هيئة تحرير الشام النفير العام.")
    assert a1 == "UNIDENTIFIED"


# ---------------------------------------------------------------- partners: assoc_actor1


@pytest.mark.parametrize("text,expected", [
    ("اعتقلت قوات سوريا الديمقراطية بدعم من التحالف الدولي خمسة عناصر من داعش في ريف دير الزور.",
     ("SDF", "COALITION", "ISIS")),
    ("سيطرت القوات الحكومية اليمنية بمساندة التحالف العربي على مطار الحديدة.", ("YEM-MIL", "SAU-MIL", None)),
    ("SDF fighters backed by the US-led coalition arrested three ISIS members near Hajin on Monday.",
     ("SDF", "COALITION", "ISIS")),
])
def test_a_partner_after_a_support_word_is_assoc_actor1(text, expected):
    assert actors(text) == expected


@pytest.mark.parametrize("text,lead,partner", [
    ("استهدفت غارات جوية روسية وسورية مواقع لتنظيم داعش في مخيم اليرموك.", "SYR-MIL-2000", "RUS-MIL"),
    ("تعرضت بلدة نوى في ريف درعا لعشرات الغارات الجوية السورية والروسية.", "SYR-MIL-2000", "RUS-MIL"),
    ("قتل 20 مدنيا في القصف الذي تشنه القوات السورية والروسية على ريف درعا.", "SYR-MIL-2000", "RUS-MIL"),
    ("سيطرت القوات التركية والجيش الوطني السوري على مدينة عفرين أمس.", "TUR-MIL", "SNA"),
])
def test_allies_named_together_give_the_lead_and_its_partner(text, lead, partner):
    a1, assoc, _ = actors(text)
    assert (a1, assoc) == (lead, partner)


def test_and_its_allies_names_the_first_partner():
    a1, assoc, _ = actors("قتل خمسة أشخاص في قصف جوي للنظام وحلفائه على ريف درعا.")
    assert (a1, assoc) == ("SYR-MIL-2000", "RUS-MIL")


def test_adversaries_named_together_are_not_partners():
    a1, assoc, a2 = actors("اندلعت اشتباكات بين قوات النظام وفصائل المعارضة في ريف حماة أمس.")
    assert (a1, assoc, a2) == ("SYR-MIL-2000", None, "OPP")


# ---------------------------------------------------------------- the event type decides


def test_violence_against_civilians_has_civilians_as_actor2_and_unnamed_killers_unidentified():
    sub, (a1, _, a2) = read("اغتال مسلحون مجهولون مدنيا في مدينة درعا أمس.")
    assert coder.event_type_of(sub).value == "Violence against civilians"
    assert (a1, a2) == ("UNIDENTIFIED", "CIVILIANS")


def test_a_named_killer_of_civilians_is_actor1():
    sub, (a1, _, a2) = read("أعدم تنظيم داعش ثلاثة مدنيين في ريف دير الزور أمس.")
    assert coder.event_type_of(sub).value == "Violence against civilians"
    assert (a1, a2) == ("ISIS", "CIVILIANS")


@pytest.mark.parametrize("text,expected", [
    ("قتل 3 أشخاص وأصيب اثنان بانفجار عبوة ناسفة في مدينة الباب.", ("UNIDENTIFIED", None, "CIVILIANS")),
    ("قتل جنديان تركيان في انفجار عبوة ناسفة في منطقة عفرين.", ("UNIDENTIFIED", None, "TUR-MIL")),
    ("Three people were killed when a bomb exploded in a market in Azaz on Friday.", ("UNIDENTIFIED", None, "CIVILIANS")),
])
def test_an_explosion_with_no_named_perpetrator(text, expected):
    assert actors(text) == expected


def test_an_explosion_that_killed_fighters_has_no_civilian_victims():
    assert actors("قتل خمسة عناصر من هيئة تحرير الشام بانفجار عبوة ناسفة في ريف إدلب.")[2] == "HTS"


@pytest.mark.parametrize("text,force", [
    ("فرقت الشرطة بالغاز المسيل للدموع متظاهرين في مدينة البصرة أمس.", "IRQ-POL"),
    ("أطلقت قوات الأمن النار على المتظاهرين في مدينة الناصرية فقتلت ثلاثة منهم.", "IRQ-MIL"),
    ("اندلعت مواجهات بين متظاهرين أكراد والشرطة في مدينة هانوفر الألمانية أمس.", "OTHER:Police Forces of Germany"),
])
def test_protesters_are_actor1_and_the_intervening_force_actor2(text, force):
    sub, (a1, assoc, a2) = read(text)
    assert coder.event_type_of(sub).value in ("Protests", "Riots")
    assert (a1, assoc, a2) == ("PROTESTERS", None, force)


def test_a_peaceful_protest_has_no_actor2():
    sub, (a1, _, a2) = read("تظاهر مئات الأشخاص في مدينة الباب أمس للمطالبة بالإفراج عن المعتقلين.")
    assert sub == "Peaceful protest" and (a1, a2) == ("PROTESTERS", None)


def test_people_fleeing_are_civilians():
    sub, (a1, _, a2) = read("نزح أكثر من 30 ألف مدني من مدينة عفرين خلال 24 ساعة.")
    assert sub == "Other" and (a1, a2) == ("CIVILIANS", None)


# ---------------------------------------------------------------- country-aware state forces


@pytest.mark.parametrize("text,published,actor1", [
    ("اغتيل مدني بنيران الجيش في ريف درعا أمس.", D2018, "SYR-MIL-2000"),
    ("اغتيل مدني بنيران الجيش في ريف درعا أمس.", D2025, "SYR-MIL-2024"),
    ("قتل مدنيان برصاص الشرطة في مدينة البصرة أمس.", D2018, "IRQ-POL"),
    ("قتل مدنيان برصاص الشرطة في مدينة هامبورغ الألمانية أمس.", D2018, "OTHER:Police Forces of Germany"),
    ("Police shot dead two civilians in Basra on Sunday.", D2018, "IRQ-POL"),
    ("قتل عنصران من تنظيم داعش في اشتباكات مع قوات الأمن قرب مدينة الموصل.", D2018, "IRQ-MIL"),
])
def test_generic_forces_are_those_of_the_country(text, published, actor1):
    assert actors(text, published=published)[0] == actor1


def test_the_army_abroad_gets_an_acled_style_name():
    assert actors("قتل مدنيان برصاص الجيش في مدينة ما.", country="FRA")[0] == "OTHER:Military Forces of France"


@pytest.mark.parametrize("country,actor1", [("YEM", "SAU-MIL"), ("SYR", "COALITION"), ("IRQ", "COALITION")])
def test_the_coalition_is_saudi_led_in_yemen_only(country, actor1):
    assert actors("قتل خمسة مدنيين في غارة لطيران التحالف على سوق شعبي.", country=country)[0] == actor1


def test_a_nationality_adjective_names_the_nation_whatever_the_country():
    a1, _, a2 = actors("اعتقلت الشرطة الإيطالية رجلا يشتبه بأنه عضو في تنظيم داعش في مدينة فوغيا.", country="ITA")
    assert (a1, a2) == ("OTHER:Police Forces of Italy", "ISIS")
    assert actors("Czech authorities arrested a former PYD leader in Prague on Saturday.",
                  country="CZE")[0] == "OTHER:Police Forces of the Czech Republic"


def test_an_arrest_abroad_with_no_arrester_named_is_by_the_police_of_the_country():
    assert actors("اعتقل رجل يشتبه بانتمائه لتنظيم داعش في منزله أمس.", country="PHL")[0] == \
        "OTHER:Police Forces of the Philippines"
    # where several authorities hold the ground, nobody is made up
    assert actors("اعتقل رجل يشتبه بانتمائه لتنظيم داعش في منزله أمس.", country="SYR")[0] is None


@pytest.mark.parametrize("text,expected", [
    (("A roadside bomb exploded next to an army vehicle in the Tarmiyah district north of Baghdad on Sunday, "
      "killing one soldier and wounding two, security sources said."), ("UNIDENTIFIED", None, "IRQ-MIL")),
    ("A hand grenade thrown at a mobile phone shop in the city of Kirkuk on Thursday wounded three people, police said.",
     ("UNIDENTIFIED", None, "CIVILIANS")),
    ("Government forces, backed by Russian air strikes, fought rebels in the town of Kafr Zita in northern Hama on Monday.",
     ("SYR-MIL-2000", "RUS-MIL", "OPP")),
])
def test_english_word_order(text, expected):
    assert actors(text) == expected


def test_a_mob_hurts_civilians_and_looters_destroy_civilian_property():
    assert actors("A crowd of villagers beat to death a man accused of theft in the town of Al-Busayrah on Saturday.")[2] == \
        "CIVILIANS"
    assert actors("Fighters of a Turkish-backed faction looted and set fire to several houses in the village of "
                  "Umm al-Kayf near Tal Tamr on Tuesday.")[2] == "CIVILIANS"


def test_a_capital_named_as_a_place_is_no_actor():
    a1, _, a2 = actors("قتل مدني بسقوط قذائف هاون على دمشق أمس.")
    assert a2 == "CIVILIANS" and a1 == "UNIDENTIFIED"


def test_actor_ids_are_always_known_or_acled_style():
    table = actor_table()
    for text in ("قتل 35 مدنيا في غارات روسية على مدينة إدلب أمس.",
                 "اندلعت مواجهات بين متظاهرين أكراد والشرطة في مدينة هانوفر الألمانية أمس."):
        for aid in actors(text):
            assert aid is None or aid in table or aid.startswith("OTHER:")
