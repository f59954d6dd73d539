"""Turn an input file (or a string) into a ``Document``: decoded text plus what the format states.

What each format produces
-------------------------
``Document.text`` is what every offset indexes and what ``personae text FILE`` prints.

* ``.txt`` (format ``txt``): the decoded file, unchanged (no newline translation, a BOM is not part of
  the text). No sections. ``body`` is None.
* Project Gutenberg ``.txt`` (format ``gutenberg``): the whole decoded file; ``body`` is the span of
  the work between the licence header and footer (a transcriber's "Produced by" paragraph left out).
  ``source.metadata`` has ``title``/``author`` (and ``language``, ``release_date`` ...) from the header.
* ``.html``/``.htm`` (AO3 downloads, AO3 work pages saved from the site, FanFicFare and other HTML)
  and ``.epub`` (AO3 EPUBs, read exactly as AO3's HTML download of the same work; FanFicFare,
  Gutenberg and other EPUBs; formats ``html``/``epub``): the markup
  rendered to plain text:
  blocks (paragraphs, headings, list items, metadata lines) separated by one blank line, ``<br>`` as a
  newline inside a block, each ``<hr>`` between story paragraphs as a line ``* * *``. Gutenberg licence
  sections are not rendered. ``body`` is None.

Sections (HTML and EPUB only), sorted by ``start``, ``text[s.start:s.end]`` never begins or ends with
white space:

* ``chapter``: one per chapter, from its heading line (when it has one) to the end of its last block,
  chapter notes included. ``title``: the chapter heading or EPUB navigation label, None when the
  chapter has no heading (e.g. a one-chapter AO3 work). A generic HTML page without heading
  elements states no chapters (its text may still hold "Chapter 1" lines for structure detection).
* ``heading``: each rendered heading line (h1-h6), including a chapter's own heading line, which starts
  the chapter.
* ``scene_break``: each ``* * *`` line rendered from an ``<hr>`` between story paragraphs (inside a
  chapter whenever chapters are stated).
* ``author_note``: every piece of the author's paratext: AO3 work notes, chapter summary, chapter
  notes, chapter end notes, work end notes. ``title`` is the label AO3 prints ("Notes", "Chapter
  Notes", "Chapter End Notes", "End Notes", "Chapter Summary"; without its colon), which starts the
  section's text.
  Chapter notes lie inside their chapter's span; work notes lie outside every chapter.
* ``front_matter``: non-story paratext wherever it sits: title page, archive metadata lines, work
  summary, table of contents, update logs, an archive's closing message.
  ``author_note`` and ``front_matter`` sections never overlap each other; either may lie inside a
  chapter; ``heading`` and ``scene_break`` lie inside chapters or front matter.
* Text outside every section (e.g. prose before the first chapter heading of a generic HTML page) is
  for structure detection to judge.

``source.metadata``: ``title``, ``author`` (string; several joined with ", "), and where the source
states them ``rating``, ``warnings``, ``categories``, ``fandoms``, ``relationships``, ``characters``,
``additional_tags``, ``genres`` (lists), ``language``, ``summary``, ``words`` (int), ``chapters``
("2/2"), ``published``/``updated``/``completed``, ``series`` (list of ``{title, part}``), ``url``,
``site`` ("Archive of Our Own"), ``kudos``/``hits`` (int, work pages), ``subjects`` (EPUB dc:subject).
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from ..document import Document, InputError, Source
from ..output import shown_path
from .txt import decode_text

# A work larger than this is almost certainly not one story; refusing keeps memory bounded.
MAX_BYTES = 64 * 1024 * 1024

SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".epub": "epub",
}


class TooLarge(Exception):
    """A zip member that unpacks to more than the room left for it."""


def read_zip_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The bytes of one zip member, never holding more than ``limit`` bytes of it (``TooLarge`` past
    that) whatever size the archive states: ``ZipFile.read`` inflates up to 2 GiB in one piece before
    the stated size is checked. A member whose data does not match its stated size and CRC raises
    ``zipfile.BadZipFile``."""
    if info.file_size > limit:
        raise TooLarge(info.filename)
    chunks: list[bytes] = []
    total = 0
    with zf.open(info) as f:
        while chunk := f.read(1 << 20):
            total += len(chunk)
            if total > limit:
                raise TooLarge(info.filename)
            chunks.append(chunk)
    return b"".join(chunks)


def load(path: str | Path) -> Document:
    """Read ``path`` into a Document. Raises ``InputError`` with a one-line message on bad input."""
    p = Path(path)
    name = shown_path(p)  # a name every output can hold, even if it is not UTF-8
    if not p.exists():
        raise InputError(f"{name}: no such file; check the path")
    if p.is_dir():
        raise InputError(f"{name}: is a directory; give one file (use `personae corpus` for a folder)")
    kind = SUFFIXES.get(p.suffix.lower())
    if kind is None:
        raise InputError(
            f"{name}: unsupported file type '{p.suffix or '(none)'}'; personae reads .txt, .html/.htm and .epub"
        )
    try:
        size = p.stat().st_size
        if size == 0:
            raise InputError(f"{name}: the file is empty; give a file with the story's text")
        if size > MAX_BYTES:
            raise InputError(f"{name}: {size // 2**20} MB is too large for one work; split it into separate files")
        data = p.read_bytes()
    except PermissionError:
        raise InputError(f"{name}: permission denied; check the file's permissions") from None
    except OSError as e:
        raise InputError(f"{name}: cannot read the file ({e.strerror or e}); check the path") from None
    return from_bytes(data, name, kind)


def from_bytes(data: bytes, name: str, kind: str) -> Document:
    """A Document from a file's bytes; ``kind`` is ``txt``, ``html`` or ``epub``."""
    digest = hashlib.sha256(data).hexdigest()
    if kind == "txt":
        from .gutenberg import gutenberg_body, gutenberg_metadata

        text = decode_text(data, name)
        body = gutenberg_body(text)
        if body is not None:
            doc = Document(text, Source(name, "gutenberg", digest, gutenberg_metadata(text, body)), body=body)
        else:
            doc = Document(text=text, source=Source(name, "txt", digest), body=None)
    elif kind == "html":
        from .html import read_html

        doc = read_html(data, name, digest)
    else:
        from .epub import read_epub

        doc = read_epub(data, name, digest)
    if not doc.text[doc.body_span.start : doc.body_span.end].strip():
        raise InputError(f"{name}: no story text found in the file; is it the story itself?")
    _check_length(doc.text, name)
    return doc


def _check_length(text: str, name: str | None) -> None:
    """One work's text is at most MAX_BYTES characters, whatever it was read from (an EPUB or a web page
    can hold far more text than its file's size suggests)."""
    if len(text) > MAX_BYTES:
        what = f"{name}: the" if name else "the"
        raise InputError(f"{what} text is {len(text):,} characters, more than the {MAX_BYTES:,} one work may have; split it into separate works")


def from_string(text: str, name: str | None = None) -> Document:
    """A Document from text already in memory (the Python API's ``analyze("...")``)."""
    if not text.strip():
        raise InputError("the text is empty; give the story's text")
    _check_length(text, name)
    from .gutenberg import gutenberg_body, gutenberg_metadata

    digest = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
    body = gutenberg_body(text)
    meta = gutenberg_metadata(text, body) if body is not None else {}
    return Document(text=text, source=Source(name, "string", digest, meta), body=body)
