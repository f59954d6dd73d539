"""Where the characters are referred to: the one index every cue family reads its pair ends from.

Every place a character is named (the cast's name mentions, plus a scan for each character's name and
aliases), every pronoun and description the cast resolved (or, without the cast's pronouns, a recency
guess by gender), and inside quotations ``I``/``my`` (the speaker) and ``you``/``your`` (the addressee).
"""

from __future__ import annotations

from ..context import Story
from ..lexicon import FIRST_PERSON, PRONOUN_GENDER, SECOND_PERSON
from ..mentions import MentionIndex, name_mentions
from ..model import Mention
from .settings import RelationSettings

# Reference kinds beyond the cast's (name, pronoun, description): "I" and "you" inside a quotation.
SPEAKER, ADDRESSEE = "speaker", "addressee"
_PERSONAL = FIRST_PERSON | SECOND_PERSON


def references(story: Story, cfg: RelationSettings) -> MentionIndex:
    """Every reference to a character, ordered by position (the longest of overlapping names)."""
    kept = _names_and_cast_mentions(story)
    have_pronouns = any(m.kind == "pronoun" for m in story.mentions if m.character in {c.id for c in story.characters})
    extra = _quote_persons(story, {r.start for r in kept}, cfg)
    if not have_pronouns:
        gender = {c.id: c.gender for c in story.characters}
        extra.extend(_guess_pronouns(story, kept, gender, cfg))
    return MentionIndex(sorted(kept + extra, key=lambda r: (r.start, -r.end)))


def _names_and_cast_mentions(story: Story) -> list[Mention]:
    """Names found by string match, then the cast's own mentions of known characters (a name found
    both ways counts once); where they overlap, the longest."""
    refs: dict[tuple[int, int], Mention] = {}
    for r in name_mentions(story.text, story.characters, [(p.start, p.end) for p in story.paragraphs]):
        refs[(r.start, r.end)] = r
    known = {c.id for c in story.characters}
    for m in story.mentions:
        if m.character is None or m.character not in known:
            continue
        kind = m.kind if m.kind in ("name", "pronoun", "description") else "pronoun"
        refs.setdefault((m.start, m.end), Mention(m.start, m.end, m.character, kind, m.confidence))
    ordered = sorted(refs.values(), key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[Mention] = []
    for r in ordered:
        if kept and r.start < kept[-1].end:
            continue
        kept.append(r)
    return kept


def _quote_persons(story: Story, taken: set[int], cfg: RelationSettings) -> list[Mention]:
    """First and second person inside a quotation are its speaker and (one) addressee."""
    out: list[Mention] = []
    for start, tok in story.parsed.pick("LOWER", _PERSONAL):
        low = tok.lower_
        s = start + tok.idx
        if s in taken:
            continue
        q = story.quote_at(s)
        if q is None:
            continue
        sure = max(cfg.quote_person_min_confidence, q.confidence)
        if low in FIRST_PERSON and q.speaker:
            out.append(Mention(s, s + len(tok.text), q.speaker, SPEAKER, sure))
        elif low in SECOND_PERSON and len(q.addressees) == 1:
            out.append(Mention(s, s + len(tok.text), q.addressees[0], ADDRESSEE, sure * cfg.addressee_factor))
    return out


def _guess_pronouns(story: Story, names: list[Mention], gender: dict[str, str], cfg: RelationSettings) -> list[Mention]:
    """Without the cast's coreference: a third-person pronoun in narration is the most recently named
    character of its gender within reach (the usual reading of fiction)."""
    out = []
    index = MentionIndex(names)
    for start, tok in story.parsed.pick("LOWER", PRONOUN_GENDER):
        g = PRONOUN_GENDER[tok.lower_]
        s = start + tok.idx
        if story.in_quotes(s):
            continue  # in dialogue, "he" is whoever the speakers mean; narration recency says nothing
        i = index.index_at(s - 1)
        while i >= 0 and s - names[i].start < cfg.pronoun_reach:
            cand = names[i]
            if gender.get(cand.character, "U") in (g, "U", "X") and cand.kind == "name":
                # A pronoun a few words after its name is rarely anyone else.
                near = s - cand.end < cfg.pronoun_near_chars
                conf = cfg.pronoun_near_confidence if near else cfg.pronoun_far_confidence
                out.append(Mention(s, s + len(tok.text), cand.character, "pronoun", conf))
                break
            i -= 1
    return out
