"""Quotation detection: every style on synthetic text, and the fan fiction's prologue and first scene."""

from __future__ import annotations

import re

from personae import ingest
from personae.model import Paragraph
from personae.quotes import find_quotes
from personae.structure import detect_structure


def paras(text: str) -> list[Paragraph]:
    out, pos = [], 0
    for chunk in re.split(r"(\n\s*\n)", text):
        if chunk.strip() and not chunk.isspace():
            s = pos + (len(chunk) - len(chunk.lstrip()))
            out.append(Paragraph(s, pos + len(chunk.rstrip()), 0, 0))
        pos += len(chunk)
    return out


def quoted(text: str) -> list[list[str]]:
    return [[text[p.start : p.end] for p in q.parts] for q in find_quotes(text, paras(text))]


def test_interrupted_quote_is_one_utterance_with_two_parts():
    text = "“Yes,” she said, “I will.”\n\n“No.”"
    qs = find_quotes(text, paras(text))
    assert [[text[p.start : p.end] for p in q.parts] for q in qs] == [["Yes,", "I will."], ["No."]]
    assert [q.id for q in qs] == ["Q0", "Q1"]
    assert qs[0].start == text.index("Yes") and qs[0].end == text.index("I will.") + len("I will.")


def test_straight_double_quotes_and_offsets():
    text = 'He looked up. "Where were you?" he asked. "Out."\n\n"Fine," said Ann.'
    qs = find_quotes(text, paras(text))
    assert [[text[p.start : p.end] for p in q.parts] for q in qs] == [["Where were you?", "Out."], ["Fine,"]]
    for q in qs:
        for p in q.parts:
            assert text[p.start - 1] == '"' and text[p.end] == '"'


def test_multi_paragraph_speech_continues_when_next_paragraph_opens_with_a_mark():
    text = "“It began long ago.\n\n“Then it ended,” he said.\n\n“Next.”"
    assert quoted(text) == [["It began long ago.", "Then it ended,"], ["Next."]]


def test_unbalanced_mark_is_recovered_in_its_paragraph():
    text = "“I never closed this one, she said.\n\nShe left. “Bye.”"
    assert quoted(text) == [["I never closed this one, she said."], ["Bye."]]


def test_british_single_quotes_tell_apostrophes_from_marks():
    text = (
        "‘I’m off ’til morning, rock ’n’ roll,’ said Tom. ‘Tell ’em I was nothin’ but polite.’\n\n"
        "Buffy’s coat was on the chair. ‘Goodnight,’ she said.\n\n"
        "‘The girls’ room is upstairs,’ he added."
    )
    assert quoted(text) == [
        ["I’m off ’til morning, rock ’n’ roll,", "Tell ’em I was nothin’ but polite."],
        ["Goodnight,"],
        ["The girls’ room is upstairs,"],
    ]


def test_inner_speech_in_single_quotes_inside_narration():
    text = "“Go,” he said.\n\nShe heard a murmured ‘I love you’ from him, and her mind screamed ‘I love you, too…’"
    assert quoted(text) == [["Go,"], ["I love you"], ["I love you, too…"]]


def test_scare_quotes_and_titles_are_not_speech():
    text = "They had read “Hamlet” twice and called it a “classic” at school.\n\n“Well,” he said."
    assert quoted(text) == [["Well,"]]


def test_em_dash_dialogue():
    lines = [f"— Line {i}, — she said, — and more." for i in range(25)]
    text = "\n\n".join(lines)
    got = quoted(text)
    assert got[0] == ["Line 0,", "and more."] and len(got) == 25


def test_fanfic_prologue_and_first_scene(fanfic_path):
    doc = ingest.load(fanfic_path)
    text = doc.text
    story = detect_structure(doc).story_paragraphs()
    qs = find_quotes(text, story)
    end = text.index("~*~*~*~", 100)  # the end of chapter 1's first scene
    first = [q for q in qs if q.end < end]
    parts = [[text[p.start : p.end] for p in q.parts] for q in first]
    for q in first:
        for p in q.parts:
            assert text[p.start - 1] in "“‘" and text[p.end] in "”’"
    assert parts[0] == ["So that’s it then?"]
    assert parts[2] == ["Buffy…", "I can’t do this without you."]
    # inner speech, each its own utterance (Spike's, then Buffy's)
    assert ["I love you"] in parts and ["I love you, too…"] in parts
    assert ["I’m sorry"] in parts  # "as she whispered a soft, ‘I’m sorry’"
    # ‘bout inside a quote is an apostrophe, not a nested quote
    assert ["Love you, too, B…", "How ‘bout we get some sleep…"] in parts
    assert ["Faith, I--"] in parts
    assert len(first) == 35
