"""AO3's HTML: full-work downloads (one page with preface, chapters and afterword; or the same split by
Calibre into an EPUB's files) and work pages saved from the site (``#workskin``).

AO3's templates name every part: the preface's tag list gives the metadata, ``h2.heading`` starts a
chapter, ``.notes``/``.end.notes`` hold the author's notes, the afterword the end notes.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Tag

from .meta import add_field
from .render import Rendered, Renderer, clean

# Labels AO3 prints before each kind of author's paratext.
_AO3_NOTE_LABELS = re.compile(r"^(chapter )?(summary|notes|end notes|chapter end notes):?$", re.I)


def read_ao3_download(soup: BeautifulSoup) -> tuple[Rendered, dict[str, Any]]:
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
    state = ChapterState()
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


class ChapterState:
    """The chapter being rendered: a heading opens one and closes the one before; the reader closes
    the last. Shared with the generic reader, which starts chapters at its chosen headings."""

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


def _ao3_chapter_children(container: Tag, r: Renderer, state: ChapterState) -> None:
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
                if is_endnotes(child):
                    r.end("front_matter", first)
                    _notes(child, r)
                    first = r.begin()
                    continue
                if child.find(is_endnotes) is not None:
                    walk(child)
                    continue
            r.render(child)

    walk(afterword)
    r.end("front_matter", first)


def is_endnotes(tag: Tag) -> bool:
    """The work's end notes: ``div#endnotes``, or, where a converter dropped the id, a div that opens
    with AO3's "End Notes" label."""
    if tag.get("id") == "endnotes":
        return True
    if tag.name != "div":
        return False
    label = tag.find(True, recursive=False)
    return label is not None and label.name == "p" and clean(label.get_text()).lower() == "end notes"


def read_ao3_page(soup: BeautifulSoup) -> tuple[Rendered, dict[str, Any]]:
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
            state = ChapterState()
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
