"""Full-text search on real Arabic news (the ANT corpus in ../shared, read, not copied): both
backends find exactly the articles whose normalised words contain the query's words."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from rasd.ingest.article import make_article
from rasd.model import Article
from rasd.store import Store
from rasd.store.fts import words

CORPUS = (Path(__file__).resolve().parents[3] / "shared" / "data" / "arabic_news_antcorpus_mideast_2018"
          / "ant_mideast_intl_2018.jsonl.gz")
N = 150


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    if not CORPUS.is_file():
        pytest.skip(f"needs the ANT corpus at {CORPUS} (absent here)")
    out = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if len(out) >= N:
                break
            rec = json.loads(line)
            out.append(make_article(f"ant:{i}", id=rec["docno"], text=rec["text"], title=rec.get("title") or "",
                                    url=rec.get("url")))
    return out


def test_search_matches_a_word_scan_on_real_news(store: Store, corpus: list[Article]) -> None:
    ids = {}
    for a in corpus:
        article_id, created = store.add_article(a)
        if created:
            ids[article_id] = a
    vocab = {aid: set(words(a.title + "\n" + a.text)) for aid, a in ids.items()}
    rng = random.Random(4)
    all_words = sorted({w for ws in vocab.values() for w in ws})
    queries = ["داعش", "سوريا", "الأسد", "إيران", "غارة جوية", "مقتل"] + rng.sample(all_words, 25)
    checked = 0
    for q in queries:
        terms = set(words(q))
        expected = {aid for aid, ws in vocab.items() if terms <= ws}
        got = {h.article_id for h in store.search(q, limit=N)}
        assert got == expected, (q, len(got), len(expected))
        checked += bool(expected)
    assert checked >= 20  # most queries found something: the test compares real result sets
