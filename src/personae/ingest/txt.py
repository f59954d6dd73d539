"""Plain text in any common encoding."""

from __future__ import annotations

from charset_normalizer import from_bytes

from ..document import InputError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside a UTF-16 text, or mostly control bytes: not a text file."""
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in sample:
        # UTF-16 without BOM has NULs in every other byte of ASCII text.
        even, odd = sample[0::2], sample[1::2]
        if even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd):
            return False
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > 0.05 * max(1, len(sample))


def decode_text(data: bytes, name: str) -> str:
    """Decode bytes of a text file. Never fails on a stray byte: undecodable bytes become U+FFFD."""
    if looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text; give a .txt, .html or .epub story")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[: 2 * 1024 * 1024]).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding in ("ascii", "latin_1", "iso8859_1"):
        # cp1252 is latin-1 plus curly quotes and dashes in 0x80-0x9f, which fiction uses constantly.
        encoding = "cp1252"
    return data.decode(encoding, errors="replace")
