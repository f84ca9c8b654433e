"""Short made-up reports (Arabic and English) for the store tests, generated, never copied news.

Each text is unique (it carries its number), most give events with the real
extractor, and they come as a folder of ``.txt`` files or one ``.jsonl`` file.
"""

from __future__ import annotations

import json
from pathlib import Path

TEMPLATES = (
    ("قصفت طائرات حربية روسية بلدة {p} في ريف {g} يوم {d}، ما أسفر عن مقتل {n} مدنيين بينهم أطفال، "
     "بحسب مصادر محلية. وقال ناشطون إن القصف استهدف سوقاً شعبياً وسط البلدة في التقرير رقم {i}."),
    ("اندلعت اشتباكات عنيفة بين قوات سوريا الديمقراطية وعناصر تنظيم داعش قرب {p} في ريف {g} يوم {d}، "
     "وقتل خلالها {n} عناصر من التنظيم. (نشرة {i})"),
    ("Warplanes struck the village of {pe} in {ge} province on {de}, killing {n} civilians, "
     "local sources said in report {i}."),
    ("Clashes broke out between government forces and rebels near {pe} in {ge} on {de}; "
     "{n} fighters were killed, according to bulletin {i}."),
    "تظاهر مئات من أهالي {p} في ريف {g} يوم {d} للمطالبة بالإفراج عن المعتقلين، في الاحتجاج رقم {i}.",
)
PLACES = (
    ("كفرنبل", "إدلب", "Kafranbel", "Idlib"),
    ("معرة النعمان", "إدلب", "Maarat al-Numan", "Idlib"),
    ("هجين", "دير الزور", "Hajin", "Deir ez-Zor"),
    ("دوما", "دمشق", "Douma", "Rif Dimashq"),
    ("تل رفعت", "حلب", "Tell Rifaat", "Aleppo"),
)
DAYS = (("الاثنين", "Monday"), ("الثلاثاء", "Tuesday"), ("الأربعاء", "Wednesday"))
PUBLISHED = "2019-05-15"


def article_text(i: int) -> str:
    p, d = PLACES[i % len(PLACES)], DAYS[i % len(DAYS)]
    return TEMPLATES[i % len(TEMPLATES)].format(p=p[0], g=p[1], pe=p[2], ge=p[3], d=d[0], de=d[1], n=2 + i % 7, i=i)


def articles(n: int, *, with_urls: bool = True, start: int = 0) -> list[dict[str, str]]:
    """``n`` JSONL-style records (id, title, text, published, url, source), numbered from ``start``."""
    out = []
    for i in range(start, start + n):
        rec = {"id": f"gen-{i:04d}", "title": f"report {i}", "text": article_text(i), "published": PUBLISHED,
               "source": ("outlet-a", "outlet-b", "outlet-c")[i % 3]}
        if with_urls:
            rec["url"] = f"https://news.example/{i // 50}/story-{i}?utm_source=feed"
        out.append(rec)
    return out


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def write_txt_folder(folder: Path, n: int, *, start: int = 0) -> Path:
    """``n`` ``.txt`` articles in ``folder`` (spread over sub-folders), numbered from ``start``;
    each is three reports long, so a run over a few hundred takes a while to extract."""
    for i in range(start, start + n):
        sub = folder / f"batch-{i // 50:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        text = "\n\n".join(article_text(i + k * 1001) for k in range(3))
        (sub / f"article-{i:04d}.txt").write_text(text, encoding="utf-8")
    return folder
