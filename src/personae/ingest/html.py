"""HTML stories: AO3 full-work downloads, AO3 work pages saved from the site, FanFicFare / generic HTML.

The HTML is rendered into plain text (see ``render``); that text is ``Document.text``. The format's own
structure comes back as ``Section``s: chapters (heading line included), the heading lines, ``<hr>``
scene breaks, author's notes and front matter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag

from ..document import Document, InputError, Source
from .gutenberg import boilerplate_blocks, header_metadata, is_boilerplate_tag
from .meta import add_field, label_lines
from .render import HEADINGS, Mark, Rendered, Renderer, assemble, clean, parse_html
from .txt import looks_binary

# A heading that introduces a table of contents, not a chapter.
CONTENTS = re.compile(r"^\s*(table of )?contents\s*$", re.I)
# Labels AO3 prints before each kind of author's paratext.
_AO3_NOTE_LABELS = re.compile(r"^(chapter )?(summary|notes|end notes|chapter end notes):?$", re.I)


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
        return _read_ao3_page(soup)
    if soup.find(id="chapters") is not None and (soup.find(id="preface") is not None or soup.select_one("dl.tags")):
        return _read_ao3(soup)
    return read_generic(soup)


# --- AO3 ----------------------------------------------------------------------------------------------


def _read_ao3(soup: BeautifulSoup) -> tuple[Rendered, dict[str, Any]]:
    parts = [(role, soup.find(id=role)) for role in AO3_PARTS]
    rendered, meta = read_ao3_parts([(role, tag) for role, tag in parts if tag is not None])
    if "title" not in meta:
        title = soup.find("title")
        if title is not None and clean(title.get_text()):
            meta["title"] = clean(title.get_text()).split(" - ")[0]
    return rendered, meta


# The three parts of an AO3 download, in reading order (AO3's templates give each its id).
AO3_PARTS = ("preface", "chapters", "afterword")


def read_ao3_parts(parts: list[tuple[str, Tag]]) -> tuple[Rendered, dict[str, Any]]:
    """Render an AO3 download from its parts, each ``(role, element)`` with role one of ``AO3_PARTS``;
    the metadata comes from the preface's tags.

    The HTML download is one page with one element per part. AO3's EPUB is that page converted by
    Calibre, which splits it into a file per chapter (and a long chapter over several files): there a
    role may come several times, each element a piece of the ``#chapters`` container, and a chapter
    runs on from one piece to the next until the next chapter heading."""
    r = Renderer()
    meta: dict[str, Any] = {"site": "Archive of Our Own"}
    chaptered = any(tag.select_one("h2.heading") is not None for role, tag in parts if role == "chapters")
    state = _ChapterState()
    for role, tag in parts:
        if role == "preface":
            _ao3_preface(tag, r, meta)
        elif role == "chapters":
            if chaptered:
                _ao3_chapter_children(tag, r, state)
            else:
                # A one-chapter work: the story without a chapter heading.
                if state.first is None:
                    state.first = r.begin()
                _render_notes_aware(tag, r)
        else:
            state.close(r)
            _ao3_afterword(tag, r)
    state.close(r)
    return r.finish(), meta


def _is_toc_heading(tag: Tag) -> bool:
    return "toc-heading" in (tag.get("class") or [])


def _ao3_preface(preface: Tag, r: Renderer, meta: dict[str, Any]) -> None:
    kind, first = "front_matter", r.begin()

    def switch(new_kind: str) -> None:
        nonlocal kind, first
        r.end(kind, first, _title_of(kind))
        kind, first = new_kind, r.begin()

    def walk(container: Tag) -> None:
        for child in container.children:
            if not isinstance(child, Tag):
                r.render(child)
                continue
            classes = child.get("class") or []
            if _is_toc_heading(child):
                continue
            if child.name == "dl" and "tags" in classes:
                _ao3_tags(child, r, meta)
            elif "meta" in classes and child.name == "div":
                walk(child)
            elif child.name == "h1":
                meta.setdefault("title", clean(child.get_text()))
                r.text_block(clean(child.get_text()))
            elif "byline" in classes:
                authors = [clean(a.get_text()) for a in child.find_all("a", rel="author")] or [
                    re.sub(r"^by\s+", "", clean(child.get_text()))
                ]
                add_field(meta, "author", authors)
                r.render(child)
            elif child.name == "p" and "message" in classes:
                for a in child.find_all("a", href=True):
                    if "/works/" in a["href"]:
                        meta.setdefault("url", a["href"])
                r.render(child)
            elif child.name == "p" and clean(child.get_text()).lower() == "summary":
                if kind != "front_matter":
                    switch("front_matter")
                r.render(child)
                _summary_next(child, meta)
            elif child.name == "p" and clean(child.get_text()).lower() == "notes":
                switch("author_note")
                r.render(child)
            elif kind == "author_note" and not (child.name == "blockquote" or "endnote-link" in classes):
                switch("front_matter")
                r.render(child)
            else:
                r.render(child)

    walk(preface)
    r.end(kind, first, _title_of(kind))


def _title_of(kind: str) -> str | None:
    return "Notes" if kind == "author_note" else None


def _summary_next(label: Tag, meta: dict[str, Any]) -> None:
    quote = label.find_next_sibling()
    if isinstance(quote, Tag) and quote.name == "blockquote":
        paragraphs = [clean(p.get_text()) for p in quote.find_all("p")] or [clean(quote.get_text())]
        meta.setdefault("summary", "\n\n".join(p for p in paragraphs if p))


def _ao3_tags(dl: Tag, r: Renderer, meta: dict[str, Any]) -> None:
    lines = []
    for dt in dl.find_all("dt", recursive=False):
        dd = dt.find_next_sibling("dd")
        if dd is None:
            continue
        label = clean(dt.get_text()).rstrip(":")
        links = [clean(a.get_text()) for a in dd.find_all("a")]
        low = label.lower()
        value = re.sub(r"\s+,", ",", clean(dd.get_text(" ")))
        if links and low not in ("series", "stats"):
            value = ", ".join(links)  # the work page lists tags as <li>s without commas
        lines.append(f"{label}: {value}")
        if low == "stats":
            # "Chapters: 3/?" is a work in progress: the "?" says the total is not known yet.
            for k, v in re.findall(r"([A-Z][a-z]+):\s*(\d[\d,./-]*/\?|[\d,./-]+\d|\d)", value):
                add_field(meta, k, v)
        elif low == "series":
            series = []
            for part, a in zip(re.findall(r"Part\s+(\d+)\s+of", value), dd.find_all("a")):
                series.append({"title": clean(a.get_text()), "part": int(part)})
            if series:
                meta["series"] = series
        elif links:
            add_field(meta, label, links)
        else:
            add_field(meta, label, value)
    if lines:
        r.text_block("\n".join(lines))


class _ChapterState:
    def __init__(self) -> None:
        self.first: int | None = None
        self.title: str | None = None

    def open(self, r: Renderer, head: Tag) -> None:
        self.close(r)
        self.first = r.begin()
        self.title = r.heading(head)

    def close(self, r: Renderer) -> None:
        if self.first is not None:
            r.end("chapter", self.first, self.title)
            self.first = None


def _ao3_chapter_children(container: Tag, r: Renderer, state: _ChapterState) -> None:
    for child in container.children:
        if not isinstance(child, Tag):
            r.render(child)
            continue
        classes = child.get("class") or []
        if _is_toc_heading(child):
            continue  # e-book navigation heading, hidden in the page
        head = child if child.name == "h2" and "heading" in classes else child.find("h2", class_="heading")
        if head is not None:
            if head is child:
                state.open(r, head)
            elif "userstuff" not in classes and ("meta" in classes or child.find(class_="userstuff") is None):
                # The chapter's header group: heading, then the chapter summary and notes.
                state.open(r, head)
                _notes(child, r, skip=head)
            else:
                # A wrapper around a whole chapter (older downloads): descend.
                _ao3_chapter_children(child, r, state)
        elif "userstuff" in classes and child.name != "blockquote":
            _render_notes_aware(child, r)
        elif _is_note_container(child):
            _notes(child, r)
        else:
            r.render(child)


def _is_note_container(tag: Tag) -> bool:
    classes = tag.get("class") or []
    ident = str(tag.get("id") or "")
    return (
        tag.name == "blockquote"
        or any(c in ("meta", "notes", "endnotes", "end") for c in classes)
        or ident.startswith("endnotes")
    )


def _notes(container: Tag, r: Renderer, skip: Tag | None = None) -> None:
    """Author's paratext: each label ("Chapter Summary", "Chapter Notes", "End Notes") opens one
    author_note section titled with the label."""
    title: str | None = None
    first = r.begin()
    for child in container.children:
        if child is skip:
            continue
        if isinstance(child, Tag) and child.name in ("p", "h3", "h4") and _AO3_NOTE_LABELS.match(clean(child.get_text())):
            r.end("author_note", first, title)
            title = clean(child.get_text()).rstrip(":")
            if title.lower() == "notes" and "end" in (container.get("class") or []):
                title = "End Notes"  # the work page labels end notes "Notes:" too
            first = r.begin()
            r.text_block(clean(child.get_text()))  # a label, not a heading of the story
            continue
        r.render(child)
    r.end("author_note", first, title)


def _render_notes_aware(container: Tag, r: Renderer) -> None:
    """Story text; a notes block nested inside it (some older downloads) is still an author's note."""
    for child in container.children:
        if isinstance(child, Tag) and _is_toc_heading(child):
            continue
        if isinstance(child, Tag) and child.name == "div" and _is_note_container(child):
            _notes(child, r)
        else:
            r.render(child)


def _ao3_afterword(afterword: Tag, r: Renderer) -> None:
    """End notes are author's notes; the rest (related works, the archive's closing message) is
    front matter in the sense of non-story paratext."""
    first = r.begin()

    def walk(container: Tag) -> None:
        nonlocal first
        for child in container.children:
            if isinstance(child, Tag):
                if _is_toc_heading(child):
                    continue
                if _is_endnotes(child):
                    r.end("front_matter", first)
                    _notes(child, r)
                    first = r.begin()
                    continue
                if child.find(_is_endnotes) is not None:
                    walk(child)
                    continue
            r.render(child)

    walk(afterword)
    r.end("front_matter", first)


def _is_endnotes(tag: Tag) -> bool:
    """The work's end notes: ``div#endnotes``, or, where a converter dropped the id, a div that opens
    with AO3's "End Notes" label."""
    if tag.get("id") == "endnotes":
        return True
    if tag.name != "div":
        return False
    label = tag.find(True, recursive=False)
    return label is not None and label.name == "p" and clean(label.get_text()).lower() == "end notes"


def _read_ao3_page(soup: BeautifulSoup) -> tuple[Rendered, dict[str, Any]]:
    """A work page saved from AO3 (``div#workskin``): the site's navigation, kudos and comments
    around it are left out."""
    r = Renderer()
    meta: dict[str, Any] = {"site": "Archive of Our Own"}
    skin = soup.find(id="workskin")
    first = r.begin()
    tags = soup.select_one("dl.work.meta") or soup.select_one("dl.meta")
    if tags is not None:
        _ao3_tags(tags, r, meta)
    preface = skin.find("div", class_="preface", recursive=False)
    if preface is not None:
        title = preface.find(class_="title")
        if title is not None:
            meta.setdefault("title", clean(title.get_text()))
            r.text_block(clean(title.get_text()))
        byline = preface.find(class_="byline")
        if byline is not None:
            add_field(meta, "author", [clean(a.get_text()) for a in byline.find_all("a", rel="author")] or [clean(byline.get_text())])
            r.text_block(clean(byline.get_text()))
        summary = preface.find(class_="summary")
        if summary is not None:
            quote = summary.find("blockquote")
            if quote is not None:
                meta.setdefault("summary", "\n\n".join(clean(p.get_text()) for p in quote.find_all("p")) or clean(quote.get_text()))
            r.render(summary)
    r.end("front_matter", first)
    if preface is not None:
        for notes in preface.find_all(class_="notes"):
            _notes(notes, r)
    chapters = skin.find(id="chapters")
    if chapters is not None:
        parts = chapters.find_all("div", class_="chapter", recursive=False)
        if not parts:
            first = r.begin()
            r.render(chapters, skip=_is_landmark)
            r.end("chapter", first, None)
        for part in parts:
            head = part.select_one("div.preface h3.title") or part.find(["h2", "h3"], class_="title")
            state = _ChapterState()
            if head is not None:
                state.open(r, head)
            else:
                state.first = r.begin()
            for child in part.find_all(recursive=False):
                if "userstuff" in (child.get("class") or []):
                    r.render(child, skip=_is_landmark)
                else:
                    for module in child.find_all(class_=["summary", "notes"]):
                        _notes(module, r)
            state.close(r)
    for after in skin.find_all("div", class_="afterword", recursive=False):
        for notes in after.find_all(class_="notes"):
            _notes(notes, r)
    return r.finish(), meta


def _is_landmark(tag: Tag) -> bool:
    """AO3's hidden "Chapter Text" / "Work Text" headings for screen readers."""
    return "landmark" in (tag.get("class") or [])


# --- FanFicFare and generic HTML ------------------------------------------------------------------------


class _Generic(Renderer):
    """Starts a chapter at each chosen chapter heading, wherever it is nested."""

    def __init__(self, chapter_heads: list[Tag]) -> None:
        super().__init__()
        self.heads = {id(h) for h in chapter_heads}
        self.chapter = _ChapterState()

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
