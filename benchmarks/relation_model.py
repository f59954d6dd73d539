"""Prototype of the learned relation model (issue 12, steps 2 and 3): pair features, per-type logistic
regression, and a kinship graph solved jointly.

Used by ``benchmarks/train_relations.py`` (leave-one-novel-out evaluation, fitting, the error study).
Nothing here is shipped yet: phase 2 moves the features into ``personae/relations/`` (see the notes).

Candidate pairs are every pair of characters of the cast. A pair's features are facts about English
fiction in general, read off the relation stage's own cue extraction (``find_cues``: kin and role nouns
bound to a possessor, statements, actions, address terms, shared surnames and titles) and off the
story around it (co-presence per paragraph and scene, who talks to whom and how much, how the one
addresses the other, gender, prominence). See ``FEATURES`` for each feature's definition.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from personae.document import Span
from personae.model import Relation

# Bump when ``pair_data`` changes: the cached pair features of every novel are keyed by it.
FEATURE_VERSION = 2
TYPES = ("romantic", "family", "friendship", "hostile", "professional")
# Cue families, each one extractor of today's relation stage (see ``cue_families``).
FAMILIES = ("role_bound", "role_guess", "twins", "family_intro", "statement", "action", "address_parent", "pet_name",
            "body", "couple", "surname_spouse", "surname_sibling", "surname_family", "talk_friend", "kin_title")
_TITLE = re.compile(r"^(?:Mr|Mrs|Miss|Ms|Mme|Madame|Mademoiselle|Monsieur|Lady|Lord|Sir|Dr|Captain|Colonel|Professor)\b\.?")
# Kin used as a title in address or narration ("Aunt Juley", "Cousin Tom", "Uncle Henry").
_KIN_TITLE = re.compile(r"\b(?P<kin>Aunt|Auntie|Uncle|Cousin|Grandmother|Grandfather|Grandmamma|Grandpapa|Granny|Grandma|Grandpa)\s+(?=[A-Z])")
_KIN_TITLE_DETAIL = {"aunt": "aunt/uncle-niece/nephew", "auntie": "aunt/uncle-niece/nephew", "uncle": "aunt/uncle-niece/nephew",
                     "cousin": "cousins"}
_DEFERENCE = re.compile(r"(?:^|[,!?.;—-]\s*)(?:sir|madam|ma'am|ma’am|my\s+lord|my\s+lady|your\s+ladyship|your\s+lordship)(?=\s*[,.!?;—-]|$)", re.I)
_DEAR = re.compile(r"\b(?:my\s+)?(?:dear|dearest|darling|poor|sweet)\s+$", re.I)

# Per-type block: the type's own cue support by family, then shared pair facts.
# Every pair fact is a share or a small count, so that a short story and a long novel read alike.
PAIR_FEATURES = ("co_para_share", "co_sent_share", "co_scene_share", "talk", "talk_share", "voc_given", "voc_titled",
                 "voc_dear", "voc_deference", "opp_gender", "same_gender", "shared_surname", "same_title_surname",
                 "prominence_min", "prominence_max")
# Features a type's model may not use. Gender says nothing about whether two people are a couple: the
# training novels have no same-sex couple, fan fiction has many.
EXCLUDED = {"romantic": {"opp_gender", "same_gender"}}
# A cue of a type is never evidence against that type: these weights are kept non-negative.
NON_NEGATIVE = tuple(f"own:{f}" for f in FAMILIES) + ("own:support", "own:rule_conf", "own:rule")


def feature_names() -> list[str]:
    own = [f"own:{f}" for f in FAMILIES] + ["own:dropped", "own:support", "own:rule_conf", "own:rule"]
    other = [f"rule:{t}" for t in TYPES] + [f"support:{t}" for t in TYPES]
    return own + other + list(PAIR_FEATURES)


FEATURES = feature_names()


@dataclass
class PairData:
    """One novel in one mode: candidate pairs, features per type, and the detail each type would name."""

    novel: str
    mode: str
    pairs: list[tuple[str, str]]  # (x, y), x < y, character ids
    X: dict[str, np.ndarray]  # type -> (n_pairs, n_features)
    # (pair index, type) -> Counter of (detail, direction or None) -> support
    details: dict[tuple[int, str], Counter]
    # (pair index, type) -> evidence spans (best first)
    evidence: dict[tuple[int, str], list[Span]]
    rules: list[Relation]
    gender: dict[str, str]
    mapping: dict[str, str]
    text_len: int = 0
    stats: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)  # id -> (name, *aliases)


def cue_families(text, structure, parsed, characters, mentions, quotes):
    """Today's cues, each tagged with the extractor (family) that produced it, the finder, and which
    cues survive today's filters (proximity guesses weighed against chance, "Papa" consensus, one father
    and one wife)."""
    from personae.relations import (_ADDRESS, _Finder, _above_chance, _address_consensus, _references,
                                    _settle_slots)

    index = _references(text, structure, parsed, characters, mentions, quotes)
    f = _Finder(text, structure, parsed, characters, index, quotes)
    tagged: list[tuple[object, str]] = []
    for step in ("role_nouns", "family_introductions", "statements", "actions", "address_terms", "body_cues", "couples", "surnames"):
        n0 = len(f.cues)
        getattr(f, step)(*((characters,) if step == "surnames" else ()))
        for c in f.cues[n0:]:
            if step == "role_nouns":
                fam = "twins" if c.detail == "twins" and not c.guess and c.confidence >= 0.9 else (
                    "role_guess" if c.guess else "role_bound")
            elif step == "address_terms":
                fam = "address_parent" if c.guess == _ADDRESS else "pet_name"
            elif step == "surnames":
                fam = {"spouses": "surname_spouse", "siblings": "surname_sibling"}.get(c.detail, "surname_family")
            else:
                fam = {"family_introductions": "family_intro", "statements": "statement", "actions": "action",
                       "body_cues": "body", "couples": "couple"}[step]
            tagged.append((c, fam))
    kept = _settle_slots(_address_consensus(_above_chance(f.cues, f)), f.gender)
    kept_ids = {id(c) for c in kept}
    return tagged, kept_ids, f


def _rules(text, structure, parsed, characters, mentions, quotes, finder, cues):
    """Today's pooling on the cues already found (``find_relations`` without finding them again)."""
    from personae.relations import _infer_family, _pool, _state_cues, _talk, _talk_cues

    talk = _talk(quotes)
    cues = cues + _talk_cues(cues, talk)
    first = _pool(cues, structure, finder)
    couples = {(min(r.a, r.b), max(r.a, r.b)) for r in first if r.type == "romantic"}
    if couples:
        cues = cues + _state_cues(finder, couples)
    guessed: set = set()
    first = _pool(cues, structure, finder, guessed)
    return first + _infer_family(first, guessed), talk


def pair_data(inp) -> PairData:
    """Features of every candidate pair of one novel (``inp``: ``benchmarks.relations.Inputs``)."""
    text, structure, parsed = inp.text, inp.structure, inp.parsed
    chars, mentions, quotes = inp.characters, inp.mentions, inp.quotes
    tagged, kept_ids, f = cue_families(text, structure, parsed, chars, mentions, quotes)
    rules, (talk_spans, _) = _rules(text, structure, parsed, chars, mentions, quotes, f, [c for c, _ in tagged])
    ids = [c.id for c in chars]
    gender = {c.id: c.gender for c in chars}
    # --- cues per pair
    support: dict[tuple[str, str], dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    dropped: dict[tuple[str, str], Counter] = defaultdict(Counter)
    details: dict[tuple[tuple[str, str], str], Counter] = defaultdict(Counter)
    evidence: dict[tuple[tuple[str, str], str], list] = defaultdict(list)
    seen_span: dict[tuple, float] = {}
    for c, fam in tagged:
        key = (min(c.a, c.b), max(c.a, c.b))
        if id(c) not in kept_ids:
            dropped[key][c.type] += c.confidence
            continue
        sk = (key, c.type, fam, c.span)
        gain = c.confidence - seen_span.get(sk, 0.0)
        if gain <= 0:
            continue  # one span counts once per family
        seen_span[sk] = c.confidence
        support[key][c.type][fam] += gain
        if c.detail:
            details[(key, c.type)][(c.detail, (c.a, c.b) if c.directed else None)] += gain
        evidence[(key, c.type)].append((c.confidence, c.span))
    # Friends who talk: today's weak cue, kept as its own family.
    named_friends = {k for k, v in support.items() if v.get("friendship")}
    # --- references: who is where
    refs = [r for r in f.index.refs if r.kind in ("name", "pronoun", "description") and r.confidence >= 0.5]
    para_starts = f.para_starts
    sent_starts = f.sent_starts
    scenes = [(sc.start, sc.end) for ch in structure.chapters for sc in ch.scenes] or [(0, len(text))]
    scene_starts = [s for s, _ in scenes]
    in_para: dict[int, set] = defaultdict(set)
    in_sent: dict[int, set] = defaultdict(set)
    in_scene: dict[int, set] = defaultdict(set)
    count: Counter = Counter()
    for r in refs:
        in_para[bisect.bisect_right(para_starts, r.start) - 1].add(r.char)
        in_sent[bisect.bisect_right(sent_starts, r.start) - 1].add(r.char)
        in_scene[bisect.bisect_right(scene_starts, r.start) - 1].add(r.char)
        count[r.char] += 1
    co_para, co_sent, co_scene = Counter(), Counter(), Counter()
    for grid, out in ((in_para, co_para), (in_sent, co_sent), (in_scene, co_scene)):
        for who in grid.values():
            for x, y in combinations(sorted(who), 2):
                out[(x, y)] += 1
    para_of = Counter(ch for who in in_para.values() for ch in who)
    sent_of = Counter(ch for who in in_sent.values() for ch in who)
    scene_of = Counter(ch for who in in_scene.values() for ch in who)
    top = max(count.values(), default=1)
    # --- talk and address
    speeches: Counter = Counter()
    talk: Counter = Counter()
    voc = defaultdict(Counter)
    for q in quotes:
        if not q.speaker:
            continue
        speeches[q.speaker] += 1
        listeners = [a for a in q.addressees if a and a != q.speaker]
        for a in listeners:
            talk[(min(q.speaker, a), max(q.speaker, a))] += 1
        if len(listeners) != 1:
            continue
        a = listeners[0]
        key = (min(q.speaker, a), max(q.speaker, a))
        for p in q.parts:
            seg = text[p.start:p.end]
            if _DEFERENCE.search(seg):
                voc[key]["voc_deference"] += 1
            for r in f.index.between(p.start, p.end):
                if r.kind != "name" or r.char != a:
                    continue
                said = text[r.start:r.end]
                voc[key]["voc_titled" if _TITLE.match(said) else "voc_given"] += 1
                if _DEAR.search(text, max(p.start, r.start - 20), r.start):
                    voc[key]["voc_dear"] += 1
            for m in _KIN_TITLE.finditer(seg):
                r = f.index.name_at(p.start + m.end(), text, max_gap=1) or f.index.covering(p.start + m.end())
                if r is not None and r.char == a:
                    kin = m.group("kin").lower()
                    detail = _KIN_TITLE_DETAIL.get(kin, "grandparent")
                    directed = detail != "cousins"
                    x, y = (a, q.speaker) if directed else key
                    support[key]["family"]["kin_title"] += 0.8
                    details[(key, "family")][(detail, (x, y) if directed else None)] += 0.8
                    evidence[(key, "family")].append((0.8, Span(p.start + m.start("kin"), p.start + m.end("kin"))))
    for key in named_friends:
        n = talk.get(key, 0)
        if n:
            support[key]["friendship"]["talk_friend"] += min(1.0, 0.1 * n)
    rule_conf: dict[tuple[tuple[str, str], str], float] = {}
    for r in rules:
        k = ((min(r.a, r.b), max(r.a, r.b)), r.type)
        rule_conf[k] = max(rule_conf.get(k, 0.0), r.confidence)
    surname = {c.id: _surname(c) for c in chars}
    title_sur = {c.id: _titled_surnames(c) for c in chars}
    # --- rows
    pairs = list(combinations(sorted(ids), 2))
    X = {t: np.zeros((len(pairs), len(FEATURES))) for t in TYPES}
    col = {n: i for i, n in enumerate(FEATURES)}
    details_out, evidence_out = {}, {}
    for i, (x, y) in enumerate(pairs):
        key = (x, y)
        sup = support.get(key, {})
        shared = [0.0] * len(PAIR_FEATURES)
        gx, gy = gender.get(x, "U"), gender.get(y, "U")
        sc = co_scene.get(key, 0)
        pf = {
            "co_para_share": co_para.get(key, 0) / max(1, min(para_of.get(x, 0), para_of.get(y, 0))),
            "co_sent_share": co_sent.get(key, 0) / max(1, min(sent_of.get(x, 0), sent_of.get(y, 0))),
            "co_scene_share": sc / max(1, min(scene_of.get(x, 0), scene_of.get(y, 0))),
            "talk": math.log1p(talk.get(key, 0)),
            "talk_share": talk.get(key, 0) / max(1, min(speeches.get(x, 0), speeches.get(y, 0)) or 1),
            "voc_given": math.log1p(voc[key]["voc_given"]), "voc_titled": math.log1p(voc[key]["voc_titled"]),
            "voc_dear": math.log1p(voc[key]["voc_dear"]), "voc_deference": math.log1p(voc[key]["voc_deference"]),
            "opp_gender": float({gx, gy} == {"M", "F"}), "same_gender": float(gx == gy and gx in "MF"),
            "shared_surname": float(bool(surname[x] and surname[x] == surname[y])),
            "same_title_surname": float(bool(title_sur[x] & title_sur[y])),
            "prominence_min": min(count.get(x, 0), count.get(y, 0)) / top,
            "prominence_max": max(count.get(x, 0), count.get(y, 0)) / top,
        }
        for j, name in enumerate(PAIR_FEATURES):
            shared[j] = pf[name]
        for t in TYPES:
            row = X[t][i]
            own = sup.get(t, Counter())
            for fam in FAMILIES:
                row[col[f"own:{fam}"]] = math.log1p(own.get(fam, 0.0))
            row[col["own:dropped"]] = math.log1p(dropped.get(key, Counter()).get(t, 0.0))
            row[col["own:support"]] = math.log1p(sum(own.values()))
            rc = rule_conf.get((key, t), 0.0)
            row[col["own:rule_conf"]] = rc
            row[col["own:rule"]] = float(rc > 0)
            for t2 in TYPES:
                row[col[f"rule:{t2}"]] = rule_conf.get((key, t2), 0.0)
                row[col[f"support:{t2}"]] = math.log1p(sum(sup.get(t2, Counter()).values()))
            row[len(FEATURES) - len(PAIR_FEATURES):] = shared
            if (key, t) in details:
                details_out[(i, t)] = details[(key, t)]
            if (key, t) in evidence:
                evidence_out[(i, t)] = [sp for _, sp in sorted(evidence[(key, t)], key=lambda e: (-e[0], e[1].start))][:6]
    names = {c.id: (c.name, *c.aliases) for c in chars}
    return PairData(inp.novel, inp.mode, pairs, X, details_out, evidence_out, list(rules), gender, inp.mapping, len(text),
                    names=names)


def _surname(c) -> str:
    parts = c.name.split()
    return parts[-1] if len(parts) >= 2 and parts[-1][:1].isupper() else ""


def _titled_surnames(c) -> set[str]:
    """Surnames a character bears under a title ("Mr. Elton", "Mrs. Elton", "Miss Bates")."""
    out = set()
    for n in (c.name, *c.aliases):
        parts = n.split()
        if len(parts) >= 2 and _TITLE.match(parts[0]) and parts[-1][:1].isupper():
            out.add(parts[-1])
    return out


# --- labels ---------------------------------------------------------------------------------------


def labels(data: PairData, gold) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(scored mask, type -> 0/1 labels): a pair is scored when both ends map to two scope characters."""
    m = data.mapping
    mask = np.zeros(len(data.pairs), dtype=bool)
    y = {t: np.zeros(len(data.pairs)) for t in TYPES}
    for i, (a, b) in enumerate(data.pairs):
        ga, gb = m.get(a), m.get(b)
        if ga is None or gb is None or ga == gb or ga not in gold.scope or gb not in gold.scope:
            continue
        mask[i] = True
        pair = frozenset((ga, gb))
        for t in TYPES:
            y[t][i] = float((pair, t) in gold.relations)
    return mask, y


# --- logistic regression ----------------------------------------------------------------------------


@dataclass
class Logit:
    mean: np.ndarray
    scale: np.ndarray
    w: np.ndarray
    b: float

    def prob(self, X: np.ndarray) -> np.ndarray:
        z = ((X - self.mean) / self.scale) @ self.w + self.b
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_json(self) -> dict:
        return {"mean": [round(v, 6) for v in self.mean], "scale": [round(v, 6) for v in self.scale],
                "weights": [round(v, 6) for v in self.w], "bias": round(self.b, 6)}


def fit_type(X: np.ndarray, y: np.ndarray, type_: str, l2: float = 1.0) -> Logit:
    """A type's model: the features it may use, the cue weights kept non-negative (a weight that comes
    out negative is dropped and the rest refitted, until none does)."""
    # The type's own rule output and support are in its own block already (``own:``): their copies among
    # the other types' columns would only let the fit trade one against the other.
    own_copies = {f"rule:{type_}", f"support:{type_}"}
    use = np.array([f not in EXCLUDED.get(type_, ()) and f not in own_copies for f in FEATURES])
    nonneg = np.array([f in NON_NEGATIVE for f in FEATURES])
    while True:
        m = fit_logit(X, y, l2, use)
        bad = use & nonneg & (m.w < 0)
        if not bad.any():
            return m
        use &= ~bad


def fit_logit(X: np.ndarray, y: np.ndarray, l2: float = 1.0, use: np.ndarray | None = None, iters: int = 100) -> Logit:
    """L2-regularised logistic regression by Newton's method (small data: a few thousand pairs). Columns
    not in ``use`` get weight 0."""
    use = np.ones(X.shape[1], dtype=bool) if use is None else use
    full_mean = X.mean(axis=0)
    full_scale = X.std(axis=0)
    full_scale[full_scale < 1e-9] = 1.0
    mean, scale = full_mean[use], full_scale[use]
    X = X[:, use]
    Z = (X - mean) / scale
    n, d = Z.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(Z @ w + b, -30, 30)))
        g_w = Z.T @ (p - y) + l2 * w
        g_b = float(np.sum(p - y))
        s = p * (1 - p) + 1e-9
        H = (Z.T * s) @ Z + l2 * np.eye(d)
        h_bb = float(np.sum(s)) + 1e-9
        h_wb = Z.T @ s
        # Solve the (d+1) system for the joint step.
        full = np.zeros((d + 1, d + 1))
        full[:d, :d] = H
        full[:d, d] = h_wb
        full[d, :d] = h_wb
        full[d, d] = h_bb
        step = np.linalg.solve(full, np.concatenate([g_w, [g_b]]))
        w -= step[:d]
        b -= step[d]
        if np.max(np.abs(step)) < 1e-7:
            break
    w_full = np.zeros(len(use))
    w_full[use] = w
    return Logit(full_mean, full_scale, w_full, b)


# --- details -------------------------------------------------------------------------------------

_DEFAULT_DETAIL = {"romantic": "lovers", "family": "", "friendship": "friends", "hostile": "enemies", "professional": ""}
_ROMANTIC_RANK = {"spouses": 6, "engaged": 5, "ex-partners": 4, "affair": 3, "lovers": 3, "partners": 2, "courtship": 2}


def detail_of(data: PairData, i: int, t: str) -> tuple[str, tuple[str, str] | None]:
    """The detail (and direction) a predicted type names: today's rule relation's when there is one,
    else the best-supported detail among the pair's cues of that type."""
    x, y = data.pairs[i]
    for r in data.rules:
        if r.type == t and {r.a, r.b} == {x, y}:
            return (r.detail or _DEFAULT_DETAIL[t], (r.a, r.b) if r.directed else None)
    c = data.details.get((i, t))
    if t == "family" and not c:
        return _family_by_title(data, x, y)
    if c:
        if t == "romantic":
            (d, direc), _ = max(c.items(), key=lambda kv: kv[1] + 0.1 * _ROMANTIC_RANK.get(kv[0][0], 0))
        else:
            (d, direc), _ = c.most_common(1)[0]
        return d, direc
    return _DEFAULT_DETAIL[t], None


_MARRIED_TITLE = re.compile(r"^(?:Mrs|Lady|Madame|Mme)\b\.?\s")
_MAIDEN_TITLE = re.compile(r"^(?:Miss|Mademoiselle|Mlle)\b\.?\s")


def _family_by_title(data: PairData, x: str, y: str) -> tuple[str, tuple[str, str] | None]:
    """Kin known only by a shared surname: a "Mrs." and a "Miss" of one name are mother and daughter
    (English naming: she kept his name, the daughter was born to it); otherwise siblings, the likelier."""
    def has(cid, pat):
        return any(pat.match(n) for n in data.names.get(cid, ()))
    for a, b in ((x, y), (y, x)):
        if has(a, _MARRIED_TITLE) and has(b, _MAIDEN_TITLE) and not has(b, _MARRIED_TITLE):
            return "parent-child", (a, b)
    return "siblings", None


def predict(data: PairData, probs: dict[str, np.ndarray], thresholds: dict[str, float]) -> list[Relation]:
    out = []
    for t in TYPES:
        p = probs[t]
        for i in np.nonzero(p >= thresholds[t])[0]:
            d, direc = detail_of(data, int(i), t)
            a, b = direc or data.pairs[i]
            out.append(Relation(a=a, b=b, type=t, detail=d or None, directed=direc is not None,
                                confidence=round(float(p[i]), 3), evidence=tuple(data.evidence.get((int(i), t), ()))))
    return out


# --- family consistency (step 3) ---------------------------------------------------------------------

_CLOSE_KIN = {"parent-child", "siblings", "twins", "half-siblings", "aunt/uncle-niece/nephew", "grandparent-grandchild",
              "grandparent", "step-parent", "in-laws"}


@dataclass
class Kin:
    """A kinship graph built one relation at a time, refusing contradictions."""

    gender: dict[str, str]
    parents: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    spouse: dict[str, str] = field(default_factory=dict)
    kin: dict[frozenset, str] = field(default_factory=dict)  # pair -> family detail
    romance: set = field(default_factory=set)  # pairs in a romantic relation

    def ancestors(self, x: str) -> set[str]:
        out, todo = set(), [x]
        while todo:
            for p in self.parents.get(todo.pop(), ()):
                if p not in out:
                    out.add(p)
                    todo.append(p)
        return out

    def can(self, r: Relation) -> bool:
        pair = frozenset((r.a, r.b))
        if r.type == "romantic":
            # No romance between close kin (cousins may marry); one spouse at a time.
            if self.kin.get(pair, "cousins") != "cousins":
                return False
            if r.detail == "spouses":
                return all(self.spouse.get(p, q) == q for p, q in ((r.a, r.b), (r.b, r.a)))
            return True
        if r.type != "family":
            return True
        if pair in self.kin and self.kin[pair] != r.detail:
            return False
        if pair in self.romance and r.detail != "cousins":
            return False
        if r.detail == "parent-child" and r.directed:
            parent, child = r.a, r.b
            ps = self.parents.get(child, set())
            if parent in ps:
                return True
            if len(ps) >= 2 or child in self.ancestors(parent):
                return False
            g = self.gender.get(parent, "U")
            if g in "MF" and any(self.gender.get(p) == g for p in ps):
                return False  # one mother, one father
        return True

    def add(self, r: Relation) -> None:
        pair = frozenset((r.a, r.b))
        if r.type == "romantic":
            self.romance.add(pair)
            if r.detail == "spouses":
                self.spouse[r.a], self.spouse[r.b] = r.b, r.a
        if r.type == "family":
            self.kin[pair] = r.detail
            if r.detail == "parent-child" and r.directed:
                self.parents[r.b].add(r.a)


# What composition may add. Measured leave-one-out with the roster (relation_model's first version, all
# compositions on): parent-child 17 of 21 right, siblings 11 of 13, in-laws 20 of 32, aunt/uncle 3 of 13,
# grandparent 2 of 5. The last three chain two uncertain links and are left out.
COMPOSE = ("parent-child", "siblings")


def consistent(rels: list[Relation], gender: dict[str, str], compose: bool = True, min_compose: float = 0.5,
               compose_from: float = 0.8, allowed: tuple[str, ...] = COMPOSE) -> list[Relation]:
    """Keep the relations that fit one family graph (most confident first), then add what the graph
    implies: a parent's children are siblings, a parent's sibling is an aunt or uncle, a parent's parent
    a grandparent, a parent's spouse a parent, a spouse's parent or sibling and a sibling's spouse in-laws.
    A composed relation names in its evidence the evidence of the relations it came from."""
    g = Kin(gender)
    kept = []
    order = sorted(rels, key=lambda r: (-(r.type in ("family", "romantic")), -r.confidence))
    for r in order:
        if g.can(r):
            g.add(r)
            kept.append(r)
    if not compose:
        return kept
    have = {(frozenset((r.a, r.b)), r.type) for r in kept}
    # Only sure relations are composed: a guess built on a guess is no evidence.
    base = [r for r in kept if r.confidence >= compose_from]
    by_pair = {frozenset((r.a, r.b)): r for r in kept if r.type == "family"}
    spouses = [r for r in base if r.type == "romantic" and r.detail == "spouses"]
    new: list[Relation] = []

    def put(a, b, detail, directed, r1, r2, factor=0.9):
        pair = frozenset((a, b))
        if a == b or (pair, "family") in have or detail not in allowed:
            return
        conf = round(factor * min(r1.confidence, r2.confidence), 3)
        if conf < min_compose:
            return
        ev = tuple(sorted(set(r1.evidence[:2] + r2.evidence[:2]), key=lambda s: s.start))
        rel = Relation(a=a, b=b, type="family", detail=detail, directed=directed, confidence=conf, evidence=ev)
        if g.can(rel):
            g.add(rel)
            have.add((pair, "family"))
            by_pair[pair] = rel
            new.append(rel)

    def pc(r):
        return r.type == "family" and r.detail == "parent-child" and r.directed

    for _ in range(2):  # compose twice: a composed sibling makes an aunt
        allk = base + new
        parent_rel = defaultdict(list)  # child -> parent relations
        for r in allk:
            if pc(r):
                parent_rel[r.b].append(r)
        # A parent's spouse is the other parent.
        for s in spouses:
            for p, q in ((s.a, s.b), (s.b, s.a)):
                for child, prs in list(parent_rel.items()):
                    for pr in prs:
                        if pr.a == p and child != q:
                            put(q, child, "parent-child", True, s, pr, 0.8)
        children = defaultdict(list)
        for child, prs in parent_rel.items():
            for pr in prs:
                children[pr.a].append((child, pr))
        for p, kids in children.items():
            for (x, rx), (y, ry) in combinations(kids, 2):
                put(min(x, y), max(x, y), "siblings", False, rx, ry)
        sibs = [r for r in base + new if r.type == "family" and r.detail in ("siblings", "twins")]
        for sr in sibs:
            for x, y in ((sr.a, sr.b), (sr.b, sr.a)):
                for pr in parent_rel.get(y, []):  # y's parent is x's parent too
                    put(pr.a, x, "parent-child", True, sr, pr, 0.8)
                for child, prs in parent_rel.items():  # x is the aunt/uncle of y's children
                    for pr in prs:
                        if pr.a == y and child != x:
                            put(x, child, "aunt/uncle-niece/nephew", True, sr, pr)
                for s in spouses:  # y's spouse is x's in-law
                    if y in (s.a, s.b):
                        z = s.b if s.a == y else s.a
                        put(min(x, z), max(x, z), "in-laws", False, sr, s)
        for child, prs in parent_rel.items():
            for pr in prs:
                for gpr in parent_rel.get(pr.a, []):
                    put(gpr.a, child, "grandparent-grandchild", True, gpr, pr)
        for s in spouses:
            for p, q in ((s.a, s.b), (s.b, s.a)):
                for pr in parent_rel.get(q, []):
                    put(min(pr.a, p), max(pr.a, p), "in-laws", False, s, pr)
    return kept + new
