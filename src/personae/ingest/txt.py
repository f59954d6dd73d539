"""Plain text in any common encoding.

Order of evidence: a byte-order mark; the NUL pattern of BOM-less UTF-16; strict UTF-8; UTF-8 with a
few stray bytes; cp1252 for mostly-ASCII English text; otherwise charset-normalizer's best guess.
Decoding never fails on a stray byte: what cannot be decoded becomes U+FFFD. Line ends are kept as
they are (no newline translation), so offsets match the file's characters.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ..document import InputError

# Longest BOM first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE = 64 * 1024
# The bytes Windows-1252 leaves undefined.
_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Text in UTF-16 without a BOM has a NUL in every other byte wherever the text is ASCII."""
    sample = data[:_SAMPLE]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes (outside UTF-16/32 text) or many control bytes: not a text file."""
    if _bom(data) is not None or _utf16_without_bom(data) is not None:
        return False
    sample = data[:_SAMPLE]
    # One stray NUL in a story is an accident; binary formats are full of them.
    if sample.count(0) > 0.005 * len(sample) + 1:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > 0.02 * max(1, len(sample))


def detect_encoding(data: bytes) -> tuple[str, int]:
    """The encoding of ``data`` and how many leading bytes (a BOM) to skip."""
    bom = _bom(data)
    if bom is not None:
        return bom
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, 0
    try:
        data.decode("utf-8")
        return "utf-8", 0
    except UnicodeDecodeError:
        pass
    sample = data[:_SAMPLE] if len(data) <= _SAMPLE else data[: 4 * _SAMPLE]
    as_utf8 = sample.decode("utf-8", errors="replace")
    bad = as_utf8.count("\ufffd")
    good = sum(1 for c in as_utf8 if ord(c) > 127 and c != "\ufffd")
    if good > 2 * bad:
        # Mostly well-formed multi-byte sequences: UTF-8 with a few stray bytes (a common editing
        # accident), not a legacy code page.
        return "utf-8", 0
    high = sum(1 for b in sample if b > 127)
    if high < 0.3 * len(sample):
        # Text in a Western legacy encoding is mostly ASCII with curly quotes, dashes and some
        # accented letters (scripts like Cyrillic or Greek are mostly high bytes): Windows-1252,
        # a superset of latin-1's printable characters. The five bytes it leaves undefined turn up
        # in such files only as stray bytes; a few of them must not send a cp1252 story to a guesser
        # that reads its curly quotes as Cyrillic letters.
        undefined = sum(sample.count(b) for b in _CP1252_UNDEFINED)
        if undefined <= max(2, 0.02 * high):
            return "cp1252", 0
    best = from_bytes(data[: 2 * 1024 * 1024]).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding in ("ascii", "latin_1", "iso8859_1"):
        encoding = "cp1252"
    return encoding, 0


def decode_text(data: bytes, name: str) -> str:
    """Decode the bytes of a text file. Undecodable bytes become U+FFFD; nothing else changes."""
    if looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text; give a .txt, .html or .epub story")
    encoding, skip = detect_encoding(data)
    text = data[skip:].decode(encoding, errors="replace")
    if not text.strip():
        raise InputError(f"{name}: the file has no text (only white space); give a file with the story's text")
    return text
