"""EPUB books (AO3 and FanFicFare downloads, Project Gutenberg EPUBs, others) with EbookLib.

An AO3 EPUB is AO3's HTML download converted by Calibre, so it is read by the HTML reader's AO3 logic
(``html.read_ao3_parts``): the same metadata, chapters and author's notes as the HTML download.

In other books, spine documents are rendered in reading order into one text (see ``render``). Chapters
come from the navigation (EPUB 3 nav or EPUB 2 NCX) when it points into the text; otherwise each spine
document is a chapter, or, for a document holding several, its repeated headings are. Title pages,
tables of contents, cover pages and logs are front matter; Gutenberg licence sections are not rendered.
"""

from __future__ import annotations

import io
import posixpath
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..document import Document, InputError, Source
from .gutenberg import boilerplate_blocks, is_boilerplate_tag
from .ao3 import AO3_PARTS, is_endnotes, read_ao3_parts
from .html import CONTENTS, _Generic, _heading_blocks, chapter_headings, mark_contents, mark_front_matter
from .meta import add_field, label_lines
from .render import Mark, Rendered, assemble, clean, parse_html

# Words naming a spine document that is not story: cover, title page, contents, copyright, colophon,
# dedication, an information or update-log page (FanFicFare). Matched against file-name tokens.
_FRONT_WORDS = {"cover", "titlepage", "toc", "contents", "copyright", "colophon", "dedication", "info", "log", "nav"}
_FRONT_TYPES = {"cover", "titlepage", "title-page", "toc", "frontmatter", "copyright-page", "dedication", "colophon", "imprint"}
_FFF_FRONT = {"fff_titlepage", "fff_tocpage", "fff_logpage", "fff_coverpage"}


@dataclass
class _Item:
    name: str  # file name as in the manifest (relative to the OPF)
    first: int  # first block index
    stop: int  # one past the last block index
    front: bool


def read_epub(data: bytes, name: str, digest: str) -> Document:
    """A Document from the bytes of an EPUB file."""
    book = _open(data, name)
    try:
        return _read(book, name, digest)
    except InputError:
        raise
    except Exception as e:  # a structurally valid zip can still hold broken XHTML or navigation
        raise InputError(f"{name}: cannot read this EPUB ({_brief(e)}); re-download or re-export it") from None


def _brief(e: BaseException | None) -> str:
    """An exception as a short single line, for a one-line error message."""
    return " ".join(f"{type(e).__name__}: {e}".split())[:160]


# Members EbookLib needs to read the book: its documents, package, navigation and styles. Others (images,
# fonts, audio) are never decompressed: they are handed to EbookLib empty.
_TEXT_MEMBERS = (".xhtml", ".html", ".htm", ".xml", ".opf", ".ncx", ".css", ".txt", "mimetype")


def _open(data: bytes, name: str) -> Any:
    from ebooklib import epub

    from . import MAX_BYTES, TooLarge, read_zip_member

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(f"{name}: not a valid EPUB (not a zip archive, or truncated); re-download or re-export it")
    # The archive is unpacked once, here, each member read in bounded pieces and checked against its CRC
    # (a member whose stated size is false fails that check); EbookLib then reads a copy holding what
    # was read, whose sizes are true. A book's documents may hold as much as one .html file may.
    members: list[tuple[zipfile.ZipInfo, bytes]] = []
    unpacked = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                if not info.filename.lower().endswith(_TEXT_MEMBERS):
                    members.append((info, b""))
                    continue
                content = read_zip_member(zf, info, MAX_BYTES - unpacked)
                unpacked += len(content)
                members.append((info, content))
    except TooLarge:
        raise InputError(
            f"{name}: the EPUB's text unpacks to more than {MAX_BYTES // 2**20} MB, too large for one work; split it"
        ) from None
    except Exception:  # a bad CRC, a truncated or encrypted member, zlib errors...
        raise InputError(f"{name}: the EPUB archive is damaged; re-download or re-export it") from None
    names = {info.filename for info, _ in members}
    if "META-INF/container.xml" not in names:
        raise InputError(f"{name}: a zip archive without EPUB content (no META-INF/container.xml); give an .epub book")
    container = dict((info.filename, content) for info, content in members)["META-INF/container.xml"]
    opf = re.search(r'full-path\s*=\s*"([^"]+)"', container.decode("utf-8", errors="replace"))
    if opf is None or posixpath.normpath(opf.group(1)) not in names:
        missing = opf.group(1) if opf else "(none named)"
        raise InputError(f"{name}: the EPUB's package document {missing} is missing; re-download or re-export it")
    checked = _rezip(members)
    last: Exception | None = None
    # EPUB 3 navigation first; if a broken nav document makes EbookLib fail, read the NCX instead;
    # if the spine names an NCX that is missing (and there is no nav), read the book without it.
    attempts = [(checked, {"ignore_ncx": True}), (checked, {"ignore_ncx": False})]
    for payload, options in attempts + [(None, {"ignore_ncx": True})]:
        try:
            if payload is None:
                payload = _without_ncx_reference(members, opf.group(1))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return epub.read_epub(io.BytesIO(payload), options)
        except Exception as e:  # EbookLib raises EpubException, KeyError, IndexError, lxml errors...
            last = e
    raise InputError(f"{name}: cannot read this EPUB ({_brief(last)}); re-download or re-export it")


def _rezip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    """An uncompressed zip of ``members`` as read (true sizes, nothing left to inflate)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info, content in members:
            dst.writestr(zipfile.ZipInfo(info.filename, info.date_time), content)
    return out.getvalue()


def _without_ncx_reference(members: list[tuple[zipfile.ZipInfo, bytes]], opf: str) -> bytes:
    """The same EPUB with the spine's ``toc`` attribute removed (the NCX it names is optional)."""
    return _rezip([
        (info, re.sub(rb"(<(?:\w+:)?spine\b[^>]*?)\s+toc=\"[^\"]*\"", rb"\1", content) if info.filename == opf else content)
        for info, content in members
    ])


def _read(book: Any, name: str, digest: str) -> Document:
    import ebooklib

    docs = []
    for idref, _linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or item.get_type() not in (ebooklib.ITEM_DOCUMENT, ebooklib.ITEM_NAVIGATION):
            continue
        # The document as the book holds it: EbookLib's get_content() rebuilds it through lxml, which
        # drops the body's attributes and everything nested deeper than 256 elements.
        content = item.content
        if not content:
            continue
        soup = parse_html(content)
        docs.append((item, soup.body or soup))
    meta = _book_metadata(book)
    ao3 = _ao3_parts([body for _, body in docs])
    if ao3 is not None:
        rendered, meta = _read_ao3(ao3, meta)
        drop: set[int] = set()
    else:
        rendered = _render_book(book, docs, meta)
        drop = boilerplate_blocks(rendered.blocks)
    text, sections, _ = assemble(rendered, drop=drop)
    if not text.strip():
        raise InputError(f"{name}: the EPUB has no readable text; is it an image-only or empty book?")
    return Document(text=text, source=Source(name, "epub", digest, meta), sections=tuple(sections))


def _render_book(book: Any, docs: list[tuple[Any, Any]], meta: dict[str, Any]) -> Rendered:
    """The spine documents of any other EPUB in reading order: front matter by name, guide or markup,
    chapters from the navigation or the documents' headings. Labelled front-matter lines go into ``meta``."""
    from ebooklib import epub

    guide_front = {
        _norm(g.get("href", "")).split("#")[0]
        for g in getattr(book, "guide", []) or []
        if str(g.get("type", "")).lower() in _FRONT_TYPES
    }
    r = _Generic([])
    items: list[_Item] = []
    for item, body in docs:
        fname = item.file_name
        front = (
            isinstance(item, epub.EpubNav)
            or fname in guide_front
            or _front_name(fname)
            or _front_markup(body)
        )
        r.anchor_prefix = fname + "#"
        first = r.begin()
        r.anchor(fname)
        if front:
            r.heads = set()
            r.render(body, skip=is_boilerplate_tag)
            r.end("front_matter", first)
            for block in r.out.blocks[first:]:
                for label, value in label_lines(block):
                    add_field(meta, label, value)
        else:
            heads = chapter_headings(body)
            # Several chapters in one document (no navigation to split it): its repeated headings.
            r.heads = {id(h) for h in heads} if len(heads) >= 2 else set()
            r.render(body, skip=is_boilerplate_tag)
            r.chapter.close(r)
            if not r.heads:
                # One document, one chapter, named by the heading it opens with.
                title = next(
                    (clean(" ".join(r.out.blocks[m.first : m.stop])) for m in r.out.marks if m.kind == "heading" and m.first == first),
                    None,
                )
                r.end("chapter", first, title)
        stop = r.begin()
        items.append(_Item(fname, first, stop, front))
    rendered = r.finish()
    chapters_from_nav(book, rendered, items)
    mark_contents(rendered)
    return rendered


# --- AO3 ----------------------------------------------------------------------------------------------
# AO3 makes its EPUB by converting its HTML download with Calibre (otwarchive's DownloadWriter runs
# ebook-convert on it), so the EPUB holds the same markup, read by the same AO3 reader (html.py), with
# two differences: Calibre splits the page into one file per chapter (and a long chapter over several
# files), and it rewrites every class attribute to one class per distinct style, named after the
# element's first class with a number appended ("meta group" -> "meta1", "userstuff" -> "userstuff2").

_CALIBRE_SUFFIX = re.compile(r"[-0-9]+$")


def _calibre_classes(body: Any) -> None:
    """Give each element back the class names Calibre numbered ("meta1" is also "meta")."""
    for tag in body.find_all(class_=True):
        classes = list(tag.get("class") or [])
        stems = [_CALIBRE_SUFFIX.sub("", c) for c in classes]
        tag["class"] = classes + [c for c in stems if c and c not in classes]


def _ao3_parts(bodies: list[Any]) -> list[tuple[str, Any]] | None:
    """The preface, chapter pieces and afterword of an AO3 EPUB, in spine order; None if the book is
    not one (an AO3 download carries the work's tags in a ``dl.tags`` and its story in ``#chapters``
    pieces, whose class ``userstuff`` every split-off copy keeps)."""
    for body in bodies:
        _calibre_classes(body)
    if not any(b.select_one("dl.tags") is not None for b in bodies):
        return None
    parts: list[tuple[str, Any]] = []

    def role(tag: Any, inside: dict[str, set[int]]) -> str | None:
        ident = tag.get("id")
        if ident in AO3_PARTS:
            return str(ident)
        if tag.name != "div" or id(tag) in inside["part"]:
            return None  # not a part, or a wrapper around parts
        if "userstuff" in (tag.get("class") or []):
            return "chapters"
        if id(tag) in inside["tags"]:
            return "preface"
        if parts and (id(tag) in inside["end"]):
            return "afterword"  # after the story: the work's end notes, the archive's closing message
        return None

    for body in bodies:
        # Which elements hold what, found once per document: asking each element in turn would search
        # its subtree again, quadratic in how deeply the markup nests.
        inside = {
            "part": _holders(body, _has_part_id),
            "tags": _holders(body, lambda t: t.name == "dl" and "tags" in (t.get("class") or [])),
            "end": _holders(body, lambda t: is_endnotes(t) or (t.name == "p" and "message" in (t.get("class") or []))),
            "maybe": _holders(body, _may_be_part),
        }
        before = len(parts)
        # Depth first through the wrappers around the parts, with a stack (any nesting depth).
        todo = [iter(body.find_all(True, recursive=False))]
        while todo:
            child = next(todo[-1], None)
            if child is None:
                todo.pop()
                continue
            kind = role(child, inside)
            if kind is not None:
                parts.append((kind, child))
            elif id(child) in inside["maybe"]:
                todo.append(iter(child.find_all(True, recursive=False)))  # a wrapper around the parts
        if len(parts) == before and parts and parts[-1][0] == "chapters" and body.get_text(strip=True):
            parts.append(("chapters", body))  # a piece of a chapter without its wrapper
    if not any(kind == "chapters" for kind, _ in parts):
        return None
    return parts


def _holders(root: Any, match: Callable[[Any], bool]) -> set[int]:
    """``id()`` of every element in ``root`` (``root`` too) with a descendant that ``match`` accepts."""
    out: set[int] = set()
    for tag in root.find_all(match):
        for parent in tag.parents:
            if id(parent) in out:
                break
            out.add(id(parent))
    return out


def _has_part_id(tag: Any) -> bool:
    return tag.get("id") in AO3_PARTS


def _may_be_part(tag: Any) -> bool:
    """Cheap test for an element that may hold an AO3 part: one with a part's id or class."""
    return tag.get("id") in AO3_PARTS or "userstuff" in (tag.get("class") or []) or tag.name == "dl"


def _read_ao3(parts: list[tuple[str, Any]], book_meta: dict[str, Any]) -> tuple[Rendered, dict[str, Any]]:
    """An AO3 EPUB, read exactly as its HTML download is: the metadata comes from the preface's tags
    (the package's is only a fallback for a title or author the preface lacks)."""
    rendered, meta = read_ao3_parts(parts)
    for key in ("title", "author"):
        if key not in meta and key in book_meta:
            meta[key] = book_meta[key]
    return rendered, meta


def _norm(href: str) -> str:
    return posixpath.normpath(href) if href else href


def _front_name(fname: str) -> bool:
    tokens = set(re.split(r"[^a-z]+", posixpath.basename(fname).lower().rsplit(".", 1)[0]))
    return bool(tokens & _FRONT_WORDS) or ("title" in tokens and ("page" in tokens or len(tokens - {""}) == 1))


def _front_markup(body: Any) -> bool:
    classes = set(body.get("class") or [])
    if classes & _FFF_FRONT:
        return True
    types = set(str(body.get("epub:type") or "").split())
    section = body.find("section")
    if section is not None and len(body.find_all(["section"], recursive=False)) == 1:
        types |= set(str(section.get("epub:type") or "").split())
    return bool(types & _FRONT_TYPES)


def _book_metadata(book: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}

    def values(field: str) -> list[str]:
        try:
            return [clean(str(v)) for v, _ in book.get_metadata("DC", field) if v and clean(str(v))]
        except Exception:
            return []

    for field, label in (("title", "title"), ("language", "language"), ("publisher", "publisher")):
        v = values(field)
        if v:
            add_field(meta, label, v[0])
    creators = values("creator")
    if creators:
        add_field(meta, "author", creators)
    description = values("description")
    if description:
        # Descriptions are often escaped HTML.
        meta["summary"] = clean(parse_html(description[0]).get_text(" "))
    sources = [v for v in values("source") + values("identifier") if v.startswith("http")]
    if sources:
        meta["url"] = sources[0]
    subjects = values("subject")
    if subjects:
        meta["subjects"] = subjects
    return meta


def _flatten(toc: Any, depth: int = 0) -> list[tuple[str, str, int, bool]]:
    """(href, title, depth, has_children) for every navigation entry, in navigation order."""
    from ebooklib import epub

    out: list[tuple[str, str, int, bool]] = []
    for entry in toc or []:
        if isinstance(entry, tuple) and len(entry) == 2:
            section, children = entry
            href = getattr(section, "href", "") or ""
            out.append((href, clean(getattr(section, "title", "") or ""), depth, bool(children)))
            out.extend(_flatten(children, depth + 1))
        elif isinstance(entry, epub.Link):
            out.append((entry.href or "", clean(entry.title or ""), depth, False))
        elif isinstance(entry, epub.EpubHtml):
            out.append((entry.file_name, clean(entry.title or ""), depth, False))
    return out


def _resolve(href: str, anchors: dict[str, int]) -> int | None:
    """The block index a navigation href points at (file, or file#id), tolerating relative paths."""
    if not href:
        return None
    path, _, frag = href.partition("#")
    candidates = [path, _norm(path), posixpath.basename(path)]
    for p in candidates:
        key = f"{p}#{frag}" if frag else p
        if key in anchors:
            return anchors[key]
    base = posixpath.basename(path)
    for key, index in anchors.items():
        kpath = key.split("#")[0]
        if posixpath.basename(kpath) == base and (not frag or key.endswith("#" + frag)):
            return index
    return None


def chapters_from_nav(book: Any, r: Any, items: list[_Item]) -> None:
    """Replace per-document chapters by the navigation's, when the navigation points into the story."""
    entries = []
    front_blocks = {i for it in items if it.front for i in range(it.first, it.stop)}
    for href, title, depth, has_children in _flatten(book.toc):
        index = _resolve(href, r.anchors)
        if index is None or index >= len(r.blocks) or index in front_blocks or CONTENTS.match(title or ""):
            continue
        entries.append((index, title or None, depth, has_children))
    if not entries:
        return
    # Where two entries point at the same place (a part and its first chapter), the deeper one names it.
    by_start: dict[int, tuple[int, str | None, int, bool]] = {}
    for e in entries:
        if e[0] not in by_start or e[2] > by_start[e[0]][2]:
            by_start[e[0]] = e
    starts = sorted(by_start)
    r.marks[:] = [m for m in r.marks if m.kind != "chapter"]
    item_stops = sorted({it.stop for it in items} | {it.first for it in items if it.front})
    headings = _heading_blocks(r)
    for n, start in enumerate(starts):
        _, title, _, has_children = by_start[start]
        stop = starts[n + 1] if n + 1 < len(starts) else len(r.blocks)
        # A chapter never runs into a front-matter document (e.g. a closing log page).
        stop = min([s for s in item_stops if start < s <= stop and _front_at(items, s)] + [stop])
        inner = [i for i in range(start, stop) if i not in headings]
        if has_children and not inner:
            continue  # a part title whose chapters follow: its heading is enough
        if stop > start:
            r.marks.append(Mark("chapter", start, stop, title))
    # Before the first chapter: title page and the like inside the first document.
    lead = [i for i in range(0, starts[0]) if i not in front_blocks]
    mark_front_matter(r, lead)


def _front_at(items: list[_Item], index: int) -> bool:
    return any(it.front and it.first == index for it in items)
