"""A canonical dump of a store's content, comparable across databases (no ids, no timestamps)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from rasd.store import open_store
from rasd.store.engine import read_tx
from rasd.store.schema import articles, events, evidence, signals, sources


def canonical_dump(url: str) -> list[dict[str, Any]]:
    """Every article (by identity) with its fields, events, evidence and signals, in a stable order."""
    store = open_store(url)
    try:
        with read_tx(store.engine) as conn:
            src = dict(conn.execute(select(sources.c.id, sources.c.name)).all())
            out = []
            for a in conn.execute(select(articles).order_by(articles.c.identity)).mappings():
                evs = []
                for e in conn.execute(select(events).where(events.c.article_id == a["id"])
                                      .order_by(events.c.seq)).mappings():
                    spans = [tuple(r) for r in conn.execute(
                        select(evidence.c.role, evidence.c.start, evidence.c.end, evidence.c.text)
                        .where(evidence.c.event_id == e["id"]).order_by(evidence.c.id))]
                    evs.append({**{k: v for k, v in e.items() if k not in ("id", "article_id", "reviewed_at")},
                                "evidence": spans})
                sigs = []
                for s in conn.execute(select(signals).where(signals.c.article_id == a["id"])
                                      .order_by(signals.c.seq)).mappings():
                    spans = [tuple(r) for r in conn.execute(
                        select(evidence.c.role, evidence.c.start, evidence.c.end, evidence.c.text)
                        .where(evidence.c.signal_id == s["id"]).order_by(evidence.c.id))]
                    sigs.append({**{k: v for k, v in s.items() if k not in ("id", "article_id")}, "evidence": spans})
                keep = {k: v for k, v in a.items()
                        if k not in ("id", "source_id", "run_id", "ingested_at", "extracted_at")}
                out.append({**keep, "source": src.get(a["source_id"]), "events": evs, "signals": sigs})
            return out
    finally:
        store.close()


def first_difference(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> str:
    """Where two dumps first differ (for an assertion message)."""
    if len(a) != len(b):
        return f"{len(a)} articles vs {len(b)}"
    for x, y in zip(a, b):
        for key in sorted(set(x) | set(y)):
            if x.get(key) != y.get(key):
                return f"article {x.get('external_id')}: {key}: {x.get(key)!r} != {y.get(key)!r}"
    return "no difference"
