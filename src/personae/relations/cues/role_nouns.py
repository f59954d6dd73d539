"""Role nouns bound to a possessor: "her sister Dawn", "Dawn's fiancé", "Michael, her boyfriend", "the
daughter of Mr. X", "my dear cousin" said to the listener; and "the twins, Ben and Amy".

"X's <noun>" names the *target*; lexicon.RELATIONSHIP_NOUNS says whether the target is ``a`` of a
directed relation (the parent in "X's mother"), ``b`` (the child in "X's daughter") or either
(symmetric), and its gender, which constrains which character the noun can be. The target is, in order:
a name (or list) right after the phrase, an apposition before it, the phrase itself when the cast
resolved it as a description, the listener of a vocative, else the nearest fitting character (a guess,
weighed later against chance: ``pool.above_chance``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from ...document import Span
from ...lexicon import (
    ENDEARING_ROLE_NOUNS,
    LOVE_NOUN,
    MARRIED_WOMAN_ROLES,
    PRONOUN_GENDER,
    RELATIONSHIP_NOUN_PLURALS,
    RELATIONSHIP_NOUN_VARIANTS,
    RELATIONSHIP_NOUNS,
    SAME_ROLE,
    SINGULAR_ROLES,
)
from ...lexicon.nouns import RoleNoun
from ...model import Mention
from ..cue import FAMILY, ROLE_BOUND, ROLE_GUESS, ROMANTIC, TWINS, Cue, Guess, Slot, make_cue
from ..grammar import copula_subject, denied, is_object_her, speech_verb_of, starts_clause, unknown_name_after
from ..reader import Reader
from ..references import ADDRESSEE, SPEAKER

_ALL_ROLE_WORDS = sorted(set(RELATIONSHIP_NOUNS) | set(RELATIONSHIP_NOUN_PLURALS) | set(RELATIONSHIP_NOUN_VARIANTS) | {LOVE_NOUN},
                         key=len, reverse=True)
_ROLE_ALT = "|".join(re.escape(w) for w in _ALL_ROLE_WORDS)
# Up to three modifiers between the possessive and the role noun: "her baby sister", "his eldest daughter",
# "her high school boyfriend". Modifiers are lowercase words (not themselves role nouns).
_MODS = r"(?:(?:[a-z]+(?:-[a-z]+)*)\s+){0,3}?"
_POSS_ROLE = re.compile(
    r"(?:\b(?P<pron>his|her|my|your|their|our)|(?P<gen>['’]s?))\s+" + _MODS + r"(?P<role>" + _ROLE_ALT + r")\b(?!['’]s|-)",
    re.IGNORECASE,
)
_ROLE_OF = re.compile(r"\b(?:the|a|an|only|sole)\s+" + _MODS + r"(?P<role>" + _ROLE_ALT + r")\s+(?:of|to)\s+(?P<poss>)", re.IGNORECASE)
_TWINS = re.compile(r"\btwins\b", re.IGNORECASE)
# A role set off as a vocative: followed by punctuation or the end of the quote ...
_VOCATIVE_END = re.compile(r"\s*(?:[,!?;]|—|--|$)")
# ... and preceded by the start of the quote or a clause.
_VOCATIVE_LEAD = ("", ",", "“", '"', "!", "?", "—", "-")
# The romantic state a role noun places the couple in.
_STATE_OF_DETAIL = {"spouses": "married", "engaged": "engaged", "ex-partners": "broken up", "courtship": "courtship"}
_EX = "ex"


class _Phrase(NamedTuple):
    """One role-noun phrase: the match, the noun's key and entry, and where the noun is."""

    m: re.Match
    key: str
    plural: bool
    entry: RoleNoun
    start: int
    end: int
    possessive: bool

    @property
    def pronoun(self) -> str:
        return (self.m.group("pron") or "").lower() if self.possessive else ""


def find(reader: Reader) -> Iterator[Cue]:
    text = reader.text
    for p in reader.paragraphs:
        for m in _POSS_ROLE.finditer(text, p.start, p.end):
            yield from _role_cues(reader, m, possessive=True)
        for m in _ROLE_OF.finditer(text, p.start, p.end):
            yield from _role_cues(reader, m, possessive=False)
        for m in _TWINS.finditer(text, p.start, p.end):
            names = reader.name_list(m.end())
            for i, x in enumerate(names):
                for y in names[i + 1 :]:
                    cue = make_cue(x.character, y.character, FAMILY, "twins", Span(m.start(), m.end()),
                                   reader.cfg.twins_confidence, TWINS)
                    if cue is not None:
                        yield cue


def _phrase(reader: Reader, m: re.Match, possessive: bool) -> _Phrase | None:
    low = m.group("role").lower()
    key = RELATIONSHIP_NOUN_PLURALS.get(low) or RELATIONSHIP_NOUN_VARIANTS.get(low) or low
    if key == LOVE_NOUN:
        # 'his love' is a partner only when a name follows ("his new love, Samantha").
        if reader.name_at(m.end("role")) is None:
            return None
        entry = RoleNoun(ROMANTIC, "lovers", None, "U")
    else:
        entry = RELATIONSHIP_NOUNS.get(key)
    if entry is None:
        return None
    return _Phrase(m, key, low in RELATIONSHIP_NOUN_PLURALS, entry, m.start("role"), m.end("role"), possessive)


def _role_cues(reader: Reader, m: re.Match, possessive: bool) -> Iterator[Cue]:
    ph = _phrase(reader, m, possessive)
    if ph is None or denied(reader, ph.start):
        return  # "he was not her brother"
    found = _possessor(reader, ph)
    if found is None:
        return
    possessor, pconf = found
    targets = _bound_targets(reader, ph, possessor)
    if not targets and possessive and unknown_name_after(reader, ph.end):
        return  # "my brother, Mr. Suckling": the relative is named, and is no one in the cast
    q = reader.quote_at(ph.start) if ph.pronoun in ("my", "your") else None
    if not targets:
        targets = _vocative_target(reader, ph, possessor, q)
    guess, family = None, ROLE_BOUND
    if not targets:
        targets, guess = _guessed_target(reader, ph, possessor, q)
        family = ROLE_GUESS
    type_, detail, role, tgender = ph.entry
    for tref, tconf in targets:
        if tref.character == possessor.character or not reader.fits(tref.character, tgender):
            continue
        if guess and detail == "siblings" and reader.other_family(possessor.character, tref.character, tgender):
            continue
        a, b, directed = _orient(possessor.character, tref.character, role)
        state = _STATE_OF_DETAIL.get(detail, "together" if type_ == ROMANTIC else "")
        slot = Slot(possessor.character, SAME_ROLE.get(ph.key, ph.key)) if ph.key in SINGULAR_ROLES else None
        cue = make_cue(a, b, type_, detail, Span(ph.start, ph.end), min(pconf, 1.0) * tconf, family,
                       directed=directed, state=state, slot=slot, target=tref.character, guess=guess)
        if cue is not None:
            yield cue


def _possessor(reader: Reader, ph: _Phrase) -> tuple[Mention, float] | None:
    """Whose relative the phrase names, and how sure that is."""
    m, cfg = ph.m, reader.cfg
    if not ph.possessive:
        possessor = reader.name_at(m.end(), cfg.of_name_gap)  # "the daughter of Mr. X"
        return (possessor, 1.0) if possessor is not None else None
    if not m.group("pron"):
        possessor = reader.index.ending_at(m.start("gen"))  # "Dawn's fiancé"
        return (possessor, 1.0) if possessor is not None and possessor.kind == "name" else None
    pron, at = ph.pronoun, m.start("pron")
    if pron in ("their", "our"):
        return None
    ref = reader.ref_for_token(at)
    if ref is not None and pron in ("his", "her") and not reader.fits(ref.character, PRONOUN_GENDER[pron]):
        ref = None  # "his" is a man's: a resolution to a woman is a coreference slip
    if ref is None and pron in ("his", "her"):
        ref = reader.nearby(at, set(), PRONOUN_GENDER[pron], before_only=True)
    if ref is None:
        return None
    sure = cfg.pronoun_possessor_confidence
    pconf = sure if ref.kind == "name" else min(sure, ref.confidence + cfg.reference_confidence_boost)
    if pron == "her" and at > 0 and is_object_her(reader, at):
        return None
    return ref, pconf


def _bound_targets(reader: Reader, ph: _Phrase, possessor: Mention) -> list[tuple[Mention, float]]:
    """The relative bound by the text: a name (or a list) right after, an apposition before, the phrase
    itself resolved as a description."""
    text, m, cfg = reader.text, ph.m, reader.cfg
    after = reader.name_list(ph.end) if ph.possessive else []
    if after and "," in text[ph.end : after[0].start] and starts_clause(reader, after[-1]):
        after = []  # "quitting her father, Mr. Knightley felt": the name begins a new clause
    if after and (ph.plural or len(after) == 1):
        return [(r, 1.0) for r in after]
    if ph.possessive:
        start_phrase = m.start("pron") if m.group("pron") else possessor.start
    else:
        start_phrase = m.start()
    before = reader.name_ending_at(start_phrase)
    if before is not None and text[before.end : start_phrase].strip() == ",":
        return [(before, cfg.apposition_confidence)]
    subject = copula_subject(reader, ph.start) if ph.possessive and not ph.plural else None
    if subject is not None and subject.character != possessor.character:
        # "Charlotte was Elizabeth's friend": the subject is what the phrase names.
        return [(subject, cfg.copula_confidence * min(subject.confidence + cfg.reference_confidence_boost, 1.0))]
    ref = reader.ref_for_token(ph.start)
    if ref is not None and ref.kind == "description":
        return [(ref, cfg.description_target_factor * ref.confidence)]
    return _speaker_target(reader, ph, possessor)


def _speaker_target(reader: Reader, ph: _Phrase, possessor: Mention) -> list[tuple[Mention, float]]:
    """"…," said her uncle: the role noun that tags a speech names its speaker."""
    cfg = reader.cfg
    verb = speech_verb_of(reader, ph.start)
    if verb is None:
        return []
    quotes = reader.story.quote_index
    before = quotes.preceding(min(verb, ph.start))
    i = quotes.index_at(max(verb, ph.end))
    after = quotes.items[i + 1] if i + 1 < len(quotes.items) else None
    for q in (before, after):
        if q is None or not q.speaker or q.speaker == possessor.character:
            continue
        gap = min(verb, ph.start) - q.end if q is before else q.start - max(verb, ph.end)
        if 0 <= gap <= cfg.speech_tag_reach:
            return [(Mention(ph.start, ph.end, q.speaker, SPEAKER, q.confidence),
                     cfg.speech_tag_factor * max(q.confidence, cfg.attribution_floor))]
    return []


def _vocative_target(reader: Reader, ph: _Phrase, possessor: Mention, q) -> list[tuple[Mention, float]]:
    """"You must give me leave, my dear cousin, ...": a role set off as a vocative names the listener."""
    text, m, cfg = reader.text, ph.m, reader.cfg
    if q is None or ph.pronoun != "my" or len(q.addressees) != 1 or q.addressees[0] == possessor.character:
        return []
    if ph.key in ENDEARING_ROLE_NOUNS:
        return []  # "my dear child" is an elder's endearment, said to anyone younger
    lead = text[max(0, m.start() - cfg.vocative_lead_chars) : m.start()].strip()[-1:]
    if not _VOCATIVE_END.match(text, ph.end) or lead not in _VOCATIVE_LEAD:
        return []
    conf = cfg.vocative_role_factor * max(q.confidence, cfg.attribution_floor)
    return [(Mention(ph.start, ph.end, q.addressees[0], ADDRESSEE, q.confidence), conf)]


def _guessed_target(reader: Reader, ph: _Phrase, possessor: Mention, q) -> tuple[list[tuple[Mention, float]], Guess | None]:
    """The nearest fitting character, when nothing binds the relative (a weak guess, with the key it is
    weighed against chance by); "her ex": the nearest other character (not weighed)."""
    cfg = reader.cfg
    type_, _detail, _role, tgender = ph.entry
    exclude = {possessor.character}
    if q is not None and ph.pronoun == "your" and q.speaker:
        exclude.add(q.speaker)  # "your cousin" is neither the listener nor the one who speaks
    if ph.key == _EX:
        ref = reader.nearby(ph.start, {possessor.character}, "U")
        return ([(ref, cfg.ex_guess_confidence)] if ref is not None else []), None
    if ph.plural:
        return [], None
    ref = reader.nearby(ph.start, exclude, tgender, kin_of=possessor.character if type_ == FAMILY else None,
                        prefer_married=SAME_ROLE.get(ph.key, ph.key) in MARRIED_WOMAN_ROLES)
    if ref is None:
        return [], None
    same_sentence = reader.sentence(ref.start) == reader.sentence(ph.start)
    # In dialogue a name nearby is mostly the person spoken to, not the relative spoken of.
    if not same_sentence and reader.in_dialogue(ph.start):
        return [], None
    conf = cfg.guess_same_sentence_confidence if same_sentence else cfg.guess_paragraph_confidence
    return [(ref, conf)], Guess(possessor.character, ph.key, tgender, type_ == FAMILY)


def _orient(possessor: str, target: str, role: str | None) -> tuple[str, str, bool]:
    """(a, b, directed): a is the head of a directed relation (parent, aunt, employer)."""
    if role == "a":
        return target, possessor, True
    if role == "b":
        return possessor, target, True
    return possessor, target, False
