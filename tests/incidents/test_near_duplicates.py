"""Near-duplicate articles: MinHash/LSH over shingles of the normalised text."""

from __future__ import annotations

import pytest
from incident_corpus import COPY, HAJIN_AR1, HAJIN_AR2, HAJIN_EN, PROTEST

from rasd.incidents import DuplicateIndex, DuplicateLink, near_duplicates, signature
from rasd.incidents.duplicates import shingles, words

ENGLISH = ("Three fighters of a local armed group were killed on Tuesday when a roadside bomb struck their vehicle "
           "near the market of a small river town, witnesses said, adding that ambulances took the bodies to a "
           "field hospital and the road stayed closed until the evening.")


def test_words_are_folded_and_de_obfuscated():
    assert words("هجـ.ـين") == words("هجين") == ["هجين"]
    assert words("أُصيبَ") == words("اصيب")
    assert words("Roadside BOMB") == ["roadside", "bomb"]


def test_shingles():
    assert shingles("a b c d", 3) == {"a b c", "b c d"}
    assert shingles("a b", 3) == {"a b"}
    assert shingles("  ", 3) == set()


def test_spelling_variants_are_the_same_text():
    dressed = HAJIN_AR1.text.replace("هجين", "هجـ.ـين").replace("عبوة", "عبـوة").replace("قُتل", "قُتِلَ")
    links = near_duplicates([("a", HAJIN_AR1.text), ("b", dressed)])
    assert links == [DuplicateLink("a", "b", 1.0)]


def test_edited_copy_is_linked_other_reports_are_not():
    links = near_duplicates([(r.article_id, r.text) for r in (HAJIN_AR1, HAJIN_AR2, HAJIN_EN, COPY, PROTEST)])
    assert [(l.a, l.b) for l in links] == [(HAJIN_AR1.article_id, COPY.article_id)]
    # the same incident told in other words is not a near duplicate: the incident linker's job
    assert not any(HAJIN_AR2.article_id in (l.a, l.b) or HAJIN_EN.article_id in (l.a, l.b) for l in links)


def test_english_works_too():
    edited = ENGLISH.replace("witnesses said", "residents said").replace("evening", "night")
    links = near_duplicates([("en-a", ENGLISH), ("en-b", edited), ("en-c", HAJIN_EN.text)])
    assert [(l.a, l.b) for l in links] == [("en-a", "en-b")]


def test_threshold_is_configurable():
    pair = [(HAJIN_AR1.article_id, HAJIN_AR1.text), (COPY.article_id, COPY.text)]
    assert len(near_duplicates(pair)) == 1
    assert near_duplicates(pair, threshold=0.95) == []
    with pytest.raises(ValueError):
        DuplicateIndex(threshold=0.0)


def test_incremental_index():
    index = DuplicateIndex()
    assert index.add(HAJIN_AR1.article_id, HAJIN_AR1.text) == []
    assert index.add(PROTEST.article_id, PROTEST.text) == []
    assert [h[0] for h in index.query(COPY.text)] == [HAJIN_AR1.article_id]
    assert COPY.article_id not in index and len(index) == 2  # query does not add
    links = index.add(COPY.article_id, COPY.text)
    assert [(l.a, l.b) for l in links] == [(HAJIN_AR1.article_id, COPY.article_id)]
    assert index.add("empty", "") == [] and "empty" in index
    with pytest.raises(ValueError, match="already indexed"):
        index.add(COPY.article_id, COPY.text)


def test_signatures_are_reproducible_and_can_be_stored():
    sig = signature(HAJIN_AR1.text)
    assert sig is not None and sig == signature(HAJIN_AR1.text)
    assert signature("") is None
    index = DuplicateIndex()
    index.add_signature("stored", sig)
    assert [h[0] for h in index.query(COPY.text)] == ["stored"]
    with pytest.raises(ValueError, match="permutations"):
        DuplicateIndex(num_perm=64).add_signature("x", sig)


def test_ids_must_be_unique():
    with pytest.raises(ValueError, match="given twice"):
        near_duplicates([("a", "x y z"), ("a", "x y z")])
