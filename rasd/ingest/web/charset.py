"""Response bytes to text: the declared charset, checked against the bytes.

Servers often declare the wrong charset (a CMS upgraded to UTF-8 behind an old
``windows-1256`` header, or the reverse). The rules, in order:

1. a byte-order mark decides;
2. the declared charset (the ``Content-Type`` header, else a ``<meta charset>`` or
   the XML declaration in the first bytes) is checked against the bytes:

   * declared single-byte (``windows-1256``, ``iso-8859-1``…) but the bytes are
     valid UTF-8 with non-ASCII characters: UTF-8 (valid multi-byte UTF-8 does
     not happen by accident in legacy text);
   * declared Western (``iso-8859-1``, ``windows-1252``, ``ascii``) but the bytes
     read as Arabic in ``windows-1256``: ``windows-1256`` (the classic
     mis-configured Arabic site);
   * otherwise the declared charset, if the bytes decode with it without error
     (``iso-8859-1`` and ``ascii`` are read as ``windows-1252``, as browsers do);

3. no declaration, an unknown one, or bytes that do not decode with it: UTF-8,
   then ``windows-1256`` Arabic (:func:`rasd.ingest.decode.decode_bytes`), then
   charset-normalizer's best guess if its "chaos" measure is low;
4. nothing fits: a ``decode`` :class:`~rasd.ingest.web.errors.FetchError` naming
   the URL, the declared charset and the first bad byte, so the page is
   quarantined rather than stored as mojibake.

Whenever the result differs from the declaration, :attr:`BodyText.note` says so
(the caller logs it as a warning naming the URL).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from rasd.errors import InputError
from rasd.ingest.decode import CP1256, decode_bytes
from rasd.ingest.web.errors import FetchError, Reason

# how far into the body a <meta charset> or <?xml encoding?> is looked for
_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
# codec names (as codecs.lookup spells them) that are not one byte per character
_MULTI_BYTE_PREFIXES = ("utf", "gb", "big5", "shift_jis", "euc", "iso2022", "cp932", "cp949", "cp950", "hz", "johab")
_WESTERN = {"ascii", "latin-1", "iso8859-1", "cp1252", "iso8859-15"}
# browsers read these labels as windows-1252 (WHATWG Encoding); so do we
_AS_CP1252 = {"ascii", "latin-1", "iso8859-1"}
_LATIN_GUESSES = {"cp1250", "cp1252", "cp1254", "cp1257", "latin-1", "iso8859-1", "iso8859-2", "iso8859-15", "mac-roman"}
_REGIONAL_GUESSES = {"iso8859-6", "cp720", "cp1255", "iso8859-8", "cp1253", "iso8859-7", "cp1251", "iso8859-5", "koi8-r"}
_CP1256 = "cp1256"
# the highest charset-normalizer "chaos" (0 = clean text, 1 = noise) accepted for a guess
_MAX_CHAOS = 0.1


@dataclass(frozen=True, slots=True)
class BodyText:
    """Decoded text, the encoding used, and a note when that is not what was declared."""

    text: str
    encoding: str
    note: str | None = None


def declared_charset(content: bytes, header_charset: str | None) -> str | None:
    """The charset a response declares: the header's, else the document's own."""
    if header_charset:
        return header_charset.strip().strip("\"'")
    head = content[:_SNIFF_BYTES]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii") if m else None


def decode_body(content: bytes, url: str, header_charset: str | None = None) -> BodyText:
    """Decode a response body fetched from ``url`` (see the module docstring for the rules)."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if content.startswith(bom):
            try:
                return BodyText(content.decode(name), name)
            except UnicodeDecodeError as exc:
                raise FetchError(url, Reason.DECODE, f"starts with a {name} byte-order mark but is not {name}") from exc
    declared = declared_charset(content, header_charset)
    codec = _codec_name(declared)
    found = (_with_declared(content, codec) if codec else None) or _detect(content, url, declared)
    expected = "cp1252" if codec in _AS_CP1252 else codec
    if declared is None or found.encoding == expected:
        return found
    why = "does not fit the bytes" if codec else "is unknown"
    return BodyText(found.text, found.encoding, f"declared charset {declared!r} {why}; read as {found.encoding}")


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _with_declared(content: bytes, codec: str) -> BodyText | None:
    """The text by the declared codec when the bytes agree with it, else ``None``."""
    if codec == "utf-8":
        return _utf8(content)
    single_byte = not codec.startswith(_MULTI_BYTE_PREFIXES)
    if single_byte and not content.isascii() and (utf8 := _utf8(content)) is not None:
        return utf8
    if codec in _WESTERN and _reads_as_arabic(content):
        return BodyText(content.decode(_CP1256), _CP1256)
    name = "cp1252" if codec in _AS_CP1252 else codec
    try:
        return BodyText(content.decode(name), name)
    except UnicodeDecodeError:
        return None


def _utf8(content: bytes) -> BodyText | None:
    try:
        return BodyText(content.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return None


def _reads_as_arabic(content: bytes) -> bool:
    """Whether the bytes, not UTF-8, read as Arabic in windows-1256 (the rule of :mod:`rasd.ingest.decode`)."""
    try:
        return decode_bytes(content, "").encoding == CP1256
    except InputError:
        return False


def _detect(content: bytes, url: str, declared: str | None) -> BodyText:
    found = _utf8(content)
    if found is None and _reads_as_arabic(content):
        found = BodyText(content.decode(_CP1256), _CP1256)
    found = found or _guess(content)
    if found is not None:
        return found
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:  # always: valid UTF-8 was taken above
        at = exc.start
    why = f"not UTF-8 (invalid byte 0x{content[at]:02x} at offset {at}), not windows-1256 Arabic"
    said = f"declared charset {declared!r} does not fit the bytes; " if declared else "no charset declared; "
    raise FetchError(url, Reason.DECODE, f"{said}{why}, and no other encoding fits")


def _guess(content: bytes) -> BodyText | None:
    try:
        import charset_normalizer  # installed with trafilatura
    except ImportError:  # pragma: no cover - trafilatura requires it
        return None
    best = charset_normalizer.from_bytes(content).best()
    if best is None or best.chaos > _MAX_CHAOS or best.encoding.startswith(("utf_16", "utf_32")):
        return None
    name = codecs.lookup(best.encoding).name
    if name in _LATIN_GUESSES:
        # charset-normalizer cannot tell the Latin code pages apart on short text; browsers default to windows-1252
        try:
            return BodyText(content.decode("cp1252"), "cp1252")
        except UnicodeDecodeError:
            return None
    # on noise, charset-normalizer still names some rare code page (Kazakh, Korean…): only the
    # scripts of the region rasd reads are believed
    return BodyText(str(best), name) if name in _REGIONAL_GUESSES else None
