"""The cast: character mentions, alias clusters, gender, importance.

One linear pass over the parsed story paragraphs collects every capitalised name-like run with the
evidence around it (NER label, part of speech, speech-verb subject, vocative, title, article before it,
place preposition before it, the same word written in lower case elsewhere). Runs with enough
person evidence become names; names are clustered into characters (full name / given name / surname /
title + surname / nicknames); then coreference resolves pronouns (and the first-person narrator) to them.

The package, in reading order: ``scan`` (the one pass), ``evidence`` (which runs are names), ``keys``
(a name as the cast compares it), ``cluster`` (which names are one person), ``gender``, ``merge``
(titles of one sex joined once genders are known), ``coref`` (pronouns, descriptions, the narrator),
``characters`` (records, display names, importance), ``roster`` (a given cast), and two steps that run
later in the pipeline: ``address`` (names used to address someone, after speaker attribution) and
``names`` (every name form a character goes by, counted from the final mentions). Every threshold is a
field of ``CastSettings``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..context import Story
from ..model import Character
from .characters import Cast, to_cast, with_counts
from .cluster import cluster_names, full_titled, together
from .coref import NameMention
from .evidence import accept_names, keep_names, min_count
from .gender import genders
from .merge import merge_titles
from .roster import with_roster
from .scan import scan_story
from .settings import DEFAULT_SETTINGS, CastSettings

__all__ = ["Cast", "CastSettings", "build_cast", "with_counts"]


def build_cast(story: Story, roster: Sequence[Character] | None = None,
               settings: CastSettings = DEFAULT_SETTINGS) -> Cast:
    """Find the characters and every mention of them in ``story`` (text, structure, parse, quotes).
    With ``roster``, those characters (and their ids) are the cast; others the text clearly names may
    be added."""
    cfg = settings
    text = story.text
    scan = scan_story(story.parsed, story.quote_mask, cfg)
    min_n = min_count(scan.n_words, cfg)
    accepted, occs = accept_names(scan, min_n, cfg)
    names = keep_names(text, scan, accepted, occs, cfg)
    if roster:
        return with_roster(story, scan, roster, names, min_n, cfg)

    positions: dict[tuple, list[int]] = defaultdict(list)
    for o, key in names.kept:
        positions[key].append(o.start)
    pairs = together(names.kept, cfg)
    clusters, where = cluster_names(dict(names.counts), full_titled(names.kept), set(scan.lower), cfg, pairs, positions)

    def name_mentions() -> list[NameMention]:
        return [NameMention(o.start, o.end, where[key], o.sent, o.para, o.subj, o.quoted) for o, key in names.kept]

    mentions = name_mentions()
    found = genders(clusters, mentions, scan, {}, cfg)
    if merge_titles(clusters, where, found, pairs):
        mentions = name_mentions()
        found = genders(clusters, mentions, scan, {}, cfg)
    return to_cast(scan, clusters, mentions, found, names.surfaces, ids=None, fixed={}, cfg=cfg)
