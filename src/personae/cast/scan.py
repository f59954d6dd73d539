"""One linear pass over the parsed story: every capitalised name-like run, with the evidence around it,
and the pronouns and descriptions coreference will resolve.

For each run (an optional title, then capitalised proper-noun tokens with their name particles) the scan
records where it is (``Occurrence``) and adds to the evidence for its words (``NameStats``): the parser's
entity label and part of speech, whether it is the subject of a speech verb, addressed in a quotation,
titled, after an article or a preposition of place, and how often the same word is written in lower case.
Whether a run is a name is decided later (``evidence``), from the whole story's evidence.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..language import Parsed
from ..lexicon import (
    DESCRIBING_DETERMINERS,
    DESCRIPTION_NOUN_GENDER,
    DETERMINERS,
    EXCLAMATION_OPENERS,
    FAMILY_NAME_PARTICLES,
    FEMALE_PRONOUNS,
    FIRST_PERSON,
    INDEFINITE_ARTICLES,
    LEADING_PARTICLES,
    MALE_PRONOUNS,
    PLACE_PREPOSITIONS,
    SPEECH_VERBS,
    WEEKDAYS,
    title_class,
    title_key,
)
from ..spans import SpanIndex
from .coref import Description, Pronoun
from .settings import CastSettings

_OPENERS = frozenset({"“", '"', "‘", "'", "—", "–", "-", "(", "[", ":", ";", "…", "...", "--"})
_CLOSERS = frozenset({",", ".", "!", "?", "…", "...", "”", '"', "’", "'", ";", ":", "—", "–", "--", ")"})
# Parts of speech a name never has: "Someone", "Will you", "Goodbye".
_NOT_NAME_POS = frozenset("PRON DET AUX VERB ADP CCONJ SCONJ PART INTJ NUM".split())
# Lower-case words that continue a name run: family-name particles ("de Bourgh", "van Tassel") and the
# "st" of a given name ("St John").
_PARTICLES = FAMILY_NAME_PARTICLES | {"st"}
_NON_PERSON_ENTS = frozenset("GPE LOC FAC NORP EVENT WORK_OF_ART LAW LANGUAGE PRODUCT MONEY QUANTITY".split())
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Parts of speech between an article and a name it governs ("the younger Slayer").
_MODIFIER_POS = ("ADJ", "NUM", "ADV")
_MODIFIER_DEPS = ("amod", "compound", "nummod")
_PRONOUN_WORDS = MALE_PRONOUNS | FEMALE_PRONOUNS | FIRST_PERSON
# Gutenberg's dash, "--", which the tokeniser leaves inside a token, and the words in such a token.
_GLUE = "--"
_WORD_PIECE = re.compile(r"[^\W\d_]+")
# What the scan reads of every token, in the order of ``_Scanner.words``' tuples (SPACY: a space follows).
_WORD_ATTRS = ("ORTH", "LOWER", "IDX", "POS", "DEP", "IS_ALPHA", "IS_PUNCT", "SPACY")
_TEXT, _IDX, _POS, _DEP, _SPACE = 0, 2, 3, 4, 7
# A heading line ("Chapter 1:  Lover After Me"): short, with (nearly) every word capitalised.
_HEADING_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


@dataclass
class NameStats:
    """The evidence for one run of words (all its occurrences together)."""

    n: int = 0
    mid_cap: int = 0  # capitalised away from a sentence start: the English mark of a proper name
    person: int = 0  # spaCy NER PERSON
    org: int = 0
    other_ent: int = 0
    date: int = 0  # "May", "June", "April": the parser calls these names dates too
    speech: int = 0  # subject of a speech verb
    subj: int = 0  # subject of any verb
    vocative: int = 0
    titled: int = 0
    det: int = 0
    plural: int = 0  # tagged as a plural proper noun (NNPS)
    place: int = 0
    exclaim: int = 0
    titles: Counter = field(default_factory=Counter)


@dataclass
class Occurrence:
    """One name run in the text."""

    start: int
    end: int  # covers the title too
    title: str | None  # normalised title class
    words: tuple[str, ...]
    sent: int
    para: int
    subj: bool
    quoted: bool
    # Each name of a multi-word run on its own, used if the whole run is rejected.
    parts: list[RunPart] | None = None
    # Seen where the parser does not take it for a name (a sentence start): no evidence of its own.
    weak: bool = False


@dataclass
class RunPart:
    """One name inside a multi-word run ("Henry" and "van der Luyden" of "Henry van der Luyden"), with
    what is needed to add its own evidence if the run is rejected: the tokens of its sentence, where the
    part (with the run's title, for the first) starts, where its words start and end, and whether it
    opens its sentence."""

    occurrence: Occurrence
    toks: Any  # the sentence (a spaCy Span)
    title_at: int
    first: int
    stop: int
    initial: bool

    def add_evidence(self, stats: NameStats, cfg: CastSettings) -> None:
        add_evidence(stats, self.toks, self.title_at, self.first, self.stop, self.initial, self.occurrence.quoted,
                     self.occurrence, cfg)


@dataclass
class Scan:
    descs: list[Description]
    occs: list[Occurrence]
    stats: dict[tuple[str, ...], NameStats]
    lower: Counter
    pronouns: list[Pronoun]
    words_outside: int
    sent_para: list[int]
    n_words: int
    # Every token: start offset, part of speech, subject or not, sentence index (roster look-ups).
    tok_starts: list[int] = field(default_factory=list)
    tok_pos: list[str] = field(default_factory=list)
    tok_subj: list[bool] = field(default_factory=list)
    tok_sent: list[int] = field(default_factory=list)


def is_cap(t: str) -> bool:
    """Capitalised, not all capitals: "MONTANA", "CHAPTER" are headings and shouting, not name evidence.
    A word run into a dash ("Olenska--") is a tokenisation slip, not a new name."""
    return t[:1].isupper() and not t.endswith("-") and t.replace("'", "").replace("’", "").replace("-", "").isalpha() and not (t.isupper() and len(t) > 1) and t != "I"


def _is_heading(doc_text: str, cfg: CastSettings) -> bool:
    words = _HEADING_WORD.findall(doc_text)
    if not words or len(words) > cfg.heading_max_words or doc_text.rstrip()[-1:] in ".!?”\"":
        return False
    caps = sum(1 for w in words if w[0].isupper() or len(w) <= cfg.heading_short_word_length)
    return caps >= cfg.heading_min_capitalised_share * len(words)


class _Strings(dict):
    """spaCy string ids -> strings, each looked up in the ``StringStore`` once."""

    def __init__(self, store) -> None:
        super().__init__()
        self.store = store

    def __missing__(self, key: int) -> str:
        value = self[key] = self.store[key]
        return value


class _Scanner:
    """The state of the one pass: what is collected so far, and the sentence being read."""

    def __init__(self, mask: SpanIndex, cfg: CastSettings) -> None:
        self.mask = mask
        self.cfg = cfg
        self.scan = Scan([], [], defaultdict(NameStats), Counter(), [], 0, [], 0)
        self.names: _Strings | None = None

    def paragraph(self, pidx: int, base: int, doc) -> None:
        """Read one story paragraph (unless it is a heading), sentence by sentence."""
        scan = self.scan
        words = self.words(doc)
        if _is_heading("".join(w[_TEXT] + w[_SPACE] for w in words), self.cfg):
            return
        for sent in doc.sents:
            sidx = len(scan.sent_para)
            scan.sent_para.append(pidx)
            row = words[sent.start : sent.end]
            scan.tok_starts.extend([base + w[_IDX] for w in row])
            scan.tok_pos.extend([w[_POS] for w in row])
            scan.tok_subj.extend([w[_DEP] in _SUBJECT_DEPS for w in row])
            scan.tok_sent.extend([sidx] * len(row))
            i = 0
            while i < len(row):
                # ``sent`` gives the spaCy tokens (a name run reads its neighbours), made only when read.
                i = self.token(sent, row[i], i, base, sidx, pidx)

    def words(self, doc) -> list[tuple]:
        """Per token of ``doc``, what the scan reads of every word (``_WORD_ATTRS``), from the doc's
        arrays: plain values, no spaCy ``Token`` made for them."""
        from spacy.attrs import IDS

        if self.names is None:
            self.names = _Strings(doc.vocab.strings)
        names = self.names
        return [(names[orth], names[lower], idx, names[pos], names[dep], alpha == 1, punct == 1, " " if space else "")
                for orth, lower, idx, pos, dep, alpha, punct, space
                in doc.to_array([IDS[a] for a in _WORD_ATTRS]).tolist()]

    def token(self, toks, word: tuple, i: int, base: int, sidx: int, pidx: int) -> int:
        """Read the token at ``i`` of the sentence ``toks`` (``word``: its ``words`` entry): a pronoun, a
        description's noun, or the start of a name run; the index of the next token to read."""
        scan = self.scan
        t, low, idx, pos, dep, alpha, punct, _ = word
        if alpha:
            scan.n_words += 1
        if t.islower():
            scan.lower[low] += 1
        off = base + idx
        if low in _PRONOUN_WORDS:
            quoted = off in self.mask
            if not quoted:
                scan.words_outside += 1
            scan.pronouns.append(Pronoun(off, off + len(t), low, sidx, pidx, dep, quoted))
            return i + 1
        if alpha and not punct:
            if off not in self.mask:
                scan.words_outside += 1
                if pos == "NOUN" and low in DESCRIPTION_NOUN_GENDER and t.islower():
                    d = _describe(toks[i], base, sidx, pidx, self.cfg)
                    if d is not None:
                        scan.descs.append(d)
        if _GLUE in t:
            self.glued_names(toks[i], base, sidx, pidx)
            return i + 1
        if not is_cap(t) and not title_key(t) and t not in LEADING_PARTICLES:
            return i + 1
        return self.name_run(toks, i, base, sidx, pidx)

    def glued_names(self, tok, base: int, sidx: int, pidx: int) -> None:
        """Capitalised words the tokeniser left glued to a double hyphen ("eyes.--Emma's", "said
        Emma--"nothing"): weak occurrences, read as names only if the text names someone so."""
        for m in _WORD_PIECE.finditer(tok.text):
            if is_cap(m.group()):
                start = base + tok.idx + m.start()
                self.scan.occs.append(Occurrence(start, start + len(m.group()), None, (m.group(),), sidx, pidx,
                                                 tok.dep_ in _SUBJECT_DEPS, start in self.mask, weak=True))

    def name_run(self, toks, i: int, base: int, sidx: int, pidx: int) -> int:
        """A name run at ``toks[i]``: optional title, then capitalised proper-noun tokens (with name
        particles). Records it and returns the index after it (``i + 1`` when there is none)."""
        n = len(toks)
        t = toks[i].text
        title = None
        j = i
        # A title is capitalised ("Sister Agnes"); "her sister Margaret" is a description.
        tk = title_key(t) if t[:1].isupper() else None
        if tk and i + 1 < n and (is_cap(toks[i + 1].text) or toks[i + 1].text in (".", *FAMILY_NAME_PARTICLES)):
            k = i + 1
            if toks[k].text == "." and k + 1 < n:
                k += 1
            # "Mr. van der Luyden", "Mrs. de Winter": the family particles belong to the name.
            after = particle_chain(toks, k, title_after=True)
            if after is not None or (is_cap(toks[k].text) and not title_key(toks[k].text)):
                title = title_class(tk)
                j = k
        initial = i == 0 or toks[i - 1].text in _OPENERS or toks[i - 1].text.endswith(("“", '"'))
        if title is None and not is_cap(t):
            # A family name led by its particles with no title ("Henry's cousin, van der Luyden").
            end = particle_chain(toks, i) if t in LEADING_PARTICLES else None
            if end is None:
                return i + 1
            title, j, initial = None, i, False
        first = toks[j]
        # A capitalised word the parser does not take for a name at a sentence start ("Elinor could
        # not", "Will you") is no evidence of a name; it is still read as a name if the text names
        # someone so elsewhere and never writes the word in lower case (see ``evidence.keep_names``).
        weak = title is None and first.text[:1].isupper() and (
            not (first.pos_ == "PROPN" or first.ent_type_ == "PERSON" or not initial)
            or (first.pos_ in _NOT_NAME_POS and first.ent_type_ != "PERSON")
        )
        if weak:
            # One word only, and the words after it are read as before: a weak run adds no evidence.
            if is_cap(first.text):
                self.record(toks, i, j, j + 1, None, initial, base, sidx, pidx, weak=True)
            return i + 1
        k = j + 1 if first.text[:1].isupper() else particle_chain(toks, j, title_after=title is not None) + 1
        while k < n:
            nt = toks[k]
            if (is_cap(nt.text) and not title_key(nt.text) and nt.text.lower() not in WEEKDAYS
                    and (nt.pos_ == "PROPN" or nt.ent_type_ == "PERSON")):
                k += 1
            elif (e := particle_chain(toks, k)) is not None:
                k = e + 1
            else:
                break
        self.record(toks, i, j, k, title, initial, base, sidx, pidx)
        return k

    def record(self, toks, i: int, j: int, k: int, title: str | None, initial: bool, base: int, sidx: int,
               pidx: int, weak: bool = False) -> None:
        """Record the run ``toks[j:k]`` (title at ``toks[i]`` when i < j) and, unless ``weak``, its evidence."""
        scan = self.scan
        words = tuple(x.text for x in toks[j:k])
        start, end = base + toks[i].idx, base + toks[k - 1].idx + len(toks[k - 1].text)
        quoted = start in self.mask
        occ = Occurrence(start, end, title, words, sidx, pidx, False, quoted, weak=weak)
        if weak:
            occ.subj = any(x.dep_ in _SUBJECT_DEPS for x in toks[j:k])
        else:
            add_evidence(scan.stats[words], toks, i, j, k, initial, quoted, occ, self.cfg)
        units = _name_units(toks, j, k)
        if len(units) > 1:
            occ.parts = []
            for m0, m1 in units:
                ti = i if m0 == j else m0
                so = base + toks[ti].idx
                sub = Occurrence(so, base + toks[m1 - 1].idx + len(toks[m1 - 1].text), title if m0 == j else None,
                                 tuple(x.text for x in toks[m0:m1]), sidx, pidx, False, quoted, weak=weak)
                occ.parts.append(RunPart(sub, toks, ti, m0, m1, initial and m0 == j))
        scan.occs.append(occ)


def scan_story(parsed: Parsed, mask: SpanIndex, cfg: CastSettings) -> Scan:
    """Every name run, pronoun and description of the parsed story paragraphs (headings skipped);
    ``mask``: the quotations (or the text between double quotation marks)."""
    scanner = _Scanner(mask, cfg)
    for pidx, (base, doc) in enumerate(parsed):
        scanner.paragraph(pidx, base, doc)
    return scanner.scan


def particle_chain(toks, k: int, title_after: bool = False) -> int | None:
    """When ``toks[k:]`` is a chain of lower-case family particles followed by a capitalised proper
    noun ("van der Luyden"), the index of that noun; else None. After a title the noun need not be
    tagged a proper noun (a title already marks a name)."""
    n = len(toks)
    m = k
    while m < n and toks[m].text.islower() and toks[m].lower_ in _PARTICLES:
        m += 1
    if m == k or m >= n or not is_cap(toks[m].text) or title_key(toks[m].text):
        return None
    if not title_after and toks[m].pos_ != "PROPN":
        return None
    return m


def _name_units(toks, j: int, k: int) -> list[tuple[int, int]]:
    """The names in the run ``toks[j:k]``, each as (start, end) token indices: a capitalised word, or a
    family name with the particles before it ("Henry", "van der Luyden")."""
    out = []
    m = j
    while m < k:
        e = m
        while e < k and toks[e].text.islower():
            e += 1
        out.append((m, min(e + 1, k)))
        m = e + 1
    return out


def _describe(tok, base: int, sidx: int, pidx: int, cfg: CastSettings) -> Description | None:
    """The noun phrase "the old man" around the head noun ``tok``, if it has an article or demonstrative
    (a bare or plural noun is no reference to one known person)."""
    det = None
    left = tok.i
    for ch in tok.children:
        if ch.i < tok.i and ch.dep_ == "det":
            det = ch.lower_
            left = min(left, ch.i)
        elif ch.i < tok.i and ch.dep_ in _MODIFIER_DEPS and tok.i - ch.i <= cfg.description_modifier_reach:
            left = min(left, ch.i)
    if det not in DESCRIBING_DETERMINERS:
        return None
    doc = tok.doc
    start = base + doc[left].idx
    return Description(start, base + tok.idx + len(tok.text), DESCRIPTION_NOUN_GENDER[tok.lower_], det not in INDEFINITE_ARTICLES, sidx, pidx, tok.dep_)


def add_evidence(st: NameStats, toks, i: int, j: int, k: int, initial: bool, quoted: bool, occ: Occurrence,
                 cfg: CastSettings) -> None:
    """Add the evidence around the name run ``toks[j:k]`` (title at ``toks[i]`` when i < j)."""
    n = len(toks)
    st.n += 1
    if not initial or i < j:
        st.mid_cap += 1
    if i < j:
        st.titled += 1
        st.titles[occ.title] += 1
    ents = {x.ent_type_ for x in toks[j:k]}
    if toks[k - 1].tag_ == "NNPS" or toks[k - 1].ent_type_ == "NORP":
        st.plural += 1
    if "PERSON" in ents:
        st.person += 1
    elif "ORG" in ents:
        st.org += 1
    elif ents & _NON_PERSON_ENTS:
        st.other_ent += 1
    elif ents & {"DATE", "TIME"}:
        st.date += 1
    prev = toks[i - 1].lower_ if i > 0 else ""
    nxt = toks[k].text if k < n else ""
    if i == j:
        # "the younger Slayer", "her Watcher": look back over adjectives and numbers for an article.
        b = i - 1
        while b >= 0 and i - b <= cfg.article_lookback and toks[b].pos_ in _MODIFIER_POS:
            b -= 1
        # A determiner by its part of speech: "that" opening a clause ("said that Charlotte Lucas was")
        # is a conjunction, not "that Slayer".
        if b >= 0 and ((toks[b].lower_ in DETERMINERS and toks[b].pos_ == "DET") or toks[b].tag_ == "PRP$"):
            st.det += 1
        if prev in PLACE_PREPOSITIONS:
            st.place += 1
        if prev in EXCLAMATION_OPENERS:
            st.exclaim += 1
    for x in toks[j:k]:
        if x.dep_ in _SUBJECT_DEPS:
            occ.subj = True
            st.subj += 1
            if x.head.lemma_.lower() in SPEECH_VERBS:
                st.speech += 1
            break
    if quoted and (i == 0 or toks[i - 1].text in _OPENERS or toks[i - 1].text == ",") and (not nxt or nxt in _CLOSERS) and not occ.subj:
        st.vocative += 1
