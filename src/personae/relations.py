"""Typed relationships between characters, with evidence and a per-chapter timeline. (Issue 4.)

How it works, in one pass over the story text:

1. **References.** Every place a character is named (the cast's name mentions, plus a scan for each
   character's name and aliases), every pronoun the cast resolved (or, without the cast's pronouns, a
   recency guess by gender), and inside quotations ``I``/``my`` (the speaker) and ``you``/``your`` (the
   addressee).
2. **Cues.** General patterns of English fiction, each yielding (pair, type, detail, state, evidence span,
   confidence): a kinship or role noun bound to a possessor (``her sister Dawn``, ``Dawn's fiancé``,
   ``Michael, her boyfriend``, ``the daughter of Mr. X``), statements (``been with Faith``, ``engaged to``,
   ``X and Y got together``), actions between two characters (``kissed``, ``slapped``), address terms in
   dialogue (``"Papa!"``, pet names), and the surname rule (``Mr. X`` + ``Mrs. X`` are spouses).
3. **Relations.** Cues are pooled per pair and type; a relation needs enough independent support
   (weak cues alone never make one), and only ``acquaintance`` comes from talk and co-presence alone.
4. **Timeline.** Romantic relations get a per-chapter state (together, strained, engaged, married,
   broken up) from the cues of that chapter, including state words (``it was over``, ``time apart``) that
   only apply to a pair already known to be a couple.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .document import Span
from .context import Story
from .lexicon import (
    BREAK_UP_VERBS,
    CONDITIONAL_CONJUNCTIONS,
    EMPLOY_VERBS,
    ENDEARMENTS,
    FIRST_PERSON,
    LOVE_NOUN,
    LOVE_VERBS,
    MAIDEN_TITLES,
    MARRIED_WOMAN_ROLES,
    MARRY_VERBS,
    MODAL_VERBS,
    PARENT_ADDRESS_TERMS,
    PRONOUN_GENDER,
    REFLEXIVE_PRONOUNS,
    RELATIONSHIP_NOUN_PLURALS,
    RELATIONSHIP_NOUN_VARIANTS,
    RELATIONSHIP_NOUNS,
    SAME_ROLE,
    SECOND_PERSON,
    SINGULAR_ROLES,
    TITLES,
    VIOLENCE_VERBS,
    WIFE_TITLES,
    WISH_VERBS,
    family_names,
    title_class,
    title_key,
)
from .mentions import MentionIndex, name_mentions
from .model import Character, Mention, Quote, Relation, TimelineState

# --- the vocabulary: role nouns -------------------------------------------------------------------
# "X's <noun>" names the *target*; lexicon.RELATIONSHIP_NOUNS says whether the target is ``a`` of a
# directed relation (the parent in "X's mother"), ``b`` (the child in "X's daughter") or either
# (symmetric), and its gender, which constrains which nearby character the noun can be.
_R, _F, _P, _H, _W = "romantic", "family", "friendship", "hostile", "professional"
_ALL_ROLE_WORDS = sorted(set(RELATIONSHIP_NOUNS) | set(RELATIONSHIP_NOUN_PLURALS) | set(RELATIONSHIP_NOUN_VARIANTS) | {LOVE_NOUN}, key=len, reverse=True)
_ROLE_ALT = "|".join(re.escape(w) for w in _ALL_ROLE_WORDS)
# Up to three modifiers between the possessive and the role noun: "her baby sister", "his eldest daughter",
# "her high school boyfriend". Modifiers are lowercase words (not themselves role nouns).
_MODS = r"(?:(?:[a-z]+(?:-[a-z]+)*)\s+){0,3}?"
_POSS_ROLE = re.compile(
    r"(?:\b(?P<pron>his|her|my|your|their|our)|(?P<gen>['’]s?))\s+" + _MODS + r"(?P<role>" + _ROLE_ALT + r")\b(?!['’]s|-)",
    re.IGNORECASE,
)
_ROLE_OF = re.compile(r"\b(?:the|a|an|only|sole)\s+" + _MODS + r"(?P<role>" + _ROLE_ALT + r")\s+(?:of|to)\s+(?P<poss>)", re.IGNORECASE)
_COUPLE = re.compile(r"\bthe\s+(?:happy\s+|young\s+|new\s+|engaged\s+|married\s+)?couple\b(?:[^.!?]{0,30}?\b(?P<what>engaged|betrothed|married|wed)\b)?", re.I)
_NEGATED = re.compile(r"\b(?:not|never|no\s+longer|nor|n't|n’t)\s+(?:(?:\w+ly|been|be|yet|really|ever|even|quite)\s+){0,2}$", re.I)
_TWINS = re.compile(r"\btwins\b", re.IGNORECASE)
# "She was the mother of three children. Krystal was the eldest... the two youngest were twins": a
# family introduced by the parent, then the children named by birth order.
_PARENT_OF_N = re.compile(r"\b(?P<p>mother|father|mom|mum|dad|parent)\s+(?:of|to)\s+(?:[a-z]+\s+){0,2}?(?:children|kids|daughters|sons|girls|boys)\b", re.I)
_BIRTH_ORDER = re.compile(r"\b(?:eldest|oldest|youngest|middle\s+child|twins?|first-?born|baby\s+of\s+the\s+family)\b", re.I)

# --- statements, actions, states -------------------------------------------------------------------
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
# Actions one character does to another (subject verb object). Kissing and love-making are romantic
# in fiction unless the two are family; striking is hostile.
_ACTIONS: dict[str, tuple[str, str, str]] = {
    **dict.fromkeys(LOVE_VERBS, (_R, "lovers", "together")),
    **dict.fromkeys(MARRY_VERBS, (_R, "spouses", "married")),
    **dict.fromkeys(BREAK_UP_VERBS, (_R, "ex-partners", "broken up")),
    **dict.fromkeys(VIOLENCE_VERBS, (_H, "enemies", "")),
    **dict.fromkeys(EMPLOY_VERBS, (_W, "employer-employee", "")),
}
# "Buffy's lips met hers", "made love": bodies meeting is a romantic cue.
_BODY_ROMANCE = re.compile(r"\b(?:lips\s+(?:met|brushing|brushed|touched|on)|made\s+love|make\s+love|making\s+love|"
                           r"goodnight\s+kiss|kissed|kissing|kisses|in\s+(?:one\s+another's|each\s+other's|one\s+another’s|each\s+other’s)\s+arms)\b", re.I)
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
# Address terms in dialogue (lexicon.PARENT_ADDRESS_TERMS, ENDEARMENTS): a child calls a parent "Papa";
# lovers call each other pet names. The vocative must stand alone or be set off by punctuation.
_VOCATIVE_ROLE = re.compile(r"\s*(?:[,!?;]|—|--|$)")
_VOCATIVE = re.compile(r"(?:^|[,.!?;:…—–-]\s*|^\W*)(?P<w>[A-Za-z]+)(?=\s*(?:[,.!?;:…—–-]|$))")

# A title as written before a name ("Mrs", "Captain"), longest first.
_TITLE_WORD = "|".join(sorted((t.capitalize() for t in TITLES), key=len, reverse=True))
# A name led by a title: the title, and the family name (the last word).
_HONORIFIC = re.compile(r"^(" + _TITLE_WORD + r")\.?\s+(?:[A-Z][\w'’-]*\s+)*([A-Z][\w'’-]+)$")
# A capitalised name right after a phrase, with or without a title ("her cousin, Mr. Price").
_NAME_AFTER = re.compile(r",?[ \t]+(?:(?:" + _TITLE_WORD + r")\.?\s+)?(?=[A-Z][a-z])")

_STATE_SLOT = "state"  # marks state-word cues: they place a known couple in time, they add no support
# Support a pooled (pair, type) needs before it becomes a relation: one strong cue, or several weak ones.
MIN_SUPPORT = 1.15
STRONG_CUE = 0.85
INFER_MIN_CONFIDENCE = 0.6
ACQUAINTANCE_MIN_EXCHANGES = 6


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of evidence: ``a``/``b`` in the relation's own order (a = parent/employer when directed)."""

    a: str
    b: str
    type: str
    detail: str
    directed: bool
    state: str
    span: Span
    confidence: float
    pos: int
    # For role nouns one has only one of ("her husband", "papa"): "possessor|role" and the target, so
    # that competing guesses for the same role can be settled by vote.
    slot: str = ""
    target: str = ""
    # For a target guessed from proximity alone ("his sister" with the nearest woman as the sister):
    # "possessor|role|gender", so that the guesses can be weighed against chance (see ``_above_chance``).
    guess: str = ""


# --- references ------------------------------------------------------------------------------------
# How far before an offset a reference covering it may start (the longest names and phrases).
REF_REACH = 200


# A name right after (or before) a phrase, across spaces and commas: "her sister, Dawn", "Dawn, her sister".
_NAME_GAP = " ,\t\n"


def _name_at(index: MentionIndex, offset: int, text: str, max_gap: int = 3) -> Mention | None:
    """A name starting at ``offset`` (after spaces/commas)."""
    j = offset
    while j < len(text) and j - offset < max_gap and text[j] in _NAME_GAP:
        j += 1
    r = index.starting_at(j)
    return r if r is not None and r.kind == "name" else None


def _name_ending_at(index: MentionIndex, offset: int, text: str, max_gap: int = 3) -> Mention | None:
    j = offset
    while j > 0 and offset - j < max_gap and text[j - 1] in _NAME_GAP:
        j -= 1
    r = index.ending_at(j)
    return r if r is not None and r.kind == "name" else None


def _references(story: Story) -> MentionIndex:
    text, parsed, characters = story.text, story.parsed, story.characters
    gender = {c.id: c.gender for c in characters}
    refs: dict[tuple[int, int], Mention] = {}
    for r in name_mentions(text, characters, [(p.start, p.end) for p in story.paragraphs]):
        refs[(r.start, r.end)] = r
    known = {c.id for c in characters}
    have_pronouns = False
    for m in story.mentions:
        if m.character is None or m.character not in known:
            continue
        if m.kind == "pronoun":
            have_pronouns = True
        kind = m.kind if m.kind in ("name", "pronoun", "description") else "pronoun"
        refs.setdefault((m.start, m.end), Mention(m.start, m.end, m.character, kind, m.confidence))
    # Overlapping names: keep the longest.
    ordered = sorted(refs.values(), key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[Mention] = []
    for r in ordered:
        if kept and r.start < kept[-1].end:
            continue
        kept.append(r)
    # First and second person inside a quotation are its speaker and addressee.
    extra: list[Mention] = []
    taken = {r.start for r in kept}
    for start, doc in parsed:
        for tok in doc:
            low = tok.lower_
            if low not in FIRST_PERSON and low not in SECOND_PERSON and low not in PRONOUN_GENDER:
                continue
            s = start + tok.idx
            if s in taken:
                continue
            q = story.quote_at(s)
            if low in FIRST_PERSON and q is not None and q.speaker:
                extra.append(Mention(s, s + len(tok.text), q.speaker, "speaker", max(0.3, q.confidence)))
            elif low in SECOND_PERSON and q is not None and len(q.addressees) == 1:
                extra.append(Mention(s, s + len(tok.text), q.addressees[0], "addressee", max(0.3, q.confidence) * 0.8))
    if not have_pronouns:
        extra.extend(_guess_pronouns(parsed, kept, gender, story.in_quotes))
    return MentionIndex(sorted(kept + extra, key=lambda r: (r.start, -r.end)))


def _guess_pronouns(parsed, names: list[Mention], gender: dict[str, str], inside) -> list[Mention]:
    """Without the cast's coreference: a third-person pronoun in narration is the most recently named
    character of its gender within the paragraph or the one before (the usual reading of fiction)."""
    out = []
    starts = [r.start for r in names]
    for start, doc in parsed:
        for tok in doc:
            g = PRONOUN_GENDER.get(tok.lower_)
            if g is None:
                continue
            s = start + tok.idx
            if inside(s):
                continue  # in dialogue, "he" is whoever the speakers mean; narration recency says nothing
            i = bisect.bisect_left(starts, s) - 1
            while i >= 0 and s - names[i].start < 1500:
                cand = names[i]
                if gender.get(cand.character, "U") in (g, "U", "X") and cand.kind == "name":
                    # A pronoun a few words after its name is rarely anyone else.
                    out.append(Mention(s, s + len(tok.text), cand.character, "pronoun", 0.8 if s - cand.end < 60 else 0.5))
                    break
                i -= 1
    return out


# --- cues ------------------------------------------------------------------------------------------


def _hypothetical(tok) -> bool:
    """Is this verb counterfactual or merely wished: under "wish/hope/fear/suppose...", in an "if" clause,
    or with "would/could/might"? ("We wish Charles had married Anne", "if he had proposed")."""
    t = tok
    for depth in range(4):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_CONJUNCTIONS for c in t.children):
            return True
        if depth == 0 and any(c.dep_ == "aux" and c.lower_ in MODAL_VERBS for c in t.children):
            return True
        if depth > 0 and t.lemma_.lower() in WISH_VERBS:
            return True
        if t.head is t:
            break
        t = t.head
    return False


def _orient(possessor: str, target: str, role: str | None) -> tuple[str, str, bool]:
    """(a, b, directed): a is the head of a directed relation (parent, aunt, employer)."""
    if role == "a":
        return target, possessor, True
    if role == "b":
        return possessor, target, True
    return possessor, target, False


class _Finder:
    def __init__(self, story: Story, index: MentionIndex):
        self.story = story
        self.text = story.text
        self.parsed = story.parsed
        self.index = index
        characters = story.characters
        self.gender = {c.id: c.gender for c in characters}
        self.surname = {c.id: family_names({c.name, *c.aliases}) for c in characters}
        self.married = {c.id: any(title_class(title_key(n.split()[0]) or "") in WIFE_TITLES for n in (c.name, *c.aliases) if n.split())
                        for c in characters}
        self.maiden = {c.id: not self.married[c.id] and any(title_key(n.split()[0]) in MAIDEN_TITLES for n in (c.name, *c.aliases) if n.split())
                       for c in characters}
        self.quotes = story.quote_index.items
        self.paragraphs = story.paragraphs
        self.cues: list[Cue] = []

    def in_dialogue(self, offset: int) -> bool:
        return self.story.in_quotes(offset)

    def add(self, a: str, b: str, type_: str, detail: str, directed: bool, state: str, span: Span, conf: float,
            slot: str = "", target: str = "", guess: str = "") -> None:
        if a == b:
            return
        if not directed and b < a:
            a, b = b, a
        self.cues.append(Cue(a, b, type_, detail, directed, state, span, round(conf, 3), span.start, slot, target, guess))

    # The sentence and paragraph around an offset.
    def sentence(self, offset: int) -> tuple[int, int]:
        found = self.story.sentences.preceding(offset)
        return found if found is not None else (offset, offset)

    def paragraph_index(self, offset: int) -> int:
        return self.story.paragraph_of(offset)

    def nearby(self, offset: int, exclude: set[str], want_gender: str = "U", before_only: bool = False,
               kin_of: str | None = None, kinds: tuple[str, ...] = ("name", "pronoun", "description", "speaker", "addressee"),
               prefer_married: bool = False) -> Mention | None:
        """The nearest character reference to ``offset`` (same sentence first, then the paragraph, then
        the paragraph before), not in ``exclude``, compatible with ``want_gender``."""
        s, e = self.sentence(offset)
        pi = self.paragraph_index(offset)
        ps = self.paragraphs[pi].start if pi >= 0 else s
        prev = self.paragraphs[pi - 1].start if pi >= 1 else ps
        for lo, hi in ((s, e), (ps, self.paragraphs[pi].end if pi >= 0 else e), (prev, ps)):
            cands = [r for r in self.index.between(lo, hi)
                     if r.character not in exclude and r.kind in kinds and self._fits(r.character, want_gender)]
            if before_only:
                cands = [r for r in cands if r.start < offset] or cands
            if kin_of is not None:
                # Kin usually share a surname: a relative named with the possessor's surname wins.
                same = [r for r in cands if self.surname.get(r.character) and self.surname.get(r.character) & self.surname.get(kin_of, set())]
                cands = same or cands
            if prefer_married:
                # A mother is, in English usage, a woman called "Mrs." or "Lady": among the women near "her
                # mother", one so named is likelier than a "Miss" or a sister known by her given name.
                # "Miss" is an unmarried woman's title, and is never the mother guessed from proximity.
                cands = [r for r in cands if self.married.get(r.character)] or [r for r in cands if not self.maiden.get(r.character)]
            if cands:
                return min(cands, key=lambda r: (abs(r.start - offset) + (0 if r.kind == "name" else 40)))
        return None

    def baseline(self, cid: str, want_gender: str, kin: bool, limit: int = 600) -> Counter:
        """Who ``nearby`` picks beside ``cid``'s own references in general: the chance rate a proximity
        guess is measured against. (At most ``limit`` references, spread evenly.)"""
        own = [r for r in self.index.mentions if r.character == cid and r.kind in ("name", "pronoun")]
        step = max(1, len(own) // limit)
        out: Counter = Counter()
        for r in own[::step]:
            ref = self.nearby(r.start, {cid}, want_gender, kin_of=cid if kin else None)
            if ref is not None:
                out[ref.character] += 1
        return out

    def _fits(self, cid: str, want: str) -> bool:
        g = self.gender.get(cid, "U")
        return want == "U" or g in ("U", "X") or g == want

    def ref_for_token(self, offset: int) -> Mention | None:
        return self.index.covering(offset, REF_REACH)

    def quote_at(self, offset: int) -> Quote | None:
        return self.story.quote_at(offset)

    # --- "her sister Dawn", "Dawn's fiancé", "Michael, her boyfriend", "the daughter of X"
    def role_nouns(self) -> None:
        text = self.text
        for p in self.paragraphs:
            ps, pe = p.start, p.end
            for m in _POSS_ROLE.finditer(text, ps, pe):
                self._role_match(m, m.group("role"), m.start("role"), m.end("role"), possessive=True)
            for m in _ROLE_OF.finditer(text, ps, pe):
                self._role_match(m, m.group("role"), m.start("role"), m.end("role"), possessive=False)
            for m in _TWINS.finditer(text, ps, pe):
                names = self._name_list(m.end())
                for i, x in enumerate(names):
                    for y in names[i + 1 :]:
                        self.add(x.character, y.character, _F, "twins", False, "", Span(m.start(), m.end()), 0.9)

    def family_introductions(self) -> None:
        sents = self.story.sentences.items
        for i, (s, e) in enumerate(sents):
            m = _PARENT_OF_N.search(self.text, s, e)
            if m is None:
                continue
            want = "F" if m.group("p").lower() in ("mother", "mom", "mum") else "M" if m.group("p").lower() in ("father", "dad") else "U"
            parent = self._subject_of(m.start(), exclude="")
            if parent is None or not self._fits(parent.character, want):
                continue
            for s2, e2 in sents[i : i + 4]:
                if s2 - e > 800 or not _BIRTH_ORDER.search(self.text, s2, e2):
                    continue
                for r in self.index.between(s2, e2):
                    if r.kind == "name" and r.character != parent.character:
                        self.add(parent.character, r.character, _F, "parent-child", True, "", Span(m.start(), m.end()), 0.85)

    def _name_list(self, offset: int) -> list[Mention]:
        """"Jane and Elizabeth", "Krystal, Aiden, and Alana" starting right after ``offset``."""
        out = []
        pos = offset
        while True:
            r = _name_at(self.index, pos, self.text, max_gap=4)
            if r is None:
                break
            out.append(r)
            rest = self.text[r.end : r.end + 6]
            mm = re.match(r",?\s+and\s+|,\s+", rest)
            if not mm:
                break
            pos = r.end + mm.end()
        return out

    def _role_match(self, m: re.Match, word: str, rs: int, re_: int, possessive: bool) -> None:
        text = self.text
        low = word.lower()
        plural = low in RELATIONSHIP_NOUN_PLURALS
        key = RELATIONSHIP_NOUN_PLURALS.get(low) or RELATIONSHIP_NOUN_VARIANTS.get(low) or low
        if key == LOVE_NOUN:
            entry = (_R, "partners", None, "U")
            # 'his love' is a partner only when a name follows ("his new love, Samantha").
            if _name_at(self.index, re_, text, max_gap=3) is None:
                return
        else:
            entry = RELATIONSHIP_NOUNS.get(key)
        if entry is None:
            return
        type_, detail, role, tgender = entry
        # Possessor.
        if possessive:
            if m.group("pron"):
                pron = m.group("pron").lower()
                ps_ = m.start("pron")
                if pron in ("their", "our"):
                    return
                ref = self.ref_for_token(ps_)
                if ref is not None and pron in ("his", "her") and not self._fits(ref.character, PRONOUN_GENDER[pron]):
                    ref = None  # "his" is a man's: a resolution to a woman is a coreference slip
                if ref is None:
                    if pron in ("his", "her"):
                        ref = self.nearby(ps_, set(), PRONOUN_GENDER[pron], before_only=True)
                    if ref is None:
                        return
                possessor, pconf = ref, (0.9 if ref.kind == "name" else min(0.9, ref.confidence + 0.1))
                if pron == "her" and m.start("pron") > 0 and self._is_object_her(m.start("pron")):
                    return
            else:
                possessor = self.index.ending_at(m.start("gen"))
                if possessor is None or possessor.kind != "name":
                    return
                pconf = 1.0
        else:
            possessor = _name_at(self.index, m.end(), text, max_gap=1)
            if possessor is None:
                return
            pconf = 1.0
        # Targets: a name (or list) right after, an apposition before, a mention of the phrase itself,
        # else the nearest fitting character (weak).
        targets: list[tuple[Mention, float]] = []
        after = self._name_list(re_) if possessive else []
        if after and "," in text[re_ : after[0].start] and self._starts_clause(after[-1]):
            after = []  # "quitting her father, Mr. Knightley felt": the name begins a new clause
        if after and (plural or len(after) == 1):
            targets = [(r, 1.0) for r in after]
        if not targets:
            start_phrase = m.start("pron") if possessive and m.group("pron") else (
                possessor.start if possessive else m.start())
            before = _name_ending_at(self.index, start_phrase, text, max_gap=3)
            if before is not None and text[before.end : start_phrase].strip() == ",":
                targets = [(before, 0.95)]
        if not targets:
            ref = self.ref_for_token(rs)
            if ref is not None and ref.kind == "description":
                targets = [(ref, 0.85 * ref.confidence)]
        guess = ""
        if not targets and possessive and self._unknown_name_after(re_):
            return  # "my brother, Mr. Suckling": the relative is named, and is no one in the cast
        pron_word = (m.group("pron") or "").lower() if possessive else ""
        q = self.quote_at(rs) if pron_word in ("my", "your") else None
        if not targets and q is not None and pron_word == "my" and len(q.addressees) == 1 and q.addressees[0] != possessor.character \
                and _VOCATIVE_ROLE.match(text, re_) and text[max(0, m.start() - 3) : m.start()].strip()[-1:] in ("", ",", "“", '"', "!", "?", "—", "-"):
            # "You must give me leave, my dear cousin, ...": a role set off as a vocative names the listener.
            targets = [(Mention(rs, re_, q.addressees[0], "addressee", q.confidence), 0.8 * max(q.confidence, 0.5))]
        exclude = {possessor.character}
        if q is not None and pron_word == "your" and q.speaker:
            exclude.add(q.speaker)  # "your cousin" is neither the listener nor the one who speaks
        if not targets and not plural and key not in ("ex",):
            ref = self.nearby(rs, exclude, tgender, kin_of=possessor.character if type_ == _F else None,
                              prefer_married=SAME_ROLE.get(key, key) in MARRIED_WOMAN_ROLES)
            if ref is not None:
                same_sentence = self.sentence(ref.start) == self.sentence(rs)
                # In dialogue a name nearby is mostly the person spoken to, not the relative spoken of.
                if same_sentence or not self.in_dialogue(rs):
                    targets = [(ref, 0.45 if same_sentence else 0.3)]
                    guess = f"{possessor.character}|{key}|{tgender}|{int(type_ == _F)}"
        if not targets and key == "ex":
            ref = self.nearby(rs, {possessor.character}, "U")
            if ref is not None:
                targets = [(ref, 0.4)]
        for tref, tconf in targets:
            if tref.character == possessor.character:
                continue
            if not self._fits(tref.character, tgender):
                continue
            if guess and detail == "siblings" and self._other_family(possessor.character, tref.character, tgender):
                continue
            a, b, directed = _orient(possessor.character, tref.character, role)
            state = {"spouses": "married", "engaged": "engaged", "ex-partners": "broken up", "courtship": "courtship"}.get(
                detail, "together" if type_ == _R else "")
            slot = f"{possessor.character}|{SAME_ROLE.get(key, key)}" if key in SINGULAR_ROLES else ""
            self.add(a, b, type_, detail, directed, state, Span(rs, re_), min(pconf, 1.0) * tconf, slot, tref.character, guess)

    def _not_his_parent(self, child: str, parent: str) -> bool:
        """English sons bear their parents' family name (daughters may marry out of it): a man of another
        surname saying "Papa" to this one is a misattributed quote, not a son."""
        sc, sp = self.surname.get(child, set()), self.surname.get(parent, set())
        return self.gender.get(child) == "M" and bool(sc and sp) and not (sc & sp)

    def _unknown_name_after(self, offset: int) -> bool:
        """Does a proper name (not a cast member's) follow right after ``offset``, as in "her cousin, Mr.
        Price" or "his sister Mary" when Mary is not in the cast?"""
        m = _NAME_AFTER.match(self.text[offset : offset + 30])
        if m is None or any(r.kind == "name" for r in self.index.between(offset, offset + m.end() + 1)):
            return False
        tok = self.parsed.token_at(offset + m.end())
        return bool(tok is not None and len(tok) and tok[0].pos_ == "PROPN" and tok[0].dep_ not in ("nsubj", "nsubjpass"))

    def _other_family(self, x: str, y: str, want_gender: str) -> bool:
        """Is ``y`` of another family name than ``x`` (neither a married woman), while someone of ``x``'s
        own name could fill the role? English children bear their father's name: when the possessor's
        family is in the cast, a parent or sibling guessed from another family is most likely no kin."""
        sx, sy = self.surname.get(x, set()), self.surname.get(y, set())
        if not (sx and sy) or sx & sy or self.married.get(x) or self.married.get(y):
            return False
        return any(c != x and c != y and self.surname.get(c, set()) & sx and self._fits(c, want_gender) for c in self.surname)

    def backstory(self, offset: int) -> bool:
        """Is the verb at ``offset`` told as earlier than the scene: a pluperfect in narration ("she'd
        left him"), a simple past inside dialogue ("you dumped him")?"""
        tok = self.parsed.token_at(offset)
        if tok is None or len(tok) == 0:
            return False
        t = tok[0]
        if t.pos_ not in ("VERB", "AUX"):
            return False
        if any(c.dep_ == "aux" and c.lower_ in ("had", "'d", "’d") for c in t.children):
            return True
        return self.in_dialogue(offset) and t.tag_ == "VBD"

    def _starts_clause(self, ref: Mention) -> bool:
        """Is this name the subject of a verb of its own (not an apposition to what precedes it)?"""
        tok = self.parsed.token_at(ref.end - 1)
        if tok is None or len(tok) == 0:
            return False
        t = tok[0]
        while t.dep_ in ("compound", "flat") and t.head is not t:
            t = t.head
        return t.dep_ in ("nsubj", "nsubjpass")

    def _is_object_her(self, offset: int) -> bool:
        """'her' can be an object ("told her sister" is fine, "gave her friend" ambiguous); spaCy's tag says."""
        tok = self.parsed.token_at(offset)
        if tok is None or len(tok) == 0:
            return False
        t = tok[0]
        return t.dep_ in ("dobj", "iobj", "dative") and t.tag_ == "PRP"

    # --- statements: "been with Faith", "X and Y got together"
    def statements(self) -> None:
        text = self.text
        refs = self.index.mentions
        for i, r in enumerate(refs):
            if r.kind == "speaker" or text[r.start : r.end].lower() in REFLEXIVE_PRONOUNS:
                continue
            left = text[max(0, r.start - 40) : r.start]
            for pat, type_, detail, state in _WITH_STATEMENTS:
                mm = pat.search(left)
                if mm is None:
                    continue
                cue_start = r.start - len(left) + mm.start()
                if _NEGATED.search(text, max(0, cue_start - 30), cue_start):
                    break  # "I am not in love with him", "she had never been engaged to"
                tok = self.parsed.token_at(cue_start)
                if tok is not None and len(tok) and _hypothetical(tok[0]):
                    break  # "I wish she had been engaged to him", "if he had married her"
                subj = self._subject_of(cue_start, exclude=r.character)
                if subj is None:
                    continue
                conf = 0.9 if r.kind == "name" and subj.kind in ("name", "speaker") else 0.6
                conf *= min(1.0, subj.confidence + 0.1) * min(1.0, r.confidence + 0.1)
                if type_ == _H:
                    conf *= 0.5  # "hate" is said of many things short of enmity; it takes repetition
                if detail == "ex-partners" and "left" in mm.group().lower():
                    conf *= 0.5  # "left her" is also leaving a room; only a hint of a break-up
                a, b = subj.character, r.character
                self.add(a, b, type_, detail, type_ == _W, state, Span(cue_start, r.start - len(left) + mm.end()), conf)
                break
            # "X and Y got together"
            if r.kind != "name" or i + 1 >= len(refs):
                continue
            nxt = refs[i + 1]
            between = text[r.end : nxt.start]
            if re.fullmatch(r"\s+and\s+", between) and nxt.kind == "name":
                tail = text[nxt.end : nxt.end + 60]
                for pat, type_, detail, state in _PAIR_STATEMENTS:
                    mm = pat.match(tail)
                    if mm:
                        self.add(r.character, nxt.character, type_, detail, False, state, Span(nxt.end + mm.start(), nxt.end + mm.end()), 0.9)
                        break

    def _subject_of(self, offset: int, exclude: str) -> Mention | None:
        """The grammatical subject of the clause at ``offset`` as a character, else the nearest other."""
        tok = self.parsed.token_at(offset)
        if tok is not None and len(tok):
            t = tok[0]
            head = t
            for _ in range(4):
                subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subj:
                    found = self.parsed.doc_at(offset)
                    base = found[0] if found else 0
                    ref = self.ref_for_token(base + subj[0].idx)
                    if ref is not None and ref.character != exclude and subj[0].lower_ not in REFLEXIVE_PRONOUNS:
                        return ref
                    # A subject that is there but is no known character ("I" with no known speaker,
                    # "the man") is not to be replaced by a guess.
                    return None
                if head.head is head:
                    break
                head = head.head
        if self.in_dialogue(offset):
            return None
        ref = self.nearby(offset, {exclude}, before_only=True)
        return ref if ref is not None and ref.kind in ("name", "speaker", "pronoun") else None

    # --- actions: "Buffy kissed Faith", "she slapped him"
    def actions(self) -> None:
        for base, doc in self.parsed:
            for tok in doc:
                if tok.pos_ != "VERB" or tok.lemma_.lower() not in _ACTIONS:
                    continue
                if tok.tag_ == "VB" or _hypothetical(tok):
                    continue  # wished, ordered or feared ("to marry her", "wish Charles had married Anne"), not done
                type_, detail, state = _ACTIONS[tok.lemma_.lower()]
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                if subj is None and tok.dep_ in ("conj", "xcomp", "advcl") :
                    subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
                if subj is None or obj is None or any(c.dep_ == "neg" for c in tok.children):
                    continue
                rs = self.ref_for_token(base + subj.idx)
                ro = self.ref_for_token(base + obj.idx)
                if rs is None or ro is None or rs.character == ro.character:
                    continue
                conf = 0.5 * min(rs.confidence, 1.0) + 0.5 * min(ro.confidence, 1.0)
                conf = 0.7 * conf if (rs.kind == "name" and ro.kind == "name") else 0.45 * conf
                s = base + tok.idx
                self.add(rs.character, ro.character, type_, detail, False, state, Span(s, s + len(tok.text)), conf)

    # --- "Papa!", "Faith, baby, I'm sorry"
    def address_terms(self) -> None:
        for q in self.quotes:
            listeners = [a for a in q.addressees if a and a != q.speaker]
            if not q.speaker or not listeners:
                continue
            addressee = listeners[0] if len(listeners) == 1 else None
            for part in q.parts:
                seg = self.text[part.start : part.end]
                for m in _VOCATIVE.finditer(seg):
                    w = m.group("w")
                    low = w.lower()
                    s = part.start + m.start("w")
                    if low in PARENT_ADDRESS_TERMS and (w[0].isupper() or low in ("papa", "mamma", "daddy", "mommy")):
                        g = PARENT_ADDRESS_TERMS[low]
                        # "Mamma" is not said to a "Miss"; among several listeners, the one who can be the
                        # parent (the man for "Papa", the married woman for "Mamma") is the one called so.
                        cands = [a for a in listeners if self._fits(a, g) and not (g == "F" and self.maiden.get(a))]
                        if g == "F" and len(cands) > 1:
                            cands = [a for a in cands if self.married.get(a)] or cands
                        if len(cands) != 1 or self._not_his_parent(q.speaker, cands[0]):
                            continue
                        parent = "father" if g == "M" else "mother"
                        # "Papa!" from a surely known speaker to a surely known listener binds the two as
                        # surely as "his daughter Maria"; the doubt is the attribution's. (The weights, and
                        # 0.85 for a listener picked out of several, were set on Pride and Prejudice and Emma.)
                        conf = (0.6 * max(q.confidence, 0.5) + 0.3) * (1.0 if len(listeners) == 1 else 0.85)
                        self.add(cands[0], q.speaker, _F, "parent-child", True, "", Span(s, s + len(w)),
                                 conf, f"{q.speaker}|{parent}", cands[0], _ADDRESS)
                    elif low in ENDEARMENTS and addressee is not None:
                        self.add(q.speaker, addressee, _R, "partners", False, "together", Span(s, s + len(w)), 0.3 * max(q.confidence, 0.5) + 0.1)

    # --- "Buffy's lips met hers", "made love": two characters in the sentence and a bodily romance cue
    def body_cues(self) -> None:
        for s, e in self.story.sentences:
            for m in _BODY_ROMANCE.finditer(self.text, s, e):
                chars = []
                for r in self.index.between(s, e):
                    if r.kind in ("name", "pronoun", "speaker", "addressee") and r.character not in chars:
                        chars.append(r.character)
                if len(chars) == 2:
                    self.add(chars[0], chars[1], _R, "lovers", False, "together", Span(m.start(), m.end()), 0.3)
                break

    # --- "the couple had become engaged": 'couple' names the two characters of the sentence as a pair
    def couples(self) -> None:
        for s, e in self.story.sentences:
            for m in _COUPLE.finditer(self.text, s, e):
                chars = list(dict.fromkeys(r.character for r in self.index.between(s, e) if r.kind != "speaker"))
                if len(chars) != 2:
                    continue
                word = (m.group("what") or "").lower()
                if not word:
                    continue  # "the couple who stood there" says who is together, not which two
                detail, state, conf = ("engaged", "engaged", 0.6) if word.startswith(("engaged", "betrothed")) else (
                    ("spouses", "married", 0.6) if word.startswith(("married", "wed")) else ("partners", "together", 0.4))
                self.add(chars[0], chars[1], _R, detail, False, state, Span(m.start(), m.end()), conf)

    # --- "Mr. X" and "Mrs. X": the surname rule (English naming: a married woman takes her husband's name)
    def surnames(self, characters: Sequence[Character]) -> None:
        # English naming: a wife is "Mrs. <her husband's name>" ("Mrs. John Knightley" is the wife of
        # "Mr. John Knightley"; a lone "Mr. X" and "Mrs. X" in one story are a couple), and the bearers of
        # one surname are usually one family.
        full: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        family: dict[str, set[str]] = defaultdict(set)
        for c in characters:
            for n in {c.name, *c.aliases}:
                n = " ".join(n.split())
                mm = _HONORIFIC.match(n)
                if mm:
                    rest = n[mm.end(1) :].lstrip(". ")
                    full[rest][mm.group(1)].add(c.id)
                    if rest != mm.group(2):
                        full[mm.group(2)][mm.group(1) + "~"].add(c.id)  # surname-only key, weaker
                    family[mm.group(2)].add(c.id)
                else:
                    parts = n.split()
                    if len(parts) >= 2 and all(p[:1].isupper() for p in parts):
                        family[parts[-1]].add(c.id)
        for key, titles in full.items():
            # "Miss X" was born an X: she is Mr. X's sister or daughter, never his wife, whatever else she is called.
            born = titles.get("Miss", set()) | titles.get("Miss~", set())
            exact_mr, exact_mrs = titles.get("Mr", set()), titles.get("Mrs", set()) - born
            mr = exact_mr | titles.get("Mr~", set())
            mrs = exact_mrs | (titles.get("Mrs~", set()) - born)
            span = self._first_name_span(key)
            if span is None:
                continue
            # "Mr. X" and "Miss X": she was born an X in his household — his daughter or his sister.
            exact_miss = titles.get("Miss", set())
            if " " not in key and len(exact_mr) == 1 and len(exact_miss) == 1 and exact_mr != exact_miss:
                self.add(next(iter(exact_mr)), next(iter(exact_miss)), _F, "", False, "", span, STRONG_CUE)
            if len(exact_mr) == 1 and len(exact_mrs) == 1 and exact_mr != exact_mrs:
                x, y = next(iter(exact_mr)), next(iter(exact_mrs))
                self._spouses_by_name(x, y, span, 0.9)
            elif len(mr) == 1 and len(mrs) == 1 and mr != mrs:
                x, y = next(iter(mr)), next(iter(mrs))
                self._spouses_by_name(x, y, span, 0.7)
        # English usage: the eldest son or daughter is "Mr. X" / "Miss X"; a younger brother or sister is
        # "Mr. John X" / "Miss Elizabeth X". Two characters so named are siblings.
        for key, titles in full.items():
            if " " in key:
                continue
            for title in ("Mr", "Miss"):
                eldest = titles.get(title, set())
                younger = titles.get(title + "~", set()) - eldest
                if len(eldest) != 1 or not younger or len(younger) > 6:
                    continue
                x = next(iter(eldest))
                for y in sorted(younger):
                    span = self._first_name_span(key, title)
                    if span is not None:
                        self.add(x, y, _F, "siblings", False, "", span, 0.6)
        for surname, members in family.items():
            if not 1 < len(members) <= 8:  # more bearers than a household: a common name, not a family
                continue
            span = self._first_name_span(surname)
            if span is None:
                continue
            for x in members:
                for y in members:
                    if x < y:
                        self.add(x, y, _F, "", False, "", span, 0.6)

    def _spouses_by_name(self, husband: str, wife: str, span: Span, conf: float) -> None:
        """The naming convention binds both roles at once: she is his wife and he is her husband, so that
        "her husband" near Mrs. X is not guessed to be whichever man stood closest. (One span: the two
        cues count once toward support.)"""
        self.add(husband, wife, _R, "spouses", False, "married", span, conf, f"{husband}|wife", wife)
        self.add(husband, wife, _R, "spouses", False, "married", span, conf, f"{wife}|husband", husband)

    def _first_name_span(self, surname: str, title: str = "") -> Span | None:
        for r in self.index.mentions:
            if r.kind == "name" and self.text[r.start : r.end].endswith(surname) and self.text[r.start : r.end].startswith(title):
                return Span(r.start, r.end)
        return None


# --- pooling ---------------------------------------------------------------------------------------

_DETAIL_RANK = {"spouses": 6, "engaged": 5, "ex-partners": 4, "affair": 3, "lovers": 3, "partners": 2, "courtship": 2,
                "unrequited": 1}


_ADDRESS = "@address"  # Cue.guess of a parent address term ("Papa!"), weighed by ``_address_consensus``
GUESS_MIN = 5  # guesses of one possessor's role needed before they can be weighed against chance
GUESS_LIFT = 1.0


def _above_chance(cues: list[Cue], finder: _Finder) -> list[Cue]:
    """Keep a proximity guess ("his sister" -> the nearest woman) only when that character turns up
    beside this possessor's role word clearly more often than beside the possessor anywhere (lift over
    chance). In a long book the leads stand near everyone; the nearest name is no evidence then. A
    handful of guesses cannot be weighed, and is kept as it is."""
    groups: dict[str, list[Cue]] = defaultdict(list)
    for c in cues:
        if c.guess and c.guess != _ADDRESS:
            groups[c.guess].append(c)
    drop: set[int] = set()
    base_cache: dict[tuple[str, str, bool], Counter] = {}
    for key, cs in groups.items():
        if len(cs) < GUESS_MIN:
            continue
        possessor, _role, gender, kin = key.split("|")
        bkey = (possessor, gender, kin == "1")
        if bkey not in base_cache:
            base_cache[bkey] = finder.baseline(possessor, gender, kin == "1")
        base = base_cache[bkey]
        total = sum(base.values())
        if not total:
            continue
        seen = Counter(c.target for c in cs)
        top, top_n = seen.most_common(1)[0]
        for c in cs:
            if c.target == top and top_n >= 2:
                continue  # the usual guess: a relative is also whom one is most often seen with
            lift = (seen[c.target] / len(cs)) / ((base.get(c.target, 0) + 1) / (total + 1))
            if lift < GUESS_LIFT:
                drop.add(id(c))
    return [c for c in cues if id(c) not in drop]


def _address_consensus(cues: list[Cue]) -> list[Cue]:
    """"Papa" is said by the addressee's own children, a few people who say it again and again. When one
    character is called so often, a speaker who does it once or in a tiny share of those speeches is
    more likely a misattributed quote than another child."""
    by_addressee: dict[str, Counter] = defaultdict(Counter)
    for c in cues:
        if c.guess == _ADDRESS:
            by_addressee[c.slot.split("|")[1] + "|" + c.target][c.slot.split("|")[0]] += 1
    drop: set[str] = set()
    for key, speakers in by_addressee.items():
        total = sum(speakers.values())
        if total < 6:
            continue
        for sp, n in speakers.items():
            if n < 2 or n < 0.1 * total:
                drop.add(f"{sp}|{key}")
    return [c for c in cues if not (c.guess == _ADDRESS and f"{c.slot}|{c.target}" in drop)]


def _settle_slots(cues: list[Cue], gender: dict[str, str] | None = None) -> list[Cue]:
    """One has one father, one wife: of the characters guessed for one possessor's singular role, keep
    the best-supported one (and drop the rest)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    bound: dict[str, Counter] = defaultdict(Counter)
    cues = [c for c in cues if c.slot != _STATE_SLOT] + [c for c in cues if c.slot == _STATE_SLOT]
    for c in cues:
        if c.slot and c.slot != _STATE_SLOT:
            votes[c.slot][c.target] += c.confidence
            if not c.guess or c.guess == _ADDRESS:
                bound[c.slot][c.target] += c.confidence
    # A role bound by name, grammar, address or naming convention ("Mrs. Weston" is Mr. Weston's wife)
    # outweighs any number of guesses from who happened to be near the word.
    best = {slot: (bound[slot] or v).most_common(1)[0][0] for slot, v in votes.items()}
    out = [c for c in cues if not c.slot or c.slot == _STATE_SLOT or best[c.slot] == c.target]
    if gender is None:
        return out
    # The same fact seen from the parent's side ("his daughter"): a child whose father (mother) is
    # settled has no other father (mother).
    parent_of = {}
    for slot, who in best.items():
        child, role = slot.rsplit("|", 1)
        # Only a parent bound by the text (a name, grammar, "Papa!") rules out others, or a guess that
        # would make a relation on its own and has no close rival.
        ranked = votes[slot].most_common(2)
        clear = ranked[0][1] >= MIN_SUPPORT and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1])
        if role in ("father", "mother") and (bound[slot] or clear):
            parent_of[(child, "M" if role == "father" else "F")] = who
    return [c for c in out if not (c.detail == "parent-child" and c.directed and not c.slot
                                   and parent_of.get((c.b, gender.get(c.a, "U")), c.a) != c.a)]


def _pool(cues: list[Cue], finder: _Finder, guessed: set | None = None) -> list[Relation]:
    """Relations from cues. ``guessed``, if given, receives (a, b, type) of relations whose detail rests
    on proximity guesses alone."""
    cues = _settle_slots(_address_consensus(_above_chance(cues, finder)), finder.gender)
    groups: dict[tuple[str, str, str], list[Cue]] = defaultdict(list)
    for c in cues:
        groups[(min(c.a, c.b), max(c.a, c.b), c.type)].append(c)
    # Family evidence strong enough to veto a romance reading must itself be strong (bound by name or
    # grammar), not a pile of guesses from who stood nearby.
    family_pairs = {(k[0], k[1]) for k, v in groups.items()
                    if k[2] == _F and _type_support([c for c in v if c.confidence >= 0.5], _F)[0] >= MIN_SUPPORT}
    romance_weak = {(k[0], k[1]): _support(v) for k, v in groups.items()
                    if k[2] == _R and all(c.confidence < 0.5 for c in v)}
    family_weak = {(k[0], k[1]): _type_support(v, _F, best_detail_only=True)[0] for k, v in groups.items()
                   if k[2] == _F and all(c.confidence < 0.5 for c in v)}
    chapter = finder.story.chapter_of
    out: list[Relation] = []
    for (x, y, type_), cs in groups.items():
        # A kiss between family members is not a romance (parents kiss children).
        if type_ == _R and (x, y) in family_pairs:
            cs = [c for c in cs if c.detail in ("spouses", "engaged") and c.confidence >= 0.6]
            if not cs:
                continue
        support, detail, direction = _type_support(cs, type_)
        if support < MIN_SUPPORT and max(c.confidence for c in cs) < STRONG_CUE:
            continue
        if type_ == _F and all(c.confidence < 0.5 for c in cs) and romance_weak.get((x, y), 0.0) > support:
            continue  # two readings from guesses alone: keep the better-attested one (kin or couple)
        if type_ == _R and (x, y) in family_weak and all(c.confidence < 0.5 for c in cs) and family_weak[(x, y)] >= support:
            continue
        directed = direction is not None
        a, b = direction if direction else (x, y)
        if detail == "aunt/uncle-niece/nephew":
            ga, gb = finder.gender.get(a, "U"), finder.gender.get(b, "U")
            if ga in "MF" and gb in "MF":
                detail = ("aunt" if ga == "F" else "uncle") + "-" + ("niece" if gb == "F" else "nephew")
        # Evidence: the cues for the detail asserted first, then the rest of the type's.
        cs_sorted = sorted(cs, key=lambda c: (c.detail not in (detail, ""), -c.confidence, c.pos))
        evidence = tuple(sorted({c.span for c in cs_sorted[:12]}, key=lambda sp: sp.start))
        timeline = _timeline(cs, type_, chapter, finder.backstory) if type_ == _R else ()
        conf = min(0.98, 1.0 - math.exp(-1.2 * support))  # saturating: more independent cues, surer; never certain
        if guessed is not None and all(c.guess and c.guess != _ADDRESS and not c.slot for c in cs if c.detail == detail):
            guessed.add((a, b, type_))
        out.append(Relation(a=a, b=b, type=type_, detail=detail or None, directed=directed, confidence=round(conf, 3),
                            evidence=evidence, timeline=timeline))
    return out


def _type_support(cs: list[Cue], type_: str, best_detail_only: bool = False) -> tuple[float, str, tuple[str, str] | None]:
    """(support, detail, direction) of one pair's cues of one type. Romantic details are stages of one
    bond and add up; family details are different facts (a sister is not a mother), so each detail (and
    direction) must be supported on its own, helped by detail-free cues (the shared surname)."""
    generic = _support([c for c in cs if not c.detail])
    by_detail: dict[tuple[str, tuple[str, str] | None], list[Cue]] = defaultdict(list)
    for c in cs:
        if c.detail:
            by_detail[(c.detail, (c.a, c.b) if c.directed else None)].append(c)
    if not by_detail:
        return generic, "", None
    scored = {k: _support(v) for k, v in by_detail.items()}
    if type_ == _R:
        total = _support([c for c in cs if c.detail]) + generic
        (detail, _), best = max(scored.items(), key=lambda kv: kv[1] + 0.1 * _DETAIL_RANK.get(kv[0][0], 0))
        ex = sum(v for (d, _), v in scored.items() if d == "ex-partners")
        if ex >= MIN_SUPPORT and detail not in ("spouses",):
            detail = "ex-partners"  # having broken up is a lasting fact even when they meet again
        return total, detail, None
    (detail, direction), best = max(scored.items(), key=lambda kv: kv[1])
    if best_detail_only:
        return best + generic, detail, direction
    # That the two are kin at all is supported by every kin cue ("his aunt" and "his cousin" both say
    # family); which kin they are, by the best-supported detail alone.
    return _support([c for c in cs if c.detail]) + generic, detail, direction


def _support(cs: list[Cue]) -> float:
    # Repeated weak cues add up, but one span counts once; state words never make a relation.
    seen: dict[Span, float] = {}
    for c in cs:
        if c.slot == _STATE_SLOT:
            continue
        seen[c.span] = max(seen.get(c.span, 0.0), c.confidence)
    return sum(seen.values())


# How much a cue of each state counts toward a chapter's state: a break-up or a wedding is an event
# that defines the chapter; affection words are everywhere, even in a farewell.
_STATE_WEIGHT = {"broken up": 1.5, "married": 1.3, "engaged": 1.3, "strained": 0.8, "courtship": 0.8, "together": 0.6}


def _timeline(cs: list[Cue], type_: str, chapter, backstory=None) -> tuple[TimelineState, ...]:
    by_ch: dict[int, list[Cue]] = defaultdict(list)
    for c in cs:
        # Role nouns guessed from proximity ("her husband" with no name near) do not set a state; cues
        # bound to the two (pet names, kisses, statements) and state words do.
        if not c.state or not (c.confidence >= 0.5 or c.slot == _STATE_SLOT or not (c.guess or c.slot)):
            continue
        # A break-up told as backstory ("after she'd walked out on him", "when you dumped Spike") says
        # what happened before this chapter, not where the couple stands in it.
        if c.state == "broken up" and backstory is not None and backstory(c.span.start):
            continue
        by_ch[chapter(c.pos)].append(c)
    out = []
    prev = None
    for ch in sorted(by_ch):
        items = sorted(by_ch[ch], key=lambda c: c.pos)
        lo, hi = items[0].pos, items[-1].pos
        score: Counter = Counter()
        for c in items:
            # Later in the chapter counts more: the chapter's state is where it ends up.
            ramp = 0.5 + ((c.pos - lo) / (hi - lo) if hi > lo else 0.5)
            score[c.state] += _STATE_WEIGHT.get(c.state, 1.0) * ramp * (0.5 + c.confidence)
        state = score.most_common(1)[0][0]
        if state == "together" and (score["engaged"] or score["married"]):
            state = "married" if score["married"] >= score["engaged"] else "engaged"
        if state == "together" and prev in ("engaged", "married"):
            state = prev  # affection between an engaged or married couple does not undo the engagement
        ev = tuple(c.span for c in items if c.state == state)[-4:]
        out.append(TimelineState(chapter=ch, state=state, evidence=ev))
        prev = state
    return tuple(out)


def _state_cues(finder: _Finder, couples: set[tuple[str, str]]) -> list[Cue]:
    """State words in a sentence apply to a known couple with at least one partner present there, the other
    in the sentence or paragraph (it was over, time apart, I love you)."""
    out = []
    if not couples:
        return out
    partners: dict[str, set[str]] = defaultdict(set)
    for x, y in couples:
        partners[x].add(y)
        partners[y].add(x)
    text = finder.text
    for s, e in finder.story.sentences:
        for pat, state in _STATE_CUES:
            m = pat.search(text, s, e)
            if m is None:
                continue
            here = [r.character for r in finder.index.between(s, e)]
            pi = finder.paragraph_index(s)
            para = [r.character for r in finder.index.between(finder.paragraphs[pi].start, finder.paragraphs[pi].end)] if pi >= 0 else here
            prev = [r.character for r in finder.index.between(finder.paragraphs[pi - 1].start, finder.paragraphs[pi - 1].end)] if pi >= 1 else []
            found = None
            # In dialogue both partners must be in the sentence; narration may name one a little earlier.
            pool = here if finder.in_dialogue(m.start()) else here + para + prev
            for x in dict.fromkeys(here):
                for y in dict.fromkeys(pool):
                    if y in partners.get(x, ()):
                        found = (x, y)
                        break
                if found:
                    break
            if found:
                x, y = sorted(found)
                out.append(Cue(x, y, _R, "", False, state, Span(m.start(), m.end()), 0.2, m.start(), slot=_STATE_SLOT))
            break
    return out


def _infer_family(rels: list[Relation], guessed: set | None = None) -> list[Relation]:
    """Kinship that follows from kinship (general facts): a parent's spouse is a parent (or step-parent)
    of the child; two children of one parent are siblings (or half-siblings); a sibling's sibling is a
    sibling. Evidence is the evidence of the relations inferred from; confidence is discounted."""
    # Guesses are not built on guesses: not on weak relations, nor on two kinships both read off
    # proximity alone (one of the two must be bound by name, grammar or address).
    rels = [r for r in rels if r.confidence >= INFER_MIN_CONFIDENCE]
    guessed = guessed or set()
    fam = {}
    for r in rels:
        if r.type == _F:
            fam[frozenset((r.a, r.b))] = r
    parents: dict[str, dict[str, Relation]] = defaultdict(dict)
    for r in rels:
        if r.type == _F and r.detail == "parent-child" and r.directed:
            parents[r.b][r.a] = r
    new: dict[frozenset, Relation] = {}

    def put(a: str, b: str, detail: str, directed: bool, r1: Relation, r2: Relation) -> None:
        key = frozenset((a, b))
        if a == b or key in fam or key in new:
            return
        if (r1.a, r1.b, r1.type) in guessed and (r2.a, r2.b, r2.type) in guessed:
            return
        conf = round(0.8 * min(r1.confidence, r2.confidence), 3)
        ev = tuple(sorted(set(r1.evidence[:2] + r2.evidence[:2]), key=lambda sp: sp.start))
        new[key] = Relation(a=a, b=b, type=_F, detail=detail, directed=directed, confidence=conf, evidence=ev)

    for r in rels:
        if r.type == _R and r.detail == "spouses":
            for p, q in ((r.a, r.b), (r.b, r.a)):
                for child, ps in list(parents.items()):
                    if p in ps and q not in ps:
                        put(q, child, "parent-child", True, r, ps[p])
    for key, r in new.items():
        parents[r.b][r.a] = r
    by_parent: dict[str, list[tuple[str, Relation]]] = defaultdict(list)
    for child, ps in parents.items():
        for p, r in ps.items():
            by_parent[p].append((child, r))
    for p, kids in by_parent.items():
        for i, (x, rx) in enumerate(kids):
            for y, ry in kids[i + 1 :]:
                put(x, y, "siblings", False, rx, ry)
    sib = [r for r in list(fam.values()) + list(new.values()) if r.detail in ("siblings", "twins")]
    for r1 in sib:
        for r2 in sib:
            if r1 is r2:
                continue
            common = {r1.a, r1.b} & {r2.a, r2.b}
            if len(common) == 1:
                x, = {r1.a, r1.b} - common
                y, = {r2.a, r2.b} - common
                put(min(x, y), max(x, y), "siblings", False, r1, r2)
    return list(new.values())


Talk = tuple[dict[tuple[str, str], list[Span]], int]


def _talk(quotes: Sequence[Quote]) -> Talk:
    """Who speaks to whom (pair -> the speeches), and how many exchanges make two people more than
    passers-by: in a long book everyone exchanges a few words, so the bar rises with the dialogue."""
    talk: dict[tuple[str, str], list[Span]] = defaultdict(list)
    for q in quotes:
        if not q.speaker:
            continue
        for ad in q.addressees:
            if ad and ad != q.speaker:
                talk[tuple(sorted((q.speaker, ad)))].append(Span(q.start, q.end))
    return talk, max(ACQUAINTANCE_MIN_EXCHANGES, sum(len(v) for v in talk.values()) // 30)


# A weak cue: it only tips a friendship the text already names. (0.2 chosen on Pride and Prejudice and
# Emma: it lifts a pair called friends three times over the bar, not a pair called so once.)
TALK_FRIEND_CUE = 0.2


def _talk_cues(cues: list[Cue], exchanges: Talk) -> list[Cue]:
    """Friends talk: two characters the text calls friends ("her friend", guessed) who also speak to each
    other again and again get one more (weak) cue. Talk alone never makes a friendship."""
    talk, need = exchanges
    named = {(c.a, c.b) for c in cues if c.type == _P}
    out = []
    for a, b in named:
        spans = talk.get((min(a, b), max(a, b)), [])
        if len(spans) >= need:
            out.append(Cue(a, b, _P, "friends", False, "", spans[0], TALK_FRIEND_CUE, spans[0].start))
    return out


def _acquaintances(exchanges: Talk, related: set[tuple[str, str]], characters: Sequence[Character]) -> list[Relation]:
    """Characters who talk to each other repeatedly know each other (the one relation co-occurrence may assert)."""
    talk, need = exchanges
    known = {c.id for c in characters}
    out = []
    for (x, y), spans in talk.items():
        if (x, y) in related or x not in known or y not in known or len(spans) < need:
            continue
        conf = 1.0 - 1.0 / (1.0 + len(spans) / ACQUAINTANCE_MIN_EXCHANGES)
        out.append(Relation(a=x, b=y, type="acquaintance", detail="converse", directed=False, confidence=round(conf, 3),
                            evidence=tuple(spans[:6])))
    return out


def find_cues(story: Story) -> tuple[list[Cue], _Finder]:
    """Every relation cue in the story (for inspection and tests); ``find_relations`` pools them."""
    f = _Finder(story, _references(story))
    f.role_nouns()
    f.family_introductions()
    f.statements()
    f.actions()
    f.address_terms()
    f.body_cues()
    f.couples()
    f.surnames(story.characters)
    return f.cues, f


def find_relations(story: Story) -> tuple[Relation, ...]:
    """Typed relations between the story's characters with evidence spans, confidence and (romantic)
    timeline, from its text, parse, mentions and attributed quotes."""
    characters = story.characters
    if len(characters) < 2:
        return ()
    cues, finder = find_cues(story)
    talk = _talk(story.quotes)
    cues = cues + _talk_cues(cues, talk)
    first = _pool(cues, finder)
    couples = {(min(r.a, r.b), max(r.a, r.b)) for r in first if r.type == _R}
    if couples:
        cues = cues + _state_cues(finder, couples)
    guessed: set = set()
    first = _pool(cues, finder, guessed)
    first = first + _infer_family(first, guessed)
    related = {(min(r.a, r.b), max(r.a, r.b)) for r in first}
    rels = first + _acquaintances(talk, related, characters)
    rels.sort(key=lambda r: (-r.confidence, r.a, r.b, r.type))
    return tuple(rels)
