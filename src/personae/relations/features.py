"""What the learned relation model reads about a pair of characters: its cues, by type and family, and the
facts of the story around the two (co-presence, talk, address, naming, gender, prominence).

Every pair of characters is a candidate. For each relation type the pair gets one row of ``FEATURES``:
the *own* block (the support of the pair's cues of that type, per cue family; the support dropped by the
guess filters; the total; the surest cue), the support of each *other* type (a kin cue speaks against romance), and the
*pair* facts, the same for every type. Every pair fact is a share or a small count, so that a short
story and a long novel read alike. Support = log(1 + the sum, over distinct evidence spans, of the
cues' confidence).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

import numpy as np

from ..lexicon import RANK_TITLES, title_class, title_key
from ..model import Character, Quote
from .cue import FAMILIES, ROLE_GUESS, STATE_WORD, TYPES, Cue
from .cues.conversation import DEAR_RE, DEFERENCE_RE
from .reader import Reader

PairKey = tuple[str, str]

# The pair facts (see ``_pair_facts`` for each definition).
PAIR_FACTS = ("co_para_share", "co_sent_share", "co_scene_share", "talk", "talk_share", "voc_given", "voc_titled",
              "voc_dear", "deference_max", "deference_min", "address_asymmetry", "opp_gender", "same_gender",
              "shared_surname", "same_title_surname", "both_ranked", "prominence_min", "prominence_max")
# Cue families whose support is a feature (state words place a known couple in time; they are no evidence).
CUE_FAMILIES = tuple(f for f in FAMILIES if f != STATE_WORD)
_OPP = PAIR_FACTS.index("opp_gender")
OWN = tuple(f"own:{f}" for f in CUE_FAMILIES) + ("own:dropped", "own:support", "own:guess_share", "own:best",
                                                  "own:guess_only", "own:guess_only_opp_gender")
OTHER = tuple(f"support:{t}" for t in TYPES)
FEATURES = OWN + OTHER + PAIR_FACTS

# Titles of rank or office, as classes ("Dr." and "Doctor" are one).
_RANK_CLASSES = frozenset(title_class(title_key(t) or t) for t in RANK_TITLES)
_PRESENT_KINDS = ("name", "pronoun", "description")

@dataclass
class PairTable:
    """The candidate pairs of one story: their pair facts, the cues (and which the guess filters kept),
    and from these the feature rows per type (``X``)."""

    pairs: list[PairKey]
    facts: np.ndarray  # (pairs, PAIR_FACTS)
    cues: list[Cue]
    kept_flags: list[bool]

    @cached_property
    def X(self) -> dict[str, np.ndarray]:
        return self.rows()

    @cached_property
    def kept(self) -> dict[tuple[str, str, str], list[Cue]]:
        """(x, y, type) -> the kept cues of that pair and type."""
        out: dict[tuple[str, str, str], list[Cue]] = defaultdict(list)
        for c, ok in zip(self.cues, self.kept_flags):
            if ok:
                out[(min(c.a, c.b), max(c.a, c.b), c.type)].append(c)
        return dict(out)

    def rows(self, without: Iterable[str] = ()) -> dict[str, np.ndarray]:
        """type -> (pairs, FEATURES); ``without``: cue families to leave out (to measure one family)."""
        skip = set(without)
        items = [(c, ok) for c, ok in zip(self.cues, self.kept_flags) if c.family not in skip]
        support, dropped, best = _cue_support(items)
        agree = _guess_agreement(items)
        col = {n: i for i, n in enumerate(FEATURES)}
        X = {t: np.zeros((len(self.pairs), len(FEATURES))) for t in TYPES}
        for i, pair in enumerate(self.pairs):
            sup = support.get(pair, {})
            for t in TYPES:
                row = [0.0] * len(FEATURES)  # filled as a list, copied into X once (numpy items are slow to set)
                own = sup.get(t, Counter())
                for fam in CUE_FAMILIES:
                    row[col[f"own:{fam}"]] = math.log1p(own.get(fam, 0.0))
                row[col["own:dropped"]] = math.log1p(dropped.get(pair, Counter()).get(t, 0.0))
                row[col["own:support"]] = math.log1p(sum(own.values()))
                row[col["own:guess_share"]] = agree.get((*pair, t), 0.0)
                row[col["own:best"]] = best.get((*pair, t), 0.0)
                # Only guessed from proximity: "her father" next to a man may be her husband.
                guess_only = float(bool(own) and set(own) == {ROLE_GUESS})
                row[col["own:guess_only"]] = guess_only
                row[col["own:guess_only_opp_gender"]] = guess_only * self.facts[i][_OPP]
                for t2 in TYPES:
                    row[col[f"support:{t2}"]] = math.log1p(sum(sup.get(t2, Counter()).values()))
                row[len(OWN) + len(OTHER) :] = self.facts[i].tolist()
                X[t][i] = row
        return X


def pair_table(reader: Reader, cues: Sequence[Cue], kept: Sequence[Cue]) -> PairTable:
    """Every pair of the story's characters. ``cues``: every cue found; ``kept``: those the guess filters
    kept (``pool.filtered``)."""
    pairs = list(combinations(sorted(c.id for c in reader.story.characters), 2))
    kept_ids = {id(c) for c in kept}
    return PairTable(pairs, _pair_facts(reader, reader.story.characters, pairs), list(cues), [id(c) in kept_ids for c in cues])


def _cue_support(cues: Iterable[tuple[Cue, bool]]):
    """Per pair: type -> family -> support of the kept cues (one span counts once per family, at its
    surest); type -> support of the dropped ones; and per (pair, type) the surest kept cue's confidence
    (how well its words bind the two: a rare kind of cue that binds well weighs as a common one does)."""
    support: dict[PairKey, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    dropped: dict[PairKey, Counter] = defaultdict(Counter)
    best: dict[tuple, float] = {}
    surest: dict[tuple[str, str, str], float] = {}
    for c, ok in cues:
        if c.state_only:
            continue
        pair = (min(c.a, c.b), max(c.a, c.b))
        if not ok:
            dropped[pair][c.type] += c.confidence
            continue
        surest[(*pair, c.type)] = max(surest.get((*pair, c.type), 0.0), c.confidence)
        key = (pair, c.type, c.family, c.span)
        gain = c.confidence - best.get(key, 0.0)
        if gain > 0:
            best[key] = c.confidence
            support[pair][c.type][c.family] += gain
    return support, dropped, surest


def _guess_agreement(items: Iterable[tuple[Cue, bool]]) -> dict[tuple[str, str, str], float]:
    """(x, y, type) -> the largest share, among the kept proximity guesses of one possessor's role word
    ("her sister" each time it is said), of those that name this pair's other member: a relative is
    the one the guesses agree on."""
    groups: dict[object, Counter] = defaultdict(Counter)
    kept = [c for c, ok in items if ok and c.guess is not None]
    for c in kept:
        groups[c.guess][c.target] += 1
    out: dict[tuple[str, str, str], float] = {}
    for c in kept:
        key = (min(c.a, c.b), max(c.a, c.b), c.type)
        share = groups[c.guess][c.target] / sum(groups[c.guess].values())
        out[key] = max(out.get(key, 0.0), share)
    return out


def _pair_facts(reader: Reader, characters: Sequence[Character], pairs: list[PairKey]) -> np.ndarray:
    story = reader.story
    co, alone, count = _co_presence(reader)
    talk, speeches, voc = _talk_and_address(reader, story.quotes)
    gender = {c.id: c.gender for c in characters}
    surname = {c.id: _surname(c) for c in characters}
    titled = {c.id: _titled_surnames(c) for c in characters}
    ranked = {c.id: _ranked(c) for c in characters}
    top = max(count.values(), default=1)
    out = np.zeros((len(pairs), len(PAIR_FACTS)))
    for i, (x, y) in enumerate(pairs):
        key = (x, y)
        gx, gy = gender.get(x, "U"), gender.get(y, "U")

        def share(grid: str) -> float:
            return co[grid].get(key, 0) / max(1, min(alone[grid].get(x, 0), alone[grid].get(y, 0)))

        dxy, dyx = voc[(x, y)]["deference"], voc[(y, x)]["deference"]
        # One names the other with a title, and is named by a given name (a servant and a master, a
        # child and an elder, a pupil and a teacher).
        asym = max(min(voc[(x, y)]["titled"], voc[(y, x)]["given"]), min(voc[(y, x)]["titled"], voc[(x, y)]["given"]))
        facts = {
            "co_para_share": share("para"), "co_sent_share": share("sent"), "co_scene_share": share("scene"),
            "talk": math.log1p(talk.get(key, 0)),
            "talk_share": talk.get(key, 0) / max(1, min(speeches.get(x, 0), speeches.get(y, 0))),
            "voc_given": math.log1p(voc[(x, y)]["given"] + voc[(y, x)]["given"]),
            "voc_titled": math.log1p(voc[(x, y)]["titled"] + voc[(y, x)]["titled"]),
            "voc_dear": math.log1p(voc[(x, y)]["dear"] + voc[(y, x)]["dear"]),
            "deference_max": math.log1p(max(dxy, dyx)), "deference_min": math.log1p(min(dxy, dyx)),
            "address_asymmetry": math.log1p(asym),
            "opp_gender": float({gx, gy} == {"M", "F"}), "same_gender": float(gx == gy and gx in "MF"),
            "shared_surname": float(bool(surname[x] and surname[x] == surname[y])),
            "same_title_surname": float(bool(titled[x] & titled[y])),
            "both_ranked": float(ranked[x] and ranked[y]),
            "prominence_min": min(count.get(x, 0), count.get(y, 0)) / top,
            "prominence_max": max(count.get(x, 0), count.get(y, 0)) / top,
        }
        out[i] = [facts[n] for n in PAIR_FACTS]
    return out


def _co_presence(reader: Reader):
    """Per grid (paragraph, sentence, scene): how many units refer to both of a pair, and to each
    character; and how often each character is referred to."""
    story = reader.story
    units: dict[str, dict[object, set[str]]] = {"para": defaultdict(set), "sent": defaultdict(set), "scene": defaultdict(set)}
    count: Counter = Counter()
    for r in reader.index.mentions:
        if r.kind not in _PRESENT_KINDS or r.confidence < reader.cfg.present_min_confidence:
            continue
        units["para"][story.paragraph_of(r.start)].add(r.character)
        units["sent"][story.sentences.index_at(r.start)].add(r.character)
        units["scene"][story.scene_of(r.start)].add(r.character)
        count[r.character] += 1
    co: dict[str, Counter] = {}
    alone: dict[str, Counter] = {}
    for grid, by_unit in units.items():
        co[grid] = Counter(pair for who in by_unit.values() for pair in combinations(sorted(who), 2))
        alone[grid] = Counter(ch for who in by_unit.values() for ch in who)
    return co, alone, count


def _talk_and_address(reader: Reader, quotes: Iterable[Quote]):
    """Quotes one of a pair speaks to the other; speeches per speaker; and per (speaker, listener) how the
    one names the other: by a given name, by a titled name, with "my dear", with deference."""
    text = reader.text
    speeches: Counter = Counter()
    talk: Counter = Counter()
    voc: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for q in quotes:
        if not q.speaker:
            continue
        speeches[q.speaker] += 1
        listeners = [a for a in q.addressees if a and a != q.speaker]
        for a in listeners:
            talk[(min(q.speaker, a), max(q.speaker, a))] += 1
        if len(listeners) != 1:
            continue
        said = voc[(q.speaker, listeners[0])]
        for p in q.parts:
            if DEFERENCE_RE.search(text[p.start : p.end]):
                said["deference"] += 1
            for r in reader.index.between(p.start, p.end):
                if r.kind != "name" or r.character != listeners[0]:
                    continue
                said["titled" if title_key(text[r.start : r.end].split()[0]) else "given"] += 1
                if DEAR_RE.search(text, max(p.start, r.start - reader.cfg.dear_reach), r.start):
                    said["dear"] += 1
    return talk, speeches, voc


def _surname(c: Character) -> str:
    parts = c.name.split()
    return parts[-1] if len(parts) >= 2 and parts[-1][:1].isupper() else ""


def _ranked(c: Character) -> bool:
    """Named with a title of rank or office ("Captain Harville", "Dr. Bull", "Inspector Japp")."""
    return any(n.split() and title_class(title_key(n.split()[0]) or "") in _RANK_CLASSES for n in (c.name, *c.aliases))


def _titled_surnames(c: Character) -> set[str]:
    """Family names a character bears under a title ("Mr. Elton", "Mrs. Elton", "Miss Bates")."""
    out = set()
    for n in (c.name, *c.aliases):
        parts = n.split()
        if len(parts) >= 2 and title_key(parts[0]) and parts[-1][:1].isupper():
            out.add(parts[-1])
    return out
