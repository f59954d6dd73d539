"""What the cue families ask of the story: who is referred to near an offset, names right before or after
a phrase, and what the characters' names say (gender, family name, a married or a maiden title).

``Reader`` is built once per story (``find_cues``) and handed to every cue family; it holds the
reference index (``references.references``) and the settings.
"""

from __future__ import annotations

import re
from collections import Counter

from ..context import Story
from ..lexicon import MAIDEN_TITLES, WIFE_TITLES, family_names, title_class, title_key
from ..mentions import MentionIndex
from ..model import Character, Mention, Quote
from .references import ADDRESSEE, SPEAKER
from .settings import RelationSettings

# What separates a phrase from the name it introduces: "her sister, Dawn", "Dawn, her sister".
_NAME_GAP = " ,\t\n"
# Between two names of a list: "Jane and Elizabeth", "Krystal, Aiden, and Alana".
_LIST_JOINER = re.compile(r",?\s+and\s+|,\s+")
ALL_KINDS = ("name", "pronoun", "description", SPEAKER, ADDRESSEE)


def _titled(c: Character, titles) -> bool:
    return any(title_class(title_key(n.split()[0]) or "") in titles for n in (c.name, *c.aliases) if n.split())


class Reader:
    def __init__(self, story: Story, index: MentionIndex, cfg: RelationSettings):
        self.story = story
        self.cfg = cfg
        self.text = story.text
        self.parsed = story.parsed
        self.index = index
        characters = story.characters
        self.gender = {c.id: c.gender for c in characters}
        self.surname = {c.id: family_names({c.name, *c.aliases}) for c in characters}
        # "Mrs."/"Lady": a married woman; "Miss": an unmarried one (only when never called "Mrs.").
        self.married = {c.id: _titled(c, WIFE_TITLES) for c in characters}
        self.maiden = {c.id: not self.married[c.id] and any(title_key(n.split()[0]) in MAIDEN_TITLES
                                                            for n in (c.name, *c.aliases) if n.split())
                       for c in characters}
        self.quotes: list[Quote] = story.quote_index.items
        self.paragraphs = story.paragraphs

    # --- where an offset is ---------------------------------------------------------------------
    def in_dialogue(self, offset: int) -> bool:
        return self.story.in_quotes(offset)

    def quote_at(self, offset: int) -> Quote | None:
        return self.story.quote_at(offset)

    def sentence(self, offset: int) -> tuple[int, int]:
        found = self.story.sentences.preceding(offset)
        return found if found is not None else (offset, offset)

    def paragraph_index(self, offset: int) -> int:
        return self.story.paragraph_of(offset)

    def paragraph_refs(self, pi: int) -> list[Mention]:
        """The references in paragraph ``pi`` (none before the first)."""
        if pi < 0:
            return []
        p = self.paragraphs[pi]
        return self.index.between(p.start, p.end)

    # --- who is referred to ---------------------------------------------------------------------
    def ref_for_token(self, offset: int) -> Mention | None:
        return self.index.covering(offset, self.cfg.ref_reach)

    def fits(self, cid: str, want: str) -> bool:
        """Can ``cid`` be of gender ``want`` ("U": anyone)?"""
        g = self.gender.get(cid, "U")
        return want == "U" or g in ("U", "X") or g == want

    def name_at(self, offset: int, max_gap: int | None = None) -> Mention | None:
        """A name starting at ``offset`` (after a few spaces/commas)."""
        gap = self.cfg.name_gap if max_gap is None else max_gap
        j = offset
        while j < len(self.text) and j - offset < gap and self.text[j] in _NAME_GAP:
            j += 1
        r = self.index.starting_at(j)
        return r if r is not None and r.kind == "name" else None

    def name_ending_at(self, offset: int) -> Mention | None:
        """A name ending at ``offset`` (before a few spaces/commas)."""
        j = offset
        while j > 0 and offset - j < self.cfg.name_gap and self.text[j - 1] in _NAME_GAP:
            j -= 1
        r = self.index.ending_at(j)
        return r if r is not None and r.kind == "name" else None

    def name_list(self, offset: int) -> list[Mention]:
        """"Jane and Elizabeth", "Krystal, Aiden, and Alana" starting right after ``offset``."""
        out = []
        pos = offset
        while True:
            r = self.name_at(pos, self.cfg.list_name_gap)
            if r is None:
                break
            out.append(r)
            mm = _LIST_JOINER.match(self.text[r.end : r.end + self.cfg.list_joiner_reach])
            if not mm:
                break
            pos = r.end + mm.end()
        return out

    def nearby(self, offset: int, exclude: set[str], want_gender: str = "U", before_only: bool = False,
               kin_of: str | None = None, kinds: tuple[str, ...] = ALL_KINDS,
               prefer_married: bool = False) -> Mention | None:
        """The nearest character reference to ``offset`` (same sentence first, then the paragraph, then
        the paragraph before), not in ``exclude``, compatible with ``want_gender``."""
        for lo, hi in self._widening(offset):
            cands = [r for r in self.index.between(lo, hi)
                     if r.character not in exclude and r.kind in kinds and self.fits(r.character, want_gender)]
            if before_only:
                cands = [r for r in cands if r.start < offset] or cands
            if kin_of is not None:
                # Kin usually share a surname: a relative named with the possessor's surname wins.
                own = self.surname.get(kin_of, set())
                cands = [r for r in cands if self.surname.get(r.character) and self.surname.get(r.character) & own] or cands
            if prefer_married:
                # A mother is, in English usage, a woman called "Mrs." or "Lady": among the women near "her
                # mother", one so named is likelier than a "Miss" or a sister known by her given name.
                # "Miss" is an unmarried woman's title, and is never the mother guessed from proximity.
                cands = [r for r in cands if self.married.get(r.character)] or [r for r in cands if not self.maiden.get(r.character)]
            if cands:
                penalty = self.cfg.nearby_non_name_penalty
                return min(cands, key=lambda r: (abs(r.start - offset) + (0 if r.kind == "name" else penalty)))
        return None

    def _widening(self, offset: int) -> tuple[tuple[int, int], ...]:
        """The sentence around ``offset``, its paragraph, the paragraph before."""
        s, e = self.sentence(offset)
        pi = self.paragraph_index(offset)
        ps = self.paragraphs[pi].start if pi >= 0 else s
        prev = self.paragraphs[pi - 1].start if pi >= 1 else ps
        return (s, e), (ps, self.paragraphs[pi].end if pi >= 0 else e), (prev, ps)

    def baseline(self, cid: str, want_gender: str, kin: bool) -> Counter:
        """Who ``nearby`` picks beside ``cid``'s own references in general: the chance rate a proximity
        guess is measured against. (A bounded number of references, spread evenly.)"""
        own = [r for r in self.index.mentions if r.character == cid and r.kind in ("name", "pronoun")]
        step = max(1, len(own) // self.cfg.baseline_max_references)
        out: Counter = Counter()
        for r in own[::step]:
            ref = self.nearby(r.start, {cid}, want_gender, kin_of=cid if kin else None)
            if ref is not None:
                out[ref.character] += 1
        return out

    # --- what names say ---------------------------------------------------------------------------
    def other_family(self, x: str, y: str, want_gender: str) -> bool:
        """Is ``y`` of another family name than ``x`` (neither a married woman), while someone of ``x``'s
        own name could fill the role? English children bear their father's name: when the possessor's
        family is in the cast, a parent or sibling guessed from another family is most likely no kin."""
        sx, sy = self.surname.get(x, set()), self.surname.get(y, set())
        if not (sx and sy) or sx & sy or self.married.get(x) or self.married.get(y):
            return False
        return any(c != x and c != y and self.surname.get(c, set()) & sx and self.fits(c, want_gender) for c in self.surname)

    def not_his_parent(self, child: str, parent: str) -> bool:
        """English sons bear their parents' family name (daughters may marry out of it): a man of another
        surname saying "Papa" to this one is a misattributed quote, not a son."""
        sc, sp = self.surname.get(child, set()), self.surname.get(parent, set())
        return self.gender.get(child) == "M" and bool(sc and sp) and not (sc & sp)
