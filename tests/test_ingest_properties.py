"""Ingest never crashes on odd input and always keeps its offset contract."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from personae.document import InputError
from personae.ingest import from_bytes


@settings(max_examples=150, deadline=None)
@given(st.binary(min_size=1, max_size=400))
def test_any_bytes_decode_or_fail_cleanly(data):
    try:
        doc = from_bytes(data, "x.txt", "txt")
    except InputError as e:
        assert "\n" not in str(e)
        return
    assert doc.text.strip()
    if doc.body is not None:
        assert 0 <= doc.body.start <= doc.body.end <= len(doc.text)


_TAGS = ["p", "div", "h2", "h3", "span", "i", "blockquote", "li", "pre"]
_piece = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12).map(
        lambda s: s.replace("<", "&lt;").replace("&", "&amp;")
    ),
    st.sampled_from(["<br>", "<hr>", "<br/>", "&nbsp;", "\n", "  "]),
)


@st.composite
def html_docs(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 5))):
        if depth < 3 and draw(st.booleans()):
            tag = draw(st.sampled_from(_TAGS))
            parts.append(f"<{tag}>{draw(html_docs(depth + 1))}</{tag}>")
        else:
            parts.append(draw(_piece))
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(html_docs())
def test_any_html_renders_with_valid_sections(body):
    data = f"<html><body>{body}</body></html>".encode("utf-8")
    try:
        doc = from_bytes(data, "x.html", "html")
    except InputError:
        return
    n = len(doc.text)
    assert doc.text == doc.text.strip()
    for s in doc.sections:
        assert 0 <= s.start < s.end <= n
        piece = doc.text[s.start : s.end]
        assert piece == piece.strip()
        if s.kind == "scene_break":
            assert piece == "* * *"


def _good_epub() -> bytes:
    import tempfile
    from pathlib import Path

    from ingest_builders import fanficfare_epub

    with tempfile.TemporaryDirectory() as tmp:
        return fanficfare_epub(Path(tmp) / "good.epub").read_bytes()


_EPUB = _good_epub()


@settings(max_examples=int(os.environ.get("PERSONAE_FUZZ_EXAMPLES", "150")), deadline=None)
@given(st.data())
def test_mutated_epub_reads_or_fails_cleanly(data):
    """A real EPUB cut short, with bytes overwritten or inserted: a document with valid sections, or one
    clear InputError line, never another exception."""
    epub = bytearray(_EPUB)
    for _ in range(data.draw(st.integers(1, 4))):
        op = data.draw(st.sampled_from(["cut", "overwrite", "insert"]))
        at = data.draw(st.integers(0, max(0, len(epub) - 1)))
        if op == "cut":
            del epub[at:]
        elif op == "overwrite":
            chunk = data.draw(st.binary(min_size=1, max_size=16))
            epub[at : at + len(chunk)] = chunk
        else:
            epub[at:at] = data.draw(st.binary(min_size=1, max_size=64))
    try:
        doc = from_bytes(bytes(epub), "x.epub", "epub")
    except InputError as e:
        assert "\n" not in str(e)
        return
    n = len(doc.text)
    for s in doc.sections:
        assert 0 <= s.start <= s.end <= n
