"""The invented test corpus of the incident tests (no real news): reports of incidents in Deir ez-Zor on 19 August 2025.

Every article, outlet and incident here was written for these tests. Outlets are
named ``ar-outlet-1`` etc.; all articles are published on 2025-08-20, so "أمس
الثلاثاء" / "on Tuesday" is 2025-08-19.

* Incident HAJIN — a roadside bomb kills three SDF fighters in Hajin, told by
  two Arabic outlets (the second with obfuscated spellings: ``قـ.ـسد``,
  ``هجـ.ـين``) and one English outlet, each in its own words;
* incident THIBAN_DRONE — a drone strike kills two men on a motorbike in Thiban
  (same day and governorate, another town, another sub-type);
* incident THIBAN_IED — a bomb wounds two SDF members in Thiban (same day, town
  and type as THIBAN_DRONE, another sub-type and nothing else in common);
* incident ABU_HARDOUB — a bomb wounds two SDF members in Abu Hardoub (same day,
  governorate and sub-type as HAJIN, a town about 24 km away);
* REGIONAL — a fourth outlet's report of HAJIN placed only in "the eastern
  countryside of Deir ez-Zor" (geo precision 3);
* COPY — ``ar-outlet-1``'s HAJIN article republished by another site with a new
  opening line, a changed word and a footer (a near duplicate);
* PROTEST — an unrelated article (a protest in Raqqa).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rasd.model import Article

PUBLISHED = date(2025, 8, 20)
EVENT_DAY = "2025-08-19"


@dataclass(frozen=True)
class Report:
    article_id: str
    source: str
    language: str
    title: str
    text: str

    def article(self) -> Article:
        return Article(id=self.article_id, text=self.text, title=self.title, published=PUBLISHED,
                       source=self.source, language=self.language)


HAJIN_AR1 = Report(
    "hajin-ar-1", "ar-outlet-1", "ar", "مقتل ثلاثة عناصر من قسد بانفجار عبوة ناسفة في هجين",
    "قُتل ثلاثة عناصر من قوات سوريا الديمقراطية، صباح أمس الثلاثاء، جراء انفجار عبوة ناسفة استهدفت "
    "سيارتهم العسكرية في بلدة هجين بريف دير الزور الشرقي.\n"
    "وقالت مصادر محلية إن العبوة زُرعت على جانب الطريق الرئيسي وسط البلدة، وإن فرق الإسعاف نقلت "
    "الجثث إلى مشفى قريب، فيما فرضت القوات طوقاً أمنياً حول المكان.\n"
    "ولم تتبن أي جهة الهجوم حتى ساعة إعداد هذا الخبر.",
)
HAJIN_AR2 = Report(
    "hajin-ar-2", "ar-outlet-2", "ar", "مقتل عناصر من قسد بتفجير في ريف دير الزور",
    "لقي ثلاثة من مقاتلي قـ.ـسد حتفهم يوم الثلاثاء إثر تفجـ.ـير عبـ.ـوة ناسـ.ـفة بآليتهم في مدينة هجـ.ـين "
    "شرقي دير الزور، بحسب ما أفاد ناشطون.\n"
    "وأضاف الناشطون أن دوي الانفجار سُمع في أرجاء المدينة، وأن الطريق أُغلق لساعات.",
)
HAJIN_EN = Report(
    "hajin-en-1", "en-outlet-1", "en", "Roadside bomb kills three SDF fighters in Deir ez-Zor",
    "A roadside bomb killed three fighters of the Syrian Democratic Forces on Tuesday in the town of "
    "Hajin in eastern Deir ez-Zor, local sources said.\n"
    "The explosive device struck their vehicle on the main road. No group claimed responsibility "
    "for the blast.",
)
THIBAN_DRONE = Report(
    "thiban-ar-1", "ar-outlet-3", "ar", "غارة بطائرة مسيرة على ذيبان",
    "استهدفت طائرة مسيرة مجهولة، مساء أمس الثلاثاء، دراجة نارية في بلدة ذيبان بريف دير الزور الشرقي، "
    "ما أدى إلى مقتل شخصين كانا على متنها.",
)
THIBAN_IED = Report(
    "thiban-ar-2", "ar-outlet-1", "ar", "عبوة ناسفة في ذيبان",
    "انفجرت عبوة ناسفة، يوم أمس الثلاثاء، بدورية لقوات سوريا الديمقراطية في بلدة ذيبان بريف دير الزور، "
    "ما أدى إلى إصابة عنصرين بجروح.",
)
ABU_HARDOUB = Report(
    "abuhardoub-ar-1", "ar-outlet-2", "ar", "انفجار في أبو حردوب",
    "أصيب عنصران من قوات سوريا الديمقراطية بجروح، أمس الثلاثاء، بانفجار عبوة ناسفة زرعها مجهولون على "
    "طريق بلدة أبو حردوب بريف دير الزور.",
)
REGIONAL = Report(
    "hajin-ar-regional", "ar-outlet-4", "ar", "مقتل ثلاثة من قسد في ريف دير الزور الشرقي",
    "قُتل ثلاثة عناصر من قوات سوريا الديمقراطية يوم الثلاثاء بانفجار عبوة ناسفة في ريف دير الزور الشرقي، "
    "وفق مصادر محلية.",
)
COPY = Report(
    "hajin-ar-1-copy", "ar-outlet-5", "ar", "مقتل ثلاثة عناصر من قسد بانفجار عبوة ناسفة في هجين",
    "دير الزور - خاص\n"
    + HAJIN_AR1.text.replace("حتى ساعة إعداد هذا الخبر", "حتى الآن").replace("مشفى قريب", "مشفى ميداني")
    + "\nجميع الحقوق محفوظة",
)
PROTEST = Report(
    "raqqa-ar-1", "ar-outlet-3", "ar", "مظاهرة في الرقة",
    "خرج العشرات من أهالي مدينة الرقة، أمس الثلاثاء، في مظاهرة احتجاجاً على انقطاع الكهرباء وارتفاع "
    "الأسعار، ورفع المحتجون لافتات تطالب بتحسين الخدمات.",
)

HAJIN = (HAJIN_AR1, HAJIN_AR2, HAJIN_EN)
OTHERS = (THIBAN_DRONE, THIBAN_IED, ABU_HARDOUB)


ALL = (*HAJIN, *OTHERS, REGIONAL, COPY, PROTEST)
