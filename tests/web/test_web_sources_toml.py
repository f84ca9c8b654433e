"""sources.toml: the format, and errors that name the file and the entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasd.ingest.web import SourcesError, SourceSpec, load_sources

REPO_ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "sources.toml"
    p.write_text(text, encoding="utf-8")
    return p


def _error(tmp_path: Path, text: str) -> SourcesError:
    p = _write(tmp_path, text)
    with pytest.raises(SourcesError) as info:
        load_sources(p)
    assert str(p) in info.value.source
    return info.value


def test_every_kind_with_defaults_and_overrides(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        """
[defaults]
min_interval = 2
poll_interval = 900

[[source]]
name = "feed"
kind = "RSS"
url = "https://news.example.org/feed/"

[[source]]
name = "atom"
kind = "atom"
url = "https://news.example.org/atom.xml"
poll_interval = 300.5

[[source]]
name = "wp"
kind = "wordpress"
url = "https://wp.example.net/"
per_page = 50
max_pages = 3
min_interval = 5.0

[[source]]
name = "maps"
kind = "sitemap"
url = "https://news.example.org/sitemap_index.xml"
max_items = 100

[[source]]
name = "list"
kind = "urls"
url = "lists/today.txt"

[[source]]
name = "one"
kind = "page"
url = "https://news.example.org/2025/03/04/story.html"

[[source]]
name = "off"
kind = "page"
url = "https://news.example.org/old"
enabled = false
""",
    )
    specs = load_sources(p)
    assert [s.name for s in specs] == ["feed", "atom", "wp", "maps", "list", "one"]
    assert specs[0] == SourceSpec("feed", "rss", "https://news.example.org/feed/", min_interval=2.0, poll_interval=900.0)
    assert specs[1].poll_interval == 300.5 and specs[1].min_interval == 2.0
    assert (specs[2].per_page, specs[2].max_pages, specs[2].min_interval) == (50, 3, 5.0)
    assert specs[3].max_items == 100 and specs[3].per_page == 20
    assert specs[4].url == str((tmp_path / "lists" / "today.txt").resolve())
    assert [s.name for s in load_sources(p, include_disabled=True)][-1] == "off"


@pytest.mark.parametrize(
    ("body", "where", "words"),
    [
        ('[[source]]\nname = "a"\nkind = "rss"\n', "#1 ('a')", "missing 'url'"),
        ('[[source]]\nname = "a"\nkind = "rss"\nurl = "https://x.example/"\nintervall = 3\n', "#1 ('a')", "unknown key 'intervall'"),
        ('[[source]]\nname = "a"\nkind = "blog"\nurl = "https://x.example/"\n', "#1 ('a')", "unknown kind 'blog'"),
        ('[[source]]\nname = "a"\nkind = "rss"\nurl = "ftp://x.example/feed"\n', "#1 ('a')", "not an absolute http"),
        ('[[source]]\nname = "a"\nkind = "rss"\nurl = "news.example.org/feed"\n', "#1 ('a')", "not an absolute http"),
        ('[[source]]\nname = "a"\nkind = "rss"\nurl = "https://x.example/"\nmin_interval = -1\n', "#1 ('a')", "'min_interval' must be a number"),
        ('[[source]]\nname = "a"\nkind = "rss"\nurl = "https://x.example/"\nmax_items = 2.5\n', "#1 ('a')", "'max_items' must be a whole number"),
        ('[[source]]\nname = "a"\nkind = "rss"\nurl = "https://x.example/"\nper_page = 10\n', "#1 ('a')", "only for kind = \"wordpress\""),
        ('[[source]]\nname = "a"\nkind = "wordpress"\nurl = "https://x.example/"\nper_page = 500\n', "#1 ('a')", "at most 100"),
        ('[[source]]\nname = "a"\nkind = "rss"\nurl = "https://x.example/"\nenabled = "no"\n', "#1 ('a')", "'enabled' must be true or false"),
        (
            '[[source]]\nname = "a"\nkind = "rss"\nurl = "https://x.example/"\n[[source]]\nname = "a"\nkind = "page"\nurl = "https://y.example/"\n',
            "#2 ('a')",
            "duplicate source name 'a'",
        ),
        ('[[source]]\nkind = "rss"\nurl = "https://x.example/"\n', "#1", "missing 'name'"),
        ('[[source]]\nname = 3\nkind = "rss"\nurl = "https://x.example/"\n', "#1", "'name' must be a non-empty string"),
        ('[defaults]\nper_page = 3\n[[source]]\nname = "a"\nkind = "rss"\nurl = "https://x.example/"\n', "[defaults]", "unknown key 'per_page'"),
        ('[sources]\nname = "a"\n', "", "unknown top-level key(s) 'sources'"),
        ("# nothing here\n", "", "no sources"),
        ('[[source]\nname = "a"\n', "", "not valid TOML"),
    ],
)
def test_errors_name_the_file_and_entry(tmp_path: Path, body: str, where: str, words: str) -> None:
    err = _error(tmp_path, body)
    assert where in err.source and words in err.reason, (err.source, err.reason)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourcesError) as info:
        load_sources(tmp_path / "nope.toml")
    assert "cannot be read" in info.value.reason


def test_the_example_file_loads() -> None:
    specs = load_sources(REPO_ROOT / "sources.example.toml", include_disabled=True)
    assert specs and {s.kind for s in specs} == {"rss", "atom", "wordpress", "sitemap", "urls", "page"}
    # placeholders only: reserved example domains, never a local address
    for s in specs:
        if s.kind != "urls":
            assert ".example" in s.url or "example.org" in s.url or "example.com" in s.url or "example.net" in s.url, s.url
        assert "127.0.0.1" not in s.url and "localhost" not in s.url


def test_spec_rejects_an_unknown_kind() -> None:
    with pytest.raises(ValueError):
        SourceSpec("a", "gopher", "https://x.example/")
