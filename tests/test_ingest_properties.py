"""Ingest never crashes on odd input and always keeps its offset contract."""

from __future__ import annotations

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
