"""The Store API on both backends: identity, extraction replaced atomically, events, search, incidents."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from rasd import pipeline
from rasd.model import Article, Event, Evidence, Result, Signal, Span
from rasd.store import Store, StoreError, open_store

AR_TEXT = ("قصفت طائرات حربية روسية بلدة كفرنبل في ريف إدلب الجنوبي يوم الاثنين، ما أسفر عن مقتل ثلاثة مدنيين. "
           "وتبنى تنظيم داعـــش هجوماً آخر.")


def _article(text: str = AR_TEXT, **kw: object) -> Article:
    base = Article(id="a1", text=text, title="قصف على كفرنبل", published=date(2019, 5, 14), language="ar")
    return replace(base, **kw)  # type: ignore[arg-type]


def _event(article: Article, sub: str = "Air/drone strike", start: int = 0, end: int = 5, **kw: object) -> Event:
    ev = Event(
        article_id=article.id, event_type="Explosions/Remote violence", sub_event_type=sub, actor1="RUS-MIL",
        assoc_actor1=None, actor2="CIVILIANS", country="SYR", admin1="Idleb", admin1_code="SY07", admin2=None,
        admin3=None, location="Kafr Nobol", location_ar="كفرنبل", latitude=35.6138, longitude=36.5645,
        geo_precision=1, event_date=date(2019, 5, 13), time_precision=1, fatalities=3, civilian_targeting=True,
        evidence=(Evidence("trigger", Span.of(article.text, start, end)),),
    )
    return replace(ev, **kw)  # type: ignore[arg-type]


def test_add_article_once_by_canonical_url(store: Store) -> None:
    a = _article(url="http://News.Example:80/story/1/?utm_source=rss&fbclid=x#comments")
    first = store.add_article(a, source="outlet-a")
    again = store.add_article(replace(a, url="https://news.example/story/1", text=a.text + " (updated)"))
    other = store.add_article(replace(a, url="https://news.example/story/1?id=2"))
    assert first[1] is True and again == (first[0], False)
    assert other[1] is True and other[0] != first[0]
    stored = store.article(first[0])
    assert stored is not None and stored.article.text == a.text  # stored exactly, once
    assert stored.identity == "url:https://news.example/story/1"
    assert store.stats()["articles"] == 2 and store.stats()["sources"] == 1


def test_add_article_without_url_by_normalised_text(store: Store) -> None:
    a = _article(text="أعلن الجيش  السيطرة على\nالقرية.")
    same = _article(text="أَعلن الجيشُ السيطرةَ على القريـة.", id="other-file")  # diacritics, tatweel, spacing
    different = _article(text="أعلن الجيش السيطرة على البلدة.")
    assert store.add_article(a)[1] is True
    assert store.add_article(same) == (store.add_article(a)[0], False)
    assert store.add_article(different)[1] is True
    stored = store.article(store.add_article(a)[0])
    assert stored is not None and stored.article.text == a.text  # the first text, byte for byte


def test_events_round_trip_as_codebook_records(store: Store) -> None:
    article = _article()
    result = pipeline.extract(article)
    assert result.events, "the extractor should find the air strike"
    article_id, created = store.add_result(result, "v1", source="outlet-a")
    assert created
    stored = store.events(article_id=article_id)
    assert [s.event.to_record() for s in stored] == [e.to_record() for e in result.events]
    for s in stored:
        assert s.status == "machine" and s.pipeline_version == "v1"
        for ev in s.event.evidence:
            assert article.text[ev.span.start:ev.span.end] == ev.span.text
    assert store.events(country="SYR", date_from=date(2019, 5, 13), date_to=date(2019, 5, 13))
    assert store.events(country="IRQ") == []
    assert store.events(date_from=date(2019, 5, 14)) == []


def test_save_extraction_replaces_events_and_signals(store: Store) -> None:
    article = _article()
    article_id, _ = store.add_article(article)
    sig = Signal(article.id, "ISIS", "SYR", "Idleb", "SY07", "activity", "escalation",
                 (Evidence("trigger", Span.of(article.text, 6, 12)),))
    store.save_extraction(article_id, Result(article, (_event(article), _event(article, "Shelling/artillery/missile attack")), (sig,)), "v1")
    assert len(store.events(article_id=article_id)) == 2 and len(store.signals(article_id)) == 1
    store.save_extraction(article_id, Result(article, (_event(article, fatalities=5),), ()), "v2")
    events = store.events(article_id=article_id)
    assert [(e.event.fatalities, e.pipeline_version) for e in events] == [(5, "v2")]
    assert store.signals(article_id) == []
    assert store.stats()["events"] == 1 and store.stats()["signals"] == 0
    assert store.find_article(article) == (article_id, "v2")


def test_save_extraction_is_atomic(store: Store) -> None:
    """A replacement that fails half-way (the second event breaks a NOT NULL column, after the
    old events were deleted and the first new one inserted) leaves the old extraction whole."""
    article = _article()
    article_id, _ = store.add_article(article)
    store.save_extraction(article_id, Result(article, (_event(article),)), "v1")
    before = [s.to_record() for s in store.events(article_id=article_id)]
    broken = Result(article, (_event(article, fatalities=9), _event(article, event_type=None)))
    with pytest.raises(IntegrityError):
        store.save_extraction(article_id, broken, "v2")
    assert [s.to_record() for s in store.events(article_id=article_id)] == before
    assert store.find_article(article) == (article_id, "v1")


def test_reviewed_events_survive_reextraction(store: Store) -> None:
    article = _article()
    article_id, _ = store.add_article(article)
    store.save_extraction(article_id, Result(article, (_event(article), _event(article, fatalities=1))), "v1")
    first, second = store.events(article_id=article_id)
    store.set_event_status(first.id, "confirmed")
    store.save_extraction(article_id, Result(article, (_event(article, fatalities=7),)), "v2")
    after = store.events(article_id=article_id)
    assert {(e.id, e.status) for e in after if e.status != "machine"} == {(first.id, "confirmed")}
    assert second.id not in {e.id for e in after}
    assert [e.event.fatalities for e in after if e.status == "machine"] == [7]
    with pytest.raises(ValueError):
        store.set_event_status(first.id, "approved")
    with pytest.raises(StoreError):
        store.set_event_status(10**9, "confirmed")


def test_save_extraction_refuses_spans_outside_the_text(store: Store) -> None:
    article = _article()
    article_id, _ = store.add_article(article)
    bad = _event(article, evidence=(Evidence("trigger", Span(0, 5, "xxxxx")),))
    with pytest.raises(ValueError, match="does not slice"):
        store.save_extraction(article_id, Result(article, (bad,)), "v1")
    assert store.events() == []


def test_search_folds_arabic_spellings(store: Store) -> None:
    texts = {
        "tatweel": "هاجم تنظيم داعـــش حاجزاً للجيش قرب البلدة.",
        "zwnj": "أعلن تنظيم دا\u200cعش مسؤوليته عن التفجير.",
        "harakat": "قال مسؤول إن دَاعِش انسحب من القرية.",
        "alef": "إعلان حظر التجول في المدينة.",
        "ta": "استهدف القصف مدرسة ابتدائية.",
        "other": "Government forces advanced towards the town; ISIS fighters withdrew.",
    }
    ids = {k: store.add_article(Article(id=k, text=t))[0] for k, t in texts.items()}
    found = lambda q: {h.article_id for h in store.search(q)}
    assert found("داعش") == {ids["tatweel"], ids["zwnj"], ids["harakat"]}
    assert found("دَاعِــش") == found("داعش")
    assert found("اعلان") == found("أعلان") == found("إعلان") == {ids["alef"]}
    assert found("مدرسه") == {ids["ta"]}
    assert found("isis") == found("ISIS") == {ids["other"]}
    assert found("داعش انسحب") == {ids["harakat"]}  # every word must occur
    assert found("طائرة") == set() and found("") == set() and found("،؛!") == set()
    hit = store.search("مدرسة")[0]
    assert (hit.external_id, hit.title) == ("ta", "")


def test_search_finds_titles_and_ranks(store: Store) -> None:
    store.add_article(Article(id="t", text="نص بلا الكلمة", title="غارة على حلب"))
    store.add_article(Article(id="many", text="حلب حلب حلب: غارة ثم غارة على حلب"))
    hits = store.search("حلب غارة", limit=5)
    assert {h.external_id for h in hits} == {"t", "many"}
    assert hits[0].score >= hits[1].score
    assert len(store.search("حلب", limit=1)) == 1


def test_incidents_create_list_and_undo(store: Store) -> None:
    ids = []
    for i, outlet in enumerate(("outlet-a", "outlet-b", "outlet-c")):
        a = _article(id=f"r{i}", url=f"https://{outlet}.example/story")
        aid, _ = store.add_article(a, source=outlet)
        store.save_extraction(aid, Result(a, (_event(a),)), "v1")
        ids += [e.id for e in store.events(article_id=aid)]
    inc = store.create_incident([(ids[0], "first report"), (ids[1], "same type, place, day"),
                                 (ids[2], "same type, place, day")], method="rules-1")
    got = store.incident(inc)
    assert got is not None and got.active and got.method == "rules-1"
    assert got.event_ids == ids and [m.reason for m in got.members][1] == "same type, place, day"
    assert store.stats()["incidents"] == 1
    with pytest.raises(StoreError):  # an event is in one active incident at a time
        store.create_incident([(ids[0], "again")])
    assert store.undo_member(inc, ids[2]) is True and store.undo_member(inc, ids[2]) is False
    assert store.incident(inc).event_ids == ids[:2]  # type: ignore[union-attr]
    store.add_to_incident(inc, ids[2], "re-merged by hand")
    assert store.incidents(event_id=ids[2])[0].id == inc
    assert store.undo_incident(inc) is True and store.undo_incident(inc) is False
    assert store.incidents() == [] and store.stats()["incidents"] == 0
    history = store.incidents(include_undone=True)
    assert len(history) == 1 and len(history[0].members) == 4 and history[0].event_ids == []
    other = store.create_incident([(ids[0], "after the undo")])  # free again
    assert store.incident(other).event_ids == [ids[0]]  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        store.create_incident([])


def test_replaced_events_leave_their_incidents(store: Store) -> None:
    a = _article()
    aid, _ = store.add_article(a)
    store.save_extraction(aid, Result(a, (_event(a),)), "v1")
    inc = store.create_incident([(store.events()[0].id, "test")])
    store.save_extraction(aid, Result(a, (_event(a),)), "v2")
    assert store.incident(inc).members == ()  # type: ignore[union-attr]


def test_runs_and_quarantine(store: Store) -> None:
    run = store.start_run("rasd ingest x")
    store.quarantine("x/bad.txt", "empty file (no text)", run)
    store.quarantine("x/bad.txt", "empty file (no text)", run)
    store.quarantine("x/bad.jsonl:3", "not valid JSON", None)
    store.finish_run(run, {"stored": 2, "quarantined": 2})
    (r,) = store.runs()
    assert (r.status, r.counts["stored"], r.counts["quarantined"], r.finished_at is not None) == ("finished", 2, 2, True)
    entries = store.quarantined()
    assert [(q.input_name, q.attempts) for q in entries] == [("x/bad.txt", 2), ("x/bad.jsonl:3", 1)]
    assert store.stats()["quarantined"] == 2
    with pytest.raises(ValueError):
        store.finish_run(run, status="done")


def test_stats_counts_everything(store: Store) -> None:
    assert store.stats() == {"sources": 0, "articles": 0, "events": 0, "incidents": 0, "signals": 0, "quarantined": 0}


def test_reopen_keeps_data(db_url: str) -> None:
    with open_store(db_url) as s:
        s.add_article(_article())
    with open_store(db_url) as s:
        assert s.stats()["articles"] == 1
