"""Statements that tie two characters: "I've been with Faith", "she was engaged to him", "his attachment
to her"; and "X and Y got together / were married / were sisters"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...document import Span
from ...lexicon import REFLEXIVE_PRONOUNS
from ...model import Mention
from ..cue import FAMILY, FRIENDSHIP, HOSTILE, PROFESSIONAL, ROMANTIC, STATEMENT, Cue, make_cue
from ..grammar import hypothetical_at, subject_of
from ..reader import Reader
from ..references import SPEAKER

_R, _F, _P, _H = ROMANTIC, FAMILY, FRIENDSHIP, HOSTILE
# A statement ties its subject to the person after it: "I've been with Faith", "she was engaged to him".
_WITH_STATEMENTS: list[tuple[re.Pattern[str], str, str, str]] = [
    (re.compile(r"\b(?:been|living|lived|live|lives)\s+with\s+$", re.I), _R, "partners", "together"),
    (re.compile(r"\b(?:engaged|betrothed|promised)\s+to\s+$", re.I), _R, "engaged", "engaged"),
    # Past forms only: "wish to marry her", "thought of marrying" are hopes, not marriages.
    (re.compile(r"\b(?:married|wedded)\s+(?:to\s+)?$", re.I), _R, "spouses", "married"),
    (re.compile(r"\bin\s+love\s+with\s+$", re.I), _R, "lovers", "together"),
    (re.compile(r"\b(?:slept|sleeping|sleep|sleeps)\s+with\s+$", re.I), _R, "lovers", "together"),
    (re.compile(r"\b(?:dating|dated|courting|courted)\s+$", re.I), _R, "courtship", "courtship"),
    (re.compile(r"\bproposed\s+to\s+$", re.I), _R, "courtship", "courtship"),
    # Nouns of the same acts: "her engagement to Captain Wentworth", "his attachment to her".
    (re.compile(r"\b(?:engagement|betrothal)\s+(?:to|with)\s+$", re.I), _R, "engaged", "engaged"),
    (re.compile(r"\b(?:attachment|proposals?)\s+(?:to|for)\s+$", re.I), _R, "courtship", "courtship"),
    (re.compile(r"\b(?:affair|fling)\s+with\s+$", re.I), _R, "affair", "together"),
    (re.compile(r"\b(?:cheated|cheating|cheat)\s+(?:on|with)\s+$", re.I), _R, "affair", "strained"),
    (re.compile(r"\b(?:broke|break|broken|breaking)\s+up\s+with\s+$", re.I), _R, "ex-partners", "broken up"),
    (re.compile(r"\b(?:dumped|divorced|jilted|walked\s+out\s+on|left)\s+$", re.I), _R, "ex-partners", "broken up"),
    (re.compile(r"\brelationship\s+with\s+$", re.I), _R, "partners", "together"),
    (re.compile(r"\b(?:friends|friendship)\s+with\s+$", re.I), _P, "friends", ""),
    (re.compile(r"\b(?:hated|hates|hate|despised|despise|loathed|loathe)\s+$", re.I), _H, "enemies", ""),
]
# "X and Y got together / were married / were sisters".
_PAIR_STATEMENTS: list[tuple[re.Pattern[str], str, str, str]] = [
    (re.compile(r"^\s+(?:had\s+|have\s+|'d\s+|’d\s+)?(?:finally\s+)?(?:gotten|got|get|getting)\s+together\b", re.I), _R, "partners", "together"),
    (re.compile(r"^\s+(?:were|are|had\s+been|have\s+been|became|had\s+become)\s+(?:secretly\s+|finally\s+)?engaged\b", re.I), _R, "engaged", "engaged"),
    (re.compile(r"^\s+(?:were|are|had\s+been|have\s+been|got|had\s+got|had\s+gotten)\s+married\b", re.I), _R, "spouses", "married"),
    (re.compile(r"^\s+(?:were|are|had\s+been|became)\s+lovers\b", re.I), _R, "lovers", "together"),
    (re.compile(r"^\s+(?:had\s+|have\s+)?(?:broke|broken|split)\s+up\b", re.I), _R, "ex-partners", "broken up"),
    (re.compile(r"^\s+(?:were|are)\s+(?:sisters|brothers|siblings)\b", re.I), _F, "siblings", ""),
    (re.compile(r"^\s+(?:were|are)\s+twins\b", re.I), _F, "twins", ""),
    (re.compile(r"^\s+(?:were|are)\s+cousins\b", re.I), _F, "cousins", ""),
    (re.compile(r"^\s+(?:were|are|had\s+been|became)\s+(?:best\s+|old\s+|close\s+|good\s+)?friends\b", re.I), _P, "friends", ""),
    (re.compile(r"^\s+(?:were|are|had\s+been|became)\s+(?:bitter\s+|sworn\s+|old\s+)?(?:enemies|rivals)\b", re.I), _H, "enemies", ""),
]
_NEGATED = re.compile(r"\b(?:not|never|no\s+longer|nor|n't|n’t)\s+(?:(?:\w+ly|been|be|yet|really|ever|even|quite)\s+){0,2}$", re.I)
_AND = re.compile(r"\s+and\s+")


def find(reader: Reader) -> Iterator[Cue]:
    refs = reader.index.mentions
    for i, r in enumerate(refs):
        if r.kind == SPEAKER or reader.text[r.start : r.end].lower() in REFLEXIVE_PRONOUNS:
            continue
        cue = _with_statement(reader, r)
        if cue is not None:
            yield cue
        if r.kind == "name" and i + 1 < len(refs):
            cue = _pair_statement(reader, r, refs[i + 1])
            if cue is not None:
                yield cue


def _with_statement(reader: Reader, r: Mention) -> Cue | None:
    """The first statement ending right before ``r`` that is neither negated nor wished, tying ``r`` to
    the subject of its clause."""
    text, cfg = reader.text, reader.cfg
    left = text[max(0, r.start - cfg.statement_reach) : r.start]
    for pat, type_, detail, state in _WITH_STATEMENTS:
        mm = pat.search(left)
        if mm is None:
            continue
        cue_start = r.start - len(left) + mm.start()
        if _NEGATED.search(text, max(0, cue_start - cfg.negation_reach), cue_start):
            return None  # "I am not in love with him", "she had never been engaged to"
        if hypothetical_at(reader, cue_start):
            return None  # "I wish she had been engaged to him", "if he had married her"
        subj = subject_of(reader, cue_start, exclude=r.character)
        if subj is None:
            continue
        named = r.kind == "name" and subj.kind in ("name", SPEAKER)
        conf = cfg.statement_named_confidence if named else cfg.statement_other_confidence
        boost = cfg.reference_confidence_boost
        conf *= min(1.0, subj.confidence + boost) * min(1.0, r.confidence + boost)
        if type_ == HOSTILE:
            conf *= cfg.hate_factor
        if detail == "ex-partners" and "left" in mm.group().lower():
            conf *= cfg.left_factor
        span = Span(cue_start, r.start - len(left) + mm.end())
        return make_cue(subj.character, r.character, type_, detail, span, conf, STATEMENT,
                        directed=type_ == PROFESSIONAL, state=state)
    return None


def _pair_statement(reader: Reader, r: Mention, nxt: Mention) -> Cue | None:
    """"X and Y were married": two names joined by "and", a statement right after."""
    text = reader.text
    if nxt.kind != "name" or not _AND.fullmatch(text[r.end : nxt.start]):
        return None
    tail = text[nxt.end : nxt.end + reader.cfg.pair_statement_reach]
    for pat, type_, detail, state in _PAIR_STATEMENTS:
        mm = pat.match(tail)
        if mm:
            span = Span(nxt.end + mm.start(), nxt.end + mm.end())
            return make_cue(r.character, nxt.character, type_, detail, span, reader.cfg.pair_statement_confidence,
                            STATEMENT, state=state)
    return None
