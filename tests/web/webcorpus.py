"""The pages, feeds and API answers the local test site serves.

Every text here is invented for the tests (short conflict-news style reports in
Arabic and English); none is copied from a real outlet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape


@dataclass(frozen=True)
class Page:
    path: str
    lang: str
    title: str
    published: date
    paragraphs: tuple[str, ...]
    # a phrase of the body every extraction must keep
    key: str

    def html(self, charset: str = "utf-8", meta_date: bool = True) -> str:
        direction = "rtl" if self.lang == "ar" else "ltr"
        site = "وكالة المثال للأنباء" if self.lang == "ar" else "Example News Agency"
        body = "\n".join(f"<p>{escape(p)}</p>" for p in self.paragraphs)
        meta = (
            f'<meta property="article:published_time" content="{self.published.isoformat()}T09:30:00+03:00">'
            if meta_date
            else ""
        )
        return f"""<!DOCTYPE html>
<html lang="{self.lang}" dir="{direction}">
<head>
<meta charset="{charset}">
<title>{escape(self.title)} | {site}</title>
{meta}
</head>
<body>
<nav><a href="/">{site}</a> · <a href="/archive">Archive</a> · <a href="/contact">Contact</a></nav>
<article>
<h1>{escape(self.title)}</h1>
{body}
</article>
<footer><p>© {site}. All rights reserved.</p></footer>
</body>
</html>
"""


AR_SHELLING = Page(
    "/news/ar-shelling.html",
    "ar",
    "قصف مدفعي على قرية الزيتونة في ريف حلب",
    date(2025, 3, 4),
    (
        ("قال مصدر محلي إن قصفاً مدفعياً استهدف قرية الزيتونة في ريف حلب الغربي صباح الثلاثاء، "
        "ما أسفر عن مقتل مدنيَّين اثنين وإصابة أربعة آخرين بجروح متفاوتة."),
        ("وأضاف المصدر أن القذائف سقطت على منازل سكنية قرب المدرسة الابتدائية في القرية، "
        "وأن فرق الدفاع المدني عملت لساعات على إخماد الحرائق وانتشال المصابين."),
        "ولم تعلن أي جهة مسؤوليتها عن القصف حتى مساء اليوم نفسه.",
    ),
    "قرية الزيتونة",
)

AR_CLASHES = Page(
    "/news/ar-clashes.html",
    "ar",
    "اشتباكات بين فصيلين مسلحين قرب بلدة الوادي",
    date(2025, 3, 5),
    (
        ("اندلعت اشتباكات عنيفة مساء الأربعاء بين فصيلين مسلحين على أطراف بلدة الوادي شرقي المحافظة، "
        "استُخدمت فيها الأسلحة الرشاشة والقذائف الصاروخية."),
        ("وأفاد شهود عيان بأن الاشتباكات استمرت نحو ثلاث ساعات قبل أن تتوقف بوساطة من وجهاء المنطقة، "
        "وأسفرت عن مقتل ثلاثة مقاتلين من الطرفين."),
        "وأغلقت الطرق المؤدية إلى البلدة حتى صباح اليوم التالي.",
    ),
    "بلدة الوادي",
)

EN_DRONE = Page(
    "/news/en-drone.html",
    "en",
    "Drone strike hits a vehicle on the road to Al-Nahr",
    date(2025, 3, 4),
    (
        ("A drone strike hit a pickup truck on the road between Al-Nahr and the border crossing on Tuesday "
        "afternoon, killing two men inside the vehicle, local officials said."),
        ("The officials said the men were members of a local armed group, and that a third passenger was "
        "taken to hospital with serious injuries after the strike set the truck on fire."),
        "No group has claimed the strike, and the identity of the drone's operator remains unknown.",
    ),
    "pickup truck",
)

EN_PROTEST = Page(
    "/news/en-protest.html",
    "en",
    "Hundreds protest water shortages in the city centre",
    date(2025, 3, 6),
    (
        ("Hundreds of residents gathered in the main square of the city centre on Thursday morning to protest "
        "against weeks of water shortages and power cuts across several districts."),
        ("The demonstrators marched peacefully to the governor's office, carrying banners and empty water "
        "containers, and dispersed in the early afternoon without incident."),
        "Organisers said they would return next week if the supply was not restored.",
    ),
    "water shortages",
)

# served with the wrong charset declared (see conftest)
AR_CP1256 = Page(
    "/news/ar-cp1256.html",
    "ar",
    "انفجار عبوة ناسفة على طريق السوق",
    date(2025, 3, 7),
    (
        ("انفجرت عبوة ناسفة صباح الجمعة على طريق السوق الرئيسي في المدينة، ما أدى إلى إصابة ثلاثة مدنيين "
        "بجروح طفيفة وإلحاق أضرار بعدد من المحال التجارية."),
        "وطوقت قوات الأمن مكان الانفجار وفتحت تحقيقاً لمعرفة الجهة التي زرعت العبوة.",
    ),
    "طريق السوق",
)

AR_UTF8_AS_1256 = Page(
    "/news/ar-utf8.html",
    "ar",
    "حريق في مستودع للوقود بعد سقوط قذيفة",
    date(2025, 3, 8),
    (
        ("اندلع حريق كبير في مستودع للوقود قرب المنطقة الصناعية مساء السبت إثر سقوط قذيفة صاروخية على المكان، "
        "ولم ترد أنباء عن إصابات بشرية."),
        "وقالت مصادر محلية إن ألسنة اللهب شوهدت من مسافة بعيدة وإن فرق الإطفاء احتاجت ساعات للسيطرة عليه.",
    ),
    "مستودع للوقود",
)

# under /private/, which robots.txt disallows
EN_PRIVATE = Page(
    "/private/en-internal.html",
    "en",
    "Internal page robots.txt disallows",
    date(2025, 3, 9),
    ("This page is disallowed by robots.txt and must never be requested by the fetcher under any source.",),
    "never be requested",
)

PAGES = (AR_SHELLING, AR_CLASHES, EN_DRONE, EN_PROTEST, AR_CP1256, AR_UTF8_AS_1256, EN_PRIVATE)

ROBOTS_TXT = """# test site
User-agent: *
Disallow: /private/

User-agent: otherbot
Disallow: /
"""


def _rfc2822(d: date, hour: int = 23) -> str:
    # 23:30 at UTC+3: the day as written is d (in UTC it is still d), and an
    # entry at 01:00+03:00 would be the previous day in UTC; see test_feed_dates
    return format_datetime(datetime(d.year, d.month, d.day, hour, 30, tzinfo=timezone(timedelta(hours=3))))


def rss_feed(base: str, items: list[tuple[str, str, str | None]]) -> str:
    """An RSS 2.0 feed of (path, title, pubDate) items."""
    entries = "\n".join(
        f"""<item><title>{escape(title)}</title><link>{base}{path}</link>
<guid>{base}{path}</guid>{f"<pubDate>{pub}</pubDate>" if pub else ""}<description>summary</description></item>"""
        for path, title, pub in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example News</title><link>{base}/</link>
<description>Invented test feed</description>
{entries}
</channel></rss>
"""


def atom_feed(base: str, items: list[tuple[str, str, str]]) -> str:
    """An Atom 1.0 feed of (path, title, published ISO) items."""
    entries = "\n".join(
        f"""<entry><title type="html">{escape(title)}</title><link rel="alternate" href="{base}{path}"/>
<id>tag:example.org,2025:{path}</id><published>{pub}</published><updated>{pub}</updated></entry>"""
        for path, title, pub in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>وكالة المثال</title><id>tag:example.org,2025:feed</id>
<updated>2025-03-06T10:00:00Z</updated>
{entries}
</feed>
"""


RSS_ITEMS = [
    (AR_SHELLING.path, AR_SHELLING.title, _rfc2822(AR_SHELLING.published)),
    (EN_DRONE.path, EN_DRONE.title, _rfc2822(EN_DRONE.published)),
    # listed twice, once with a tracking parameter: one article
    (EN_DRONE.path + "?utm_source=rss", EN_DRONE.title, _rfc2822(EN_DRONE.published)),
    ("/news/missing.html", "A page that is gone", _rfc2822(date(2025, 3, 1))),
    # no pubDate: the date comes from the page (htmldate)
    (EN_PROTEST.path, EN_PROTEST.title, None),
]

ATOM_ITEMS = [
    (AR_CLASHES.path, AR_CLASHES.title, "2025-03-05T20:15:00+03:00"),
    (EN_PROTEST.path, EN_PROTEST.title, "2025-03-06T11:00:00Z"),
]

# ---- WordPress -----------------------------------------------------------------------------

WP_POSTS = [
    {
        "id": 105,
        "date": "2025-03-10T00:40:00",  # just after midnight on the site: 9 March in GMT
        "date_gmt": "2025-03-09T21:40:00",
        "slug": "checkpoint-attack",
        "title": "Gunmen attack a checkpoint &#8211; two soldiers killed",
        "text": (
            "Gunmen attacked an army checkpoint at the northern entrance of the town late on Sunday night, "
            "killing two soldiers and wounding three others before fleeing towards the nearby orchards."
        ),
    },
    {
        "id": 104,
        "date": "2025-03-09T14:00:00",
        "date_gmt": "2025-03-09T11:00:00",
        "slug": "ar-airstrike",
        "title": "غارة جوية على <em>مخزن</em> للأسلحة",
        "text": "شنّت طائرات حربية غارة جوية على مخزن للأسلحة في محيط البلدة ظهر الأحد، وسُمع دوي انفجارات متتالية لساعة كاملة.",
    },
    {
        "id": 103,
        "date": "2025-03-08T09:00:00",
        "date_gmt": "2025-03-08T06:00:00",
        "slug": "ar-kidnapping",
        "title": "خطف تاجر على طريق المطار &amp; مطالبة بفدية",
        "text": "أقدم مسلحون مجهولون على خطف تاجر على طريق المطار صباح السبت، وطالبوا عائلته بفدية مالية كبيرة مقابل إطلاق سراحه.",
    },
    {
        "id": 102,
        "date": "2025-03-07T18:30:00",
        "date_gmt": "2025-03-07T15:30:00",
        "slug": "en-mine",
        "title": "Landmine kills a shepherd near the valley",
        "text": (
            "A landmine left over from earlier fighting exploded near the valley on Friday evening, killing a "
            "shepherd and several of his sheep, according to relatives of the man."
        ),
    },
    {
        "id": 101,
        "date": "2025-03-06T08:15:00",
        "date_gmt": "2025-03-06T05:15:00",
        "slug": "ar-arrests",
        "title": "حملة اعتقالات في حي الشرقية",
        "text": "نفّذت قوات الأمن حملة مداهمات واعتقالات في حي الشرقية فجر الخميس، واعتقلت خمسة شبان بتهمة الانتماء إلى خلية مسلحة.",
    },
]


# what a sharing plugin appends to a post's content
_SHARE_BUTTONS = (
    '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social">'
    '<h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>'
    '<li class="share-twitter"><a href="?share=twitter">Twitter</a></li>'
    '<li class="share-facebook"><a href="?share=facebook">Facebook</a></li></ul></div></div></div>'
)


def wp_post_json(base: str, post: dict) -> dict:
    """A post as the WordPress REST API returns it (the fields rasd asks for)."""
    return {
        "id": post["id"],
        "date": post["date"],
        "date_gmt": post["date_gmt"],
        "link": f"{base}/{post['date'][:4]}/{post['date'][5:7]}/{post['slug']}/",
        "title": {"rendered": post["title"]},
        "content": {
            "rendered": f'<p>{escape(post["text"])}</p>\n{_SHARE_BUTTONS}\n',
            "protected": False,
        },
    }


def wp_page(base: str, page: int, per_page: int, *, posts: list[dict] | None = None) -> list[dict]:
    posts = WP_POSTS if posts is None else posts
    chunk = posts[(page - 1) * per_page : page * per_page]
    return [wp_post_json(base, p) for p in chunk]


WP_PAST_END = json.dumps(
    {"code": "rest_post_invalid_page_number", "message": "The page number requested is larger than the number of pages available.", "data": {"status": 400}}
)
