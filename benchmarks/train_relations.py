"""Train the relation model (``personae.relations.model``) on the 22 PDNC novels and evaluate it
leave-one-novel-out.

    .venv/bin/python benchmarks/train_relations.py [--mode roster|e2e|both] [--novels A,B] [--fit]
                                                   [--fanfic] [--study] [--errors] [--no-cache]

For each novel and mode (``benchmarks/relations.py`` says what the modes are) the relation stage's own
pair rows (``personae.relations.read_pairs``: the cues of the story, filtered, and the features of every
pair of its characters) are computed once and cached under /tmp/personae-relations-cache, keyed by the
novel, the mode and every source file. A pair is a training row when both its ends map to two scope
characters of the gold; its label per type is whether the gold holds that (pair, type) (in-laws count
as family). One logistic regression per type (L2, Newton's method, numpy): the weights of a type's own
cue support are kept non-negative (a cue of a type is never evidence against it: a weight that comes
out negative is dropped and the rest refitted), and the romantic model does not see gender (the
novels have no same-sex couple; fan fiction has many).

Leave-one-novel-out: each novel is scored by the model fitted on the other 21 (both modes' rows
pooled, as the shipped model is), and its relations are made by the product's own assembly
(``build.propose``, ``family.consistent``). The confidence a relation needs to be shown
(``RelationSettings.show_confidence``) is chosen once on these pooled scores: the lowest bar at which
both modes keep the issue's precision (0.85 with the roster, 0.80 end to end). Printed: recall
(excl. in-laws), precision, F1, detail accuracy, precision among confidence >= 0.8, per type.

``--fit`` writes the weights fitted on all 22 novels to src/personae/resources/relation_weights.json.
``--fanfic`` shows the shipped model on the shared fan fiction (the relationships issue 12 lists).
``--study`` says why gold relations are missed (no cue of the type, cue under the bar, cast).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import hashlib
import json
import pickle
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import relations as bench  # noqa: E402
from personae.model import Relation  # noqa: E402
from personae.relations import read_pairs  # noqa: E402
from personae.relations.build import Names, propose  # noqa: E402
from personae.relations.cue import ROMANTIC, TYPES  # noqa: E402
from personae.relations.family import consistent  # noqa: E402
from personae.relations.features import CUE_FAMILIES, FEATURES, PairTable  # noqa: E402
from personae.relations.model import WEIGHTS_FILE, RelationModel, TypeModel  # noqa: E402
from personae.relations.settings import DEFAULT_SETTINGS  # noqa: E402

L2 = 3.0
CONF_BAR = 0.8
TARGET_PRECISION = {"roster": 0.85, "e2e": 0.80}
GRID = np.round(np.arange(0.2, 0.96, 0.025), 3)
# Features a type's model may not use. Gender says nothing about whether two people are a couple: the
# training novels have no same-sex couple, fan fiction has many.
EXCLUDED = {ROMANTIC: {"opp_gender", "same_gender", "own:guess_only_opp_gender"}}
# A cue of a type is never evidence against that type.
NON_NEGATIVE = {f"own:{f}" for f in CUE_FAMILIES} | {"own:support", "own:guess_share", "own:best"}
WEIGHTS = bench.REPO / "src" / "personae" / "resources" / WEIGHTS_FILE


@dataclass
class Sample:
    """One novel in one mode: its pair rows, what the assembly needs besides, and the gold mapping."""

    novel: str
    mode: str
    table: PairTable
    names: Names
    mapping: dict[str, str]


# --- the rows --------------------------------------------------------------------------------------


# How a cached sample is stored (bump when ``Sample`` changes).
ROWS_FORMAT = 2
# Sources that read the rows but do not make them (the assembly, the outputs): editing them keeps the cache.
_NOT_ROWS = ("relations/build.py", "relations/family.py", "relations/model.py", "export/", "summary.py", "tags.py",
             "cli.py", "corpus.py")


def _key(novel: str, mode: str) -> str:
    h = hashlib.sha256(f"{novel}|{mode}|{ROWS_FORMAT}".encode())
    src = bench.REPO / "src" / "personae"
    for p in sorted(src.rglob("*.py")):
        if not p.relative_to(src).as_posix().startswith(_NOT_ROWS):
            h.update(p.read_bytes())
    return h.hexdigest()[:20]


def sample(inp: bench.Inputs) -> Sample:
    reader, table, _ = read_pairs(bench.story_of(inp))
    return Sample(inp.novel, inp.mode, table, Names.of(reader), inp.mapping)


def load_samples(chosen, modes, cache: bool = True) -> dict[tuple[str, str], Sample]:
    out = {}
    for n in chosen:
        todo = []
        for m in modes:
            path = bench.STAGE_CACHE / f"rows-{n}-{m}-{_key(n, m)}.pkl"
            if cache and path.exists():
                out[(n, m)] = Sample(**pickle.loads(path.read_bytes()))
            else:
                todo.append((m, path))
        if todo:
            loaded = bench.load_text(n)
            for m, path in todo:
                out[(n, m)] = s = sample(bench.stage_inputs(n, m, True, loaded))
                bench.STAGE_CACHE.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                tmp.write_bytes(pickle.dumps(vars(s)))  # fields, not the class: this script is also imported
                tmp.replace(path)
        print(f"rows {n}", file=sys.stderr, flush=True)
    return out


def labels(s: Sample, gold: bench.Gold) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(scored mask, type -> 0/1): a pair is scored when both ends map to two scope characters."""
    mask = np.zeros(len(s.table.pairs), dtype=bool)
    y = {t: np.zeros(len(s.table.pairs)) for t in TYPES}
    for i, (a, b) in enumerate(s.table.pairs):
        ga, gb = s.mapping.get(a), s.mapping.get(b)
        if ga is None or gb is None or ga == gb or ga not in gold.scope or gb not in gold.scope:
            continue
        mask[i] = True
        for t in TYPES:
            y[t][i] = float((frozenset((ga, gb)), t) in gold.relations)
    return mask, y


# --- fitting -------------------------------------------------------------------------------------


def fit_logit(X: np.ndarray, y: np.ndarray, use: np.ndarray, l2: float = L2, iters: int = 100) -> TypeModel:
    """L2-regularised logistic regression by Newton's method on standardised features; columns not in
    ``use`` get weight 0."""
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    Z = np.hstack([((X - mean) / scale)[:, use], np.ones((len(X), 1))])
    d = Z.shape[1]
    reg = l2 * np.eye(d)
    reg[-1, -1] = 0.0  # the bias is not shrunk
    w = np.zeros(d)
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(Z @ w, -30, 30)))
        grad = Z.T @ (p - y) + reg @ w
        hess = (Z.T * (p * (1 - p) + 1e-9)) @ Z + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-7:
            break
    weights = np.zeros(X.shape[1])
    weights[use] = w[:-1]
    return TypeModel(mean, scale, weights, float(w[-1]))


def fit_type(X: np.ndarray, y: np.ndarray, type_: str) -> TypeModel:
    """A type's model: the features it may use, its own cue weights kept non-negative (active set)."""
    use = np.array([f not in EXCLUDED.get(type_, ()) and f != f"support:{type_}" for f in FEATURES])
    nonneg = np.array([f in NON_NEGATIVE for f in FEATURES])
    while True:
        m = fit_logit(X, y, use)
        bad = use & nonneg & (m.weights < 0)
        if not bad.any():
            return m
        use &= ~bad


def fit(samples: list[Sample], golds: dict) -> RelationModel:
    rows: dict[str, tuple[list, list]] = {t: ([], []) for t in TYPES}
    for s in samples:
        mask, y = labels(s, golds[s.novel])
        X = features(s)
        for t in TYPES:
            rows[t][0].append(X[t][mask])
            rows[t][1].append(y[t][mask])
    return RelationModel({t: fit_type(np.vstack(rows[t][0]), np.concatenate(rows[t][1]), t) for t in TYPES})


# Cue families left out of the rows (``--without``: to measure what one family adds).
WITHOUT: tuple[str, ...] = ()


def features(s: Sample) -> dict[str, np.ndarray]:
    return s.table.rows(WITHOUT) if WITHOUT else s.table.X


def loo_models(samples: dict, golds: dict, same_mode: bool = False) -> dict[tuple[str, str], RelationModel]:
    """(novel, mode) -> the model fitted on every other novel (both modes' rows; ``same_mode``: that
    mode's only)."""
    out = {}
    for n, m in samples:
        if same_mode or (n, "roster") not in out:
            model = fit([s for (n2, m2), s in samples.items() if n2 != n and (m2 == m or not same_mode)], golds)
            for mode in ((m,) if same_mode else bench.MODES):
                out[(n, mode)] = model
    return out


# --- relations and scores --------------------------------------------------------------------------


def relations_of(s: Sample, model: RelationModel, cfg=DEFAULT_SETTINGS) -> list[Relation]:
    """The product's assembly on cached rows (no timeline: it needs the text, and scores ignore it)."""
    probs = model.probabilities(features(s))
    return consistent(propose(s.names, s.table, probs, cfg), s.names.gender, cfg)


def tallies(samples, golds, mode, rels_of, bar) -> dict[str, bench.Tally]:
    """Scores of the relations shown at ``bar`` (one confidence for every type, or one per type)."""
    bars = bar if isinstance(bar, dict) else dict.fromkeys(TYPES, bar)
    out = {}
    for (n, m), s in sorted(samples.items()):
        if m == mode:
            shown = shown_by_type(rels_of(n, s), bars)
            out[n] = bench.score_relations(golds[n], shown, s.mapping, "", CONF_BAR)
    return out


def total(ts: dict[str, bench.Tally]) -> bench.Tally:
    t = bench.Tally()
    for x in ts.values():
        t.add(x)
    return t


def points(samples, golds, mode, rels_of) -> dict[str, list[tuple[float, bool]]]:
    """type -> (confidence, right) of every relation scored as ``benchmarks/relations.py`` scores (one per
    gold pair and type, the most confident), over the novels of one mode."""
    out: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for (n, m), s in sorted(samples.items()):
        if m != mode:
            continue
        gold = golds[n]
        best: dict[tuple[frozenset, str], float] = {}
        for r in rels_of(n, s):
            a, b = s.mapping.get(r.a), s.mapping.get(r.b)
            if r.type in TYPES and a and b and a != b and a in gold.scope and b in gold.scope:
                key = (frozenset((a, b)), r.type)
                best[key] = max(best.get(key, 0.0), r.confidence)
        for (pair, t), conf in best.items():
            out[t].append((conf, (pair, t) in gold.relations))
    return out


def choose_show(samples, golds, modes, rels_of) -> dict[str, float]:
    """One bar per type, lowered together: at each step the type whose next lower bar adds the most
    precise relations (pooled over the modes) goes down one step, as long as every mode keeps its
    target precision. (Greedy; chosen once on the pooled leave-one-out scores.)"""
    pts = {m: points(samples, golds, m, rels_of) for m in modes}
    grid = sorted(GRID, reverse=True)
    at = {t: -1 for t in TYPES}
    tp = {m: 0.0 for m in modes}
    n = {m: 0.0 for m in modes}

    def step(t):
        hi = grid[at[t]] if at[t] >= 0 else 1.01
        for j in range(at[t] + 1, len(grid)):
            add = {m: [ok for c, ok in pts[m][t] if grid[j] <= c < hi] for m in modes}
            if any(add.values()):
                return j, add
        return None

    while True:
        options = []
        for t in TYPES:
            st = step(t)
            if st is None:
                continue
            j, add = st
            if all((tp[m] + sum(add[m])) / max(1.0, n[m] + len(add[m])) >= TARGET_PRECISION[m] for m in modes):
                right = sum(sum(v) for v in add.values())
                options.append((right / sum(len(v) for v in add.values()), right, t, j, add))
        if not options:
            break
        _, _, t, j, add = max(options, key=lambda o: (o[0], o[1]))
        at[t] = j
        for m in modes:
            tp[m] += sum(add[m])
            n[m] += len(add[m])
    return {t: (float(grid[at[t]]) if at[t] >= 0 else 1.0) for t in TYPES}


def shown_by_type(rels, bars: dict[str, float]) -> list:
    return [r for r in rels if r.confidence >= bars.get(r.type, 1.0)]


def summary(name: str, t: bench.Tally) -> str:
    d = t.as_dict()
    pc = t.conf_correct / t.conf_predicted if t.conf_predicted else 0.0
    return (f"{name:24s} R {d['recall']:.3f} ({t.recalled}/{t.gold})  P {d['precision']:.3f} ({t.correct}/{t.predicted})  "
            f"F1 {d['f1']:.3f}  detail {d['detail_accuracy']:.3f}  P@{CONF_BAR} {pc:.3f} ({t.conf_correct}/{t.conf_predicted})")


def evaluate(samples, golds, modes, errors=False, do_study=False, same_mode=False) -> dict[str, float]:
    models = loo_models(samples, golds, same_mode)
    cache: dict = {}

    def rels_of(n, s):
        if (n, s.mode) not in cache:
            cache[(n, s.mode)] = relations_of(s, models[(n, s.mode)])
        return cache[(n, s.mode)]

    bar = choose_show(samples, golds, modes, rels_of)
    print(f"\nshow bars chosen on the leave-one-out scores: {json.dumps(bar)}")
    print(f"settings: {json.dumps(DEFAULT_SETTINGS.show_confidence)}")
    for m in modes:
        print(f"\n== {m} ==")
        print(summary("shown at the chosen bars", total(tallies(samples, golds, m, rels_of, bar))))
        print(summary("shown at the settings'", total(tallies(samples, golds, m, rels_of, DEFAULT_SETTINGS.show_confidence))))
        for b in (0.3, 0.5, 0.7, 0.8):
            print(summary(f"shown at >= {b}", total(tallies(samples, golds, m, rels_of, b))))
        ts = tallies(samples, golds, m, rels_of, DEFAULT_SETTINGS.show_confidence)
        bench.report(m, ts, errors=errors)
        if do_study:
            study(samples, golds, m, rels_of)
    return bar


# --- the error study -------------------------------------------------------------------------------


def study(samples, golds, mode, rels_of) -> None:
    """Why gold relations are missed: the cast, no cue of the type, or a cue the model left under the bar."""
    miss = Counter()
    n_miss = 0
    col = {f: FEATURES.index(f"own:{f}") for f in CUE_FAMILIES}
    for (n, m), s in sorted(samples.items()):
        if m != mode:
            continue
        gold = golds[n]
        shown = {(frozenset((s.mapping.get(r.a), s.mapping.get(r.b))), r.type)
                 for r in shown_by_type(rels_of(n, s), DEFAULT_SETTINGS.show_confidence)}
        rows: dict[frozenset, list[int]] = defaultdict(list)
        for i, (a, b) in enumerate(s.table.pairs):
            if s.mapping.get(a) and s.mapping.get(b):
                rows[frozenset((s.mapping[a], s.mapping[b]))].append(i)
        mapped = set(s.mapping.values())
        for (pair, t), g in gold.relations.items():
            if g["detail"] == "in-laws" or (pair, t) in shown:
                continue
            n_miss += 1
            if not pair <= mapped:
                miss["cast: a gold character is not in the cast"] += 1
                continue
            fams = sorted({f for i in rows.get(pair, []) for f, c in col.items() if s.table.X[t][i][c] > 0})
            other = any(s.table.X[t2][i][FEATURES.index("own:support")] > 0 for i in rows.get(pair, []) for t2 in TYPES if t2 != t)
            if fams:
                miss[f"{t}: cue of the type under the bar ({'+'.join(fams)})"] += 1
            else:
                miss[f"{t}: no cue of the type{' (cues of another)' if other else ''}"] += 1
    print(f"\n-- why missed ({mode}, {n_miss} misses) --")
    for k, v in miss.most_common(40):
        print(f"  {v:4d}  {k}")


# --- the shipped weights ---------------------------------------------------------------------------


def write_weights(samples, golds, bar: dict[str, float]) -> None:
    model = fit(list(samples.values()), golds)
    rows = sum(int(labels(s, golds[s.novel])[0].sum()) for s in samples.values())
    provenance = {
        "trained_by": "benchmarks/train_relations.py --fit",
        "date": datetime.date.today().isoformat(),
        "data": "PDNC, 22 novels (../shared/corpora/pdnc), relationship gold ../shared/gold/relations; "
                "rows of both modes (PDNC roster and quotes; personae's own cast and quotes)",
        "novels": sorted({s.novel for s in samples.values()}),
        "rows": rows,
        "l2": L2,
        "show_confidence_loo": bar,
    }
    model = dataclasses.replace(model, provenance=provenance)
    WEIGHTS.write_text(json.dumps(model.to_json(), indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS} ({rows} rows)")


# --- the fan fiction ----------------------------------------------------------------------------------

FANFIC = bench.SHARED / "samples" / "fanfic-lover-after-me.txt"
# The relationships issue 12 lists (a reader's): pair -> the type (and detail) they must come out as.
FANFIC_EXPECTED = [("Buffy", "Spike", "romantic", "ex-partners"), ("Spike", "Sam", "romantic", ""),
                   ("Buffy", "Faith", "romantic", ""), ("Buffy", "Dawn", "family", "siblings"),
                   ("Sam", "Krystal", "family", "parent-child"), ("Dawn", "Michael", "romantic", "engaged"),
                   ("Aiden", "Alana", "family", "twins"), ("Spike", "Krystal", "family", ""),
                   ("Spike", "Aiden", "family", ""), ("Spike", "Alana", "family", "")]
FANFIC_ROSTER = [("Buffy", "F", ()), ("Faith", "F", ()), ("Spike", "M", ("William", "Will")), ("Dawn", "F", ("Dawnie",)),
                 ("Sam", "F", ("Samantha",)), ("Michael", "M", ()), ("Krystal", "F", ("Krys",)), ("Aiden", "M", ()),
                 ("Alana", "F", ()), ("Angel", "M", ())]


def fanfic(model: RelationModel | None = None) -> None:
    from personae import ingest
    from personae.context import Story
    from personae.language import parse
    from personae.model import Character
    from personae.relations import find_relations, shown
    from personae.structure import detect_structure

    doc = ingest.load(FANFIC)
    structure = detect_structure(doc)
    parsed = parse(doc.text, structure.story_paragraphs())
    for mode in bench.MODES:
        roster = tuple(Character(id=n, name=n, aliases=a, gender=g) for n, g, a in FANFIC_ROSTER) if mode == "roster" else None
        chars, mentions, quotes = bench._upstream(doc.text, structure, parsed, roster)
        story = Story(doc.text, structure, parsed, quotes=quotes, characters=chars, mentions=mentions)
        rels = shown(find_relations(story, model=model))
        name = {c.id: c.name for c in chars}
        print(f"\n-- fan fiction ({mode}) --")
        for a, b, t, detail in FANFIC_EXPECTED:
            got = [r for r in rels if {name.get(r.a), name.get(r.b)} == {a, b}]
            ok = any(r.type == t and (not detail or r.detail == detail) for r in got)
            said = ", ".join(f"{r.type}/{r.detail} {r.confidence:.2f}" for r in got) or "nothing"
            print(f"  {'ok ' if ok else 'MISS'} {a} – {b} ({t}/{detail or 'any'}): {said}")
        others = [r for r in rels if r.type != "acquaintance"
                  and not any({name.get(r.a), name.get(r.b)} == {a, b} for a, b, _, _ in FANFIC_EXPECTED)]
        print("  other: " + "; ".join(f"{name.get(r.a)} – {name.get(r.b)} {r.type}/{r.detail} {r.confidence:.2f}" for r in others))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mode", choices=("roster", "e2e", "both"), default="both")
    ap.add_argument("--novels", default="")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--study", action="store_true")
    ap.add_argument("--fit", action="store_true", help=f"write the weights fitted on all 22 novels to {WEIGHTS}")
    ap.add_argument("--fanfic", action="store_true", help="the shipped model on the shared fan fiction")
    ap.add_argument("--same-mode", action="store_true", help="train each mode's model on that mode's rows only")
    ap.add_argument("--without", default="", help="cue families to leave out (comma-separated), to measure them")
    args = ap.parse_args()
    global WITHOUT
    WITHOUT = tuple(f for f in args.without.split(",") if f)
    chosen = [n for n in args.novels.split(",") if n] or bench.novels()
    modes = bench.MODES if args.mode == "both" else (args.mode,)
    t0 = time.perf_counter()
    samples = load_samples(chosen, bench.MODES if args.fit else modes, not args.no_cache)
    golds = {n: bench.load_gold(n) for n in chosen}
    print(f"rows ready in {time.perf_counter() - t0:.0f} s")
    bar = DEFAULT_SETTINGS.show_confidence
    if len(chosen) > 1:  # leave-one-novel-out needs another novel to fit on
        bar = evaluate({k: v for k, v in samples.items() if k[1] in modes}, golds, modes, args.errors, args.study,
                       args.same_mode)
    if args.fit:
        write_weights(samples, golds, bar)
    if args.fanfic:
        fanfic()
    print(f"\n{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
