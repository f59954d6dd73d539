"""The speech tag of each quote: which narration next to it to read, and which reading wins.

A quote's tag is looked for after each of its parts (“Yes,” she said, “I will.”), then before the
first part (Faith muttered: “…”), or, when the quote opens its paragraph, in the narration closing the
previous paragraph if it leads into this one (…and added: ⏎ “I think …”). A tag with a verb of speaking
(or after a part ending in a comma, which English uses only before a tag) is strong; the first strong
tag of the best rank wins, else the first weak one (“No.” Faith threw back).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence

from ...context import Story
from ...mentions import MentionIndex
from ...model import Quote
from ..conversations import Dialogue
from ..settings import SpeakerSettings
from .after import RUNS_ON, tag_after_quote
from .before import tag_before_quote
from .clause import Clause
from .record import Narration, Side, Tag

# A narration paragraph ending in one of these introduces the next paragraph's speech.
_INTRODUCES = (",", ":", "-", "—")


def find_tags(story: Story, idx: MentionIndex, dialogue: Dialogue, settings: SpeakerSettings) -> list[Tag | None]:
    """The tag of every quote of ``story`` (None when it has none), reading mentions from ``idx``."""
    paras = dialogue.paragraphs
    part_ends = sorted(p.end for q in story.quotes for p in q.parts)
    out = []
    for q, i in zip(story.quotes, dialogue.para_of):
        lead = lead_in(paras, i, story.in_quotes, part_ends, settings)
        out.append(tag_of(story, q, idx, narration_around(story.text, q, paras[i], lead), settings))
    return out


def tag_of(story: Story, q: Quote, idx: MentionIndex, around: Sequence[Narration], settings: SpeakerSettings) -> Tag | None:
    """The winning tag among the narrations ``around`` the quote. Which strong tag wins: one the
    quote's own sentence runs into (“…,” said X / “…!” cried X), then a lead-in before the quote (X
    said, “…”), then a clause after a quote that ended its sentence."""
    weak = None
    best, best_rank = None, math.inf
    for narration in around:
        tag = read_narration(narration, story, idx, settings)
        if tag is None:
            continue
        if not tag.strong:
            weak = weak or tag
            continue
        rank = _rank(narration, tag)
        if rank < best_rank:
            best, best_rank = tag, rank
        if rank == 0:
            break
    return best or weak


def _rank(narration: Narration, tag: Tag) -> int:
    """0: the quote's sentence runs into the tag; 1: a lead-in; 2: a clause after a finished sentence."""
    if narration.side is Side.AFTER and (narration.last_char in RUNS_ON or tag.inverted):
        return 0
    return 1 if narration.side is Side.BEFORE else 2


def read_narration(narration: Narration, story: Story, idx: MentionIndex, settings: SpeakerSettings) -> Tag | None:
    """The tag a stretch of narration holds, read as its side of the quote reads."""
    c = Clause.of(narration, story.parsed, idx, story.in_quotes, settings)
    if c is None:
        return None
    if narration.side is Side.AFTER:
        return tag_after_quote(c, narration.last_char)
    return tag_before_quote(c)


def narration_around(text: str, q: Quote, para: tuple[int, int], lead: tuple[int, int] | None) -> list[Narration]:
    """The narration next to a quote in its paragraph ``para``: after each part (up to the next part
    or the paragraph's end), then before the first part, else the previous paragraph's closing
    narration ``lead`` when it ends in a colon, comma or dash."""
    out = []
    for n, p in enumerate(q.parts):
        nxt = q.parts[n + 1].start - 1 if n + 1 < len(q.parts) else para[1]
        if p.end < para[1] and nxt > p.end and para[0] <= p.end <= para[1]:
            out.append(Narration(p.end + 1, min(nxt, para[1]), Side.AFTER, text[p.end - 1 : p.end]))
    first = q.parts[0]
    if para[0] < first.start - 1:
        out.append(Narration(para[0], first.start - 1, Side.BEFORE))
    elif lead is not None and text[lead[0] : lead[1]].rstrip()[-1:] in _INTRODUCES:
        out.append(Narration(lead[0], lead[1], Side.BEFORE))
    return out


def lead_in(
    paras: Sequence[tuple[int, int]], i: int, inside: Callable[[int], bool], ends: Sequence[int], settings: SpeakerSettings
) -> tuple[int, int] | None:
    """The narration that ends paragraph ``i - 1`` (after its last quote), when it ends the
    paragraph: “…,” he said, and rose with a sigh and added: ⏎ “I think …”. ``ends``: the sorted
    ends of all quote parts."""
    if i == 0:
        return None
    s, e = paras[i - 1]
    if inside(e - 2):
        return None
    j = bisect.bisect_right(ends, e) - 1
    start = max(s, ends[j] + 1) if j >= 0 else s
    return (start, e) if e - start > settings.lead_in_min_length else None
