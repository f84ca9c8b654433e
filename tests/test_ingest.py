"""Ingest: every input kind, every bad input named clearly, batches that never die."""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from rasd.errors import InputError
from rasd.ingest import MAX_TEXT_CHARS, parse_published, read_path, read_paths
from rasd.ingest import html as html_mod
from rasd.model import Article

AR_TEXT = "قُتل مدنيان بقصف مدفعي على بلدة الأتارب في ريف حلب الغربي أمس الاثنين."
EN_TEXT = "Two civilians were killed by shelling on the town of al-Atarib west of Aleppo on Monday."


def _items(*paths: Path, **kw: object) -> list[Article | InputError]:
    return list(read_paths(paths, **kw))  # type: ignore[arg-type]


def _one_error(items: list[Article | InputError]) -> InputError:
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1, items
    return errors[0]


def _articles(items: list[Article | InputError]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def _jsonl(path: Path, lines: list[object]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in lines), encoding="utf-8")
    return path


# --- .txt ---------------------------------------------------------------------------


def test_txt_article_is_stored_exactly(tmp_path: Path) -> None:
    raw = "  " + AR_TEXT + "\r\n\nالتعليقات مغلقة.\n"
    p = tmp_path / "atarib-2025.txt"
    p.write_text(raw, encoding="utf-8", newline="")
    [a] = _items(p, published=date(2025, 3, 4), title="قصف على الأتارب")
    assert isinstance(a, Article)
    assert a.id == "atarib-2025"
    assert a.text == raw
    assert a.published == date(2025, 3, 4) and a.title == "قصف على الأتارب"
    assert a.language == "ar"


def test_txt_without_date_has_none(tmp_path: Path) -> None:
    p = tmp_path / "en.txt"
    p.write_text(EN_TEXT, encoding="utf-8")
    [a] = _items(p)
    assert isinstance(a, Article) and a.published is None and a.title == "" and a.language == "en"


def test_utf8_bom_is_not_text(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + AR_TEXT.encode())
    [a] = _items(p)
    assert isinstance(a, Article) and a.text == AR_TEXT


def test_empty_file(tmp_path: Path) -> None:
    for name, data in (("empty.txt", b""), ("blank.txt", b" \n\t\n"), ("empty.html", b"")):
        p = tmp_path / name
        p.write_bytes(data)
        err = _one_error(_items(p))
        assert err.source == str(p) and "empty" in err.reason


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    err = _one_error(_items(p))
    assert str(p) in str(err) and "binary" in err.reason


def test_windows_1256_is_read_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    p = tmp_path / "old-site.txt"
    p.write_bytes(AR_TEXT.replace("ُ", "").encode("cp1256"))
    with caplog.at_level(logging.WARNING, logger="rasd.ingest"):
        [a] = _items(p)
    assert isinstance(a, Article) and a.text == AR_TEXT.replace("ُ", "") and a.language == "ar"
    assert any(str(p) in r.getMessage() and "windows-1256" in r.getMessage() for r in caplog.records)


def test_undecodable_non_arabic_bytes(tmp_path: Path) -> None:
    p = tmp_path / "latin1.txt"
    p.write_bytes("Frappes aériennes près d'Idlib, déclare l'armée.".encode("latin-1"))
    err = _one_error(_items(p))
    assert err.source == str(p) and "not UTF-8" in err.reason and "windows-1256" in err.reason


def test_huge_article_is_rejected(tmp_path: Path) -> None:
    p = tmp_path / "dump.txt"
    p.write_text("ا " * (MAX_TEXT_CHARS // 2 + 1), encoding="utf-8")
    err = _one_error(_items(p))
    assert err.source == str(p) and "too large" in err.reason


def test_missing_and_unsupported_files(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    good = tmp_path / "good.txt"
    good.write_text(EN_TEXT, encoding="utf-8")
    items = _items(tmp_path / "nope.txt", tmp_path / "notes.pdf", good)
    assert [type(i).__name__ for i in items] == ["InputError", "InputError", "Article"]
    assert "no such file" in items[0].reason and "unsupported file type" in items[1].reason  # type: ignore[union-attr]


def test_directory_reads_supported_files_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(EN_TEXT, encoding="utf-8")
    (tmp_path / "a.txt").write_text(AR_TEXT, encoding="utf-8")
    (tmp_path / "readme.md").write_text("not an article", encoding="utf-8")
    assert [a.id for a in _articles(_items(tmp_path))] == ["a", "b"]


# --- .jsonl / .jsonl.gz --------------------------------------------------------------


def test_jsonl_fields(tmp_path: Path) -> None:
    p = _jsonl(
        tmp_path / "arts.jsonl",
        [{"id": "a1", "title": "T", "text": AR_TEXT, "published": "2025-03-04", "url": "https://example.org/a1", "source": "X"}],
    )
    [a] = _items(p)
    assert a == Article(id="a1", text=AR_TEXT, title="T", published=date(2025, 3, 4), url="https://example.org/a1", source="X", language="ar")


def test_jsonl_broken_line_is_skipped_and_named(tmp_path: Path) -> None:
    p = _jsonl(
        tmp_path / "arts.jsonl",
        [{"id": "a1", "text": AR_TEXT}, '{"id": "a2", "text": "unterminated', "", {"id": "a4", "text": EN_TEXT}],
    )
    items = _items(p)
    err = _one_error(items)
    assert err.source == f"{p}:2" and "not valid JSON" in err.reason
    assert [a.id for a in _articles(items)] == ["a1", "a4"]


def test_jsonl_missing_text(tmp_path: Path) -> None:
    p = _jsonl(tmp_path / "arts.jsonl", [{"id": "a1", "title": "no body"}, {"id": "a2", "text": EN_TEXT}, {"id": "a3", "text": "  "}])
    items = _items(p)
    errors = [i for i in items if isinstance(i, InputError)]
    assert [e.source for e in errors] == [f"{p}:1", f"{p}:3"]
    assert "missing 'text'" in errors[0].reason
    assert [a.id for a in _articles(items)] == ["a2"]


def test_jsonl_bad_date(tmp_path: Path) -> None:
    p = _jsonl(tmp_path / "arts.jsonl", [{"id": "a1", "text": EN_TEXT, "published": "04/03/2025"}, {"id": "a2", "text": EN_TEXT}])
    items = _items(p)
    err = _one_error(items)
    assert err.source == f"{p}:1" and "bad 'published' date '04/03/2025'" in err.reason
    assert [a.id for a in _articles(items)] == ["a2"]


def test_jsonl_not_an_object_and_wrong_types(tmp_path: Path) -> None:
    p = _jsonl(tmp_path / "arts.jsonl", [[1, 2], {"id": "a2", "text": ["list"]}, {"id": 7, "text": EN_TEXT}])
    items = _items(p)
    errors = [i for i in items if isinstance(i, InputError)]
    assert [e.source for e in errors] == [f"{p}:1", f"{p}:2"]
    assert "JSON object" in errors[0].reason and "'text' must be a string" in errors[1].reason
    assert [a.id for a in _articles(items)] == ["7"]


def test_jsonl_undecodable_line_is_named(tmp_path: Path) -> None:
    p = tmp_path / "arts.jsonl"
    good = json.dumps({"id": "a1", "text": EN_TEXT}).encode()
    p.write_bytes(good + b"\n" + b'{"id": "a2", "text": "caf\xe9 cr\xe8me"}\n' + good.replace(b"a1", b"a3") + b"\n")
    items = _items(p)
    assert _one_error(items).source == f"{p}:2"
    assert [a.id for a in _articles(items)] == ["a1", "a3"]


def test_jsonl_gz_and_ant_layout(tmp_path: Path) -> None:
    p = tmp_path / "ant.jsonl.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"docno": "AL-1", "time": "Mon, 19 Feb 2018 00:16:11 +0400", "title": "t", "text": AR_TEXT}) + "\n")
        fh.write(json.dumps({"text": EN_TEXT, "published": "2018-02-20T23:59:00Z"}) + "\n")
    a1, a2 = _items(p)
    assert isinstance(a1, Article) and a1.id == "AL-1" and a1.published == date(2018, 2, 19)
    assert isinstance(a2, Article) and a2.id == "ant-2" and a2.published == date(2018, 2, 20)


def test_jsonl_fills_missing_date_and_title_from_caller(tmp_path: Path) -> None:
    p = _jsonl(tmp_path / "a.jsonl", [{"id": "a1", "text": EN_TEXT}, {"id": "a2", "text": EN_TEXT, "published": "2025-01-02", "title": "own"}])
    a1, a2 = _items(p, published=date(2025, 5, 5), title="given")
    assert (a1.published, a1.title) == (date(2025, 5, 5), "given")  # type: ignore[union-attr]
    assert (a2.published, a2.title) == (date(2025, 1, 2), "own")  # type: ignore[union-attr]


def test_empty_and_corrupt_jsonl(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    corrupt = tmp_path / "corrupt.jsonl.gz"
    corrupt.write_bytes(b"this is not gzip data at all")
    e1, e2 = _items(empty, corrupt)
    assert isinstance(e1, InputError) and e1.source == str(empty) and "empty" in e1.reason
    assert isinstance(e2, InputError) and e2.source == str(corrupt) and "cannot be read" in e2.reason


def test_truncated_gzip_keeps_the_lines_before(tmp_path: Path) -> None:
    p = tmp_path / "cut.jsonl.gz"
    data = gzip.compress("".join(json.dumps({"id": f"a{i}", "text": EN_TEXT}) + "\n" for i in range(200)).encode())
    p.write_bytes(data[: len(data) - 20])
    items = _items(p)
    assert isinstance(items[-1], InputError) and items[-1].source == str(p)
    assert len(_articles(items)) > 0


def test_reading_is_lazy(tmp_path: Path) -> None:
    p = _jsonl(tmp_path / "a.jsonl", [{"id": f"a{i}", "text": EN_TEXT} for i in range(3)])

    def paths() -> Iterator[Path]:
        yield p
        raise AssertionError("the second path was asked for before the first file was consumed")

    gen = read_paths(paths())
    assert next(gen).id == "a0"  # type: ignore[union-attr]


# --- .html ---------------------------------------------------------------------------


def test_html_drops_wordpress_comments_and_footer(data_dir: Path) -> None:
    [a] = _items(data_dir / "wordpress_article.html")
    assert isinstance(a, Article)
    assert a.id == "wordpress_article" and a.language == "ar"
    assert "برصاص مسلحين مجهولين" in a.text
    for leaked in ("التعليقات مغلقة", "تركبكس", "الفلتان الأمني", "نطالب بتحقيق", "جميع الحقوق محفوظة", "الرئيسية"):
        assert leaked not in a.text
    assert a.title == "مقتل مدني برصاص مجهولين في مدينة الميادين"


def test_html_date_from_htmldate_when_not_given(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = html_mod.find_date

    def spy(html: str, url: str | None = None) -> date | None:
        calls.append(url or "")
        return real(html, url)

    monkeypatch.setattr(html_mod, "find_date", spy)
    [a] = _items(data_dir / "wordpress_article.html")
    assert a.published == date(2025, 8, 21) and len(calls) == 1  # type: ignore[union-attr]
    [b] = _items(data_dir / "wordpress_article.html", published=date(2025, 9, 1), title="given")
    assert b.published == date(2025, 9, 1) and b.title == "given" and len(calls) == 1  # type: ignore[union-attr]


def test_html_without_date_or_text(tmp_path: Path) -> None:
    p = tmp_path / "nodate.htm"
    p.write_text(f"<html><body><article><p>{EN_TEXT}</p><p>{EN_TEXT}</p></article></body></html>", encoding="utf-8")
    [a] = _items(p)
    assert isinstance(a, Article) and a.published is None and "al-Atarib" in a.text
    empty = tmp_path / "shell.html"
    empty.write_text("<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>", encoding="utf-8")
    err = _one_error(_items(empty))
    assert err.source == str(empty) and "no article text" in err.reason


def test_jsonl_html_field(tmp_path: Path, data_dir: Path) -> None:
    page = (data_dir / "wordpress_article.html").read_text(encoding="utf-8")
    p = _jsonl(tmp_path / "pages.jsonl", [{"id": "p1", "html": page, "url": "https://example.org/2025/08/21/p"}])
    [a] = _items(p)
    assert isinstance(a, Article) and a.published == date(2025, 8, 21) and "التعليقات مغلقة" not in a.text


# --- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-08-04", date(2025, 8, 4)),
        ("2025-08-04T23:30:00+03:00", date(2025, 8, 4)),
        ("Sun, 18 Feb 2018 20:50:44 GMT", date(2018, 2, 18)),
        (date(2020, 1, 1), date(2020, 1, 1)),
        (None, None),
        ("", None),
    ],
)
def test_parse_published(value: object, expected: date | None) -> None:
    assert parse_published(value, "x") == expected


@pytest.mark.parametrize("value", ["2025-13-01", "yesterday", "04/08/2025", 20250804])
def test_parse_published_rejects(value: object) -> None:
    with pytest.raises(InputError, match=r"^src: bad 'published' date"):
        parse_published(value, "src")


def test_read_path_accepts_a_single_path(tmp_path: Path) -> None:
    p = tmp_path / "one.txt"
    p.write_text(EN_TEXT, encoding="utf-8")
    assert [a.id for a in read_path(p)] == ["one"]  # type: ignore[union-attr]


def test_english_cases_read_as_english_articles(data_dir: Path) -> None:
    items = list(read_path(data_dir / "english_cases.jsonl"))
    assert len(items) >= 24 and all(isinstance(a, Article) for a in items)
    assert all(a.language == "en" and a.published for a in items)  # type: ignore[union-attr]
