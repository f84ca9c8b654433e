"""The gazetteer cache: keyed by the data's hash, rebuilt silently when missing or damaged."""

from __future__ import annotations

import pickle

import pytest

from rasd.geo import gazetteer as g
from rasd.text.normalise import normalise

TEXTS = [
    "قصفت الطائرات بلدة كفرنبل في ريف إدلب الجنوبي وقرية حمورية قرب دمشق",
    "وقال مصدر للبنان إن الغارات الليلية استهدفت مدينة الموصل والخوذ البيضاء",
    "Air strikes hit Raqqa and the village of Abu Hammam near Deir ez-Zor, Syrian sources said",
]


@pytest.fixture(scope="module")
def built() -> g.Gazetteer:
    return g.build_gazetteer()


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("RASD_GAZETTEER_CACHE", raising=False)
    g.load_gazetteer.cache_clear()
    yield tmp_path
    g.load_gazetteer.cache_clear()


def _same(a: g.Gazetteer, b: g.Gazetteer) -> None:
    assert a.places == b.places
    assert a._by_name == b._by_name
    assert (a.weak, a.common_words, a.not_names) == (b.weak, b.common_words, b.not_names)
    assert a.gentilics == b.gentilics and a.needs_support == b.needs_support
    for text in TEXTS:
        nt = normalise(text).text
        assert a.find(nt) == b.find(nt)
        assert a.scan(nt) == b.scan(nt)  # with the place words the automaton marks
    assert a.lookup("إدلب") == b.lookup("إدلب") and a.country("SYR") == b.country("SYR")


def test_state_round_trip(built):
    import marshal

    _same(built, g.Gazetteer.from_state(marshal.loads(marshal.dumps(built.state()))))


def test_load_writes_then_reads_the_cache(cache_dir, built):
    gaz = g.load_gazetteer()
    path = g.cache_path(g.cache_key())
    assert path.parent == cache_dir and path.exists()
    assert g.cache_key().hex()[:16] in path.name  # keyed by the hash
    assert g.read_cache(path, g.cache_key()) is not None
    _same(gaz, built)
    g.load_gazetteer.cache_clear()
    _same(g.load_gazetteer(), built)


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_damaged_cache_is_rebuilt(cache_dir, built, damage):
    path = g.cache_path(g.cache_key())
    g.write_cache(path, g.cache_key(), built)
    assert g.read_cache(path, g.cache_key()) is not None
    raw = bytearray(path.read_bytes())
    if damage == "truncate":
        raw = raw[: len(raw) // 2]
    elif damage == "flip":
        raw[len(raw) // 2] ^= 0xFF
    elif damage == "garbage":
        raw = bytearray(b"not a cache at all")
    else:
        raw = bytearray()
    path.write_bytes(bytes(raw))
    assert g.read_cache(path, g.cache_key()) is None
    g.load_gazetteer.cache_clear()
    _same(g.load_gazetteer(), built)  # silently rebuilt from the package data ...
    assert g.read_cache(path, g.cache_key()) is not None  # ... and the cache written again


def test_cache_of_another_key_is_not_used(cache_dir, built):
    key = g.cache_key()
    g.write_cache(g.cache_path(key), key, built)
    other = bytes(b ^ 1 for b in key)
    assert g.read_cache(g.cache_path(key), other) is None


def test_cache_key_follows_the_data(monkeypatch):
    key = g.cache_key()
    assert key == g.cache_key()  # deterministic
    monkeypatch.setattr(g, "CACHE_FORMAT", g.CACHE_FORMAT + 1)
    assert g.cache_key() != key
    monkeypatch.undo()
    monkeypatch.setattr(g, "SOURCES", g.SOURCES[:-1])
    assert g.cache_key() != key


def test_unwritable_cache_dir_still_loads(tmp_path, monkeypatch, built):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("RASD_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    g.load_gazetteer.cache_clear()
    try:
        _same(g.load_gazetteer(), built)
    finally:
        g.load_gazetteer.cache_clear()


def test_cache_off(monkeypatch, tmp_path):
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("RASD_GAZETTEER_CACHE", "0")
    g.load_gazetteer.cache_clear()
    try:
        g.load_gazetteer()
        assert not list(tmp_path.iterdir())
    finally:
        g.load_gazetteer.cache_clear()


def test_only_an_automaton_is_unpickled():
    import io

    evil = pickle.dumps(print)
    with pytest.raises(pickle.UnpicklingError):
        g._AutomatonUnpickler(io.BytesIO(evil)).load()


def test_caches_of_other_keys_are_removed(cache_dir, built):
    stale = cache_dir / "gazetteer-0000000000000000.bin"
    stale.write_bytes(b"old")
    key = g.cache_key()
    g.write_cache(g.cache_path(key), key, built)
    assert not stale.exists() and g.cache_path(key).exists()
