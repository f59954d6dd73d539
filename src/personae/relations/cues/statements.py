"""Statements that tie two characters: "I've been with Faith", "she was engaged to him", "his attachment
to her", "she quarrelled with him", "he worked for her"; and "X and Y got together / were married / were
sisters"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from ...document import Span
from ...lexicon import REFLEXIVE_PRONOUNS
from ...model import Mention
from ..cue import CONFLICT, FAMILY, FRIENDSHIP, HOSTILE, PROFESSIONAL, ROMANTIC, SERVICE, STATEMENT, Cue, make_cue
from ..grammar import hypothetical_at, subject_of
from ..reader import Reader
from ..references import SPEAKER

_R, _F, _P, _H, _W = ROMANTIC, FAMILY, FRIENDSHIP, HOSTILE, PROFESSIONAL


class _Statement(NamedTuple):
    """A phrase that ends right before a character and ties them to the subject of its clause."""

    pattern: re.Pattern[str]
    type: str
    detail: str
    state: str = ""
    family: str = STATEMENT
    # The character after the phrase is the head of the directed relation ("worked for X": the employer).
    object_is_head: bool = False
    # How much the phrase alone says (``weak_statement_factor``-like readings are set in the settings).
    weak: bool = False


def _p(regex: str) -> re.Pattern[str]:
    return re.compile(regex + r"\s+$", re.I)


# A statement ties its subject to the person after it: "I've been with Faith", "she was engaged to him".
_WITH_STATEMENTS: list[_Statement] = [
    _Statement(_p(r"\b(?:been|living|lived|live|lives)\s+with"), _R, "lovers", "together"),
    _Statement(_p(r"\b(?:engaged|betrothed|promised)\s+to"), _R, "engaged", "engaged"),
    # Past forms only: "wish to marry her", "thought of marrying" are hopes, not marriages.
    _Statement(_p(r"\b(?:married|wedded)(?:\s+to)?"), _R, "spouses", "married"),
    _Statement(_p(r"\bin\s+love\s+with"), _R, "lovers", "together"),
    _Statement(_p(r"\b(?:slept|sleeping|sleep|sleeps)\s+with"), _R, "lovers", "together"),
    _Statement(_p(r"\b(?:dating|dated|courting|courted)"), _R, "courtship", "courtship"),
    _Statement(_p(r"\bproposed\s+to"), _R, "courtship", "courtship"),
    # Nouns of the same acts: "her engagement to Captain Wentworth", "his attachment to her".
    _Statement(_p(r"\b(?:engagement|betrothal)\s+(?:to|with)"), _R, "engaged", "engaged"),
    _Statement(_p(r"\b(?:attachment|proposals?)\s+(?:to|for)"), _R, "courtship", "courtship"),
    _Statement(_p(r"\b(?:affair|fling)\s+with"), _R, "affair", "together"),
    _Statement(_p(r"\b(?:cheated|cheating|cheat)\s+(?:on|with)"), _R, "affair", "strained"),
    _Statement(_p(r"\b(?:broke|break|broken|breaking)\s+up\s+with"), _R, "ex-partners", "broken up"),
    _Statement(_p(r"\b(?:dumped|divorced|jilted|walked\s+out\s+on|left)"), _R, "ex-partners", "broken up"),
    _Statement(_p(r"\brelationship\s+with"), _R, "lovers", "together"),
    _Statement(_p(r"\b(?:friends|friendship|intimacy|intimate)\s+with"), _P, "friends"),
    # Enmity and rivalry, said ("hated", "quarrelled with", "jealous of"); each is said of many things
    # short of enmity, so they weigh little alone.
    _Statement(_p(r"\b(?:hated|hates|hate|despised|despise|loathed|loathe)"), _H, "enemies", weak=True),
    _Statement(_p(r"\b(?:quarrel(?:l?ed|l?ing|s)?|fought|fighting|feud(?:ing)?|duel(?:l?ed)?)\s+with"), _H, "enemies",
               family=CONFLICT, weak=True),
    _Statement(_p(r"\bat\s+(?:war|odds|enmity|daggers\s+drawn)\s+with"), _H, "enemies", family=CONFLICT, weak=True),
    _Statement(_p(r"\b(?:revenge|vengeance)\s+(?:on|upon)"), _H, "enemies", family=CONFLICT, weak=True),
    _Statement(_p(r"\b(?:hatred|contempt|enmity|dislike|aversion|grudge|ill[\s-]will|spite)\s+(?:of|for|to|towards?|against)"),
               _H, "enemies", family=CONFLICT, weak=True),
    _Statement(_p(r"\b(?:disliked|dislikes|dislike|detested|detest|abhorred|abhor)"), _H, "enemies", family=CONFLICT, weak=True),
    _Statement(_p(r"\bjealous\s+of"), _H, "rivals", family=CONFLICT, weak=True),
    # Service: "worked for him", "in the service of the Earl", "housekeeper to the Oakleys".
    _Statement(_p(r"\b(?:worked|works|working|work)\s+for"), _W, "employer-employee", family=SERVICE, object_is_head=True,
               weak=True),
    _Statement(_p(r"\bin\s+(?:the\s+)?(?:service|employ|employment|pay)\s+of"), _W, "employer-employee",
               family=SERVICE, object_is_head=True),
    _Statement(_p(r"\bemployed\s+by"), _W, "employer-employee", family=SERVICE, object_is_head=True),
    _Statement(_p(r"\b(?:servant|maid|housemaid|butler|footman|valet|coachman|groom|housekeeper|cook|gardener|nurse)\s+(?:to|of|for)"),
               _W, "master-servant", family=SERVICE, object_is_head=True),
    _Statement(_p(r"\b(?:secretary|clerk|steward|agent|companion)\s+to"), _W, "employer-employee", family=SERVICE,
               object_is_head=True),
    _Statement(_p(r"\b(?:governess|tutor)\s+to"), _W, "teacher-student", family=SERVICE, object_is_head=False),
    _Statement(_p(r"\bapprenticed\s+to"), _W, "teacher-student", family=SERVICE, object_is_head=True),
]
# Any of them (one search instead of one per statement: most names follow none).
_ANY_WITH_STATEMENT = re.compile("|".join(f"(?:{st.pattern.pattern})" for st in _WITH_STATEMENTS), re.I)
# "X and Y got together / were married / were sisters".
_PAIR_STATEMENTS: list[tuple[re.Pattern[str], str, str, str]] = [
    (re.compile(r"^\s+(?:had\s+|have\s+|'d\s+|’d\s+)?(?:finally\s+)?(?:gotten|got|get|getting)\s+together\b", re.I), _R, "lovers", "together"),
    (re.compile(r"^\s+(?:were|are|had\s+been|have\s+been|became|had\s+become)\s+(?:secretly\s+|finally\s+)?engaged\b", re.I), _R, "engaged", "engaged"),
    (re.compile(r"^\s+(?:were|are|had\s+been|have\s+been|got|had\s+got|had\s+gotten)\s+married\b", re.I), _R, "spouses", "married"),
    (re.compile(r"^\s+(?:were|are|had\s+been|became)\s+lovers\b", re.I), _R, "lovers", "together"),
    (re.compile(r"^\s+(?:had\s+|have\s+)?(?:broke|broken|split)\s+up\b", re.I), _R, "ex-partners", "broken up"),
    (re.compile(r"^\s+(?:were|are)\s+(?:sisters|brothers|siblings)\b", re.I), _F, "siblings", ""),
    (re.compile(r"^\s+(?:were|are)\s+twins\b", re.I), _F, "twins", ""),
    (re.compile(r"^\s+(?:were|are)\s+cousins\b", re.I), _F, "cousins", ""),
    (re.compile(r"^\s+(?:were|are|had\s+been|became)\s+(?:best\s+|old\s+|close\s+|good\s+|the\s+best\s+of\s+)?friends\b", re.I), _P, "friends", ""),
    (re.compile(r"^\s+(?:were|are|had\s+been|became)\s+(?:bitter\s+|sworn\s+|old\s+)?(?:enemies|rivals)\b", re.I), _H, "enemies", ""),
]
# "the friendship between X and Y", "a quarrel between X and Y": a bond named before the pair.
_BETWEEN_STATEMENTS: list[tuple[re.Pattern[str], str, str, str]] = [
    (_p(r"\b(?:friendship|intimacy)\s+(?:\w+\s+){0,2}?between"), _P, "friends", ""),
    (_p(r"\b(?:quarrel|enmity|hostility|feud|hatred)\s+(?:\w+\s+){0,2}?between"), _H, "enemies", ""),
    (_p(r"\brivalry\s+(?:\w+\s+){0,2}?between"), _H, "rivals", ""),
    (_p(r"\b(?:marriage|wedding)\s+(?:\w+\s+){0,2}?between"), _R, "spouses", "married"),
    (_p(r"\b(?:engagement|attachment)\s+(?:\w+\s+){0,2}?between"), _R, "engaged", "engaged"),
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
    if not _ANY_WITH_STATEMENT.search(left):
        return None
    for st in _WITH_STATEMENTS:
        mm = st.pattern.search(left)
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
        if st.weak:
            conf *= cfg.weak_statement_factor
        if st.detail == "ex-partners" and "left" in mm.group().lower():
            conf *= cfg.left_factor
        span = Span(cue_start, r.start - len(left) + mm.end())
        a, b = (r.character, subj.character) if st.object_is_head else (subj.character, r.character)
        return make_cue(a, b, st.type, st.detail, span, conf, st.family, directed=st.type == PROFESSIONAL, state=st.state)
    return None


def _pair_statement(reader: Reader, r: Mention, nxt: Mention) -> Cue | None:
    """"X and Y were married": two names joined by "and", a statement right after; "the friendship
    between X and Y": a bond named right before."""
    text = reader.text
    if nxt.kind != "name" or not _AND.fullmatch(text[r.end : nxt.start]):
        return None
    left = text[max(0, r.start - reader.cfg.statement_reach) : r.start]
    for pat, type_, detail, state in _BETWEEN_STATEMENTS:
        mm = pat.search(left)
        if mm and not hypothetical_at(reader, r.start - len(left) + mm.start()):
            at = r.start - len(left) + mm.start()
            span = Span(at, at + len(mm.group().rstrip()))
            return make_cue(r.character, nxt.character, type_, detail, span, reader.cfg.pair_statement_confidence,
                            STATEMENT, state=state)
    tail = text[nxt.end : nxt.end + reader.cfg.pair_statement_reach]
    for pat, type_, detail, state in _PAIR_STATEMENTS:
        mm = pat.match(tail)
        if mm:
            span = Span(nxt.end + mm.start(), nxt.end + mm.end())
            return make_cue(r.character, nxt.character, type_, detail, span, reader.cfg.pair_statement_confidence,
                            STATEMENT, state=state)
    return None
