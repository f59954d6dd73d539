"""The numbers structure detection judges lines by, in one frozen settings object.

Each field is one threshold or ratio of one rule, with why it has that value. Lengths are in characters
of a stripped line, counts of lines or paragraphs, shares in [0, 1]. ``detect_structure(doc, settings)``
takes a ``StructureSettings``; the defaults are what every figure in ``benchmarks/structure.py`` and the
tests were measured with. Change one to study a rule, not to fit a book.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StructureSettings:
    # --- layout (lines.measure_layout) ------------------------------------------------------------
    # Hard-wrapped prose: most non-blank lines run on into another line ...
    wrapped_min_followed_share: float = 0.4
    # ... with enough such lines to measure a width from ...
    wrapped_min_lines: int = 10
    # ... the width being the length most wrapped lines stay under (a few long lines are headings or
    # lines the editor forgot to wrap) ...
    wrap_width_quantile: float = 0.9
    # ... and no wider than a wrapping editor's page (past it, lines are whole paragraphs).
    wrapped_max_width: int = 100
    # One paragraph per line, no blank line between: a long text (20 lines) whose lines mostly run on
    # into the next and are, at the median, longer than any wrap width.
    each_line_min_lines: int = 20
    each_line_min_followed_share: float = 0.5
    each_line_min_median_length: int = 100
    # Tab indents that start paragraphs already separated by blank lines: enough tabbed lines (10),
    # half of them after a blank line.
    tabbed_min_lines: int = 10
    tabbed_min_after_blank_share: float = 0.5
    # There, a tab after a line this short (a verse or address line, not a paragraph of prose)
    # continues the block rather than starting a paragraph.
    tab_continues_max_length: int = 80
    # A line end is deliberate when the next word would have fitted with this much room to spare
    # (wrapping editors leave a ragged margin of a few characters).
    wrap_margin: int = 4

    # --- scene breaks (breaks) --------------------------------------------------------------------
    # A row of dashes shorter than this ("-", "--") is interrupted speech, not a rule.
    rule_min_length: int = 3
    # Letter ornaments ("o0o", "xXx", "x-x-x-x") are short; a longer line of o's and x's is a word or a cry.
    letter_ornament_max_length: int = 12
    # Blank-line scene breaks are judged against the chapter's usual gap, which needs a few gaps.
    blank_break_min_gaps: int = 4
    # A break gap is at least this many blank lines ...
    blank_break_min_lines: int = 3
    # ... and more than this many times the usual gap ...
    blank_break_gap_factor: int = 2
    # ... and rare: when more gaps than this share are that wide, wide gaps are the writer's habit.
    blank_break_max_share: float = 0.15

    # --- headings (headings) ----------------------------------------------------------------------
    # A heading is one short line; past this it is a paragraph that starts with "Chapter".
    heading_max_length: int = 120
    # A title is one line of a printed page at most.
    title_max_length: int = 80
    # Short words ("of", "the", "in") stay lower case in a title, so only longer words are counted ...
    title_short_word_length: int = 3
    # ... and at least half of those start with a capital.
    title_min_capitalised_share: float = 0.5
    # A heading's title carried onto the next line is short and followed by a blank line ...
    title_continuation_max_length: int = 60
    # ... otherwise a heading line this long running on into the next is prose starting with "Chapter".
    heading_full_line_length: int = 60
    # "Prologue: ..." with a title: still one short line.
    named_heading_max_length: int = 80
    # "CHAPTER" with its number below, across at most this many blank lines.
    number_below_keyword_max_blanks: int = 2
    # A title set below a numbered heading, across at most this many blank lines.
    title_below_max_blanks: int = 3
    # A title in capitals wrapped onto two lines: two title lines at most.
    wrapped_title_max_length: int = 160

    # --- which headings are chapters (chapters) ---------------------------------------------------
    # Tables of contents list at least three headings (two could be a heading and its title) ...
    toc_min_entries: int = 3
    # ... each entry one line (page numbers stripped) ...
    toc_entry_max_length: int = 100
    # ... a named entry ("Epilogue") shorter still ...
    toc_named_entry_max_length: int = 60
    # ... with at most one short line (the entry's title) between entries ...
    toc_title_max_length: int = 60
    # ... and the "Contents" line above the first entry across at most four blank lines.
    toc_title_max_lines_above: int = 4
    # Two headings of a kind make a sequence; one alone may be a stray line.
    min_sequence: int = 2
    # Bare numbers: a sequence starts at 1 or 2 (the first chapter is sometimes unnumbered) ...
    sequence_max_first: int = 2
    # ... and each number follows the last, one skipped at most (a heading lost in conversion).
    sequence_max_step: int = 2
    # Numbers over verse in most of the gaps between them number stanzas, not chapters.
    stanza_numbers_min_verse_share: float = 0.75
    # Chapters named in capitals ("ARABY"): a short line ...
    titled_heading_max_length: int = 60
    # ... with a few letters (not "I." or a dingbat) ...
    titled_heading_min_letters: int = 3
    # ... set two blank lines apart, or centred by this much indentation ...
    titled_heading_min_indent: int = 8
    # ... recurring at least three times ...
    titled_min_headings: int = 3
    # ... never closer than a few paragraphs (150 words) ...
    titled_min_words_between: int = 150
    # ... and usually a chapter's length apart (500 words at the median).
    titled_min_median_words_between: int = 500

    # --- verse (verse) ----------------------------------------------------------------------------
    # Verse lines are short: no longer than the prose width, nor than a printed line.
    verse_max_line_length: int = 80
    # A one-line paragraph reads as verse when shorter than most lines of prose.
    verse_single_line_max_length: int = 60
    # Most verse lines start with a capital ...
    verse_min_capitalised_share: float = 0.75
    # ... and most line ends are where the poet broke the line, not the printer.
    verse_min_deliberate_share: float = 0.75
    # A following stanza may pass the prose width by this much (a long line of the poem) ...
    stanza_width_slack: int = 2
    # ... and needs only half its line ends deliberate.
    stanza_min_deliberate_share: float = 0.5
    # A verse block has at least three lines (two short lines may be a heading and a date).
    verse_min_lines: int = 3
    # Song lines typed one per paragraph: short lines ...
    lyric_max_length: int = 60
    # ... at least four in a row ...
    song_min_lines: int = 4
    # ... mostly without a sentence's closing mark.
    song_min_open_share: float = 0.75

    # --- letters and notes (letters, blocks) ------------------------------------------------------
    # The salutation is on one of the first three lines ("WINDSOR-JULY." / "MY DEAR MADAM,") ...
    salutation_within_lines: int = 3
    # ... of one of the first three paragraphs.
    salutation_within_paras: int = 3
    # An announcement ("the note on her pillow read:") ends the paragraph before, in its last sentence.
    announcement_tail_chars: int = 160
    # An announced text of this many line breaks or more that reads as verse is a poem, not a note.
    announced_verse_min_breaks: int = 3
    # A written text longer than this (or saluted) is a letter; shorter, a note.
    letter_min_words: int = 120
    # An unsigned, unindented letter must reach its signature within this many paragraphs ...
    letter_max_paras: int = 25
    # ... an indented one runs to the narrative's margin, within this many.
    indented_letter_max_paras: int = 40
    # The address and date above an indented letter's salutation: a few short paragraphs.
    letter_heading_max_paras: int = 3
    letter_heading_max_lines: int = 3
    # A note without signature: most of its line ends are where the writer broke them.
    note_min_deliberate_share: float = 0.75
    # A signature is short ("-Buffy", "WILLIAM COLLINS.") ...
    signature_max_length: int = 40
    # ... a name in capitals of a few words ...
    signature_max_words: int = 5
    # ... or, under a closing ("Love,"), a few capitalised words ("Mr. J. Smith").
    signed_name_max_words: int = 4

    # --- author's notes (blocks) ------------------------------------------------------------------
    # An author's note near the chapter's end takes the few short paragraphs after it ("Please
    # review!"): the note and at most three more ...
    closing_note_max_paras: int = 4
    # ... each shorter than a paragraph of story.
    closing_note_max_words: int = 60

    # --- front matter (front) ---------------------------------------------------------------------
    # Display lines of a title page or dedication: short lines ...
    front_line_max_length: int = 70
    # ... in paragraphs of at most three lines ...
    front_display_max_lines: int = 3
    # ... and a few words.
    front_display_max_words: int = 20
    # Before the first heading, story is a paragraph of 30 words or more, or of three lines or more.
    opening_story_min_words: int = 30
    opening_story_min_breaks: int = 2
    # A volume's title page between chapters: short lines ...
    title_page_line_max_length: int = 60
    # ... in runs of at most six lines.
    title_page_max_lines: int = 6


DEFAULT_SETTINGS = StructureSettings()
