"""Small input files the ingest tests build: EPUBs (with EbookLib) and Gutenberg-style texts."""

from __future__ import annotations

import copy
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from ebooklib import epub

FIXTURES = Path(__file__).parent / "fixtures"


FFF_HEAD_NOTES = (
    '<div class="fff_chapter_notes fff_head_notes"><b>Summary for the Chapter:</b>'
    '<blockquote class="userstuff"><p>The storm ends.</p></blockquote></div>'
)
FFF_FOOT_NOTES = (
    '<div class="fff_chapter_notes fff_foot_notes"><b>Notes for the Chapter:</b>'
    '<blockquote class="userstuff"><p>Thanks for reading!</p></blockquote></div>'
)


def fanficfare_epub(path: Path, nav: bool = True, ncx: bool = True, toc: bool = True, notes: bool = False) -> Path:
    """An EPUB laid out as FanFicFare writes them: title page, contents page, one file per chapter
    with an ``h3.fff_chapter_title``; with ``notes``, chapter 2 has FanFicFare's author's-note divs."""
    book = epub.EpubBook()
    book.set_identifier("fanficfare-uid:test-u1-s1")
    book.set_title("Salt and Signal")
    book.set_language("en")
    book.add_author("tidewriter")
    book.add_metadata("DC", "description", "<p>A storm, a radio, two strangers.</p>")
    book.add_metadata("DC", "subject", "Romance")
    title = epub.EpubHtml(title="Title Page", file_name="OEBPS/title_page.xhtml")
    title.content = (
        '<html><body class="fff_titlepage"><h3><a href="http://example.org/s/1">Salt and Signal</a> by '
        '<a href="http://example.org/u/1">tidewriter</a></h3><div>'
        "<b>Category:</b> Original Fiction<br/><b>Characters:</b> Ada Reyes, Tom Ilse<br/>"
        "<b>Rating:</b> Teen<br/><b>Words:</b> 2,345<br/><b>Chapters:</b> 2<br/></div></body></html>"
    )
    contents = epub.EpubHtml(title="Table of Contents", file_name="OEBPS/toc_page.xhtml")
    contents.content = (
        '<html><body class="fff_tocpage"><div><h3>Table of Contents</h3>'
        '<a href="file0001.xhtml">1. Static</a><br/><a href="file0002.xhtml">2. Clear Skies</a><br/></div></body></html>'
    )
    c1 = epub.EpubHtml(title="1. Static", file_name="OEBPS/file0001.xhtml")
    c1.content = (
        '<html><body class="fff_chapter"><h3 class="fff_chapter_title">1. Static</h3>'
        '<div><p>The radio hissed all night.</p><p>"Anyone there?" Ada asked.</p><hr/>'
        "<p>By dawn the storm had passed.</p></div></body></html>"
    )
    c2 = epub.EpubHtml(title="2. Clear Skies", file_name="OEBPS/file0002.xhtml")
    c2.content = (
        '<html><body class="fff_chapter"><h3 class="fff_chapter_title">2. Clear Skies</h3>'
        + (FFF_HEAD_NOTES if notes else "")
        + '<p>Tom answered at last.<br/>"Here."</p>'
        + (FFF_FOOT_NOTES if notes else "")
        + "</body></html>"
    )
    for item in (title, contents, c1, c2):
        book.add_item(item)
    if toc:
        book.toc = [
            epub.Link("OEBPS/file0001.xhtml", "1. Static", "c1"),
            epub.Link("OEBPS/file0002.xhtml", "2. Clear Skies", "c2"),
        ]
    if ncx:
        book.add_item(epub.EpubNcx())
    if nav:
        book.add_item(epub.EpubNav())
    book.spine = [title, contents, c1, c2]
    epub.write_epub(str(path), book)
    return path


def _calibre_flatten(body: Tag) -> None:
    """Rewrite class attributes as Calibre's CSS flattening does: one class per distinct style, named
    after the element's first class (or "calibre") with a number from the second style on."""
    seen: dict[tuple[str, str], str] = {}
    count: dict[str, int] = {}
    for tag in body.find_all(True):
        classes = tag.get("class") or []
        if not classes and tag.name not in ("p", "dt", "dd", "div", "blockquote", "h1", "h2"):
            continue
        key = (tag.name, " ".join(classes))
        if key not in seen:
            stem = classes[0] if classes else "calibre"
            n = count.get(stem, 0)
            count[stem] = n + 1
            seen[key] = stem + (str(n) if n else "")
        tag["class"] = [seen[key]]


def _markup(nodes: list) -> str:
    """Nodes back as markup (a comment keeps its ``<!-- -->``)."""
    return "".join(n.decode() if isinstance(n, Tag) else n.output_ready() for n in nodes)


def ao3_epub(
    path: Path, html: str | None = None, flow_split: bool = False, ids: bool = True, wrap: bool = False
) -> Path:
    """The EPUB AO3 serves for a work, made from its HTML download (default: fixtures/ao3_work.html) as
    AO3 makes it: Calibre's ebook-convert, splitting before each chapter heading and before the
    afterword, and flattening class names ("meta group" -> "meta1"). The preface is
    ``*_split_000.xhtml``; each chapter's file holds a copy of the ``#chapters`` container (the id
    only in the first) with its ``div.meta`` notes group, ``div.userstuff`` text and end notes. A
    one-chapter work has no split before its text: preface and story share the first file. With
    ``flow_split``, chapter 1 is further split mid-text, as Calibre does with long chapters. Without
    ``ids``, the afterword and end notes lose their ids (a converter that drops them). With ``wrap``,
    each file's content is wrapped in one more div (a re-export that wraps the body)."""
    soup = BeautifulSoup(html if html is not None else (FIXTURES / "ao3_work.html").read_text(encoding="utf-8"), "lxml")
    body = soup.body
    preface, chapters, afterword = (body.find(id=i) for i in ("preface", "chapters", "afterword"))
    heads = [h.get_text() for h in chapters.find_all("h2", class_="heading")]
    _calibre_flatten(body)
    if not ids:
        for tag in (afterword, afterword.find(id="endnotes")):
            del tag["id"]
    shell = chapters.get("class")[0]
    files: list[tuple[str, str]] = []
    if not heads:
        files.append(("Preface", str(preface) + str(chapters)))
    else:
        files.append(("Preface", str(preface)))
        groups: list[list] = []
        for child in list(chapters.children):
            if isinstance(child, Tag) and child.find("h2") is not None:
                groups.append([])
            if groups:
                groups[-1].append(child)
        for n, group in enumerate(groups):
            ident = ' id="chapters"' if n == 0 else ""
            if n == 0 and flow_split:
                text = next(c for c in group if isinstance(c, Tag) and c.find("h2") is None and c.find("p") is not None)
                at = group.index(text)
                head, tail = copy.copy(text), copy.copy(text)
                paras = [c for c in text.children if isinstance(c, Tag)]
                for c in [c for c in head.children if isinstance(c, Tag)][2:]:
                    c.extract()
                for c in [c for c in tail.children if isinstance(c, Tag)][:2]:
                    c.extract()
                assert len(paras) > 2
                files.append((heads[n], f'<div class="{shell}"{ident}>' + _markup(group[:at]) + str(head) + "</div>"))
                files.append(("", f'<div class="{shell}">' + str(tail) + _markup(group[at + 1 :]) + "</div>"))
                continue
            files.append((heads[n], f'<div class="{shell}"{ident}>' + _markup(group) + "</div>"))
    files.append(("Afterword", str(afterword)))

    book = epub.EpubBook()
    book.set_identifier("calibre:4242")
    book.set_title("Quiet Harbour")
    book.set_language("en")
    book.add_author("harborlights")
    book.add_metadata("DC", "publisher", "Archive of Our Own")
    book.add_metadata("DC", "description", "<p>Two keepers, one lamp, a long winter.</p>")
    for tag in ("Fanworks", "Teen And Up Audiences", "Original Work", "Fluff"):
        book.add_metadata("DC", "subject", tag)
    items = []
    for n, (title, inner) in enumerate(files):
        item = epub.EpubHtml(title=title or f"part {n}", file_name=f"Quiet_Harbour_split_{n:03d}.xhtml")
        if wrap:
            inner = f'<div class="wrap">{inner}</div>'
        item.content = f'<html><head><title>Quiet Harbour</title></head><body class="calibre">{inner}</body></html>'
        book.add_item(item)
        items.append(item)
    book.toc = [epub.Link(it.file_name, title, f"t{n}") for n, (it, (title, _)) in enumerate(zip(items, files)) if title]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = items
    epub.write_epub(str(path), book)
    return path


GUTENBERG_HEADER = (
    '<section class="pg-boilerplate pgheader" id="pg-header"><h2>The Project Gutenberg eBook of The Lamp</h2>'
    "<p>This ebook is for the use of anyone anywhere in the United States.</p>"
    "<p>Title: The Lamp</p><p>Author: A. Writer</p>"
    '<div id="pg-start-separator"><span>*** START OF THE PROJECT GUTENBERG EBOOK THE LAMP ***</span></div></section>'
)
GUTENBERG_FOOTER = (
    '<section class="pg-boilerplate pgfooter" id="pg-footer">'
    "<div>*** END OF THE PROJECT GUTENBERG EBOOK THE LAMP ***</div>"
    "<h2>THE FULL PROJECT GUTENBERG LICENSE</h2><p>Redistribution is subject to the licence.</p></section>"
)


def gutenberg_epub(path: Path) -> Path:
    """An EPUB laid out as Project Gutenberg's: licence sections in the text file, several chapters in
    one document, navigation pointing at anchors inside it."""
    book = epub.EpubBook()
    book.set_identifier("http://www.gutenberg.org/99999")
    book.set_title("The Lamp")
    book.set_language("en")
    book.add_author("A. Writer")
    main = epub.EpubHtml(title="The Lamp", file_name="text.xhtml")
    main.content = (
        "<html><body>" + GUTENBERG_HEADER + "<h1>THE LAMP</h1><p>by A. Writer</p>"
        '<h2 id="contents">CONTENTS</h2><p><a href="#ch1">CHAPTER I.</a><br/><a href="#ch2">CHAPTER II.</a></p>'
        '<hr class="chap"/>'
        '<h2><a id="ch1"/>CHAPTER I.<br/>THE KEEPER</h2>'
        "<p>It was a dark night on the point.</p><p>The keeper trimmed the wick.</p>"
        '<hr class="chap"/>'
        '<h2><a id="ch2"/>CHAPTER II.</h2><p>Morning brought the supply boat.</p>'
        + GUTENBERG_FOOTER
        + "</body></html>"
    )
    book.add_item(main)
    book.toc = [
        epub.Link("text.xhtml#contents", "CONTENTS", "t0"),
        epub.Link("text.xhtml#ch1", "CHAPTER I. THE KEEPER", "t1"),
        epub.Link("text.xhtml#ch2", "CHAPTER II.", "t2"),
        epub.Link("text.xhtml#pg-footer", "THE FULL PROJECT GUTENBERG LICENSE", "t3"),
    ]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = [main]
    epub.write_epub(str(path), book)
    return path


GUTENBERG_TXT = """\ufeffThe Project Gutenberg eBook of The Lamp, by A. Writer\r
\r
This eBook is for the use of anyone anywhere in the United States and\r
most other parts of the world at no cost and with almost no restrictions.\r
\r
Title: The Lamp\r
\r
Author: A. Writer\r
\r
Release Date: May 1, 2020 [eBook #99999]\r
\r
Language: English\r
\r
*** START OF THE PROJECT GUTENBERG EBOOK THE LAMP ***\r
\r
\r
\r
\r
Produced by Jane Transcriber and the Online Distributed\r
Proofreading Team.\r
\r
\r
\r
\r
THE LAMP\r
\r
CHAPTER I.\r
\r
It was a dark night on the point.\r
\r
\r
\r
End of the Project Gutenberg EBook of The Lamp, by A. Writer\r
\r
*** END OF THE PROJECT GUTENBERG EBOOK THE LAMP ***\r
\r
Updated editions will replace the previous one.\r
"""
