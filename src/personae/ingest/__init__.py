"""Turn an input file (or a string) into a ``Document``: decoded text plus what the format states."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..document import Document, InputError, Source
from .txt import decode_text

# A work larger than this is almost certainly not one story; refusing keeps memory bounded.
MAX_BYTES = 64 * 1024 * 1024

SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "txt", ".html": "html", ".htm": "html", ".xhtml": "html", ".epub": "epub"}


def load(path: str | Path) -> Document:
    """Read ``path`` into a Document. Raises ``InputError`` with a one-line message on bad input."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file; check the path")
    if p.is_dir():
        raise InputError(f"{p}: is a directory; give one file (use `personae corpus` for a folder)")
    kind = SUFFIXES.get(p.suffix.lower())
    if kind is None:
        raise InputError(
            f"{p}: unsupported file type '{p.suffix or '(none)'}'; personae reads .txt, .html/.htm and .epub"
        )
    size = p.stat().st_size
    if size == 0:
        raise InputError(f"{p}: the file is empty; give a file with the story's text")
    if size > MAX_BYTES:
        raise InputError(f"{p}: {size // 2**20} MB is too large for one work; split it into separate files")
    data = p.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if kind == "txt":
        from .gutenberg import gutenberg_body

        text = decode_text(data, str(p))
        body = gutenberg_body(text)
        fmt = "gutenberg" if body is not None else "txt"
        doc = Document(text=text, source=Source(str(p), fmt, digest), body=body)
    elif kind == "html":
        from .html import read_html

        doc = read_html(data, str(p), digest)
    else:
        from .epub import read_epub

        doc = read_epub(data, str(p), digest)
    if not doc.text[doc.body_span.start : doc.body_span.end].strip():
        raise InputError(f"{p}: no text found in the file; is it the story itself?")
    return doc


def from_string(text: str, name: str | None = None) -> Document:
    """A Document from text already in memory (the Python API's ``analyze("...")``)."""
    if not text.strip():
        raise InputError("the text is empty; give the story's text")
    from .gutenberg import gutenberg_body

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(text=text, source=Source(name, "string", digest), body=gutenberg_body(text))
