"""Render HTML into the plain text that every offset indexes, remembering where each piece went.

The text is a sequence of blocks joined by one blank line: a paragraph, a heading, a list item, a
scene-break marker. Inside a block, ``<br>`` is a newline and other white space collapses to one space,
as a browser shows it. Sections are recorded as ranges of block indices while rendering and turned into
character offsets only when the text is assembled, so blocks can still be dropped (licence boilerplate)
without any offset going stale.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag, XMLParsedAsHTMLWarning
from bs4.element import PreformattedString

from ..document import Section

SCENE_BREAK = "* * *"

BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup html li main nav ol p pre section summary table ul caption".split()
)
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
SKIP_TAGS = frozenset("head script style title noscript template svg math object iframe button select input".split())
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass
class Mark:
    kind: str
    first: int  # index of the first block inside
    stop: int  # index one past the last block inside
    title: str | None = None


@dataclass
class Rendered:
    blocks: list[str] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    # Element id (or <a name>) -> index of the first block rendered at or after it.
    anchors: dict[str, int] = field(default_factory=dict)
    # Blocks whose visible text is mostly internal links: a table of contents.
    link_blocks: set[int] = field(default_factory=set)


class Renderer:
    """Walks elements and appends blocks. ``begin``/``end`` bracket a section in block indices."""

    def __init__(self, out: Rendered | None = None) -> None:
        self.out = out if out is not None else Rendered()
        self._inline: list[str] = []
        self._links = 0  # characters of link text in the pending block
        self._pending_anchors: list[str] = []
        self._pending_break = False
        self._last = ""  # kind of the last block: "text" | "heading" | "break" | ""
        self._pre = 0
        self._heading_depth = 0
        # EPUB: ids are unique per file, so they are recorded as "file#id".
        self.anchor_prefix = ""

    # --- sections ---------------------------------------------------------------------------------
    def begin(self) -> int:
        self.flush()
        self._pending_break = False
        return len(self.out.blocks)

    def end(self, kind: str, first: int, title: str | None = None) -> Mark | None:
        self.flush()
        self._pending_break = False
        stop = len(self.out.blocks)
        if stop <= first:
            return None
        mark = Mark(kind, first, stop, title)
        self.out.marks.append(mark)
        return mark

    # --- walking ----------------------------------------------------------------------------------
    def render(self, node: Tag | NavigableString, skip: Callable[[Tag], bool] | None = None) -> None:
        """Render ``node`` and its descendants in document order. ``skip(tag)`` -> True leaves a subtree
        out. The walk keeps its own stack, so markup nested to any depth renders (a recursive walk
        stops at Python's recursion limit, ~1000 levels)."""
        todo: list[tuple[Tag | NavigableString | None, Callable[[], None] | None]] = [(node, None)]
        while todo:
            item, done = todo.pop()
            if item is None:
                done()
                continue
            wrap = self.around(item) if isinstance(item, Tag) else None
            if wrap is not None:
                todo.append((None, wrap))
            opened = self._open(item, skip)
            if opened is not None:
                children, close = opened
                todo.append((None, close))
                todo.extend((child, None) for child in reversed(children))

    def around(self, node: Tag) -> Callable[[], None] | None:
        """Called on entering each element, before anything is rendered for it; what it returns is called
        once the element and its descendants are rendered. Readers override it to bracket sections."""
        return None

    def _open(self, node: Tag | NavigableString, skip: Callable[[Tag], bool] | None) -> tuple[list, Callable[[], None]] | None:
        """Render what ``node`` itself contributes; its children to render and what to do after them, or
        None when nothing inside it is rendered."""
        if isinstance(node, NavigableString):
            # Comments, doctypes, CDATA and processing instructions are not visible text.
            if not isinstance(node, PreformattedString):
                self._text(str(node))
            return None
        name = node.name
        if name in SKIP_TAGS or (skip is not None and skip(node)):
            return None
        anchor = node.get("id") or (node.get("name") if name == "a" else None)
        if anchor:
            self._pending_anchors.append(self.anchor_prefix + str(anchor))
        if name == "br":
            self._inline.append("\n")
            return None
        if name == "hr":
            self.flush()
            self._pending_break = True
            return None
        if name == "img":
            return None
        if name in HEADINGS and not self._heading_depth:
            self.on_heading(node)
            return None
        block = name in BLOCK_TAGS
        if block:
            self.flush()
        if name == "pre":
            self._pre += 1
        if name == "tr" and self._inline:
            # A table is one block, a row one line of it ("Label: value" on title pages).
            self._inline.append("\n")
        if name in ("td", "th") and self._inline:
            self._inline.append(" ")
        link = name == "a" and _internal_link(node)
        before = sum(map(len, self._inline)) if link else 0

        def close() -> None:
            if link:
                self._links += sum(map(len, self._inline)) - before
            if name == "pre":
                self._pre -= 1
            if block:
                self.flush()

        return list(node.children), close

    def on_heading(self, node: Tag) -> None:
        """Called for each h1-h6 met while rendering; readers override it to start chapters."""
        self.heading(node)

    def heading(self, node: Tag, kind: str = "heading") -> str | None:
        """Render a heading as its own block and mark it; returns its text (the title)."""
        first = self.begin()
        # A heading inside a heading is part of its text: rendered in the same walk, not as a new
        # heading (which would start another walk per level and recurse without bound).
        self._heading_depth += 1
        try:
            for child in node.children:
                self.render(child)
        finally:
            self._heading_depth -= 1
        self.flush(kind="heading")
        mark = self.end(kind, first)
        if mark is None:
            return None
        return _SPACE.sub(" ", " ".join(self.out.blocks[first:mark.stop])).strip() or None

    def text_block(self, text: str, kind: str = "text") -> None:
        """Append a block of literal text (e.g. 'Rating: Mature')."""
        self.flush()
        self._inline.append(text)
        self.flush(kind=kind)

    def _text(self, s: str) -> None:
        if self._pre:
            self._inline.append(s.replace("\r\n", "\n").replace("\r", "\n"))
        else:
            self._inline.append(_SPACE.sub(" ", s))

    # --- blocks -----------------------------------------------------------------------------------
    def flush(self, kind: str = "text") -> None:
        if not self._inline:
            return
        raw = "".join(self._inline)
        links = self._links
        self._inline, self._links = [], 0
        # Lines lose their edge spaces (also inside <pre>: a block never starts with white space, so a
        # section's text never does either); runs of empty lines from <br><br><br> become one.
        lines = [ln.strip(" \t") for ln in raw.split("\n")]
        text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
        if not text:
            return
        if self._pending_break and kind == "text" and self._last == "text":
            # An <hr> between two stretches of story text is a scene break; one at the edge of a
            # chapter or next to a heading is decoration.
            first = len(self.out.blocks)
            self._append(SCENE_BREAK, "break")
            self.out.marks.append(Mark("scene_break", first, first + 1))
        self._pending_break = False
        index = len(self.out.blocks)
        self._append(text, kind)
        if links >= 0.6 * len(text.replace("\n", "").replace(" ", "")) and links > 0:
            self.out.link_blocks.add(index)

    def anchor(self, key: str) -> None:
        """Name the next block rendered (e.g. the start of an EPUB file)."""
        self._pending_anchors.append(key)

    def _append(self, text: str, kind: str) -> None:
        index = len(self.out.blocks)
        for a in self._pending_anchors:
            self.out.anchors.setdefault(a, index)
        self._pending_anchors = []
        self.out.blocks.append(text)
        self._last = kind

    def finish(self) -> Rendered:
        self.flush()
        return self.out


def _internal_link(a: Tag) -> bool:
    href = a.get("href")
    if not href:
        return False
    href = str(href)
    return href.startswith("#") or "://" not in href


def assemble(r: Rendered, drop: Iterable[int] = ()) -> tuple[str, list[Section], list[int]]:
    """Join the blocks (minus ``drop``) into the text; map marks to sections in character offsets.

    Returns the text, the sections sorted by start, and for each block its start offset (-1 if dropped).
    """
    dropped = set(drop)
    starts: list[int] = []
    ends: list[int] = []
    parts: list[str] = []
    pos = 0
    for i, block in enumerate(r.blocks):
        if i in dropped:
            starts.append(-1)
            ends.append(-1)
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        starts.append(pos)
        parts.append(block)
        pos += len(block)
        ends.append(pos)
    text = "".join(parts)
    sections: list[Section] = []
    for m in r.marks:
        kept = [i for i in range(m.first, m.stop) if starts[i] >= 0]
        if not kept:
            continue
        sections.append(Section(m.kind, starts[kept[0]], ends[kept[-1]], m.title))
    # Outer sections before the ones they contain, so a reader sees chapter, then its heading.
    sections.sort(key=lambda s: (s.start, -s.end, s.kind != "chapter"))
    return text, sections, starts


def parse_html(data: bytes | str) -> BeautifulSoup:
    """Parse HTML or XHTML leniently. Self-closing non-void tags (``<a id="x"/>`` in XHTML) are
    opened and closed explicitly first, since an HTML parser would otherwise leave them open."""
    if isinstance(data, bytes):
        markup = data
        markup = re.sub(rb"<(a|div|span|p|i|b|em|strong|section)(\s[^<>]*?)?/>", rb"<\1\2></\1>", markup)
    else:
        markup = re.sub(r"<(a|div|span|p|i|b|em|strong|section)(\s[^<>]*?)?/>", r"<\1\2></\1>", data)
    with warnings.catch_warnings():
        # XHTML parsed as HTML is intended: the HTML parser survives the broken markup real books have.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(markup, "lxml")


def clean(s: str) -> str:
    return _SPACE.sub(" ", s).strip()
