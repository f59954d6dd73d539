"""Ingest: every format into a Document whose offsets index its text."""

from __future__ import annotations

import subprocess
import sys

import pytest
from ingest_builders import FFF_FOOT_NOTES, FFF_HEAD_NOTES, FIXTURES, GUTENBERG_TXT, ao3_epub, fanficfare_epub, gutenberg_epub

from personae.document import Document
from personae.ingest import load


def kinds(doc: Document, kind: str) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.sections if s.kind == kind]


def check_sections(doc: Document) -> None:
    """The section contract every reader keeps."""
    n = len(doc.text)
    starts = [s.start for s in doc.sections]
    assert starts == sorted(starts)
    for s in doc.sections:
        assert 0 <= s.start < s.end <= n, s
        piece = doc.text[s.start : s.end]
        assert piece == piece.strip(), s
    notes = [s for s in doc.sections if s.kind in ("author_note", "front_matter")]
    for a in notes:
        for b in notes:
            assert a is b or a.end <= b.start or b.end <= a.start, (a, b)
    chapters = [s for s in doc.sections if s.kind == "chapter"]
    for a, b in zip(chapters, chapters[1:]):
        assert a.end <= b.start
    for br in (s for s in doc.sections if s.kind == "scene_break"):
        assert doc.text[br.start : br.end] == "* * *"
        assert not chapters or any(c.start < br.start and br.end < c.end for c in chapters)


def cli_text(path) -> str:
    r = subprocess.run([sys.executable, "-m", "personae.cli", "text", str(path)], capture_output=True)
    assert r.returncode == 0, r.stderr
    return r.stdout.decode("utf-8")


# --- AO3 ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ao3() -> Document:
    return load(FIXTURES / "ao3_work.html")


def test_ao3_metadata(ao3):
    m = ao3.source.metadata
    assert ao3.source.format == "html"
    assert m["title"] == "Quiet Harbour" and m["author"] == "harborlights"
    assert m["rating"] == "Teen And Up Audiences"
    assert m["warnings"] == ["No Archive Warnings Apply"]
    assert m["fandoms"] == ["Original Work"]
    assert m["relationships"] == ["Mara Quill/Tess Arden", "Mara Quill & Old Jonah"]
    assert m["characters"] == ["Mara Quill", "Tess Arden", "Old Jonah"]
    assert m["additional_tags"] == ["Fluff", "Lighthouses", "Slow Burn"]
    assert m["language"] == "English"
    assert m["words"] == 1234 and m["chapters"] == "2/2"
    assert m["series"] == [{"title": "Harbour Lights", "part": 2}]
    assert m["summary"] == "Two keepers, one lamp, a long winter."
    assert m["url"] == "https://archiveofourown.org/works/4242"


def test_ao3_work_in_progress_chapter_count(tmp_path):
    html = (FIXTURES / "ao3_work.html").read_text(encoding="utf-8")
    path = tmp_path / "wip.html"
    path.write_text(html.replace("Chapters: 2/2", "Chapters: 2/?"), encoding="utf-8")
    doc = load(path)
    assert doc.source.metadata["chapters"] == "2/?" and doc.source.metadata["words"] == 1234
    assert "Chapters: 2/?" in doc.text


def test_ao3_chapters_and_offsets(ao3):
    check_sections(ao3)
    chapters = [s for s in ao3.sections if s.kind == "chapter"]
    assert [c.title for c in chapters] == ["Chapter 1: The Lamp", "Chapter 2"]
    first = ao3.text[chapters[0].start : chapters[0].end]
    assert first.startswith("Chapter 1: The Lamp\n\n")
    assert "Mara climbed the stairs at dusk." in first
    assert '"You\'re late," said Tess.\n"I know."' in first  # <br> is a newline
    assert ao3.text[chapters[1].start : chapters[1].end].endswith('"Letters for the keepers," he called.')
    assert kinds(ao3, "heading")[:2] == ["Chapter 1: The Lamp", "Chapter 2"]
    # One <hr> between paragraphs is a scene break; the one opening chapter 2 is not.
    assert len(kinds(ao3, "scene_break")) == 1
    assert "\n\n* * *\n\nMorning came grey" in first


def test_ao3_author_notes_are_sections(ao3):
    notes = [s for s in ao3.sections if s.kind == "author_note"]
    texts = [ao3.text[s.start : s.end] for s in notes]
    assert [s.title for s in notes] == ["Notes", "Chapter Notes", "Chapter End Notes", "End Notes"]
    assert texts[0].startswith("Notes\n\nThanks to my beta for everything.")
    assert texts[1] == "Chapter Notes\n\nA/N: this one is short."
    assert texts[2] == "Chapter End Notes\n\nMore soon!"
    assert texts[3] == "End Notes\n\nThank you for reading."
    ch1 = next(s for s in ao3.sections if s.kind == "chapter")
    assert ch1.start < notes[1].start and notes[2].end <= ch1.end  # chapter notes inside the chapter
    # Story text is never inside a note or the front matter.
    skip = [s for s in ao3.sections if s.kind in ("author_note", "front_matter")]
    for line in ("Mara climbed the stairs at dusk.", "Old Jonah rowed out with the post."):
        at = ao3.text.index(line)
        assert not any(s.start <= at < s.end for s in skip)
    front = kinds(ao3, "front_matter")
    assert front[0].startswith("Quiet Harbour\nPosted originally on the Archive of Our Own")
    assert "Rating: Teen And Up Audiences" in front[0]
    assert front[-1].startswith("Please drop by the Archive")


def single_chapter_html() -> str:
    """The AO3 fixture as a one-chapter work: AO3 prints its text without a chapter heading."""
    html = (FIXTURES / "ao3_work.html").read_text(encoding="utf-8")
    start, end = html.index('<div id="chapters"'), html.index('<div id="afterword"')
    single = '<div id="chapters" class="userstuff"><div class="userstuff"><p>Only one chapter here.</p></div></div>\n'
    return html[:start] + single + html[end:]


def test_ao3_single_chapter_work(tmp_path):
    path = tmp_path / "one.htm"
    path.write_text(single_chapter_html(), encoding="utf-8")
    doc = load(path)
    check_sections(doc)
    chapters = [s for s in doc.sections if s.kind == "chapter"]
    assert [(doc.text[c.start : c.end], c.title) for c in chapters] == [("Only one chapter here.", None)]


def test_html_text_command_prints_document_text(ao3):
    assert cli_text(FIXTURES / "ao3_work.html") == ao3.text


# --- AO3 EPUB: Calibre's conversion of the HTML download, split into a file per chapter ----------------


def same_reading(epub_doc: Document, html_doc: Document) -> None:
    """An AO3 EPUB reads exactly as the HTML download of the same work."""
    assert epub_doc.source.format == "epub" and html_doc.source.format == "html"
    assert epub_doc.source.metadata == html_doc.source.metadata
    assert epub_doc.text == html_doc.text
    assert epub_doc.sections == html_doc.sections


@pytest.mark.parametrize(
    "options",
    [{}, {"flow_split": True}, {"wrap": True}],
    ids=["file-per-chapter", "long-chapter-split", "wrapped-body"],
)
def test_ao3_epub_reads_as_its_html_download(tmp_path, ao3, options):
    doc = load(ao3_epub(tmp_path / "ao3.epub", **options))
    check_sections(doc)
    same_reading(doc, ao3)
    m = doc.source.metadata
    assert m["site"] == "Archive of Our Own" and m["title"] == "Quiet Harbour" and m["author"] == "harborlights"
    assert m["relationships"] == ["Mara Quill/Tess Arden", "Mara Quill & Old Jonah"]
    assert m["language"] == "English" and m["words"] == 1234 and m["chapters"] == "2/2"
    assert m["summary"] == "Two keepers, one lamp, a long winter."
    assert "subjects" not in m and "publisher" not in m  # the package's copies of the tags are not read
    chapters = [s for s in doc.sections if s.kind == "chapter"]
    assert [c.title for c in chapters] == ["Chapter 1: The Lamp", "Chapter 2"]  # not Preface/Afterword
    first = doc.text[chapters[0].start : chapters[0].end]
    assert first.startswith("Chapter 1: The Lamp\n\n") and "\n\n* * *\n\nMorning came grey" in first
    notes = [s for s in doc.sections if s.kind == "author_note"]
    assert [(s.title, doc.text[s.start : s.end]) for s in notes] == [
        ("Notes", "Notes\n\nThanks to my beta for everything.\n\nSee the end of the work for more notes"),
        ("Chapter Notes", "Chapter Notes\n\nA/N: this one is short."),
        ("Chapter End Notes", "Chapter End Notes\n\nMore soon!"),
        ("End Notes", "End Notes\n\nThank you for reading."),
    ]
    # The preface (tags, summary) and the notes are never story text; the story always is.
    skip = [s for s in doc.sections if s.kind in ("author_note", "front_matter")]
    for line in ("Mara climbed the stairs at dusk.", "Morning came grey over the harbour.", "Old Jonah rowed out with the post."):
        at = doc.text.index(line)
        assert not any(s.start <= at < s.end for s in skip)
        assert any(c.start <= at < c.end for c in chapters)
    for line in ("Rating: Teen And Up Audiences", "Two keepers, one lamp, a long winter.", "Thanks to my beta"):
        at = doc.text.index(line)
        assert any(s.start <= at < s.end for s in skip) and not any(c.start <= at < c.end for c in chapters)


def test_ao3_epub_single_chapter_work(tmp_path):
    """A one-chapter work: Calibre leaves preface and story in one file; the story is one untitled chapter."""
    html = single_chapter_html()
    (tmp_path / "one.html").write_text(html, encoding="utf-8")
    doc = load(ao3_epub(tmp_path / "one.epub", html=html))
    check_sections(doc)
    same_reading(doc, load(tmp_path / "one.html"))
    chapters = [s for s in doc.sections if s.kind == "chapter"]
    assert [(doc.text[c.start : c.end], c.title) for c in chapters] == [("Only one chapter here.", None)]


def test_ao3_epub_afterword_without_its_ids(tmp_path, ao3):
    """The afterword and its end notes are found by what they hold too, should a converter drop the
    ids: the end notes stay an author's note, never part of the last chapter."""
    doc = load(ao3_epub(tmp_path / "noid.epub", ids=False))
    check_sections(doc)
    same_reading(doc, ao3)


def test_ao3_epub_text_command_prints_document_text(tmp_path):
    path = ao3_epub(tmp_path / "ao3.epub")
    assert cli_text(path) == load(path).text


# --- FanFicFare / generic HTML ------------------------------------------------------------------------


def test_fanficfare_html():
    doc = load(FIXTURES / "fanficfare.html")
    check_sections(doc)
    m = doc.source.metadata
    assert m["title"] == "Paper Lanterns" and m["author"] == "inkwell"
    assert m["characters"] == ["Nell", "Pip"] and m["genres"] == ["Drama", "Friendship"]
    assert m["words"] == 1050 and m["summary"] == "Two friends light lanterns for the festival."
    chapters = [s for s in doc.sections if s.kind == "chapter"]
    assert [c.title for c in chapters] == ["Lighting", "Drifting"]
    assert doc.text[chapters[0].start : chapters[0].end] == (
        'Lighting\n\nNell folded the paper twice.\n\n"Careful," Pip said. "It tears."\n\n* * *\n\n'
        "At sundown the square filled with light."
    )
    assert doc.text[chapters[1].start : chapters[1].end] == (
        "Drifting\n\nThe lanterns rose over the river.\nOne caught in the willow."
    )
    front = [s for s in doc.sections if s.kind == "front_matter"]
    assert len(front) == 1 and front[0].start == 0 and front[0].end < chapters[0].start
    assert "Table of Contents" in doc.text[front[0].start : front[0].end]


def test_fanficfare_author_notes_are_sections(tmp_path):
    """FanFicFare's div.fff_chapter_notes (AO3 notes and summaries, other sites' author's notes) are
    author_note sections inside their chapter, in HTML and in EPUB; the story around them is not."""
    from personae.structure import detect_structure

    html = (FIXTURES / "fanficfare.html").read_text(encoding="utf-8")
    html = html.replace('<div class="storytext">\n<p>Nell folded', FFF_HEAD_NOTES + '<div class="storytext">\n<p>Nell folded')
    html = html.replace("<p>At sundown the square filled with light.</p>\n</div>", "<p>At sundown the square filled with light.</p>\n</div>" + FFF_FOOT_NOTES)
    path = tmp_path / "notes.html"
    path.write_text(html, encoding="utf-8")
    epub_path = fanficfare_epub(tmp_path / "notes.epub", notes=True)
    for doc in (load(path), load(epub_path)):
        check_sections(doc)
        notes = [s for s in doc.sections if s.kind == "author_note"]
        assert [doc.text[s.start : s.end] for s in notes] == [
            "Summary for the Chapter:\n\nThe storm ends.",
            "Notes for the Chapter:\n\nThanks for reading!",
        ]
        assert [s.title for s in notes] == ["Summary for the Chapter", "Notes for the Chapter"]
        chapters = [s for s in doc.sections if s.kind == "chapter"]
        assert all(any(c.start <= n.start and n.end <= c.end for c in chapters) for n in notes)
        s = detect_structure(doc)
        story = "\n".join(doc.text[p.start : p.end] for p in s.story_paragraphs())
        assert "The storm ends." not in story and "Thanks for reading!" not in story
        assert [doc.text[b.start : b.end] for b in s.blocks if b.kind == "author_note"] == [doc.text[n.start : n.end] for n in notes]


def test_generic_html_without_headings(tmp_path):
    path = tmp_path / "story.html"
    path.write_text(
        "<html><head><title>Rain</title></head><body><h1>Rain</h1><p><b>Chapter 1</b></p>"
        "<p>It rained on Tuesday, as it always did.</p>"
        "<hr><p>By Wednesday the river was over the road.</p></body></html>",
        encoding="utf-8",
    )
    doc = load(path)
    assert doc.source.metadata["title"] == "Rain"
    assert doc.text == (
        "Rain\n\nChapter 1\n\nIt rained on Tuesday, as it always did.\n\n* * *\n\n"
        "By Wednesday the river was over the road."
    )
    # No chapter is stated: the plain-text heading is for structure detection to find.
    assert kinds(doc, "chapter") == []
    assert kinds(doc, "front_matter") == ["Rain"]
    assert kinds(doc, "scene_break") == ["* * *"]


def test_html_in_cp1252_declared_by_meta(tmp_path):
    path = tmp_path / "old.htm"
    body = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>'
    body += "<body><p>\u201cWait,\u201d she said \u2014 caf\u00e9 closed.</p></body></html>"
    path.write_bytes(body.encode("cp1252"))
    assert load(path).text == "\u201cWait,\u201d she said \u2014 caf\u00e9 closed."


# --- EPUB ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("nav,ncx", [(True, True), (False, True), (True, False)])
def test_fanficfare_epub(tmp_path, nav, ncx):
    doc = load(fanficfare_epub(tmp_path / "f.epub", nav=nav, ncx=ncx))
    check_sections(doc)
    assert doc.source.format == "epub"
    m = doc.source.metadata
    assert m["title"] == "Salt and Signal" and m["author"] == "tidewriter"
    assert m["characters"] == ["Ada Reyes", "Tom Ilse"] and m["words"] == 2345
    assert m["summary"] == "A storm, a radio, two strangers."
    chapters = [s for s in doc.sections if s.kind == "chapter"]
    assert [c.title for c in chapters] == ["1. Static", "2. Clear Skies"]
    assert doc.text[chapters[0].start : chapters[0].end] == (
        '1. Static\n\nThe radio hissed all night.\n\n"Anyone there?" Ada asked.\n\n* * *\n\nBy dawn the storm had passed.'
    )
    assert doc.text[chapters[1].start : chapters[1].end] == '2. Clear Skies\n\nTom answered at last.\n"Here."'
    front = kinds(doc, "front_matter")
    assert front[0].startswith("Salt and Signal by tidewriter\n\nCategory: Original Fiction")
    assert front[1].startswith("Table of Contents")
    assert all(f.end <= chapters[0].start for f in doc.sections if f.kind == "front_matter")


def test_epub_without_navigation_uses_documents(tmp_path):
    doc = load(fanficfare_epub(tmp_path / "bare.epub", nav=False, ncx=False, toc=False))
    check_sections(doc)
    chapters = [s for s in doc.sections if s.kind == "chapter"]
    assert [c.title for c in chapters] == ["1. Static", "2. Clear Skies"]


def test_gutenberg_epub(tmp_path):
    doc = load(gutenberg_epub(tmp_path / "pg.epub"))
    check_sections(doc)
    assert "PROJECT GUTENBERG" not in doc.text.upper()
    assert "licence" not in doc.text
    chapters = [s for s in doc.sections if s.kind == "chapter"]
    assert [c.title for c in chapters] == ["CHAPTER I. THE KEEPER", "CHAPTER II."]
    assert doc.text[chapters[0].start : chapters[0].end] == (
        "CHAPTER I.\nTHE KEEPER\n\nIt was a dark night on the point.\n\nThe keeper trimmed the wick."
    )
    assert doc.text[chapters[1].start : chapters[1].end] == "CHAPTER II.\n\nMorning brought the supply boat."
    assert not kinds(doc, "scene_break")  # <hr class="chap"> next to headings is decoration
    front = [s for s in doc.sections if s.kind == "front_matter"]
    assert front and front[0].start == 0 and front[-1].end < chapters[0].start
    assert "THE LAMP" in doc.text[front[0].start : front[-1].end]
    assert doc.source.metadata["title"] == "The Lamp"


def test_epub_text_command_prints_document_text(tmp_path):
    path = fanficfare_epub(tmp_path / "f.epub")
    assert cli_text(path) == load(path).text


# --- Project Gutenberg plain text -----------------------------------------------------------------------


def test_gutenberg_txt_body_and_metadata(tmp_path):
    path = tmp_path / "pg.txt"
    path.write_bytes(GUTENBERG_TXT.encode("utf-8"))
    doc = load(path)
    assert doc.source.format == "gutenberg"
    assert doc.text == GUTENBERG_TXT[1:]  # the BOM is not text; \r\n kept as is
    body = doc.text[doc.body.start : doc.body.end]
    assert body == "THE LAMP\r\n\r\nCHAPTER I.\r\n\r\nIt was a dark night on the point."
    m = doc.source.metadata
    assert m["title"] == "The Lamp" and m["author"] == "A. Writer" and m["language"] == "English"
    assert cli_text(path) == doc.text


@pytest.mark.parametrize(
    "header,footer",
    [
        ("*** START OF THIS PROJECT GUTENBERG EBOOK THE LAMP ***", "*** END OF THIS PROJECT GUTENBERG EBOOK THE LAMP ***"),
        ("***START OF THE PROJECT GUTENBERG EBOOK THE LAMP***", "***END OF THE PROJECT GUTENBERG EBOOK THE LAMP***"),
        ("*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*", "End of The Project Gutenberg Etext of The Lamp"),
        ("*** START OF THE PROJECT GUTENBERG EBOOK THE LAMP ***", "End of Project Gutenberg's The Lamp, by A. Writer"),
    ],
)
def test_gutenberg_marker_variants(tmp_path, header, footer):
    story = "CHAPTER I.\n\nThe keeper trimmed the wick."
    text = f"The Project Gutenberg EBook of The Lamp, by A. Writer\n\nLicence words.\n{header}\n\n{story}\n\n\n{footer}\n\nMore licence.\n"
    path = tmp_path / "pg.txt"
    path.write_text(text, encoding="utf-8")
    doc = load(path)
    assert doc.text[doc.body.start : doc.body.end] == story
    assert doc.source.metadata["title"] == "The Lamp"


def test_gutenberg_header_of_2023(tmp_path):
    """The header as Project Gutenberg writes it since 2023 (lower-case "Release date", "Credits")."""
    story = "CHAPTER I.\r\n\r\nThe keeper trimmed the wick."
    text = (
        "\ufeffThe Project Gutenberg eBook of The Lamp\r\n    \r\nThis ebook is for the use of anyone.\r\n\r\n"
        "Title: The Lamp\r\n\r\nAuthor: A. Writer\r\n\r\nRelease date: January 1, 2005 [eBook #208]\r\n"
        "                Most recently updated: December 5, 2020\r\n\r\nLanguage: English\r\n\r\n"
        "Credits: Jane Transcriber\r\n\r\n\r\n*** START OF THE PROJECT GUTENBERG EBOOK THE LAMP ***\r\n\r\n\r\n"
        + story
        + "\r\n\r\n\r\n*** END OF THE PROJECT GUTENBERG EBOOK THE LAMP ***\r\n\r\nSTART: FULL LICENSE\r\n"
    )
    path = tmp_path / "pg.txt"
    path.write_bytes(text.encode("utf-8"))
    doc = load(path)
    assert doc.text == text[1:]
    assert doc.text[doc.body.start : doc.body.end] == story and doc.body.start == text.index("CHAPTER I.") - 1
    m = doc.source.metadata
    assert m["title"] == "The Lamp" and m["author"] == "A. Writer" and m["language"] == "English"
    assert m["release_date"] == "January 1, 2005 [eBook #208]" and m["credits"] == "Jane Transcriber"


def test_plain_txt_has_no_body_span(fanfic_path):
    doc = load(fanfic_path)
    assert doc.source.format == "txt" and doc.body is None and doc.sections == ()


# --- encodings --------------------------------------------------------------------------------------------

SAMPLE = "\u201cC\u2019est la vie,\u201d said Z\u00f6e \u2014 na\u00efve, in the caf\u00e9.\nLine two \u2026 end.\n"
LATIN = "Caf\u00e9 cr\u00e8me, s'il vous pla\u00eet. \u00bfQu\u00e9? Se\u00f1or M\u00fcller.\n" * 3


@pytest.mark.parametrize(
    "data,expected",
    [
        (SAMPLE.encode("utf-8"), SAMPLE),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), SAMPLE),
        (SAMPLE.encode("utf-16"), SAMPLE),  # with BOM (native order)
        (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), SAMPLE),
        (SAMPLE.encode("utf-16-le"), SAMPLE),  # no BOM
        (SAMPLE.encode("utf-16-be"), SAMPLE),  # no BOM
        (SAMPLE.encode("cp1252"), SAMPLE),
        (LATIN.encode("latin-1"), LATIN),
        (SAMPLE.replace("\n", "\r\n").encode("cp1252"), SAMPLE.replace("\n", "\r\n")),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le", "utf16be", "cp1252", "latin1", "cp1252-crlf"],
)
def test_encodings(tmp_path, data, expected):
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    doc = load(path)
    assert doc.text == expected
    if data[:2] in (b"\xfe\xff",) or b"\r\n" in data:  # the CLI prints the same text (two cases suffice)
        assert cli_text(path) == expected


def test_stray_byte_does_not_crash(tmp_path):
    path = tmp_path / "stray.txt"
    path.write_bytes(SAMPLE.encode("utf-8") + b"odd \x92 byte here\n" + SAMPLE.encode("utf-8"))
    doc = load(path)
    assert doc.text.startswith(SAMPLE) and doc.text.endswith(SAMPLE)  # still read as UTF-8
    assert "odd \ufffd byte here" in doc.text


@pytest.mark.parametrize("stray", [b"\x81", b"\x8d", b"\x9d"])
def test_stray_byte_in_cp1252_text(tmp_path, stray):
    """A byte cp1252 leaves undefined, in a cp1252 story, is one U+FFFD; the curly quotes stay quotes
    (a guessing detector reads such a file as Cyrillic or Central European)."""
    story = SAMPLE * 30
    data = story.encode("cp1252")
    cut = len(SAMPLE.encode("cp1252")) * 10
    path = tmp_path / "stray.txt"
    path.write_bytes(data[:cut] + stray + data[cut:])
    doc = load(path)
    at = len(SAMPLE) * 10
    assert doc.text == story[:at] + "\ufffd" + story[at:]
    assert doc.text[at] == "\ufffd" and doc.text[at + 1 :].startswith("\u201cC\u2019est la vie")


def test_gutenberg_html_licence_is_not_rendered():
    doc = load(FIXTURES / "gutenberg_old.html")
    check_sections(doc)
    assert "GUTENBERG" not in doc.text.upper() and "Licence" not in doc.text
    assert doc.source.metadata["title"] == "The Lamp" and doc.source.metadata["author"] == "A. Writer"
    chapters = [s for s in doc.sections if s.kind == "chapter"]
    assert [doc.text[c.start : c.end] for c in chapters] == [
        "CHAPTER I.\n\nIt was a dark night on the point.",
        "CHAPTER II.\n\nMorning brought the supply boat.",
    ]
    (front,) = [s for s in doc.sections if s.kind == "front_matter"]
    assert doc.text[front.start : front.end] == "THE LAMP\n\nCONTENTS\n\nCHAPTER I.\nCHAPTER II."


def test_epub_with_broken_nav_falls_back_to_ncx(tmp_path):
    import zipfile

    good = fanficfare_epub(tmp_path / "f.epub")
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith("nav.xhtml"):
                data = b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>no toc here</p></body></html>'
            dst.writestr(info, data)
    doc = load(broken)
    assert [s.title for s in doc.sections if s.kind == "chapter"] == ["1. Static", "2. Clear Skies"]


def test_ao3_saved_work_page():
    doc = load(FIXTURES / "ao3_page.html")
    check_sections(doc)
    m = doc.source.metadata
    assert m["title"] == "Quiet Harbour" and m["author"] == "harborlights"
    assert m["characters"] == ["Mara Quill", "Tess Arden"] and m["words"] == 1234 and m["chapters"] == "2/2"
    assert "Kudos from" not in doc.text and "Great story!" not in doc.text and "Chapter Text" not in doc.text
    chapters = [s for s in doc.sections if s.kind == "chapter"]
    assert [c.title for c in chapters] == ["Chapter 1: The Lamp", "Chapter 2"]
    notes = [s for s in doc.sections if s.kind == "author_note"]
    assert [doc.text[s.start : s.end] for s in notes] == [
        "Notes:\n\nThanks to my beta.",
        "Notes:\n\nA/N: this one is short.",
        "Notes:\n\nMore soon!",
        "Notes:\n\nThank you for reading.",
    ]
    assert [s.title for s in notes] == ["Notes", "Notes", "End Notes", "End Notes"]
    story = doc.text[chapters[0].start : chapters[0].end]
    assert "Mara climbed the stairs at dusk.\n\n* * *\n\nMorning came grey over the harbour." in story


def test_stray_nul_is_not_binary(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(SAMPLE.encode("utf-8") * 20 + b"\x00" + SAMPLE.encode("utf-8"))
    assert load(path).text.count("\x00") == 1
