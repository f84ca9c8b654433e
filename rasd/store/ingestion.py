"""Files and folders into the store: the library behind ``rasd ingest``.

For every article read (by :mod:`rasd.ingest`: ``.txt``, ``.html``, ``.jsonl``,
``.jsonl.gz``; folders recursively, in name order):

1. an input that cannot be read (empty, binary, wrong encoding, a broken JSONL
   line, text no database can hold) is **quarantined** with its reason;
2. an article already stored (same identity: :mod:`rasd.store.identity`) is a
   **no-op**, unless its stored extraction is missing (it failed before) or, with
   ``reextract``, was made by another pipeline version (any, with ``force``): then
   it is extracted again and its events replaced in one transaction;
3. a new article is extracted, then stored **with** its events, evidence and
   signals in one transaction. An extraction that raises stores the article
   without events and quarantines the reason (a later run retries it).

Recovery: each article is one transaction, committed before the next is read, so
a run killed at any point (even ``kill -9``) leaves whole articles only; run again,
the stored ones are no-ops and the rest are stored: nothing lost, nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.exc import DataError

from rasd import pipeline
from rasd.errors import InputError
from rasd.ingest import kind_of, read_path
from rasd.model import Article, Result
from rasd.store.articles import check_result
from rasd.store.identity import check_storable
from rasd.store.records import RunCounts
from rasd.store.store import Store
from rasd.store.version import pipeline_version


@dataclass(slots=True)
class IngestReport:
    """What a run did; ``done``/``total`` count files (or articles, when re-extracting stored ones)."""

    run_id: int
    counts: RunCounts = field(default_factory=RunCounts)
    signals: int = 0
    quarantined: list[tuple[str, str]] = field(default_factory=list)  # (input, reason), in order
    done: int = 0
    total: int = 0
    unit: str = "files"

    def as_dict(self) -> dict[str, object]:
        return {"run_id": self.run_id, **self.counts.as_dict(), "signals": self.signals,
                "quarantine": [{"input": i, "reason": r} for i, r in self.quarantined]}


Progress = Callable[[IngestReport], None]


@contextmanager
def recorded_run(store: Store, command: str | None, *, total: int, unit: str = "files") -> Iterator[IngestReport]:
    """One run in the store's ``runs`` table around the block: its report, finished with the
    block's counts, as ``failed`` when the block raises (even a KeyboardInterrupt)."""
    report = IngestReport(run_id=store.start_run(command), total=total, unit=unit)
    try:
        yield report
    except BaseException:
        store.finish_run(report.run_id, report.counts, status="failed")
        raise
    store.finish_run(report.run_id, report.counts)


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every file to read: the files given, and those below each folder (in name order).
    A path that is neither (or an empty folder) is kept, so reading it reports why."""
    out: list[Path] = []
    for p in map(Path, paths):
        files = sorted(f for f in p.rglob("*") if f.is_file() and kind_of(f)) if p.is_dir() else []
        out.extend(files or [p])
    return out


def ingest_paths(store: Store, paths: Iterable[str | Path], *, source: str | None = None, reextract: bool = False,
                 force: bool = False, published: date | None = None, title: str | None = None,
                 version: str | None = None, command: str | None = None,
                 progress: Progress | None = None) -> IngestReport:
    """Store every article of ``paths`` (see the module docstring) as one run; its report."""
    version = version or pipeline_version()
    files = input_files(paths)
    with recorded_run(store, command, total=len(files)) as report:
        step = IngestStep(store, report, version, source=source, reextract=reextract, force=force)
        for path in files:
            for item in read_path(path, published=published, title=title):
                step.item(item, str(path))
                if progress:
                    progress(report)
            report.done += 1
            if progress:
                progress(report)
    return report


def reextract_stored(store: Store, *, force: bool = False, version: str | None = None, command: str | None = None,
                     progress: Progress | None = None) -> IngestReport:
    """Extract again every stored article not extracted with ``version`` (all with ``force``)."""
    version = version or pipeline_version()
    ids = store.stale_articles(version, force=force)
    with recorded_run(store, command, total=len(ids), unit="articles") as report:
        step = IngestStep(store, report, version, reextract=True, force=force)
        for article_id in ids:
            stored = store.article(article_id)
            if stored is not None:
                step.extract_again(article_id, stored.article, f"article {article_id}")
            report.done += 1
            if progress:
                progress(report)
    return report


@dataclass(slots=True)
class IngestStep:
    """Stores one item at a time, keeping the run's counts (files here, web sources in
    :mod:`rasd.store.web`)."""

    store: Store
    report: IngestReport
    version: str
    source: str | None = None
    reextract: bool = False
    force: bool = False

    def item(self, item: Article | InputError, input_name: str) -> None:
        if isinstance(item, InputError):
            self.quarantine(item.source, item.reason)
            return
        try:
            check_storable(item, f"{input_name}: article {item.id}")
        except InputError as exc:
            self.quarantine(exc.source, exc.reason)
            return
        try:
            self.article(item, input_name)
        except DataError as exc:  # a value the database refuses: this article only, the run goes on
            self.quarantine(input_name, f"article {item.id}: cannot be stored: {exc.orig}")

    def article(self, item: Article, input_name: str) -> None:
        found = self.store.find_article(item)
        if found is None:
            self.store_new(item, input_name)
            return
        article_id, stored_version = found
        if stored_version is None or (self.reextract and (self.force or stored_version != self.version)):
            stored = self.store.article(article_id)
            # the text is stored once: extract from the stored article, not the copy just read
            self.extract_again(article_id, stored.article if stored else item, input_name)
        else:
            self.report.counts.present += 1

    def store_new(self, article: Article, input_name: str) -> None:
        result = self._extract(article, input_name)
        if result is None:
            _, created = self.store.add_article(article, self.source, input_name=input_name, run_id=self.report.run_id)
        else:
            _, created = self.store.add_result(result, self.version, source=self.source, input_name=input_name,
                                               run_id=self.report.run_id)
        if not created:  # another writer stored it meanwhile
            self.report.counts.present += 1
            return
        self.report.counts.stored += 1
        if result is not None:
            self._count(result)

    def extract_again(self, article_id: int, article: Article, input_name: str) -> None:
        result = self._extract(article, input_name)
        if result is None:
            return
        self.store.save_extraction(article_id, result, self.version)
        self.report.counts.reextracted += 1
        self._count(result)

    def _extract(self, article: Article, input_name: str) -> Result | None:
        try:
            result = pipeline.extract(article)
            check_result(result)
            return result
        except Exception as exc:  # an extractor bug must not end the run; the article is kept for a retry
            self.quarantine(input_name, f"article {article.id}: extraction failed: {type(exc).__name__}: {exc}")
            return None

    def _count(self, result: Result) -> None:
        self.report.counts.events += len(result.events)
        self.report.signals += len(result.signals)

    def quarantine(self, input_name: str, reason: str) -> None:
        self.store.quarantine(input_name, reason, self.report.run_id)
        self.report.quarantined.append((input_name, reason))
        self.report.counts.quarantined += 1
