"""A stretch of narration as parsed tokens, and the tag a clause's subject makes.

Both sides of a quote end the same way: once a reader (``after``, ``before``) has found the subject
token of the tag clause, ``tag_of_subject`` decides who it names (the owner of "her mother" is not the
speaker; "his voice rang out" is his), the tag's gender, its addressee and its span.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...language import Parsed, doc_length
from ...lexicon import FIRST_PERSON, KIN_NOUNS, PERSON_NOUN_GENDER, PERSON_NOUNS, PRONOUN_GENDER, SPEECH_NOUNS, TELL_VERBS
from ...mentions import MentionIndex
from ...model import Mention
from ..settings import SpeakerSettings
from .record import Narration, Tag

# Quotation marks the parser may leave as tokens of the narration.
_MARKS = "\"“”‘’'"


@dataclass(frozen=True)
class Clause:
    """The tokens of a stretch of narration (outside quotes and marks), with the mentions to read
    them by."""

    offset: int  # where the parsed document the tokens belong to starts in the text
    tokens: list  # spaCy tokens
    idx: MentionIndex
    settings: SpeakerSettings

    @classmethod
    def of(
        cls, narration: Narration, parsed: Parsed, idx: MentionIndex, inside: Callable[[int], bool], settings: SpeakerSettings
    ) -> Clause | None:
        a, b = narration.start, narration.end
        found = parsed.doc_at(a) if a < b else None
        if found is None:
            return None
        offset, doc = found
        span = doc.char_span(a - offset, min(b, offset + doc_length(doc)) - offset, alignment_mode="expand")
        if span is None:
            return None
        toks = [t for t in span if not t.is_space and not inside(offset + t.idx) and t.text not in _MARKS]
        return cls(offset, toks, idx, settings) if toks else None

    def mention(self, token) -> Mention | None:
        """The longest mention sharing a character with ``token``."""
        start = self.offset + token.idx
        return self.idx.longest_at(start, start + len(token.text))


# Where a noun of speaking stands when it is the clause's own utterance: its root, subject or complement
# ("was Mr. Emerson's reply", "Mary's answer came quickly"), not inside a phrase ("startled by Alana's
# question": Alana asked an earlier quote).
_UTTERANCE_DEPS = frozenset({"ROOT", "attr", "nsubj", "nsubjpass", "appos"})


def speech_noun_owner(c: Clause, toks) -> object | None:
    """The owner of a noun of speaking that is the clause's utterance: "was Mr. Emerson's reply" -> Mr. Emerson."""
    for t in toks:
        if t.dep_ == "poss" and t.head.lemma_.lower() in SPEECH_NOUNS and t.head.dep_ in _UTTERANCE_DEPS and c.mention(t):
            return t
    return None


def tag_of_subject(c: Clause, subj, strong: bool, opening=None, speech_first: bool = False) -> Tag | None:
    """The tag whose clause has ``subj`` as its subject token. ``opening``: after a quote, the first
    word of the narration (``speech_first``: a verb of speaking, which is then the tag's verb)."""
    subj, possessor = _possessed(c, subj)
    verb = opening if speech_first else subj.head
    # The mention that covers the subject's head word (Mr. *Knightley*, the *brunette*).
    m = c.mention(subj)
    if m is not None and m.character == possessor:
        m = None
    speaker = m.character if m else None
    if speaker is None and subj.pos_ not in ("PRON", "PROPN", "NOUN"):
        return None
    explicit = subj.pos_ == "PROPN" or (m is not None and m.kind == "name")
    noun = subj.lemma_.lower() if subj.pos_ == "NOUN" else ""
    gender = PRONOUN_GENDER.get(subj.lower_) or PERSON_NOUN_GENDER.get(noun)
    start = c.offset + min(subj.idx, verb.idx)
    end = c.offset + max(subj.idx + len(subj.text), verb.idx + len(verb.text))
    inverted = opening is not None and opening.pos_ in ("VERB", "AUX") and opening.i < subj.i
    description = description_key(subj) if noun and not explicit and possessor is None else ""
    return Tag(
        speaker, gender, explicit, strong, (start, end), _addressee(c, verb, speaker), subj.lower_ in FIRST_PERSON,
        possessor, noun in KIN_NOUNS, inverted, description,
    )


def description_key(noun) -> str:
    """A description by its modifiers and head noun: "the old gentleman" -> "old gentleman"."""
    mods = [ch.lower_ for ch in noun.children if ch.dep_ in ("amod", "compound") and ch.i < noun.i]
    return " ".join([*mods, noun.lemma_.lower()])


def _possessed(c: Clause, subj) -> tuple[object, str | None]:
    """The subject that speaks, and the possessor of a relational one: "said her mother", "said Lucy's
    father" -> (mother, her); "her mind screaming", "his voice rang out" -> (her/his, None)."""
    if subj.dep_ == "poss" and subj.head.lemma_.lower() in PERSON_NOUNS:
        pm = c.mention(subj)
        return subj.head, (pm.character if pm else None)
    if subj.pos_ == "NOUN":
        poss = next((ch for ch in subj.children if ch.dep_ == "poss"), None)
        if poss is not None and subj.lemma_.lower() in PERSON_NOUNS:
            pm = c.mention(poss)
            return subj, (pm.character if pm else None)
        if poss is not None and subj.lemma_.lower() not in SPEECH_NOUNS:
            return poss, None  # the owner speaks
    return subj, None


def _addressee(c: Clause, verb, speaker: str | None) -> str | None:
    """Who the tag says is spoken to: the object of a verb of telling ("told him") or of "to" ("said
    to Emma"), when it is someone other than the speaker (the last such object wins)."""
    addressee = None
    for ch in verb.children:
        obj = None
        if ch.dep_ in ("dobj", "dative") and verb.lemma_.lower() in TELL_VERBS:
            obj = ch
        elif ch.dep_ == "prep" and ch.lower_ == "to":
            obj = next((g for g in ch.children if g.dep_ == "pobj"), None)
        if obj is not None:
            om = c.mention(obj)
            if om is not None and om.character != speaker:
                addressee = om.character
    return addressee
