"""Who speaks each quotation, and to whom.

Two passes over the quotes, in text order:

1. **Speech tags.** The narration right after a quoted part (``“Yes,” she said``, ``said Faith``) or
   right before the first one (``Faith muttered: “…”``) is parsed for a clause whose subject is a
   character mention; the cast resolves names, pronouns and descriptions to characters.
2. **Ranking.** Every character near the quote is a candidate, described by features (is the tag
   subject; spoke the nearest tagged quote an even or odd number of turns away in this conversation —
   dialogue alternates; was addressed by a vocative in the previous quote; is addressed by one in this
   quote; acted in the narration of this paragraph; recency of mention; tagged or addressed elsewhere in
   the same run of dialogue at an even or odd number of turns; named in the run's quotes, so talked
   about rather than present; how much the narration names them, its focus, which an unanchored
   he/she most often means …). A conditional logit model
   scores the candidates; its weights are learned from PDNC (``benchmarks/train_speakers.py``) and
   shipped in ``resources/speaker_weights.json``.

Speech tags cover inverted tags with any verb ("Poor girl!" exploded Mr. Emerson), possessive nouns of
speaking ("was Frank's reply"), relational descriptions ("said her mother": not "her", and a relative
shares her surname), passives ("was uttered by Catherine"). A first-person narrator is the character
the others address by name in the quotes next to "I said". The ranker's choices are decoded per
conversation with a small beam, since turn-taking features depend on the previous speakers.

Addressees: vocatives inside the quote, the object of the tag (``told him``, ``said to Emma``), else
the other party of a two-person conversation.

The modules, in the order they run:

- ``settings``: ``SpeakerSettings``, every window and threshold, documented.
- ``conversations``: paragraphs, conversations, runs of dialogue and their turns.
- ``mention_index``, ``narrator``: the mentions tags are read by; the first-person narrator.
- ``tags/``: speech tags (``find`` chooses the narration, ``after``/``before`` read a clause).
- ``reading``: pass 1 — every quote's tag and vocatives, and the narrator by address.
- ``candidates``: the candidate pool; ``Candidates`` and ``QuoteFeatures`` records.
- ``features/``: the registry of features (``FEATURES``), one function each, grouped by family.
- ``extract``: ``quote_features`` (all of the above, per quote).
- ``weights``: the shipped ranker; ``decode``: beam search, types and addressees (``decide``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..context import Story
from ..model import Character, Quote
from .candidates import Candidates, QuoteFeatures
from .decode import decide
from .extract import quote_features
from .features import FEATURES, REGISTRY, Feature, with_history
from .settings import DEFAULT_SETTINGS, SpeakerSettings
from .tags import Tag
from .weights import Weights, default_weights

__all__ = [
    "FEATURES",
    "REGISTRY",
    "Candidates",
    "Feature",
    "QuoteFeatures",
    "SpeakerSettings",
    "Tag",
    "Weights",
    "attribute",
    "decide",
    "default_weights",
    "quote_features",
    "with_history",
]


def attribute(
    story: Story,
    weights: Weights | None = None,
    roster: Sequence[Character] | None = None,
    settings: SpeakerSettings = DEFAULT_SETTINGS,
) -> tuple[Quote, ...]:
    """The quotes of ``story`` (which has its cast) with ``speaker``, ``addressees``, ``type`` and
    ``confidence`` filled in. ``roster``: the characters the user gave, if any."""
    if not story.quotes:
        return ()
    listed = {c.id for c in roster} if roster else None
    feats, conv = quote_features(story, listed, settings)
    return decide(story.quotes, feats, conv, weights, settings)
