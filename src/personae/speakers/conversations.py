"""How a story's quotes group: paragraphs, conversations, and runs of dialogue with their turns.

A *conversation* is a stretch of quotes not separated by long narration or by a scene or chapter
break (``Story.scene_of``: people named before a break are no longer present). A *run* is quotes in
consecutive paragraphs of one conversation; within a run the *turn* is the paragraph (a paragraph is
one speaker's turn), and turns alternate between two people.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..context import Story
from .settings import SpeakerSettings


@dataclass(frozen=True)
class Dialogue:
    """Per quote of a story (lists indexed like ``story.quotes``): where it sits in the dialogue."""

    paragraphs: list[tuple[int, int]]  # (start, end) of every story paragraph
    para_of: list[int]  # the quote's paragraph index (the first paragraph for a quote before any)
    conversation: list[int]  # conversation id, increasing in text order
    run_of: list[int]  # the run's id: the index of its first quote
    turn: list[int]  # paragraphs since the run's first quote
    runs: dict[int, list[int]]  # run id -> its quotes

    def same_conversation(self, a: int, b: int) -> bool:
        return self.conversation[a] == self.conversation[b]


def dialogue(story: Story, settings: SpeakerSettings) -> Dialogue:
    quotes = story.quotes
    para_of = [max(0, story.paragraph_of(q.start)) for q in quotes]
    conv = []
    c = 0
    for n, q in enumerate(quotes):
        # A new conversation when the narration between two quotes is long, or a scene breaks.
        if n and (
            q.start - quotes[n - 1].end > settings.conversation_gap or story.scene_of(q.start) != story.scene_of(quotes[n - 1].start)
        ):
            c += 1
        conv.append(c)
    run_of: list[int] = []
    turn: list[int] = []
    for n in range(len(quotes)):
        if n and conv[n] == conv[n - 1] and para_of[n] - para_of[n - 1] <= 1:
            run_of.append(run_of[-1])
            turn.append(turn[-1] + para_of[n] - para_of[n - 1])
        else:
            run_of.append(n)
            turn.append(0)
    runs: dict[int, list[int]] = {}
    for n, r in enumerate(run_of):
        runs.setdefault(r, []).append(n)
    return Dialogue([(p.start, p.end) for p in story.paragraphs], para_of, conv, run_of, turn, runs)
