"""Turning line ranges into records: a chapter's paragraphs, scenes and blocks, front matter's block and
paragraphs. Both ways of finding chapters (in the text, from the format's sections) end here."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Span
from ..model import Block, Chapter, Paragraph, Scene
from .blocks import AUTHOR_NOTE, find_blocks
from .breaks import mark_blank_run_breaks
from .lines import Page, Para
from .paragraphs import paragraphs


@dataclass
class Unit:
    """A chapter being built: its heading, its line range, scene-break lines inside it."""

    title: str | None
    heading: tuple[int, int] | None  # offsets of the heading
    first: int  # first line of the chapter's content
    stop: int  # one past its last line
    breaks: set[int] = field(default_factory=set)  # lines that are sub-section headings (scene breaks)
    skip: set[int] = field(default_factory=set)  # lines inside the range that are not this chapter's text
    exclude: list[tuple[int, int]] = field(default_factory=list)  # offset ranges that are not story


class Builder:
    """Collects the records of one structure as chapters and front matter are found."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.chapters: list[Chapter] = []
        self.blocks: list[Block] = []
        self.paragraphs: list[Paragraph] = []
        self.title: str | None = None  # the work's title when a heading states it

    def front(self, first: int, stop: int) -> None:
        """Lines ``first..stop-1`` are front matter: one block, paragraphs outside any chapter."""
        lines = self.page.lines
        paras = paragraphs(self.page, first, stop, set())
        if not paras:
            return
        self.blocks.append(Block("front_matter", *self.page.span(paras[0].first, paras[-1].last)))
        for p in paras:
            lo, hi = self.page.span(p.first, p.last)
            self.paragraphs.append(Paragraph(lo, hi, -1, -1))
            if AUTHOR_NOTE.match(lines[p.first].text):
                self.blocks.append(Block("author_note", lo, hi))

    def chapter(self, u: Unit) -> None:
        """The chapter ``u``: its paragraphs, the blocks and scenes of its story text, its heading."""
        page = self.page
        paras = paragraphs(page, u.first, u.stop, u.skip, u.breaks)
        if u.heading is not None:
            start = u.heading[0]
        elif paras:
            start = page.lines[paras[0].first].lo
        else:
            return
        end = page.lines[paras[-1].last].hi if paras else u.heading[1]
        # Paragraphs in spans the format marks as not story (author's notes, headings) stay paragraphs
        # of the chapter, but belong to no scene and carry their block.
        def marked(p: Para) -> bool:
            s, e = page.span(p.first, p.last)
            return any(x <= s and e <= y for x, y in u.exclude)

        story = [p for p in paras if not marked(p)]
        mark_blank_run_breaks(story, page.cfg)
        for kind, i, j in find_blocks(page, story):
            self.blocks.append(Block(kind, *page.span(story[i].first, story[j].last)))
        scenes = _scenes(story)
        index = len(self.chapters)
        scene_of = {p.first: k for k, sc in enumerate(scenes) for p in sc}
        for p in paras:
            self.paragraphs.append(Paragraph(*page.span(p.first, p.last), index, scene_of.get(p.first, -1)))
        scene_recs = [Scene(k, *page.span(sc[0].first, sc[-1].last)) for k, sc in enumerate(scenes)]
        if not scene_recs:
            # A chapter with no story text still has one (empty) scene, placed after its heading.
            scene_recs.append(Scene(0, end, end))
        heading = Span(*u.heading) if u.heading else None
        if heading is not None:
            self.blocks.append(Block("heading", heading.start, heading.end))
        self.chapters.append(Chapter(index, u.title, start, end, tuple(scene_recs), heading))


def _scenes(story: list[Para]) -> list[list[Para]]:
    """Scenes: contiguous runs of story paragraphs between breaks."""
    scenes: list[list[Para]] = []
    for p in story:
        if not scenes or p.scene_break_before:
            scenes.append([])
        scenes[-1].append(p)
    return [s for s in scenes if s]
