"""Actions one character does to another, read off the parse (subject, verb, object): "Buffy kissed
Faith", "she slapped him", "he married her", "she employed him", "he betrayed her". Kissing and
love-making are romantic in fiction unless the two are family; striking and the acts of conflict
(lexicon.CONFLICT_VERBS: accusing, betraying, mocking...) are hostile; employing makes the subject the
employer."""

from __future__ import annotations

from collections.abc import Iterator

from ...document import Span
from ...lexicon import BREAK_UP_VERBS, CONFLICT_VERBS, EMPLOY_VERBS, LOVE_VERBS, MARRY_VERBS, VIOLENCE_VERBS
from ..cue import ACTION, CONFLICT, HOSTILE, PROFESSIONAL, ROMANTIC, Cue, make_cue
from ..grammar import hypothetical
from ..reader import Reader

# verb lemma -> (type, detail, state, cue family)
_ACTIONS: dict[str, tuple[str, str, str, str]] = {
    **dict.fromkeys(CONFLICT_VERBS, (HOSTILE, "enemies", "", CONFLICT)),
    **dict.fromkeys(LOVE_VERBS, (ROMANTIC, "lovers", "together", ACTION)),
    **dict.fromkeys(MARRY_VERBS, (ROMANTIC, "spouses", "married", ACTION)),
    **dict.fromkeys(BREAK_UP_VERBS, (ROMANTIC, "ex-partners", "broken up", ACTION)),
    **dict.fromkeys(VIOLENCE_VERBS, (HOSTILE, "enemies", "", ACTION)),
    **dict.fromkeys(EMPLOY_VERBS, (PROFESSIONAL, "employer-employee", "", ACTION)),
}
# A verb in a clause joined to another takes that clause's subject ("He turned and kissed her").
_SHARES_SUBJECT = ("conj", "xcomp", "advcl")


def find(reader: Reader) -> Iterator[Cue]:
    cfg = reader.cfg
    for base, tok in reader.parsed.pick("POS", ("VERB",)):
        if tok.lemma_.lower() not in _ACTIONS:
            continue
        if tok.tag_ == "VB" or hypothetical(tok, cfg.hypothetical_depth):
            continue  # wished, ordered or feared ("to marry her", "wish Charles had married Anne"), not done
        type_, detail, state, family = _ACTIONS[tok.lemma_.lower()]
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None and tok.dep_ in _SHARES_SUBJECT:
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if subj is None or obj is None or any(c.dep_ == "neg" for c in tok.children):
            continue
        rs = reader.ref_for_token(base + subj.idx)
        ro = reader.ref_for_token(base + obj.idx)
        if rs is None or ro is None or rs.character == ro.character:
            continue
        conf = (min(rs.confidence, 1.0) + min(ro.confidence, 1.0)) / 2
        conf *= cfg.action_named_factor if (rs.kind == "name" and ro.kind == "name") else cfg.action_other_factor
        s = base + tok.idx
        cue = make_cue(rs.character, ro.character, type_, detail, Span(s, s + len(tok.text)), conf, family,
                       directed=type_ == PROFESSIONAL, state=state)
        if cue is not None:
            yield cue
