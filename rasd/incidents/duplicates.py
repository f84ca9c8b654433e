"""Near-duplicate articles: MinHash signatures over word shingles, indexed with LSH.

An article republished by another outlet, or re-sent with a new headline, a footer or
a few words changed, is a *near duplicate*. GDELT counts every such copy as a new
event; rasd links the copies instead (and the incident linker uses the link as
evidence that their events are one incident, :mod:`rasd.incidents.rules`).

How an article becomes a signature:

1. boilerplate lines (footers, share lines, "read also" blocks) are dropped with
   :func:`rasd.text.boilerplate.content_ranges`, so two unrelated articles of one
   outlet do not look alike because of its footer;
2. the content is normalised with :func:`rasd.text.normalise.normalise` (Arabic
   folding and de-obfuscation, lower-case Latin), so ``هجـ.ـين`` and ``هجين`` are
   the same word;
3. words (``\\w+`` runs) are grouped into overlapping shingles of ``shingle`` words
   (3 by default); a text shorter than that is one shingle;
4. the shingles are hashed into a ``num_perm``-permutation MinHash (fixed seed,
   so signatures are the same in every process and can be stored).

The Jaccard similarity of two articles' shingle sets is estimated from their
signatures; an LSH index (built for a slightly lower threshold, so borderline
pairs are not missed) finds candidates, and only candidates whose estimate
reaches ``threshold`` are reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from datasketch import LeanMinHash, MinHash, MinHashLSH  # type: ignore[import-untyped]

from rasd.text.boilerplate import content_ranges
from rasd.text.normalise import normalise

#: default Jaccard estimate at or above which two articles are near duplicates
DEFAULT_THRESHOLD = 0.7
#: default number of words per shingle
DEFAULT_SHINGLE = 3
#: default number of MinHash permutations (standard error of the estimate ~ 0.04 at 0.7)
DEFAULT_NUM_PERM = 128
#: the LSH index is built this much below ``threshold`` so that pairs near it are still candidates
LSH_MARGIN = 0.1
#: fixed seed: signatures are reproducible across processes
SEED = 1

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True, order=True)
class DuplicateLink:
    """Articles ``a`` and ``b`` (``a < b``) are near duplicates with estimated Jaccard ``similarity``."""

    a: str
    b: str
    similarity: float

    @classmethod
    def of(cls, x: str, y: str, similarity: float) -> DuplicateLink:
        """The link between ``x`` and ``y`` with its ends in sorted order."""
        a, b = sorted((x, y))
        return cls(a, b, round(similarity, 4))


def words(text: str) -> list[str]:
    """The normalised words of the content (non-boilerplate) part of ``text``."""
    out: list[str] = []
    for start, end in content_ranges(text):
        out.extend(_WORD.findall(normalise(text[start:end]).text))
    return out


def shingles(text: str, size: int = DEFAULT_SHINGLE) -> set[str]:
    """The set of ``size``-word shingles of ``text`` (one shingle when it is shorter)."""
    ws = words(text)
    if not ws:
        return set()
    if len(ws) <= size:
        return {" ".join(ws)}
    return {" ".join(ws[i:i + size]) for i in range(len(ws) - size + 1)}


def signature(text: str, *, shingle: int = DEFAULT_SHINGLE, num_perm: int = DEFAULT_NUM_PERM) -> LeanMinHash | None:
    """The MinHash signature of ``text``, or None when it has no words."""
    sh = shingles(text, shingle)
    if not sh:
        return None
    m = MinHash(num_perm=num_perm, seed=SEED)
    m.update_batch(s.encode("utf-8") for s in sorted(sh))
    return LeanMinHash(m)


class DuplicateIndex:
    """An incremental near-duplicate index: add articles as they arrive, ask for their copies.

    >>> idx = DuplicateIndex()
    >>> idx.add("a1", "three fighters were killed on tuesday by a roadside bomb in hajin")
    []
    >>> [l.a for l in idx.add("a2", "three fighters were killed on tuesday by a roadside bomb in hajin town")]
    ['a1']
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, *, shingle: int = DEFAULT_SHINGLE,
                 num_perm: int = DEFAULT_NUM_PERM) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.shingle = shingle
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=max(0.05, threshold - LSH_MARGIN), num_perm=num_perm)
        self._sigs: dict[str, LeanMinHash] = {}
        self._empty: set[str] = set()  # articles without words: remembered, never linked

    def __len__(self) -> int:
        return len(self._sigs) + len(self._empty)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._sigs or article_id in self._empty

    def signature(self, text: str) -> LeanMinHash | None:
        """The signature of ``text`` with this index's settings."""
        return signature(text, shingle=self.shingle, num_perm=self.num_perm)

    def query_signature(self, sig: LeanMinHash) -> list[tuple[str, float]]:
        """Indexed articles whose estimated similarity to ``sig`` reaches the threshold, best first."""
        hits = []
        for other in self._lsh.query(sig):
            sim = float(sig.jaccard(self._sigs[other]))
            if sim >= self.threshold:
                hits.append((other, sim))
        return sorted(hits, key=lambda h: (-h[1], h[0]))

    def query(self, text: str) -> list[tuple[str, float]]:
        """Indexed articles that are near duplicates of ``text`` (not adding it), best first."""
        sig = self.signature(text)
        return [] if sig is None else self.query_signature(sig)

    def add_signature(self, article_id: str, sig: LeanMinHash | None) -> list[DuplicateLink]:
        """Index a precomputed signature; return its links to the articles indexed before it."""
        if article_id in self:
            raise ValueError(f"article {article_id!r} is already indexed")
        if sig is None:
            self._empty.add(article_id)
            return []
        if sig.hashvalues.size != self.num_perm:
            raise ValueError(f"signature has {sig.hashvalues.size} permutations, index uses {self.num_perm}")
        links = [DuplicateLink.of(article_id, other, sim) for other, sim in self.query_signature(sig)]
        self._lsh.insert(article_id, sig)
        self._sigs[article_id] = sig
        return links

    def add(self, article_id: str, text: str) -> list[DuplicateLink]:
        """Index one article; return its links to the articles indexed before it (best first).

        An article without words is remembered but never linked.
        """
        return self.add_signature(article_id, self.signature(text))


def near_duplicates(articles: Iterable[tuple[str, str]], threshold: float = DEFAULT_THRESHOLD, *,
                    shingle: int = DEFAULT_SHINGLE, num_perm: int = DEFAULT_NUM_PERM) -> list[DuplicateLink]:
    """Every pair of near-duplicate articles among ``(article_id, text)`` pairs, sorted.

    The result does not depend on the order of the input.
    """
    index = DuplicateIndex(threshold, shingle=shingle, num_perm=num_perm)
    links: list[DuplicateLink] = []
    for article_id, text in sorted(_unique(articles)):
        links.extend(index.add(article_id, text))
    return sorted(links)


def _unique(articles: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for article_id, text in articles:
        if article_id in seen:
            raise ValueError(f"article id {article_id!r} given twice")
        seen.add(article_id)
        yield article_id, text
