"""Robustness: ingest, structure and quotes on random and mutated text never crash and always return
offsets into the text; non-English and non-fiction input is analysed with a warning.

A longer fuzz run: ``PERSONAE_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import os
from importlib.resources import files

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personae.document import Document, InputError
from personae.ingest import from_string
from personae.ingest.txt import decode_text
from personae.model import Structure
from personae.quotes import find_quotes
from personae.structure import detect_structure

EXAMPLES = int(os.environ.get("PERSONAE_FUZZ_EXAMPLES", "120"))
fuzz = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

SAMPLE = (files("personae") / "sample" / "a-scandal-in-bohemia.txt").read_text(encoding="utf-8")

QUOTES = ['"', "“", "”", "'", "‘", "’", "«", "»", "„", "‹", "›", "—", "''", "``"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]
NEWLINES = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\r\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\n\t", "\n \n"]
EMOJI = ["😀", "👩‍❤️‍👨", "🇫🇷", "🏳️‍🌈", "👍🏽", "✨", "\U0001f9d1\u200d\U0001f680"]
RTL = ["שלום עולם", "مرحبا بالعالم", "\u202eevil\u202c", "\u200f", "\u200e", "\u061c", "אמרה \"כן\" והלכה"]
MARKUP = ["\n\nChapter 7\n\n", "\n\nCHAPTER IV.\n\n", "\n\n* * *\n\n", "\n~*~*~*~\n", "\nA/N: thanks!\n", "\n\nPrologue\n\n",
          "*** START OF THE PROJECT GUTENBERG EBOOK X ***\n", "*** END OF THE PROJECT GUTENBERG EBOOK X ***", "<p>", "</i>",
          "e\u0301", "\x00", "\ufffd", "\t\t", "    ", "\ud7ff", "𝔄𝔟"]
NOISE = QUOTES + ZERO_WIDTH + NEWLINES + EMOJI + RTL + MARKUP


@st.composite
def mutated_text(draw) -> str:
    """A slice of a real story with random insertions, deletions and duplications."""
    start = draw(st.integers(0, len(SAMPLE) - 1))
    text = SAMPLE[start : start + draw(st.integers(0, 20_000))]
    for _ in range(draw(st.integers(0, 30))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "insert", "insert", "delete", "duplicate", "random"]))
        if op == "insert":
            text = text[:pos] + draw(st.sampled_from(NOISE)) * draw(st.integers(1, 3)) + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(0, 200)) :]
        elif op == "duplicate":
            text = text[:pos] + text[pos : pos + 300] * 2 + text[pos + 300 :]
        else:
            text = text[:pos] + draw(st.text(max_size=20)) + text[pos:]
    return text


noise_text = st.lists(st.sampled_from(NOISE + list("ab .,\"'")), max_size=200).map("".join)
any_text = st.one_of(st.text(max_size=500), noise_text, mutated_text())


def check_structure(s: Structure, text: str) -> None:
    n = len(text)
    prev_end = 0
    for c in s.chapters:
        assert 0 <= c.start <= c.end <= n
        assert c.start >= prev_end, "chapters overlap or are out of order"
        prev_end = c.end
        scene_end = c.start
        for sc in c.scenes:
            assert c.start <= sc.start <= sc.end <= c.end
            assert sc.start >= scene_end, "scenes overlap"
            scene_end = sc.end
        if c.heading is not None:
            assert 0 <= c.heading.start <= c.heading.end <= n
    prev_end = 0
    for p in s.paragraphs:
        assert 0 <= p.start <= p.end <= n
        assert p.start >= prev_end, "paragraphs overlap"
        prev_end = p.end
        assert -1 <= p.chapter < len(s.chapters)
    for b in s.blocks:
        assert 0 <= b.start <= b.end <= n
    for p in s.story_paragraphs():
        assert 0 <= p.start <= p.end <= n


def check_quotes(quotes, text: str) -> None:
    n = len(text)
    assert len({q.id for q in quotes}) == len(quotes)
    for q in quotes:
        assert 0 <= q.start <= q.end <= n
        for part in q.parts:
            assert q.start <= part.start <= part.end <= q.end
        if q.tag is not None:
            assert 0 <= q.tag.start <= q.tag.end <= n
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)


def structure_and_quotes(doc: Document) -> None:
    text = doc.text
    body = doc.body_span
    assert 0 <= body.start <= body.end <= len(text)
    s = detect_structure(doc)
    check_structure(s, text)
    check_quotes(find_quotes(text, s.story_paragraphs()), text)


@fuzz
@given(st.binary(max_size=4000))
def test_decode_random_bytes(data):
    try:
        text = decode_text(data, "x.txt")
    except InputError as e:
        assert str(e).startswith("x.txt: ")
        return
    assert isinstance(text, str)


@fuzz
@given(st.binary(max_size=2000), st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1", "utf-8-sig"]))
def test_decode_text_in_any_encoding(data, encoding):
    text = data.decode("latin-1")
    try:
        raw = text.encode(encoding, errors="replace")
    except UnicodeError:
        return
    try:
        decode_text(raw, "x.txt")
    except InputError:
        pass


@fuzz
@given(any_text)
def test_ingest_structure_quotes_on_random_text(text):
    try:
        doc = from_string(text)
    except InputError:
        assert not text.strip()
        return
    assert doc.text == text  # no newline translation, nothing dropped
    structure_and_quotes(doc)


@pytest.mark.parametrize(
    "text",
    [
        "word " * 200_000 + "“and she never closed it",  # 1 MB on one line, an unbalanced quote
        ("“Yes,” she said. “No" * 30_000) + "\r\n",
        "\u200b" * 50_000,
        "\r\n\r\r\n\n\u2028\u2029\x85" * 20_000,
        ("😀👩‍❤️‍👨 " * 5000) + "\n\n" + ("שלום עולם. " * 5000),
        "Chapter 1\n\n" * 20_000,
        "\n\n* * *\n\n" * 20_000,
        "*** START OF THE PROJECT GUTENBERG EBOOK X ***\n\nCHAPTER I.\n\n\"Hello,\" he said.\n",
    ],
    ids=["1MB-line", "unbalanced", "zero-width", "newlines", "emoji-rtl", "headings", "breaks", "gutenberg-no-end"],
)
def test_adversarial_texts(text):
    doc = from_string(text) if text.strip() else None
    if doc is None:
        with pytest.raises(InputError):
            from_string(text)
        return
    structure_and_quotes(doc)
    assert decode_text(text.encode("utf-8"), "x.txt") == text


# --- whole pipeline on odd input: no crash, valid output, a warning when it is not English fiction ----

FRENCH = (
    "Le lendemain matin, quand elle se réveilla, la pluie tombait encore sur les toits de la ville. Elle resta "
    "longtemps immobile dans son lit, écoutant le bruit régulier des gouttes contre la vitre, et pensa à la lettre "
    "qu'elle avait reçue la veille. Son frère ne viendrait pas ; il l'avait écrit en quelques lignes sèches, sans un "
    "mot d'excuse. « Tant pis, » dit-elle enfin à voix haute, « je partirai seule. » Elle se leva, s'habilla "
    "rapidement et descendit à la cuisine où la vieille servante préparait déjà le café.\n\n"
)
HEBREW = "בבוקר שלמחרת, כשהתעוררה, הגשם עדיין ירד על גגות העיר. \"לא משנה,\" אמרה לבסוף בקול, \"אסע לבד.\"\n\n"
MANUAL = (
    "To install the package, run the installer and select the components required for the target platform. "
    "The configuration file is read at start-up; each section defines the parameters of one module. Values "
    "that are not specified take the defaults listed in the reference table. The cache directory must be "
    "writable by the service account, and the log level may be raised for diagnosis of network errors.\n\n"
)
CODE = "def f(x):\n    return {k: v for k, v in x.items() if v > 0}  # 1, 2, 3\n\nx = [1, 2, 3]; y = f({'a': 1})\n\n"


def _analyze_checked(text: str):
    import personae

    a = personae.analyze(from_string(text))
    d = a.to_dict()
    personae.validate(d)
    check_structure(a.structure, text)
    check_quotes(a.quotes, text)
    for m in a.mentions:
        assert 0 <= m.start <= m.end <= len(text)
    return a


@pytest.mark.parametrize("text", [FRENCH * 6, HEBREW * 20, MANUAL * 6, CODE * 20], ids=["french", "hebrew", "manual", "code"])
def test_not_english_fiction_is_analysed_with_a_warning(text):
    a = _analyze_checked(text)
    assert any("unreliable" in w for w in a.warnings), a.warnings


def test_odd_text_is_analysed():
    text = "\u200b“Hi,” said 😀.\r\n\r\nשלום\u202e! “Unclosed\r\r" + "\n\n".join(["She ran. ‘Wait!’ he cried."] * 50)
    _analyze_checked(text)


def test_english_fiction_has_no_language_warning():
    from personae.language_check import language_warnings

    doc = from_string(SAMPLE)
    assert language_warnings(doc.text, detect_structure(doc).story_paragraphs()) == []


def test_language_check_sides():
    from personae.language_check import language_warnings
    from personae.model import Paragraph

    def warn(text: str) -> list[str]:
        return language_warnings(text, [Paragraph(0, len(text), 0, 0)])

    assert warn(SAMPLE[5000:60_000]) == []
    assert "English" in warn(FRENCH * 6)[0]
    assert "fiction" in warn(MANUAL * 6)[0]
    assert "not prose" in warn(CODE * 20)[0] or "fiction" in warn(CODE * 20)[0]
    assert warn("Bonjour.") == []  # too short to judge
