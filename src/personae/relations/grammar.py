"""Checks on the parse that the cue families share: is a verb only wished or supposed, who is the subject
of a clause, does a name begin a clause of its own, is a break-up told as backstory."""

from __future__ import annotations

import re

from ..lexicon import CONDITIONAL_CONJUNCTIONS, COPULA_VERBS, MODAL_VERBS, REFLEXIVE_PRONOUNS, SPEECH_VERBS, TITLES, WISH_VERBS
from ..model import Mention
from .reader import Reader
from .references import SPEAKER

# A title as written before a name ("Mrs", "Captain"), longest first.
TITLE_WORD = "|".join(sorted((t.capitalize() for t in TITLES), key=len, reverse=True))
# A capitalised name right after a phrase, with or without a title ("her cousin, Mr. Price").
_NAME_AFTER = re.compile(r",?[ \t]+(?:(?:" + TITLE_WORD + r")\.?\s+)?(?=[A-Z][a-z])")


def _first_token(reader: Reader, offset: int):
    tok = reader.parsed.token_at(offset)
    return tok[0] if tok is not None and len(tok) else None


def hypothetical(tok, depth: int) -> bool:
    """Is this verb counterfactual or merely wished: under "wish/hope/fear/suppose...", in an "if" clause,
    or with "would/could/might"? ("We wish Charles had married Anne", "if he had proposed")."""
    t = tok
    for level in range(depth):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_CONJUNCTIONS for c in t.children):
            return True
        if level == 0 and any(c.dep_ == "aux" and c.lower_ in MODAL_VERBS for c in t.children):
            return True
        if level > 0 and t.lemma_.lower() in WISH_VERBS:
            return True
        if t.head is t:
            break
        t = t.head
    return False


def hypothetical_at(reader: Reader, offset: int) -> bool:
    t = _first_token(reader, offset)
    return t is not None and hypothetical(t, reader.cfg.hypothetical_depth)


def subject_of(reader: Reader, offset: int, exclude: str) -> Mention | None:
    """The grammatical subject of the clause at ``offset`` as a character, else (in narration) the
    nearest other character before it."""
    t = _first_token(reader, offset)
    if t is not None:
        head = t
        for _ in range(reader.cfg.subject_depth):
            subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                found = reader.parsed.doc_at(offset)
                base = found[0] if found else 0
                ref = reader.ref_for_token(base + subj[0].idx)
                if ref is not None and ref.character != exclude and subj[0].lower_ not in REFLEXIVE_PRONOUNS:
                    return ref
                # A subject that is there but is no known character ("I" with no known speaker,
                # "the man") is not to be replaced by a guess.
                return None
            if head.head is head:
                break
            head = head.head
    if reader.in_dialogue(offset):
        return None
    ref = reader.nearby(offset, {exclude}, before_only=True)
    return ref if ref is not None and ref.kind in ("name", SPEAKER, "pronoun") else None


def copula_subject(reader: Reader, offset: int) -> Mention | None:
    """If the noun at ``offset`` is what the subject of "be"/"become" is said to be ("Charlotte was
    Elizabeth's intimate friend", "he became her guardian"), that subject as a character; not when the
    clause is negated or only supposed ("he was not her brother", "if she were his wife")."""
    verb = _copula_of(reader, offset)
    if verb is None or denied(reader, offset) or hypothetical(verb, reader.cfg.hypothetical_depth):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in REFLEXIVE_PRONOUNS:
        return None
    found = reader.parsed.doc_at(offset)
    return reader.ref_for_token((found[0] if found else 0) + subj.idx)


def denied(reader: Reader, offset: int) -> bool:
    """Is the noun at ``offset`` denied of its subject ("he was not her brother", "she is no friend of
    mine")?"""
    verb = _copula_of(reader, offset)
    if verb is None:
        return False
    t = _first_token(reader, offset)
    return any(c.dep_ == "neg" for c in verb.children) or any(c.dep_ == "det" and c.lower_ == "no" for c in t.children)


def _copula_of(reader: Reader, offset: int):
    t = _first_token(reader, offset)
    if t is None or t.dep_ != "attr" or t.head.lemma_.lower() not in COPULA_VERBS:
        return None
    return t.head


def starts_clause(reader: Reader, ref: Mention) -> bool:
    """Is this name the subject of a verb of its own (not an apposition to what precedes it)?"""
    t = _first_token(reader, ref.end - 1)
    if t is None:
        return False
    while t.dep_ in ("compound", "flat") and t.head is not t:
        t = t.head
    return t.dep_ in ("nsubj", "nsubjpass")


def is_object_her(reader: Reader, offset: int) -> bool:
    """'her' can be an object ("told her sister" is fine, "gave her friend" ambiguous); spaCy's tag says."""
    t = _first_token(reader, offset)
    return t is not None and t.dep_ in ("dobj", "iobj", "dative") and t.tag_ == "PRP"


def unknown_name_after(reader: Reader, offset: int) -> bool:
    """Does a proper name (not a cast member's) follow right after ``offset``, as in "her cousin, Mr.
    Price" or "his sister Mary" when Mary is not in the cast?"""
    m = _NAME_AFTER.match(reader.text[offset : offset + reader.cfg.unknown_name_reach])
    if m is None or any(r.kind == "name" for r in reader.index.between(offset, offset + m.end() + 1)):
        return False
    t = _first_token(reader, offset + m.end())
    return t is not None and t.pos_ == "PROPN" and t.dep_ not in ("nsubj", "nsubjpass")


def backstory(reader: Reader, offset: int) -> bool:
    """Is the verb at ``offset`` told as earlier than the scene: a pluperfect in narration ("she'd left
    him"), a simple past inside dialogue ("you dumped him")?"""
    t = _first_token(reader, offset)
    if t is None or t.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ == "aux" and c.lower_ in ("had", "'d", "’d") for c in t.children):
        return True
    return reader.in_dialogue(offset) and t.tag_ == "VBD"


def speech_verb_of(reader: Reader, offset: int) -> int | None:
    """If the word at ``offset`` is the subject of a verb of speaking ("said her uncle", "his mother
    replied"), where that verb is."""
    t = _first_token(reader, offset)
    if t is None or t.dep_ != "nsubj" or t.head.lemma_.lower() not in SPEECH_VERBS:
        return None
    found = reader.parsed.doc_at(offset)
    return (found[0] if found else 0) + t.head.idx
