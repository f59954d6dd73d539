"""The per-chapter state of a romantic relation (together, strained, engaged, married, broken up), from the
cues of that chapter, including state words ("it was over", "time apart") that only apply to a pair
already known to be a couple."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable

from ..document import Span
from ..model import TimelineState
from .cue import ROMANTIC, STATE_WORD, Cue, make_cue
from .reader import Reader
from .settings import RelationSettings

# State words: they set the state of a couple already known from other evidence; they never make one.
_STATE_CUES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:it\s+was\s+over|it'?s\s+over|it’s\s+over|we'?re\s+over|we’re\s+over|broke\s+up|break\s+up|broken\s+up|"
                r"split\s+up|walk(?:ed|ing|s)?\s+out|out\s+of\s+(?:his|her|my|your)\s+life|left\s+(?:him|her|me|you)\b|leaving\s+(?:him|her|me|you)\b|I'?m\s+gone|I’m\s+gone|"
                r"couldn'?t\s+be\s+with|couldn’t\s+be\s+with|can'?t\s+be\s+with|can’t\s+be\s+with|weren'?t\s+meant\s+to\s+be|"
                r"weren’t\s+meant\s+to\s+be|(?:your|his|her|my)\s+ex\b|weren'?t\s+together\s+anymore|weren’t\s+together\s+anymore|"
                r"broken\s+off|jilted|divorced?)", re.I), "broken up"),
    (re.compile(r"\b(?:time\s+apart|fighting|argued|quarrel(?:led|ed)?|threatening\s+to\s+leave|angry\s+with|betrayed|"
                r"cheated|sorry'?s\s+not\s+enough|sorry’s\s+not\s+enough|jerked\s+away|pulled\s+away)", re.I), "strained"),
    (re.compile(r"\b(?:engaged|engagement|betrothed|proposal|proposed)\b", re.I), "engaged"),
    (re.compile(r"\b(?:married|wedding|wedded|honeymoon)\b", re.I), "married"),
    (re.compile(r"\b(?:I\s+love\s+you|love\s+you,?\s+too|kissed|kiss|made\s+love|lovers?|(?:got|get|getting|gotten|back)\s+together)\b", re.I), "together"),
]
# Any state word (one search per sentence: most sentences have none).
_ANY_STATE_CUE = re.compile("|".join(f"(?:{pat.pattern})" for pat, _ in _STATE_CUES), re.I)
_BOUND_STATES = ("engaged", "married")


def timeline(cs: list[Cue], chapter: Callable[[int], int], backstory: Callable[[int], bool],
             cfg: RelationSettings) -> tuple[TimelineState, ...]:
    """One state per chapter with cues: the state its cues weigh most (later in the chapter counts more);
    affection between an engaged or married couple does not undo the engagement."""
    by_ch: dict[int, list[Cue]] = defaultdict(list)
    for c in cs:
        # Role nouns guessed from proximity ("her husband" with no name near) do not set a state; cues
        # bound to the two (pet names, kisses, statements) and state words do.
        bound = c.confidence >= cfg.sure_cue or c.state_only or (c.guess is None and c.slot is None)
        if not c.state or not bound:
            continue
        # A break-up told as backstory ("after she'd walked out on him", "when you dumped Spike") says
        # what happened before this chapter, not where the couple stands in it.
        if c.state == "broken up" and backstory(c.span.start):
            continue
        by_ch[chapter(c.pos)].append(c)
    out = []
    prev = None
    for ch in sorted(by_ch):
        items = sorted(by_ch[ch], key=lambda c: c.pos)
        score = _state_scores(items, cfg)
        state = score.most_common(1)[0][0]
        if state == "together" and (score["engaged"] or score["married"]):
            state = "married" if score["married"] >= score["engaged"] else "engaged"
        if state == "together" and prev in _BOUND_STATES:
            state = prev
        ev = tuple(c.span for c in items if c.state == state)[-cfg.timeline_evidence :]
        out.append(TimelineState(chapter=ch, state=state, evidence=ev))
        prev = state
    return tuple(out)


def _state_scores(items: list[Cue], cfg: RelationSettings) -> Counter:
    """Each state's weight in one chapter (``items`` in text order)."""
    lo, hi = items[0].pos, items[-1].pos
    score: Counter = Counter()
    for c in items:
        along = (c.pos - lo) / (hi - lo) if hi > lo else cfg.state_ramp_lone
        ramp = cfg.state_ramp_floor + along
        score[c.state] += cfg.state_weight.get(c.state, 1.0) * ramp * (cfg.state_confidence_floor + c.confidence)
    return score


def state_cues(reader: Reader, couples: set[tuple[str, str]]) -> list[Cue]:
    """State words in a sentence apply to a known couple with at least one partner present there, the other
    in the sentence or paragraph (it was over, time apart, I love you)."""
    out: list[Cue] = []
    if not couples:
        return out
    partners: dict[str, set[str]] = defaultdict(set)
    for x, y in couples:
        partners[x].add(y)
        partners[y].add(x)
    for s, e in reader.story.sentences:
        if not _ANY_STATE_CUE.search(reader.text, s, e):
            continue
        for pat, state in _STATE_CUES:
            m = pat.search(reader.text, s, e)
            if m is None:
                continue
            found = _couple_present(reader, s, e, m.start(), partners)
            if found:
                cue = make_cue(*found, ROMANTIC, "", Span(m.start(), m.end()), reader.cfg.state_word_confidence,
                               STATE_WORD, state=state)
                if cue is not None:
                    out.append(cue)
            break
    return out


def _couple_present(reader: Reader, s: int, e: int, at: int, partners: dict[str, set[str]]) -> tuple[str, str] | None:
    """A known couple with one partner in the sentence [s, e), the other there too or (in narration) in
    the paragraph or the one before."""
    here = [r.character for r in reader.index.between(s, e)]
    pi = reader.paragraph_index(s)
    para = [r.character for r in reader.paragraph_refs(pi)] if pi >= 0 else here
    prev = [r.character for r in reader.paragraph_refs(pi - 1)]
    # In dialogue both partners must be in the sentence; narration may name one a little earlier.
    pool = here if reader.in_dialogue(at) else here + para + prev
    for x in dict.fromkeys(here):
        for y in dict.fromkeys(pool):
            if y in partners.get(x, ()):
                return x, y
    return None
