"""Typed relationships between characters, with evidence and a per-chapter timeline. (Issue 4.)

How it works, in one pass over the story text:

1. **References** (``references``). Every place a character is named (the cast's name mentions, plus a
   scan for each character's name and aliases), every pronoun the cast resolved (or, without the cast's
   pronouns, a recency guess by gender), and inside quotations ``I``/``my`` (the speaker) and
   ``you``/``your`` (the addressee).
2. **Cues** (``cues/``, one module per family, each yielding typed ``Cue`` records): general patterns of
   English fiction, each yielding (pair, type, detail, state, evidence span, confidence): a kinship or
   role noun bound to a possessor (``her sister Dawn``, ``Dawn's fiancé``, ``Michael, her boyfriend``,
   ``the daughter of Mr. X``), statements (``been with Faith``, ``engaged to``, ``X and Y got
   together``), actions between two characters (``kissed``, ``slapped``), address terms in dialogue
   (``"Papa!"``, pet names), and the surname rule (``Mr. X`` + ``Mrs. X`` are spouses).
3. **Relations** (``pool``). Cues are pooled per pair and type; a relation needs enough independent
   support (weak cues alone never make one), and only ``acquaintance`` comes from talk and co-presence
   alone (``cues/talk``). Kinship that follows from kinship is composed (``family``).
4. **Timeline** (``timeline``). Romantic relations get a per-chapter state (together, strained, engaged,
   married, broken up) from the cues of that chapter, including state words (``it was over``, ``time
   apart``) that only apply to a pair already known to be a couple.

Every number the rules weigh by is a documented field of ``RelationSettings`` (``settings``).
"""

from __future__ import annotations

from ..context import Story
from ..model import Relation
from .cue import ROMANTIC, Cue
from .cues import find_all
from .cues.talk import acquaintances, talk, talk_cues
from .family import infer_family
from .pool import PairType, pool
from .reader import Reader
from .references import references
from .settings import DEFAULT_SETTINGS, RelationSettings
from .timeline import state_cues

__all__ = ["Cue", "RelationSettings", "find_cues", "find_relations"]


def find_cues(story: Story, settings: RelationSettings = DEFAULT_SETTINGS) -> tuple[list[Cue], Reader]:
    """Every relation cue in the story (for inspection and tests), and the reader that found them;
    ``find_relations`` pools them."""
    reader = Reader(story, references(story, settings), settings)
    return find_all(reader), reader


def find_relations(story: Story, settings: RelationSettings = DEFAULT_SETTINGS) -> tuple[Relation, ...]:
    """Typed relations between the story's characters with evidence spans, confidence and (romantic)
    timeline, from its text, parse, mentions and attributed quotes."""
    characters = story.characters
    if len(characters) < 2:
        return ()
    cues, reader = find_cues(story, settings)
    exchanges = talk(story.quotes, settings)
    cues = cues + talk_cues(cues, exchanges, settings)
    couples = {(min(r.a, r.b), max(r.a, r.b)) for r in pool(cues, reader) if r.type == ROMANTIC}
    if couples:
        cues = cues + state_cues(reader, couples)
    guessed: set[PairType] = set()
    first = pool(cues, reader, guessed)
    first = first + infer_family(first, guessed, settings)
    related = {(min(r.a, r.b), max(r.a, r.b)) for r in first}
    rels = first + acquaintances(exchanges, related, characters, settings)
    rels.sort(key=lambda r: (-r.confidence, r.a, r.b, r.type))
    return tuple(rels)
