"""Tags in the narration right after a quoted part: “Yes,” she said / “No,” said Faith.

The tag clause starts right after the closing mark, before any sentence break (``AfterQuote.window``).
Its subject is found by the readers of ``SUBJECT_READERS``, tried in order; the first that finds one
wins. To read a new kind of tag, write a reader ``(AfterQuote) -> token | None`` and put it in the
list where it should take precedence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from ...lexicon import FIRST_PERSON, PRONOUN_GENDER, SPEECH_NOUNS, SPEECH_TAG_VERBS
from .clause import Clause, speech_noun_owner, tag_of_subject
from .record import Tag

_SENTENCE_ENDS = (".", "!", "?", ";")
# After a quote ending in one of these the quote's own sentence runs into the narration: what
# follows is its tag (“Yes,” she said; “Well—” he began).
RUNS_ON = ",—-"
# ... and after one of these, a past-tense verb followed by a name is an inverted tag, whatever the verb.
RUNS_ON_OR_EXCLAIMS = ",!?—-"


@dataclass(frozen=True)
class AfterQuote:
    """The narration after a quoted part, as the subject readers see it."""

    clause: Clause
    window: list  # tokens from the closing mark to the first sentence end
    words: list  # … without punctuation (never empty)
    last_char: str  # the quoted part's last character
    # The narration opens with a verb of speaking ("said Emma"), which makes the clause a tag ...
    speech_first: bool
    # ... or with a verb followed by its subject ("Poor girl!" exploded Mr. Emerson).
    inverted: bool

    @cached_property
    def ids(self) -> set[int]:
        """Token indexes of the window."""
        return {t.i for t in self.window}


def tag_after_quote(c: Clause, last_char: str) -> Tag | None:
    """The tag in ``c``, narration after a quoted part ending in ``last_char``, or None."""
    window = []
    for t in c.tokens[: c.settings.tag_tokens]:
        if t.text in _SENTENCE_ENDS and window:
            break
        window.append(t)
    if window[0].lower_ == "from":
        tag = _from_speaker(c, window)
        if tag is not None:
            return tag
    words = [t for t in window if not t.is_punct]
    if not words:
        return None
    first_verb = words[0].pos_ in ("VERB", "AUX")
    speech_first = first_verb and words[0].lemma_.lower() in SPEECH_TAG_VERBS
    inverted = speech_first or (first_verb and words[0].tag_ == "VBD" and last_char in RUNS_ON_OR_EXCLAIMS)
    a = AfterQuote(c, window, words, last_char, speech_first, inverted)
    subj = None
    for read in SUBJECT_READERS:
        subj = read(a)
        if subj is not None:
            break
    if subj is None:
        return None
    lemma = subj.head.lemma_.lower()
    strong = (
        lemma in SPEECH_TAG_VERBS
        or lemma in SPEECH_NOUNS
        or last_char in RUNS_ON
        or speech_first
        or (inverted and subj.pos_ == "PROPN")
        or subj.dep_ == "pobj"  # the passive's agent
    )
    return tag_of_subject(c, subj, strong, words[0], speech_first)


def _from_speaker(c: Clause, window: list) -> Tag | None:
    """"a murmured ‘I love you’ from Spike": the speaker follows "from"."""
    who = next((t for t in window[1 : 1 + c.settings.from_speaker_tokens] if t.dep_ == "pobj"), None)
    m = c.mention(who) if who is not None else None
    if m is None:
        return None
    return Tag(m.character, PRONOUN_GENDER.get(who.lower_), m.kind == "name", True, (c.offset + window[0].idx, m.end), inverted=True)


def _inverted_subject(a: AfterQuote):
    """Inverted tag: "asked Isabella", "said he", "observed Mrs. Weston", "exclaimed the voice of old
    Mr. Emerson" (the parser often takes the name for an object)."""
    if not a.inverted:
        return None
    s = a.clause.settings
    reach = s.inverted_speech_verb_reach if a.speech_first else s.inverted_other_verb_reach
    for t in a.words[1 : 1 + reach]:
        if t.lower_ in PRONOUN_GENDER or t.lower_ in FIRST_PERSON or a.clause.mention(t):
            if t.dep_ == "poss" and t.head.i in a.ids and a.clause.mention(t.head):
                t = t.head  # "said her mother": the possessed noun is the speaker
            return t
        if not a.speech_first and t.pos_ in ("VERB", "AUX", "PRON"):
            return None
    return None


def _name_then_speech_verb(a: AfterQuote):
    """NAME + verb of speaking, whatever the parse ("May said", "Will asked": names that are also
    words fool the tagger). Only the first name among the opening words is tried."""
    s = a.clause.settings
    for k, t in enumerate(a.words[: s.name_first_words]):
        m = a.clause.mention(t)
        if m is None or m.kind != "name":
            continue
        offset = a.clause.offset
        rest = [u for u in a.words[k + 1 : k + 1 + s.name_to_verb_words] if not (m.start <= offset + u.idx < m.end)]
        if rest and rest[0].lemma_.lower() in SPEECH_TAG_VERBS and rest[0].tag_ in ("VBD", "VBZ", "VBP", "VB"):
            return t
        return None
    return None


def _speech_noun_owner(a: AfterQuote):
    """"was Frank's reply": the owner of a noun of speaking."""
    return speech_noun_owner(a.clause, a.window)


def _passive_agent(a: AfterQuote):
    """Passive: "was uttered at the same moment by Catherine"."""
    by = next((t for t in a.window if t.dep_ == "agent" and t.head.lemma_.lower() in SPEECH_TAG_VERBS), None)
    who = next((ch for ch in by.children if ch.dep_ == "pobj"), None) if by is not None else None
    return who if who is not None and a.clause.mention(who) else None


def _edge_subject(a: AfterQuote):
    """The subject of a clause near the quote's edge, preferring the subject of a verb of speaking
    ("Archer heard Lawrence Lefferts say": Lefferts speaks)."""
    ids, window, edge = a.ids, a.window, a.clause.settings.edge_subject_words
    cands = [
        t
        for pos, t in enumerate(window)
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.i in ids and min(pos, window.index(t.head)) <= edge
    ]
    first = next((t for t in cands if t.head.lemma_.lower() in SPEECH_TAG_VERBS), cands[0] if cands else None)
    return _main_subject(first, ids) if first is not None else None


def _main_subject(subj, ids: set[int]):
    """The actor of "When he gave her a look, she smiled" is the main clause's subject (she), not the
    subordinate clause's (he): a subject in an adverbial clause gives way to its main verb's subject."""
    verb = subj.head
    if verb.dep_ != "advcl" or verb.head.i not in ids:
        return subj
    return next((t for t in verb.head.children if t.dep_ in ("nsubj", "nsubjpass") and t.i in ids), subj)


# The ways a tag after a quote names its subject, most specific first.
SUBJECT_READERS: tuple[Callable[[AfterQuote], object | None], ...] = (
    _inverted_subject,
    _name_then_speech_verb,
    _speech_noun_owner,
    _passive_agent,
    _edge_subject,
)
