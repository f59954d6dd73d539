"""HTML stories: AO3 full-work downloads and work pages (read in ``ao3``), FanFicFare / generic HTML.

The HTML is rendered into plain text (see ``render``); that text is ``Document.text``. The format's own
structure comes back as ``Section``s: chapters (heading line included), the heading lines, ``<hr>``
scene breaks, author's notes and front matter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bs4 import BeautifulSoup, Tag

from ..document import Document, InputError, Source
from .ao3 import ChapterState, read_ao3_download, read_ao3_page
from .gutenberg import boilerplate_blocks, header_metadata, is_boilerplate_tag
from .meta import add_field, label_lines
from .render import HEADINGS, Mark, Rendered, Renderer, assemble, clean, parse_html
from .txt import looks_binary

# A heading that introduces a table of contents, not a chapter.
CONTENTS = re.compile(r"^\s*(table of )?contents\s*$", re.I)


def read_html(data: bytes, name: str, digest: str) -> Document:
    """A Document from the bytes of an HTML file."""
    if looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not HTML; give the story's web page or a .txt/.epub")
    try:
        soup = parse_html(data)
    except Exception as e:  # lxml/bs4 raise many types on hopeless input
        raise InputError(f"{name}: cannot parse the HTML ({type(e).__name__}); is it a web page?") from None
    rendered, meta = render_soup(soup)
    drop = boilerplate_blocks(rendered.blocks)
    pg_header = soup.find(id="pg-header")
    if pg_header is not None or drop:
        # A Gutenberg edition: its licence header names the title and author better than <title>.
        lead = [rendered.blocks[i] for i in sorted(drop) if i < len(rendered.blocks) // 2]
        header = pg_header.get_text("\n") if pg_header is not None else "\n".join(lead)
        meta.update(header_metadata(header))
    text, sections, _ = assemble(rendered, drop=drop)
    if not text.strip():
        raise InputError(f"{name}: the HTML has no readable text; give the story's page (e.g. an AO3 or FanFicFare download)")
    return Document(text=text, source=Source(name, "html", digest, meta), sections=tuple(sections))


def render_soup(soup: BeautifulSoup) -> tuple[Rendered, dict[str, Any]]:
    """Render a parsed page with the reader that fits it (AO3 download, AO3 work page, or generic)."""
    if soup.find(id="workskin") is not None:
        return read_ao3_page(soup)
    if soup.find(id="chapters") is not None and (soup.find(id="preface") is not None or soup.select_one("dl.tags")):
        return read_ao3_download(soup)
    return read_generic(soup)


# --- FanFicFare and generic HTML ------------------------------------------------------------------------


class _Generic(Renderer):
    """Starts a chapter at each chosen chapter heading, wherever it is nested."""

    def __init__(self, chapter_heads: list[Tag]) -> None:
        super().__init__()
        self.heads = {id(h) for h in chapter_heads}
        self.chapter = ChapterState()

    def on_heading(self, node: Tag) -> None:
        if id(node) in self.heads:
            self.chapter.open(self, node)
        else:
            self.heading(node)

    def render_page(self, body: Tag) -> Rendered:
        self.render(body, skip=is_boilerplate_tag)
        self.chapter.close(self)
        return self.finish()

    def around(self, node: Tag) -> Callable[[], None] | None:
        # FanFicFare puts every site's author's notes and chapter summaries (AO3's included) in a
        # div.fff_chapter_notes, each piece after a bold label ("Author's Note:", "Notes for the
        # Chapter:"): author's paratext, never story text.
        if "fff_chapter_notes" not in (node.get("class") or []):
            return None
        first = self.begin()

        def end() -> None:
            label = node.find("b")
            title = clean(label.get_text()).rstrip(":").strip() if label is not None else None
            self.end("author_note", first, title or None)

        return end


def read_generic(soup: BeautifulSoup) -> tuple[Rendered, dict[str, Any]]:
    """FanFicFare or any other HTML: ``<h2>``/``<h3>`` chapters, ``<hr>`` scene breaks, ``<p>`` text."""
    body = soup.body or soup
    heads = chapter_headings(body)
    r = _Generic(heads)
    rendered = r.render_page(body)
    meta = generic_metadata(soup)
    leading_front_matter(rendered, meta, stated_chapters=bool(heads))
    mark_contents(rendered)
    return rendered, meta


def chapter_headings(body: Tag) -> list[Tag]:
    """The headings that start chapters: the highest heading level used at least twice (a level used
    once is the work's title); failing that, the one heading right before the story's first paragraph
    unless it is the title at the top of the page."""
    heads = [
        h
        for h in body.find_all(HEADINGS)
        if clean(h.get_text()) and not CONTENTS.match(clean(h.get_text())) and not _in_boilerplate(h)
    ]
    for level in HEADINGS:
        at = [h for h in heads if h.name == level]
        if len(at) >= 2:
            return at
    last: Tag | None = None
    for el in body.find_all(list(HEADINGS) + ["p", "div"]):
        if el.name in HEADINGS:
            if el in heads:
                last = el
        elif el.name == "p" and len(clean(el.get_text())) >= 40:
            break
    if last is not None and not (last.name == "h1" and heads and heads[0] is last):
        return [last]
    return []


def _in_boilerplate(tag: Tag) -> bool:
    return is_boilerplate_tag(tag) or any(is_boilerplate_tag(p) for p in tag.parents if isinstance(p, Tag))


def generic_metadata(soup: BeautifulSoup) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    h1 = (soup.body or soup).find("h1")
    if h1 is not None:
        links = h1.find_all("a")
        text = clean(h1.get_text())
        if len(links) >= 2 and " by " in text:
            # FanFicFare's title line: <a>Title</a> by <a>Author</a>
            meta["title"] = clean(links[0].get_text())
            add_field(meta, "author", [clean(a.get_text()) for a in links[1:]])
            if links[0].get("href"):
                meta["url"] = links[0]["href"]
    for tag in soup.find_all("meta"):
        name = str(tag.get("name") or "").lower()
        content = clean(str(tag.get("content") or ""))
        if content and name in ("author", "description"):
            add_field(meta, name, content)
    if "title" not in meta:
        title = soup.find("title")
        text = clean(title.get_text()) if title is not None else ""
        if " by " in text:
            t, a = text.rsplit(" by ", 1)
            meta["title"] = t
            add_field(meta, "author", a)
        elif text:
            meta["title"] = text
        elif h1 is not None and clean(h1.get_text()):
            meta["title"] = clean(h1.get_text())
    return meta


def leading_front_matter(r: Rendered, meta: dict[str, Any], stated_chapters: bool) -> None:
    """Blocks before the first chapter that are title, metadata or contents become front matter; their
    ``Label: value`` lines go into ``meta``. Without chapter headings, the front matter ends at the
    first prose block, and no chapter is stated: the text (which may still hold plain-text headings
    such as "Chapter 1" in a bold paragraph) is left to structure detection."""
    chapters = [m for m in r.marks if m.kind == "chapter"]
    limit = min((m.first for m in chapters), default=len(r.blocks))
    headings = _heading_blocks(r)
    front: list[int] = []
    for i in range(limit):
        block = r.blocks[i]
        labels = label_lines(block)
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if i in headings or i in r.link_blocks or CONTENTS.match(block) or (labels and len(labels) * 2 >= len(lines)):
            front.append(i)
            for label, value in labels:
                add_field(meta, label, value)
        elif front and front[-1] == i - 1 and (meta.get("title") == block or meta.get("author") == block or block.lower().startswith("by ")):
            front.append(i)
        elif not stated_chapters:
            break
    mark_front_matter(r, front)


def _heading_blocks(r: Rendered) -> set[int]:
    return {i for m in r.marks if m.kind == "heading" for i in range(m.first, m.stop)}


def mark_front_matter(r: Rendered, blocks: list[int]) -> None:
    """Each run of consecutive block indices becomes one front_matter section."""
    for run in _runs(blocks):
        r.marks.append(Mark("front_matter", run[0], run[-1] + 1))


def _runs(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def mark_contents(r: Rendered) -> None:
    """A table of contents is a run of link lines. A 'chapter' that holds nothing else is front matter;
    a contents list elsewhere gets its own front_matter section."""
    headings = _heading_blocks(r)
    covered = {i for m in r.marks if m.kind == "front_matter" for i in range(m.first, m.stop)}
    for m in r.marks:
        if m.kind != "chapter":
            continue
        inner = [i for i in range(m.first, m.stop) if i not in headings]
        if inner and all(i in r.link_blocks for i in inner):
            m.kind = "front_matter"
            m.title = None
            covered.update(range(m.first, m.stop))
    for run in _runs(sorted(i for i in r.link_blocks if i not in covered)):
        lines = sum(r.blocks[i].count("\n") + 1 for i in run)
        if len(run) >= 2 or lines >= 3:
            r.marks.append(Mark("front_matter", run[0], run[-1] + 1))
