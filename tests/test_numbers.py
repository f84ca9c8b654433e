"""Number mentions (digits, Arabic and English words, duals, vague quantities) and casualty linking."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.mentions.dates import find_dates
from rasd.mentions.numbers import CasualtyMention, find_casualties, find_numbers, parse_number
from rasd.text.normalise import normalise


def numbers(text: str) -> list[tuple[str, int, bool]]:
    found = find_numbers(normalise(text))
    for m in found:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.value, m.vague) for m in found]


def casualties(text: str) -> list[tuple[str, int]]:
    found = find_casualties(normalise(text))
    for c in found:
        assert text[c.start : c.end] == c.text
        assert c.start <= c.number_span[0] < c.number_span[1] <= c.end
    return [(c.kind, c.count) for c in found]


# --- numbers -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("قتل 1,580 شخصا", 1580),
        ("قتل 1580 شخصا", 1580),
        ("قتل ١٥٨٠ شخصا", 1580),
        ("نحو 45 ألف شخص", 45000),
        ("1.5 مليون لاجئ", 1500000),
        ("واحد", 1),
        ("شخصا واحدا", 1),
        ("اثنان", 2),
        ("اثنين", 2),
        ("اثنتين", 2),
        ("ثلاثة", 3),
        ("ثلاث", 3),
        ("أربعة", 4),
        ("ثماني", 8),
        ("تسعة", 9),
        ("عشرة", 10),
        ("أحد عشر", 11),
        ("إحدى عشرة", 11),
        ("اثنا عشر", 12),
        ("خمسة عشر", 15),
        ("ثلاث عشرة", 13),
        ("عشرون", 20),
        ("عشرين", 20),
        ("ثلاثين", 30),
        ("تسعين", 90),
        ("خمسة وعشرين", 25),
        ("أربع وعشرين", 24),
        ("مئة", 100),
        ("مائة", 100),
        ("مئتين", 200),
        ("ثلاثمئة", 300),
        ("ثلاث مئة", 300),
        ("مئة وخمسون", 150),
        ("ألف", 1000),
        ("ألفين", 2000),
        ("ثلاثة آلاف", 3000),
        ("one", 1),
        ("seven", 7),
        ("twelve", 12),
        ("twenty", 20),
        ("twenty-five", 25),
        ("a hundred", 100),
        ("two hundred and fifty", 250),
        ("three thousand five hundred", 3500),
        ("a dozen", 12),
    ],
)
def test_single_number(text: str, value: int) -> None:
    found = numbers(text)
    assert len(found) == 1 and found[0][1] == value and not found[0][2], found


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("أصيب عدد من المدنيين", 3),
        ("عددا من", 3),
        ("several people", 3),
        ("a number of soldiers", 3),
        ("عشرات القتلى", 10),
        ("العشرات", 10),
        ("dozens of people", 12),
        ("hundreds of protesters", 100),
        ("مئات المتظاهرين", 100),
        ("آلاف المتظاهرين", 1000),
        ("thousands of people", 1000),
        ("عشرات الآلاف", 10000),
    ],
)
def test_vague_quantities(text: str, value: int) -> None:
    found = numbers(text)
    assert len(found) == 1 and found[0][1:] == (value, True), found


@pytest.mark.parametrize("text", ["مقتل شخصين", "قتيلين", "جنديين", "فلسطينيان", "شرطيتين", "الجنديان"])
def test_duals_count_two(text: str) -> None:
    assert [v for _, v, _ in numbers(text)] == [2]


@pytest.mark.parametrize("text", ["مدنيين", "مقاتلين", "مسلحين", "الاثنين", "الأحد", "لست أدري", "أحد الموظفين", "بيان"])
def test_not_numbers(text: str) -> None:
    assert numbers(text) == []


def test_qualifiers_keep_the_number() -> None:
    assert numbers("أكثر من 50") == [("50", 50, False)]
    assert numbers("نحو 20") == [("20", 20, False)]


def test_two_numbers_joined_by_wa_stay_two() -> None:
    assert [v for _, v, _ in numbers("5 قتلى و10 جرحى")] == [5, 10]
    assert [v for _, v, _ in numbers("ثلاثة وأربعة")] == [3, 4]


def test_wa_clitic_is_outside_the_span() -> None:
    assert numbers("وثلاثة") == [("ثلاثة", 3, False)]


def test_parse_number() -> None:
    assert parse_number("ثلاثة") == 3
    assert parse_number("خمسة وعشرين") == 25
    assert parse_number("twenty-five") == 25
    assert parse_number("1,580") == 1580
    assert parse_number("ثلاثة أشخاص") is None
    assert parse_number("قتل") is None


# --- casualties -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مقتل 35 مدنيا", [("killed", 35)]),
        ("قتل 35 مدنيا بينهم نساء", [("killed", 35)]),
        ("35 قتيلا", [("killed", 35)]),
        ("أسفر عن سقوط 5 قتلى و10 جرحى", [("killed", 5), ("injured", 10)]),
        ("ارتفع عدد القتلى إلى 20", [("killed", 20)]),
        ("وارتفعت حصيلة القتلى في الهجوم إلى 25 شخصا", [("killed", 25)]),
        ("مقتل تسعة مقاتلين", [("killed", 9)]),
        ("مقتل شخصين", [("killed", 2)]),
        ("مقتل شخص", [("killed", 1)]),
        ("مقتل مدني", [("killed", 1)]),
        ("أودى الثلاثاء بحياة شرطيتين وطالب", [("killed", 3)]),
        ("ما أودى بحياة 17 مدنيا", [("killed", 17)]),
        ("قتل 35 مدنيا بينهم 16 طفلا", [("killed", 35)]),
        ("لقي 18 من قوات النظام السوري والمسلحين الموالين له مصرعهم", [("killed", 18)]),
        ("لقي شخص مصرعه وأصيب آخران", [("killed", 1), ("injured", 2)]),
        ("قتل 3 أشخاص وأصيب اثنان حين انفجرت قنبلة", [("killed", 3), ("injured", 2)]),
        ("قتلت فتاة وأصيب 6 أشخاص، الجمعة", [("killed", 1), ("injured", 6)]),
        ("مقتل 6 فلسطينيين وإصابة 192 آخرين", [("killed", 6), ("injured", 192)]),
        ("جنديين تركيين قتلا في انفجار عبوة ناسفة", [("killed", 2)]),
        ("قتل فلسطينيان برصاص الجيش الإسرائيلي", [("killed", 2)]),
        ("مواجهات أسفرت عن سقوط قتلى بصفوف المسلحين", [("killed", 3)]),
        ("عشرات القتلى والجرحى في هجوم", [("killed", 10)]),
        ("قتلت الشرطة شخصا آخر بالرصاص", [("killed", 1)]),
        ("وقتل منفذ الهجوم شخصا واحدا", [("killed", 1)]),
        ("قتل 5 جنود و3 مدنيين", [("killed", 8)]),
        ("مقتل أكثر من ستين فلسطينيا وإصابة ألفين بجروح", [("killed", 60), ("injured", 2000)]),
        ("مقتل ما لا يقل عن 40 شخصا", [("killed", 40)]),
        ("استشهاد 3 فلسطينيين", [("killed", 3)]),
        ("سقوط 30 جريحا", [("injured", 30)]),
        ("إصابة 18 فلسطينيا بجروح مختلفة", [("injured", 18)]),
        ("اعتقال ثلاثة أشخاص في مدينة هانوفر", [("arrested", 3)]),
        ("ألقت الشرطة القبض على 4 أشخاص", [("arrested", 4)]),
        ("killed at least 14 people", [("killed", 14)]),
        ("14 people were killed", [("killed", 14)]),
        ("three soldiers died", [("killed", 3)]),
        ("killed 14 people and wounded 20", [("killed", 14), ("injured", 20)]),
        ("a soldier was killed in the attack", [("killed", 1)]),
        ("the death toll rose to 25", [("killed", 25)]),
        ("police arrested 3 people", [("arrested", 3)]),
        ("leaving five fighters dead on both sides", [("killed", 5)]),
        ("Unknown gunmen shot dead a member of the local council", [("killed", 1)]),
        ("A crowd beat to death a man accused of theft", [("killed", 1)]),
        ("مستوطنة شهدت مقتل إسرائيلي طعنا، الخميس", [("killed", 1)]),
        ("فسقط قتلى من الحرس الثوري", [("killed", 3)]),
        ("أسفر سقوط إحدى الشظايا عن مقتل مقيم مصري وإصابة مصريين اثنين", [("killed", 1), ("injured", 2)]),
        ("وقتل ليلاً في مدينتي زملكا وعربين أكثر من 50 شخصا", [("killed", 50)]),
        ("أعلنت أنها اعتقلت خلال اليومين الماضيين خمسة أشخاص", [("arrested", 5)]),
        ("ولقي الجنديان حتفهما", [("killed", 2)]),
    ],
)
def test_casualty_linking(text: str, expected: list[tuple[str, int]]) -> None:
    assert casualties(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "أسفر الهجوم عن سقوط ضحايا",  # victims may be injured people (CODEBOOK §6)
        "وقع عدد من الإصابات",
        "there were many casualties",
        "وكان عبد الرحمن (59 عاما) يعمل رئيسا",
        "قتل في 2018 عدد كبير",
        "أطلقت 20 صاروخا على مواقعه",
        "مقتل مدنيين",  # a plural with no number: no count
        "he was sentenced to death",
        "قضت المحكمة بإعدام 3 أشخاص",  # a sentence, not a death
        "أصيب بشظايا",
    ],
)
def test_no_casualty(text: str) -> None:
    assert [k for k, _ in casualties(text) if k == "killed"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an active verb with an object: the noun phrase before it is the killer, not the victim
        ("اقتحم 3 مسلحين مبنى المحافظة وقتلوا أحد الموظفين", [("killed", 1)]),
        ("three gunmen stormed the building and killed a guard", [("killed", 1)]),
    ],
)
def test_killers_are_not_victims(text: str, expected: list[tuple[str, int]]) -> None:
    assert casualties(text) == expected


def test_casualty_spans() -> None:
    text = "وأسفرت الضربة عن مقتل ١٤ عنصراً من قوات النظام"
    (c,) = find_casualties(normalise(text))
    assert isinstance(c, CasualtyMention)
    assert c.text == "مقتل ١٤"
    assert text[c.number_span[0] : c.number_span[1]] == "١٤"


def test_numbers_stay_in_their_sentence() -> None:
    assert casualties("قتل 3 أشخاص. وأصيب 5 آخرون") == [("killed", 3), ("injured", 5)]
    assert casualties("وقع انفجار كبير. 12 مبنى تضرروا") == []


ARTICLE = """قال المرصد السوري لحقوق الإنسان إن 12 عنصرا من قوات النظام قتلوا مساء الخميس الماضي في هجوم \
شنه تنظيم داعش على مواقع في بادية الميادين بريف دير الزور الشرقي، فيما أصيب آخرون بجروح متفاوتة.
وأضاف المرصد أن الهجوم بدأ بتفجير سيارة مفخخة عند أحد الحواجز، أعقبته اشتباكات عنيفة استمرت عدة ساعات، \
استخدمت فيها الأسلحة الثقيلة والمتوسطة، قبل أن تصل تعزيزات عسكرية إلى المنطقة.
وتشهد البادية السورية منذ أشهر هجمات متكررة يشنها التنظيم على مواقع القوات الحكومية والمسلحين الموالين لها، \
مستفيدا من الطبيعة الصحراوية الواسعة التي تسهل تحركات عناصره.
وفي سياق متصل، أعلنت قوات سوريا الديمقراطية أنها اعتقلت خلال اليومين الماضيين خمسة أشخاص يشتبه بانتمائهم \
إلى خلايا التنظيم في بلدة ذيبان، وذلك خلال عملية أمنية نفذتها بمساندة من التحالف الدولي.
وقالت في بيان إن العملية جاءت بعد رصد تحركات مشبوهة في المنطقة، وإنها صادرت أسلحة وذخائر ووثائق تعود للخلية.
وكانت المنطقة قد شهدت في 7 نيسان/أبريل الماضي انفجار عبوة ناسفة أودى بحياة ثلاثة مدنيين بينهم طفل، بحسب مصادر محلية.
من جهة أخرى، قالت الأمم المتحدة إن آلاف المدنيين نزحوا من قراهم خلال الأسابيع الأخيرة بسبب تصاعد أعمال العنف، \
محذرة من تدهور الأوضاع الإنسانية مع اقتراب فصل الشتاء ونقص المساعدات.
وأشارت إلى أن المنظمات الإنسانية تواجه صعوبات كبيرة في الوصول إلى المناطق المتضررة بسبب انعدام الأمن وانتشار \
الألغام ومخلفات الحرب.
ودعت المنظمة الدولية جميع الأطراف إلى احترام القانون الدولي الإنساني وحماية المدنيين والبنية التحتية، وتسهيل \
وصول المساعدات دون عوائق.
وفي حادث منفصل، قتل شخص وأصيب اثنان آخران أمس جراء سقوط قذيفة على حي سكني في مدينة دير الزور، وفق ما أفاد \
به مراسلون محليون.
ويأتي ذلك بعد أسبوع من مقتل قيادي في التنظيم بغارة جوية للتحالف استهدفت سيارته على طريق ريفي قرب الحدود \
العراقية، بحسب ما ذكرت مصادر متطابقة.
"""


def test_article_toll_sample() -> None:
    got = casualties(ARTICLE)
    assert ("killed", 12) in got and ("arrested", 5) in got and ("killed", 3) in got
    assert ("killed", 1) in got and ("injured", 2) in got


@pytest.mark.parametrize(
    ("text", "attackers", "victims"),
    [
        ("انتحاريا فجر نفسه في كابل ما ادى الى مقتل شخص واحد وجرح ستة آخرين", [1], [1]),
        ("A suicide bomber blew himself up at a checkpoint, killing three policemen", [1], [3]),
        ("أن شخصين على دراجة نارية أقدما على تفجير نفسيهما في مقر للشرطة", [2], []),
        ("أحبطت قوات الأمن هجوما انتحاريا", [], []),  # foiled: nobody died
        ("تفجير انتحاري وهجوم انتحاري آخر", [1], []),  # one attacker mention per sentence
    ],
)
def test_suicide_attacker_counts_apart(text: str, attackers: list[int], victims: list[int]) -> None:
    found = [c for c in find_casualties(normalise(text), attackers=True) if c.kind == "killed"]
    assert [c.count for c in found if c.attacker] == attackers
    assert not any(c.attacker for c in find_casualties(normalise(text)))  # only on request
    assert [c.count for c in found if not c.attacker] == victims



_PIECES = [
    "مقتل", "قتل", "قتلى", "قتيلا", "جرحى", "أصيب", "اعتقال", "بينهم", "و", "وثلاثة", "خمسة", "عشر", "عشرين", "مئة",
    "آلاف", "عشرات", "عدد من", "شخصين", "شخص", "مدنيا", "لقي", "مصرعهم", "انتحاري", "أحبطت", "1,580", "12", "2.5",
    "٣", "2018", "عاما", "،", ".", "-", "killed", "were", "people", "three", "hundred", "and", "a", "dozens", "at least",
    "ـ", "\u0651", "\n", " ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_any_text_gives_valid_spans(pieces: list[str]) -> None:
    text = " ".join(pieces)
    nt = normalise(text)
    for m in find_numbers(nt):
        assert text[m.start : m.end] == m.text and m.value >= 0
    for c in find_casualties(nt):
        assert text[c.start : c.end] == c.text and c.count >= 1
        assert c.start <= c.number_span[0] <= c.number_span[1] <= c.end
