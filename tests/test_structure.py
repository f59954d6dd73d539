"""Structure detection: chapters, titles, scenes, paragraphs and blocks, checked as offsets into the text."""

from __future__ import annotations

import hashlib

import pytest

from conftest import PDNC, need
from personae.document import Document, Section, Source, Span
from personae.ingest import from_bytes, from_string, load
from personae.model import Structure
from personae.structure import detect_structure


def doc_of(text: str, sections: tuple[Section, ...] = ()) -> Document:
    if sections:
        return Document(text, Source(None, "html", hashlib.sha256(text.encode()).hexdigest()), sections=sections)
    return from_string(text)


def check_invariants(doc: Document, s: Structure) -> None:
    """Offsets inside the body, chapters in order and disjoint, scenes tiling inside their chapter,
    paragraphs disjoint and trimmed, every paragraph's chapter/scene pointing at what contains it."""
    body = doc.body_span
    text = doc.text
    prev_end = body.start
    for i, c in enumerate(s.chapters):
        assert c.index == i
        assert body.start <= c.start <= c.end <= body.end
        assert c.start >= prev_end, "chapters overlap"
        prev_end = c.end
        assert len(c.scenes) >= 1
        last = c.start
        for k, sc in enumerate(c.scenes):
            assert sc.index == k
            assert c.start <= sc.start <= sc.end <= c.end
            assert sc.start >= last
            last = sc.end
        if c.heading is not None:
            assert c.start == c.heading.start and c.heading.end <= c.end
            assert text[c.heading.start : c.heading.end].strip() == text[c.heading.start : c.heading.end]
    prev = body.start
    for p in s.paragraphs:
        assert body.start <= p.start < p.end <= body.end
        assert p.start >= prev, "paragraphs overlap"
        prev = p.end
        chunk = text[p.start : p.end]
        assert chunk == chunk.strip() and chunk
        if p.chapter >= 0:
            c = s.chapters[p.chapter]
            assert c.start <= p.start and p.end <= c.end
            if p.scene >= 0:
                sc = c.scenes[p.scene]
                assert sc.start <= p.start and p.end <= sc.end
    for b in s.blocks:
        assert body.start <= b.start < b.end <= body.end
        assert text[b.start : b.end] == text[b.start : b.end].strip()


def titles(s: Structure) -> list[str | None]:
    return [c.title for c in s.chapters]


def story_text(doc: Document, s: Structure) -> str:
    return "\n".join(doc.text[p.start : p.end] for p in s.story_paragraphs())


# --- the sample fan fiction -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fanfic(fanfic_path):
    doc = load(fanfic_path)
    return doc, detect_structure(doc)


def test_fanfic_chapters_and_titles(fanfic):
    doc, s = fanfic
    check_invariants(doc, s)
    assert titles(s) == ["Prologue", "Lover After Me", "Where You Want To Be?", "Unlovable"]
    heads = [doc.text[c.heading.start : c.heading.end] for c in s.chapters]
    assert heads[0] == "Prologue:"
    assert heads[1] == "Chapter 1:  Lover After Me"
    assert heads[3] == "Chapter 3:  Unlovable"
    # The "~*~*~*~" line the file opens with is no chapter's text.
    assert s.chapters[0].start == doc.text.index("Prologue:")


def test_fanfic_scenes(fanfic):
    doc, s = fanfic
    # Every "~*~*~*~" between two stretches of story text inside a chapter starts a scene; the ones right
    # before a chapter heading or at the end of the file separate nothing.
    assert [len(c.scenes) for c in s.chapters] == [1, 6, 2, 12]
    for c in s.chapters:
        for sc in c.scenes:
            assert "~*~*~*~" not in doc.text[sc.start : sc.end]
    # Chapter 1 puts six blank lines between ordinary paragraphs: those are not scene breaks.
    ch1 = s.chapters[1]
    assert doc.text[ch1.scenes[0].start : ch1.scenes[0].end].count("\n\n\n\n\n\n") > 10


def test_fanfic_note_and_song(fanfic):
    doc, s = fanfic
    notes = [b for b in s.blocks if b.kind == "note"]
    verses = [b for b in s.blocks if b.kind == "verse"]
    assert len(notes) == 1 and len(verses) == 1
    note = doc.text[notes[0].start : notes[0].end]
    assert note.startswith("You know I had to go.") and note.endswith("-Buffy")
    assert "read:" in doc.text[notes[0].start - 20 : notes[0].start]
    song = doc.text[verses[0].start : verses[0].end]
    assert song.startswith("When you come back I won\u2019t be here")
    assert song.endswith("When the one you want doesn\u2019t want you too")
    assert song.count("Then my heart did time in Siberia") == 3
    last = s.chapters[-1]
    assert last.scenes[-1].start == verses[0].start  # the song is the last scene, after a break
    story = story_text(doc, s)
    assert "You know I had to go." in story  # a letter or note is story text
    assert "She said and gently pulled me near" not in story  # lyrics are not
    assert "Chapter 1:" not in story


def test_fanfic_paragraphs(fanfic):
    doc, s = fanfic
    first = s.story_paragraphs()[0]
    assert doc.text[first.start : first.end].startswith("\u201cSo that\u2019s it then?\u201d")
    # Two lines without a blank between them are one paragraph (a quotation runs across them).
    p = next(p for p in s.paragraphs if "It wasn\u2019t really a question" in doc.text[p.start : p.end])
    assert doc.text[p.start : p.end].endswith("So I really didn\u2019t know what to do.\u201d")
    assert all(p.chapter >= 0 and p.scene >= 0 for p in s.story_paragraphs())


# --- PDNC novels ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "novel, chapters",
    [
        ("PrideAndPrejudice", 61),  # three volumes: 23 + 19 + 19, title pages between them
        ("Emma", 55),  # VOLUME I-III, chapter numbers restart in each
        ("TheAgeOfInnocence", 34),  # Book I/II over bare numerals "I." ... "XXXIV."
        ("DaisyMiller", 2),  # PART I / PART II and no chapters
        ("TheSunAlsoRises", 19),  # "CHAPTER" with its number centred on the next line
        ("AHandfulOfDust", 7),  # "[I]" sections inside chapters are scenes
    ],
)
def test_pdnc_chapter_counts(novel, chapters):
    doc = load(need(PDNC / novel / "novel_text.txt"))
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert len(s.chapters) == chapters


def test_pdnc_titles_front_matter_and_letters():
    doc = load(need(PDNC / "PrideAndPrejudice" / "novel_text.txt"))
    s = detect_structure(doc)
    assert all(c.title is None for c in s.chapters)  # "CHAPTER I." carries no title
    assert doc.text[s.chapters[0].heading.start : s.chapters[0].heading.end] == "CHAPTER I."
    fm = [doc.text[b.start : b.end] for b in s.blocks if b.kind == "front_matter"]
    assert any("In Three Volumes." in t for t in fm)
    assert "Printed for T. Egerton" not in story_text(doc, s)
    letters = [doc.text[b.start : b.end] for b in s.blocks if b.kind == "letter"]
    assert any("DEAR SIR," in t and t.endswith('WILLIAM COLLINS."') for t in letters)

    doc = load(need(PDNC / "AlicesAdventuresInWonderland" / "novel_text.txt"))
    s = detect_structure(doc)
    assert len(s.chapters) == 12
    assert s.chapters[0].title == "Down the Rabbit-Hole"
    verses = [doc.text[b.start : b.end] for b in s.blocks if b.kind == "verse"]
    assert any(v.startswith('"How doth the little crocodile') for v in verses)


# --- synthetic texts: heading styles ----------------------------------------------------------------

PROSE = (
    "She walked down the long road to the village, thinking of nothing in particular, and the "
    "afternoon light lay across the fields like a blanket.\n\n"
    "\u201cAre you coming?\u201d he called from the gate. She said she was.\n"
)


def numbered(headings: list[str], sep: str = "\n\n") -> str:
    return "".join(h + sep + PROSE + "\n\n" for h in headings)


@pytest.mark.parametrize(
    "headings, expected",
    [
        (["Chapter 1: Lover After Me", "Chapter 2: The Road"], ["Lover After Me", "The Road"]),
        (["CHAPTER IV.", "CHAPTER V."], [None, None]),
        (["Chapter Twelve", "Chapter Thirteen"], [None, None]),
        (["CHAPTER I. The Title", "CHAPTER II. Another Title"], ["The Title", "Another Title"]),
        (["CHAPTER I.\nThe Title", "CHAPTER II.\nAnother Title"], ["The Title", "Another Title"]),
        (["I.", "II.", "III."], [None, None, None]),
        (["i.", "ii.", "iii."], [None, None, None]),
        (["I", "II"], [None, None]),
        (["1.", "2.", "3."], [None, None, None]),
        (["ADVENTURE I. A SCANDAL IN BOHEMIA", "ADVENTURE II. THE RED-HEADED LEAGUE"], ["A SCANDAL IN BOHEMIA", "THE RED-HEADED LEAGUE"]),
        (["Prologue", "Chapter One", "Chapter Two", "Epilogue"], ["Prologue", None, None, "Epilogue"]),
        (["I\n\nTHE HAMILTONS", "II\n\nA FAREWELL DINNER"], ["THE HAMILTONS", "A FAREWELL DINNER"]),
        (["CHAPTER\n   1", "CHAPTER\n   2"], [None, None]),
        (["_Chapter I_", "_Chapter II_"], [None, None]),
        (["# Chapter 1: The Road", "## Chapter 2"], ["The Road", None]),
        (["I  The Old Family", "II The Little Shop"], ["The Old Family", "The Little Shop"]),
        (["chapter one", "chapter two: the end"], [None, "the end"]),
        (["_One_\n\nDREAMS", "_Two_\n\nTHE SCHOOL", "_Three_\n\nTOWN"], ["DREAMS", "THE SCHOOL", "TOWN"]),
        (["ONE", "TWO", "THREE"], [None, None, None]),
    ],
)
def test_heading_styles(headings, expected):
    text = numbered(headings)
    doc = doc_of(text)
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert titles(s) == expected
    for c, h in zip(s.chapters, headings):
        assert doc.text[c.heading.start : c.heading.end] == h
        assert doc.text[c.scenes[0].start :].startswith("She walked")


def test_parts_are_headings_when_there_are_chapters():
    text = numbered(["Part One\n\nChapter 1", "Chapter 2", "Book II\n\nChapter 3", "Volume III\n\nChapter 4"])
    doc = doc_of(text)
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert len(s.chapters) == 4
    heads = {doc.text[b.start : b.end] for b in s.blocks if b.kind == "heading"}
    assert {"Part One", "Book II", "Volume III", "Chapter 1"} <= heads
    assert "Part One" not in story_text(doc, s)


def test_parts_are_chapters_when_there_are_none():
    doc = doc_of(numbered(["Part One", "Part Two"]))
    s = detect_structure(doc)
    assert len(s.chapters) == 2
    assert [doc.text[c.heading.start : c.heading.end] for c in s.chapters] == ["Part One", "Part Two"]


def test_false_headings_are_not_chapters():
    text = (
        "CHAPTER I.\n\n" + PROSE + "\nShe counted them off:\n\n1. Buy bread.\n\n2. Feed the cat.\n\n"
        "\u201cThere were two reasons,\u201d he said. \u201cFirst:\n\nI.\n\nthat she left; and\u201d\n\n"
        "Chapter two was found, and she glanced at its opening sentences.\n\n"
        "CHAPTER II.\n\n" + PROSE
    )
    doc = doc_of(text)
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert len(s.chapters) == 2


def test_front_matter_and_table_of_contents():
    toc = "CONTENTS\n\nChapter 1. The Road\nChapter 2. The Gate\nChapter 3. The House\n\n\n"
    front = "THE LONG ROAD\n\nby A. Writer\n\nTo my mother\n\n\n" + toc
    body = numbered(["Chapter 1. The Road", "Chapter 2. The Gate", "Chapter 3. The House"])
    doc = doc_of(front + body)
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert titles(s) == ["The Road", "The Gate", "The House"]
    assert s.chapters[0].start == len(front)
    fm = [b for b in s.blocks if b.kind == "front_matter"]
    assert fm and fm[0].start == 0 and fm[-1].end <= len(front)
    assert all(p.chapter == -1 for p in s.paragraphs if p.end <= len(front))
    assert s.title == "THE LONG ROAD"


def test_dedication_is_front_matter_not_the_title():
    front = "Dedication\n\nTo everyone who waited.\n\n\n"
    doc = doc_of(front + numbered(["Prologue", "Chapter One", "Epilogue"]))
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert titles(s) == ["Prologue", None, "Epilogue"]
    fm = [b for b in s.blocks if b.kind == "front_matter"]
    assert [(b.start, b.end) for b in fm] == [(0, len(front.rstrip()))]
    assert s.title is None


def test_story_before_first_heading_is_an_untitled_chapter():
    text = PROSE * 3 + "\n\nChapter 1\n\n" + PROSE
    doc = doc_of(text)
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert titles(s) == [None, None]
    assert s.chapters[0].heading is None and s.chapters[0].start == 0


def test_no_headings_one_chapter():
    doc = doc_of("\n".join([PROSE] * 4))
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert len(s.chapters) == 1 and s.chapters[0].title is None
    assert len(s.paragraphs) == 8


# --- scenes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mark",
    [
        "~*~*~*~", "***", "* * *", "#", "o0o", "-x-", "xXx", "-----", "________", "        *        *        *", "\u2766",
        "x-x-x-x", "-o-o-o-", "+++", "<><>", "/ / /", "@@@", "~Line Break~", "[scene break]", "-Time Skip-",
    ],
)
def test_scene_break_styles(mark):
    text = "Chapter 1\n\n" + PROSE + "\n" + mark + "\n\n" + PROSE + "\n" + mark + "\n\n" + PROSE
    doc = doc_of(text)
    s = detect_structure(doc)
    check_invariants(doc, s)
    scenes = s.chapters[0].scenes
    assert len(scenes) == 3
    for sc in scenes:
        chunk = doc.text[sc.start : sc.end]
        assert chunk.startswith("She walked") and mark.strip() not in chunk


@pytest.mark.parametrize("line", ["\u201cO--O--O!\u201d", "...", "\u2026", "?!", "--", "+-----------+", "xoxo", "Break"])
def test_lines_that_are_not_scene_breaks(line):
    text = "Chapter 1\n\n" + PROSE + "\n" + line + "\n\n" + PROSE
    doc = doc_of(text)
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert len(s.chapters[0].scenes) == 1
    at = text.index(line, len("Chapter 1"))
    assert any(p.start == at and p.end == at + len(line) for p in s.paragraphs)


def test_blank_line_runs_are_breaks_only_when_unusual():
    paras = [f"Paragraph {i} of the story goes on for a while and then it stops." for i in range(12)]
    usual = "\n\n".join(paras[:6]) + "\n\n\n\n\n\n" + "\n\n".join(paras[6:])
    s = detect_structure(doc_of(usual))
    assert len(s.chapters[0].scenes) == 2
    # A writer who leaves five blank lines between every paragraph is not starting a scene each time.
    wide = "\n\n\n\n\n\n".join(paras)
    s = detect_structure(doc_of(wide))
    assert len(s.chapters[0].scenes) == 1
    assert len(s.paragraphs) == 12


def test_tab_indented_paragraphs():
    text = "\tFirst paragraph, one line.\n\tSecond paragraph \u201cwith a quote.\u201d\n\tThird."
    doc = doc_of(text)
    s = detect_structure(doc)
    assert [doc.text[p.start : p.end] for p in s.paragraphs] == [
        "First paragraph, one line.",
        "Second paragraph \u201cwith a quote.\u201d",
        "Third.",
    ]


TABBED_STORY = (
    "Chapter 1: The Letter\n\n"
    "\tHarry found the envelope on the kitchen table the next morning, propped against the teapot.\n\n"
    "\tHe opened it with shaking hands and read it standing by the window, the kettle forgotten.\n\n"
    "\tDear Harry,\n\n"
    "\tI\u2019m sorry I couldn\u2019t say goodbye in person. Please look after Crookshanks for me.\n\n"
    "\tLove,\n"
    "\tHermione\n\n"
    "\tHe read it three times before he put it down, and then he read it again.\n\n"
    "\t\u201cYou all right?\u201d\n"
    "\t\u201cFine.\u201d\n\n"
    "\tLater he sang softly to himself the old song his mother used to sing:\n\n"
    "\tHush now, don\u2019t you cry\n"
    "\tWipe the tears from your eye\n"
    "\tMorning comes by and by\n"
    "\tAnd the stars will say goodbye\n\n"
    "\tThe house was quiet after that, and the rain kept on against the glass.\n\n"
    "\tA note was pinned to the door. It said:\n\n"
    "\tBack at six.\n"
    "\tDon\u2019t wait up.\n"
    "\t-R\n\n"
    "\tHe didn\u2019t wait up. He went to bed early and lay awake until the clock struck two.\n"
)


def test_tab_on_every_line_of_a_song_and_a_note():
    """A word processor's first-line indent puts a tab before every line; where blank lines separate the
    paragraphs, a song's or a note's lines are still one block, and two short lines of dialogue are still
    two paragraphs."""
    doc = doc_of(TABBED_STORY)
    s = detect_structure(doc)
    check_invariants(doc, s)
    text = doc.text

    def block(kind: str) -> list[str]:
        return [text[b.start : b.end] for b in s.blocks if b.kind == kind]

    song = "Hush now, don\u2019t you cry\n\tWipe the tears from your eye\n\tMorning comes by and by\n\tAnd the stars will say goodbye"
    assert block("verse") == [song]
    (verse,) = [b for b in s.blocks if b.kind == "verse"]
    assert verse.start == text.index("Hush now") and verse.end == verse.start + len(song)
    assert block("note") == ["Back at six.\n\tDon\u2019t wait up.\n\t-R"]
    assert block("letter") == [text[text.index("Dear Harry,") : text.index("Hermione") + len("Hermione")]]
    paras = [text[p.start : p.end] for p in s.paragraphs]
    assert "\u201cYou all right?\u201d" in paras and "\u201cFine.\u201d" in paras
    assert "Wipe the tears from your eye" not in story_text(doc, s)


SONG = ["When you come back I won\u2019t be here", "She said and gently pulled me near", "If you wanna talk you can call", "No it\u2019s not your fault"]


def test_song_typed_one_line_per_paragraph():
    """A rich-text editor makes each line of a song its own paragraph (<p> in HTML, blank lines in text):
    still one verse block, from its first line to its last."""
    from ingest_builders import FIXTURES

    html = (FIXTURES / "ao3_work.html").read_text(encoding="utf-8")
    lyrics = "".join(f"<p><em>{line}</em></p>\n" for line in SONG)
    html = html.replace("<p>Morning came grey over the harbour.</p>", "<p>Morning came grey over the harbour.</p>\n" + lyrics)
    texts = [
        from_bytes(html.encode("utf-8"), "lyrics.html", "html"),
        doc_of("Chapter 1\n\n" + PROSE + "\n" + "\n\n".join(SONG) + "\n\n" + PROSE),
    ]
    for doc in texts:
        s = detect_structure(doc)
        check_invariants(doc, s)
        (verse,) = [b for b in s.blocks if b.kind == "verse"]
        assert verse.start == doc.text.index(SONG[0]) and verse.end == doc.text.index(SONG[-1]) + len(SONG[-1])
        assert SONG[1] not in story_text(doc, s)


def test_songfic_opening_with_lines_typed_one_per_paragraph():
    header = "Lover After Me\nby Someone\n\n"
    text = header + "\n\n".join(SONG) + "\n\n" + PROSE * 3
    doc = doc_of(text)
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert [(b.kind, b.start, b.end) for b in s.blocks] == [
        ("front_matter", 0, len(header.rstrip())),
        ("verse", len(header), text.index(SONG[-1]) + len(SONG[-1])),
    ]
    assert s.chapters[0].start == len(header) and s.chapters[0].title is None


def test_short_lines_that_are_not_a_song():
    dialogue = ["\u201cNo.\u201d", "\u201cYes.\u201d", "\u201cNo!\u201d", "\u201cFine.\u201d"]
    prose = ["He waited.", "Nothing came.", "The clock ticked on", "She never called."]
    chat = ["Buffy: where are you", "Spike: outside", "Buffy: come in then", "Spike: on my way"]
    headline = ["          SENATE REFUSES TO CONFIRM", "   Todd Insurgents Muster Votes", "        Rumored Revenge", "  Machine Defeated"]
    for lines in (dialogue, prose, chat, headline):
        doc = doc_of("Chapter 1\n\n" + PROSE + "\n" + "\n\n".join(lines) + "\n\n" + PROSE)
        s = detect_structure(doc)
        check_invariants(doc, s)
        assert not [b for b in s.blocks if b.kind == "verse"], lines


def test_letter_closing_then_name():
    body = "Dear Mother,\n\nThe school is cold and the food is worse, but I have made a friend.\n\n"
    for close in ("Love,\nTom", "Your loving son,\n\nTom"):
        text = "Chapter 1\n\n" + PROSE + "\n" + body + close + "\n\n" + PROSE
        doc = doc_of(text)
        s = detect_structure(doc)
        check_invariants(doc, s)
        (letter,) = [b for b in s.blocks if b.kind == "letter"]
        assert doc.text[letter.start : letter.end] == body + close


def test_hard_wrapped_paragraphs_and_letter():
    wrapped = (
        "It was a long time before she answered the letter, and when she did\n"
        "she wrote it slowly, crossing out more than she kept, and the candle\n"
        "had burnt low before she sealed it and gave it to the maid to post.\n"
    )
    letter = (
        "     MY DEAR SIR,\n\n"
        "     I have the honour to acknowledge your letter of the fourth, and\n"
        "     to assure you that nothing in it gave me the smallest offence.\n\n"
        "     Yours very sincerely,\n\n"
        "     MARY HILL.\n"
    )
    text = ("Chapter 1\n\n" + (wrapped + "\n") * 6) + letter + "\n" + (wrapped + "\n") * 2
    doc = doc_of(text)
    s = detect_structure(doc)
    check_invariants(doc, s)
    first = s.story_paragraphs()[0]
    assert doc.text[first.start : first.end] == wrapped.strip()
    letters = [b for b in s.blocks if b.kind == "letter"]
    assert len(letters) == 1
    assert doc.text[letters[0].start : letters[0].end] == letter.strip()
    assert "MY DEAR SIR" in story_text(doc, s)


def test_author_note_in_text():
    text = "A/N: Thanks for all the reviews! Disclaimer: I own nothing.\n\nChapter 1\n\n" + PROSE + "\nA/N: more soon.\n"
    doc = doc_of(text)
    s = detect_structure(doc)
    check_invariants(doc, s)
    notes = [doc.text[b.start : b.end] for b in s.blocks if b.kind == "author_note"]
    assert "A/N: more soon." in notes
    story = story_text(doc, s)
    assert "A/N" not in story and "She walked" in story


def test_verse_vs_wrapped_prose():
    wrapped = (
        "The rain had come on again before they reached the house, and by\n"
        "the time the carriage stopped at the door the road was running with\n"
        "water and the horses were steaming in the cold evening air outside.\n"
    )
    poem = "Twinkle, twinkle, little bat!\nHow I wonder what you're at!\nUp above the world you fly,\nLike a tea-tray in the sky.\n"
    text = "Chapter 1\n\n" + (wrapped + "\n") * 8 + poem + "\n" + (wrapped + "\n") * 2
    doc = doc_of(text)
    s = detect_structure(doc)
    verses = [doc.text[b.start : b.end] for b in s.blocks if b.kind == "verse"]
    assert verses == [poem.strip()]


# --- Gutenberg body and format-given sections -------------------------------------------------------


def test_gutenberg_body_respected():
    header = "The Project Gutenberg eBook of A Tale\n\nCHAPTER I.\n\n*** START OF THE PROJECT GUTENBERG EBOOK A TALE ***\n\n"
    footer = "\n\n*** END OF THE PROJECT GUTENBERG EBOOK A TALE ***\n\nCHAPTER IX.\n\nLicence text.\n"
    body = numbered(["CHAPTER I.", "CHAPTER II."])
    doc = doc_of(header + body + footer)
    assert doc.body is not None
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert len(s.chapters) == 2
    assert s.chapters[0].start == len(header)
    assert all(p.end <= len(header) + len(body) for p in s.paragraphs)


def test_sections_drive_structure():
    parts = [
        ("heading", "Chapter 1: Arrival"),
        ("author_note", "Author's note: thanks for reading!"),
        ("text", "She came in out of the rain.\n\n\u201cHello,\u201d she said."),
        ("scene_break", "* * *"),
        ("text", "Later that night the storm broke."),
        ("heading", "Chapter 2: Departure"),
        ("text", "In the morning she left."),
    ]
    text = ""
    spans = []
    for kind, chunk in parts:
        if text:
            text += "\n\n"
        spans.append((kind, len(text), len(text) + len(chunk)))
        text += chunk
    sec = [Section(k, a, e) for k, a, e in spans if k != "text"]
    ch1 = Section("chapter", spans[0][1], spans[4][2], "Arrival")
    ch2 = Section("chapter", spans[5][1], spans[6][2], "Departure")
    doc = doc_of(text, tuple(sorted(sec + [ch1, ch2], key=lambda x: x.start)))
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert titles(s) == ["Arrival", "Departure"]
    assert s.chapters[0].heading == Span(spans[0][1], spans[0][2])
    assert len(s.chapters[0].scenes) == 2
    assert doc.text[s.chapters[0].scenes[1].start : s.chapters[0].scenes[1].end] == "Later that night the storm broke."
    assert [doc.text[b.start : b.end] for b in s.blocks if b.kind == "author_note"] == ["Author's note: thanks for reading!"]
    story = story_text(doc, s)
    assert "thanks for reading" not in story and "Chapter 1" not in story
    assert "She came in out of the rain." in story and "In the morning she left." in story


def test_sample_story():
    from pathlib import Path

    import personae

    path = Path(personae.__file__).parent / "sample" / "a-scandal-in-bohemia.txt"
    doc = load(path)
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert len(s.chapters) == 3
    assert s.title == "A SCANDAL IN BOHEMIA"


# --- robustness -------------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = [
    "", "", "", "Chapter 1", "CHAPTER II.", "I.", "II", "Prologue:", "Part Two", "* * *", "~*~*~*~", "#",
    "\tShe said, \u201cyes.\u201d", "He went home and slept until the morning came round again at last,",
    "Dear John,", "Yours ever,", "-Ann", "A/N: hi", "CONTENTS", "by Someone", "   centred   ", "\u00a0",
    "When you come back I won't be here", "She said and gently pulled me near", "x", "1.", "[I]", "THE END",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=60), st.sampled_from(["\n", "\r\n"]))
def test_any_text_gives_valid_offsets(pieces, newline):
    text = newline.join(pieces) + "x"
    doc = doc_of(text)
    s = detect_structure(doc)
    check_invariants(doc, s)


def test_sections_without_heading_sections_and_outside_text():
    pre = "My Story\n\nSummary: two people meet."
    ch1 = "Chapter 1: Meeting\n\nThey met at noon.\n\n\u201cHi,\u201d she said."
    ch2 = "Leaving\n\nThey parted at dusk."
    text = pre + "\n\n" + ch1 + "\n\n" + ch2
    a1 = len(pre) + 2
    a2 = a1 + len(ch1) + 2
    doc = doc_of(text, (Section("chapter", a1, a1 + len(ch1), None), Section("chapter", a2, len(text), "Leaving")))
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert [doc.text[c.heading.start : c.heading.end] for c in s.chapters] == ["Chapter 1: Meeting", "Leaving"]
    fm = [doc.text[b.start : b.end] for b in s.blocks if b.kind == "front_matter"]
    assert fm == [pre]
    assert story_text(doc, s) == "They met at noon.\n\u201cHi,\u201d she said.\nThey parted at dusk."


def test_songfic_lyrics_open_the_story_and_fanfic_header_is_front_matter():
    lyrics = "I walk a lonely road\nThe only one that I have ever known\nDon't know where it goes\nBut it's home to me"
    header = "Title: Roads\nAuthor: someone\nRating: T\nSummary: She leaves. He follows, eventually, after a long time.\n\n"
    text = header + lyrics + "\n\n" + "\n".join([PROSE] * 3)
    doc = doc_of(text)
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert [doc.text[b.start : b.end] for b in s.blocks if b.kind == "front_matter"] == [header.strip()]
    assert [doc.text[b.start : b.end] for b in s.blocks if b.kind == "verse"] == [lyrics]
    assert len(s.chapters) == 1 and s.chapters[0].start == len(header)
    assert "lonely road" not in story_text(doc, s)


def test_speech_below_a_heading_is_not_its_title():
    text = "CHAPTER I\n\n\u201cTOM!\u201d\n\nNo answer.\n\n" + PROSE + "\nCHAPTER II\n\n" + PROSE
    s = detect_structure(doc_of(text))
    assert titles(s) == [None, None]


def test_unnumbered_title_headings():
    story = ("He went along the quay and looked at the boats, and then he went home again. " * 12 + "\n\n") * 6
    text = "".join(f"\n\n{t}\n\n" + story for t in ["THE SISTERS", "AN ENCOUNTER", "ARABY"])
    doc = doc_of(text)
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert titles(s) == ["THE SISTERS", "AN ENCOUNTER", "ARABY"]


def test_fanfic_letter_and_closing_author_note():
    letter = "*Dear Spike,*\nI'm sorry I left. I didn't know what else to do.\nLove always,\nBuffy"
    text = (
        "Chapter 1\n\n\tShe sat down to write.\n\t\u201cNO!\u201d he shouted from the hall.\n\n"
        + letter
        + "\n\n\tShe folded it twice.\n\nA/N: Thanks for reading!\n\nPlease review :)\n\nChapter 2\n\n\tMorning."
    )
    doc = doc_of(text)
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert [doc.text[b.start : b.end] for b in s.blocks if b.kind in ("letter", "note")] == [letter]
    notes = [doc.text[b.start : b.end] for b in s.blocks if b.kind == "author_note"]
    assert notes == ["A/N: Thanks for reading!\n\nPlease review :)"]
    assert "Please review" not in story_text(doc, s)


def test_old_mac_line_ends(fanfic):
    """A file whose lines end with a lone "\r" (classic Mac OS) has the same structure, at the same offsets
    (the text is not translated: "\r" and "\n" are one character each)."""
    doc, s = fanfic
    mac = from_string(doc.text.replace("\n", "\r"))
    m = detect_structure(mac)
    check_invariants(mac, m)
    assert m.chapters == s.chapters and m.blocks == s.blocks and m.paragraphs == s.paragraphs
    assert mac.text[m.chapters[1].heading.start : m.chapters[1].heading.end] == "Chapter 1:  Lover After Me"


def test_structure_json_is_valid(fanfic):
    from personae.model import Analysis, validate

    doc, s = fanfic
    data = Analysis(document=doc, structure=s).to_dict()
    validate(data)
    assert [c["title"] for c in data["chapters"]] == ["Prologue", "Lover After Me", "Where You Want To Be?", "Unlovable"]
    assert sorted({b["kind"] for b in data["blocks"]}) == ["heading", "note", "verse"]


def test_one_paragraph_per_line_export():
    line = "She walked down the long road to the village and thought about the letter she had not yet answered, " \
        "and about {} who had written it."
    paras = [line.format(f"the person number {i}") for i in range(30)]
    text = "Chapter 1\n\n" + "\n".join(paras[:15]) + "\n\n" + "\n".join(paras[15:])
    doc = doc_of(text)
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert len(s.paragraphs) == 30
    assert len(s.chapters[0].scenes) == 2


def test_numbered_stanzas_are_not_chapters():
    stanza = "In the greenest of our valleys,\n    By good angels tenanted,\nOnce a fair and stately palace\n    Reared its head."
    text = PROSE + "\n" + "".join(f"{n}.\n\n{stanza}\n\n" for n in ["I", "II", "III"]) + PROSE
    doc = doc_of(text)
    s = detect_structure(doc)
    check_invariants(doc, s)
    assert len(s.chapters) == 1
    assert sum(b.kind == "verse" for b in s.blocks) == 3
