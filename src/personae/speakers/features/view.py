"""One quote as its features see it: the story (``Book``) and the facts of each feature family,
computed once per quote and shared by all its candidates."""

from __future__ import annotations

from dataclasses import dataclass

from .address import AddressFacts, address_facts
from .base import Book, Site
from .epithet import EpithetFacts, epithet_facts
from .narration import NarrationFacts, narration_facts
from .scene import SceneFacts, scene_facts
from .voice import VoiceFacts, voice_facts
from .tag import TagFacts, tag_facts
from .turns import TurnFacts, run_anchors, turn_facts


@dataclass(frozen=True)
class QuoteView:
    book: Book
    tag: TagFacts
    turns: TurnFacts
    address: AddressFacts
    narration: NarrationFacts
    scene: SceneFacts
    voice: VoiceFacts
    epithet: EpithetFacts


def view_of(book: Book, site: Site) -> QuoteView:
    anchors = run_anchors(book, site.n)
    return QuoteView(
        book,
        tag_facts(book, site),
        turn_facts(book, site, anchors),
        address_facts(book, site, anchors),
        narration_facts(book, site),
        scene_facts(book, site),
        voice_facts(book, site),
        epithet_facts(book, site),
    )
