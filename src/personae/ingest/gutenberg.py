"""Project Gutenberg plain texts: find the work between the licence header and footer.

The text is not cut: the body is reported as a span, so offsets stay those of the decoded file.
"""

from __future__ import annotations

import re

from ..document import Span

_START = re.compile(r"^\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG E(?:BOOK|TEXT)[^\n]*$", re.I | re.M)
_END = re.compile(r"^\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG E(?:BOOK|TEXT)[^\n]*$", re.I | re.M)


def gutenberg_body(text: str) -> Span | None:
    """The span of the work inside a Gutenberg file, or None when the text has no Gutenberg markers."""
    start = _START.search(text)
    end = _END.search(text, start.end() if start else 0)
    if start is None and end is None:
        return None
    s = start.end() if start else 0
    e = end.start() if end else len(text)
    return Span(s, e)
