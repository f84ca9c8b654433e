"""Bytes to text, with the checks a user needs: empty, binary, wrong encoding.

Encodings, in order:

* a UTF-8 (or UTF-16) byte-order mark decides; the mark itself is not text;
* UTF-8;
* **windows-1256** (cp1256, the legacy Arabic Windows code page that older Arabic
  sites and Office exports still use): when the bytes are not UTF-8 but decode as
  cp1256 to text whose non-ASCII characters are mostly Arabic letters, the text
  is read as cp1256 and ``Decoded.encoding`` says so, so the caller can warn. We
  read rather than reject because the text is unambiguous and a user with a
  folder of old Arabic files wants their events, not an ``iconv`` chore; the
  warning names the file so a mis-read is easy to trace;
* anything else is an :class:`~rasd.errors.InputError` naming the input.

A NUL byte (outside UTF-16) marks a binary file.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from rasd.errors import InputError

CP1256 = "windows-1256"
# of the non-ASCII characters a cp1256 reading gives, at least this share must be Arabic letters
_MIN_ARABIC_SHARE = 0.6


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def decode_bytes(data: bytes, source: str) -> Decoded:
    """Decode ``data`` read from ``source`` (a path or ``path:line``) to text."""
    if not data.strip():
        raise InputError(source, "empty file (no text)")
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return Decoded(data.decode(name), name)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"starts with a {name} byte-order mark but is not valid {name} ({exc.reason})") from exc
    if b"\x00" in data:
        raise InputError(source, "binary data (contains NUL bytes), not a text file")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    cp = data.decode("cp1256")  # every byte has a cp1256 character: this never fails
    if _looks_arabic(cp):
        return Decoded(cp, CP1256)
    bad = data[utf8_error.start]
    raise InputError(
        source,
        f"not UTF-8 text (invalid byte 0x{bad:02x} at offset {utf8_error.start}) and not windows-1256 Arabic either; "
        "convert it to UTF-8",
    ) from utf8_error


def _looks_arabic(text: str) -> bool:
    non_ascii = [c for c in text if ord(c) > 0x7F]
    arabic = sum(1 for c in non_ascii if "\u0600" <= c <= "\u06ff")
    return arabic >= 3 and arabic / len(non_ascii) >= _MIN_ARABIC_SHARE
