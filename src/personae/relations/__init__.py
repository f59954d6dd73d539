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
3. **Relations** (``features``, ``model``, ``build``). The guess filters (``pool``) drop proximity
   guesses that do not beat chance; every pair of characters gets a feature row per type (its cues'
   support by family, the other types' support, co-presence, talk, address, names, gender); a logistic
   model per type, learned from 22 novels (``resources/relation_weights.json``, trained by
   ``benchmarks/train_relations.py``), gives the confidence. A relation needs at least one cue of its
   type (its evidence); only ``acquaintance`` comes from talk alone (``cues/talk``).
4. **Family** (``family``). Kinship is solved as one graph, the surest first: two parents at most, one
   spouse at a time, no couple among close kin, one kinship per pair; what follows from sure kinship is
   composed (a parent's spouse is the other parent, a parent's children are siblings) and cites the
   evidence of the relations it came from. The JSON keeps every relation with its confidence; ``shown``
   keeps those sure enough for a reader (``RelationSettings.show_confidence``, chosen leave-one-out).
5. **Timeline** (``timeline``). Romantic relations get a per-chapter state (together, strained, engaged,
   married, broken up) from the cues of that chapter, including state words (``it was over``, ``time
   apart``) that only apply to a pair already known to be a couple.

Every number the rules weigh by is a documented field of ``RelationSettings`` (``settings``); the
model's coefficients are data, not settings.
"""

from __future__ import annotations

from ..context import Story
from ..model import Relation
from .build import Names, name_aunts, propose, with_timelines
from .cue import Cue
from .cues import find_all
from .cues.talk import Talk, acquaintances, talk, talk_cues
from .family import consistent
from .features import PairTable, pair_table
from .model import RelationModel, default_model
from .pool import filtered
from .reader import Reader
from .references import references
from .settings import DEFAULT_SETTINGS, RelationSettings

__all__ = ["Cue", "RelationModel", "RelationSettings", "find_cues", "find_relations", "shown"]


def find_cues(story: Story, settings: RelationSettings = DEFAULT_SETTINGS) -> tuple[list[Cue], Reader]:
    """Every relation cue in the story (for inspection and tests), and the reader that found them."""
    reader = Reader(story, references(story, settings), settings)
    return find_all(reader), reader


def read_pairs(story: Story, settings: RelationSettings = DEFAULT_SETTINGS) -> tuple[Reader, PairTable, Talk]:
    """The cues of the story, filtered, and the feature rows of every pair of its characters (what the
    model scores; ``benchmarks/train_relations.py`` trains on the same rows)."""
    cues, reader = find_cues(story, settings)
    exchanges = talk(story.quotes, settings)
    cues = cues + talk_cues(cues, exchanges, settings)
    return reader, pair_table(reader, cues, filtered(cues, reader)), exchanges


def find_relations(story: Story, settings: RelationSettings = DEFAULT_SETTINGS,
                   model: RelationModel | None = None) -> tuple[Relation, ...]:
    """Typed relations between the story's characters, each with the model's confidence, evidence spans
    and (romantic) a per-chapter timeline; kinship consistent as one family graph. Every relation the
    model finds at least ``keep_confidence`` likely is kept; ``shown`` picks those sure enough to show."""
    characters = story.characters
    if len(characters) < 2:
        return ()
    reader, table, exchanges = read_pairs(story, settings)
    probs = (model or default_model()).probabilities(table.X)
    rels = with_timelines(reader, propose(Names.of(reader), table, probs, settings), table, settings)
    rels = name_aunts(reader.gender, consistent(rels, reader.gender, settings))
    related = {(min(r.a, r.b), max(r.a, r.b)) for r in shown(rels, settings)}
    rels = rels + acquaintances(exchanges, related, characters, settings)
    rels.sort(key=lambda r: (-r.confidence, r.a, r.b, r.type))
    return tuple(rels)


def shown(relations, settings: RelationSettings = DEFAULT_SETTINGS) -> list[Relation]:
    """The relations sure enough to show a reader (the report, the summary, the tags): confidence at
    least their type's ``show_confidence`` (acquaintances, which come from talk alone, always)."""
    bars = settings.show_confidence
    return [r for r in relations if r.confidence >= bars.get(r.type, 0.0)]
