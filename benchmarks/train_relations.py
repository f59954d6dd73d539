"""Prototype: train and evaluate the learned relation model leave-one-novel-out on the 22 PDNC novels.

    .venv/bin/python benchmarks/train_relations.py [--mode roster|e2e|both] [--novels A,B] [--errors]
                                                   [--thresholds joint|global|type|fbeta] [--study] [--fanfic]
                                                   [--fit OUT.json]

For each mode: pair features of every novel (``relation_model.pair_data``, cached per novel under
/tmp/personae-relations-cache), then for each novel a per-type logistic regression fitted on the other
21 novels (same mode's features) scores its pairs. Thresholds are chosen once on the pooled
leave-one-out scores: by default one per type, lowered together (greedily, the most precise step first)
while all predictions together keep the issue's target precision (0.85 with the roster, 0.80 end to
end); ``global``: one bar for all types reaching it; ``type``: one per type each reaching it;
``fbeta``: one per type at its best F0.5. Printed, scored exactly as ``benchmarks/relations.py`` scores: today's
rules, the model, and the model with the kinship graph solved jointly (``relation_model.consistent``),
with and without composition; precision among confidence >= 0.8.

``--study``: where the misses come from (cast, no cue, cue pooled away) and the wrong predictions by
kind. ``--fanfic``: the model fitted on all 22 novels on the shared fan fiction (with the relations
test's roster, and end to end), checking the relationships the issue lists. ``--fit OUT.json``: the
weights fitted on all 22 novels (roster-mode features) as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import relation_model as rm  # noqa: E402
import relations as bench  # noqa: E402

L2 = 3.0
BETA = 0.5
CONF_BAR = 0.8
# The precision targets, the bar each type's threshold must clear on the leave-one-out scores.
TARGET_PRECISION = {"roster": 0.85, "e2e": 0.80}


def _key(novel: str, mode: str) -> str:
    h = hashlib.sha256(f"{novel}|{mode}|{rm.FEATURE_VERSION}".encode())
    for p in sorted((bench.REPO / "src" / "personae").rglob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()[:20]


def load_data(chosen, modes, cache=True) -> dict[tuple[str, str], rm.PairData]:
    out = {}
    for n in chosen:
        todo = []
        for m in modes:
            path = bench.STAGE_CACHE / f"pairs-{n}-{m}-{_key(n, m)}.pkl"
            if cache and path.exists():
                out[(n, m)] = pickle.loads(path.read_bytes())
            else:
                todo.append((m, path))
        if todo:
            loaded = bench.load_text(n)
            for m, path in todo:
                inp = bench.stage_inputs(n, m, True, loaded)
                t = time.perf_counter()
                d = rm.pair_data(inp)
                d.stats["seconds"] = time.perf_counter() - t
                out[(n, m)] = d
                bench.STAGE_CACHE.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                tmp.write_bytes(pickle.dumps(d))
                tmp.replace(path)
        print(f"features {n}", file=sys.stderr, flush=True)
    return out


def training_set(datas: list[rm.PairData], golds: dict) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    out = {}
    for t in rm.TYPES:
        Xs, ys = [], []
        for d in datas:
            mask, y = rm.labels(d, golds[d.novel])
            Xs.append(d.X[t][mask])
            ys.append(y[t][mask])
        out[t] = (np.vstack(Xs), np.concatenate(ys))
    return out


def fit(datas, golds, l2=L2) -> dict[str, rm.Logit]:
    return {t: rm.fit_type(X, y, t, l2) for t, (X, y) in training_set(datas, golds).items()}


def loo_probs(data: dict, golds: dict, mode: str, train_mode: str) -> dict[str, dict[str, np.ndarray]]:
    """novel -> type -> leave-one-out probability of every pair."""
    names = sorted({n for n, m in data if m == mode})
    out = {}
    for n in names:
        train = [d for (n2, m2), d in data.items() if m2 == train_mode and n2 != n]
        models = fit(train, golds)
        out[n] = {t: models[t].prob(data[(n, mode)].X[t]) for t in rm.TYPES}
    return out


def pooled_scores(data, golds, probs, mode, t) -> tuple[np.ndarray, np.ndarray, int]:
    """A type's leave-one-out scores, one per scored gold pair (several predicted characters may stand
    for one: the best score counts), their labels, and the number of gold relations of the type."""
    ps, ys, gold_n = [], [], 0
    for n, pr in probs.items():
        d = data[(n, mode)]
        mask, y = rm.labels(d, golds[n])
        best: dict[frozenset, tuple[float, float]] = {}
        for i in np.nonzero(mask)[0]:
            k = frozenset((d.mapping[d.pairs[i][0]], d.mapping[d.pairs[i][1]]))
            if k not in best or pr[t][i] > best[k][0]:
                best[k] = (pr[t][i], y[t][i])
        ps += [v[0] for v in best.values()]
        ys += [v[1] for v in best.values()]
        gold_n += sum(1 for (_, tt) in golds[n].relations if tt == t)
    return np.array(ps), np.array(ys), gold_n


GRID = np.round(np.arange(0.2, 0.975, 0.025), 3)


def global_threshold(data, golds, probs, mode, target: float) -> dict[str, float]:
    """One threshold for every type (the model's probabilities are calibrated per type, so one bar
    takes the likeliest relations first whatever their type): the lowest whose pooled leave-one-out
    predictions reach ``target`` precision."""
    ps, ys = [], []
    for t in rm.TYPES:
        p, y, _ = pooled_scores(data, golds, probs, mode, t)
        ps.append(p)
        ys.append(y)
    ps, ys = np.concatenate(ps), np.concatenate(ys)
    for th in GRID:
        sel = ps >= th
        if sel.sum() >= 5 and ys[sel].mean() >= target:
            return {t: float(th) for t in rm.TYPES}
    return {t: 1.01 for t in rm.TYPES}


def joint_thresholds(data, golds, probs, mode, target: float) -> dict[str, float]:
    """One threshold per type, lowered together: at each step the type whose next lower bar adds the
    most precise predictions goes down one step, as long as all predictions together keep ``target``
    precision (the most recall the pooled leave-one-out scores allow at that precision, greedily)."""
    pooled = {t: pooled_scores(data, golds, probs, mode, t)[:2] for t in rm.TYPES}
    grid = sorted(GRID, reverse=True)
    at = {t: -1 for t in rm.TYPES}  # index into grid; -1 = off
    tp = n = 0.0

    def gain(t):
        ps, ys = pooled[t]
        hi = grid[at[t]] if at[t] >= 0 else 1.01
        for j in range(at[t] + 1, len(grid)):
            sel = (ps >= grid[j]) & (ps < hi)
            if sel.sum():
                return j, float(ys[sel].sum()), float(sel.sum())
        return None

    while True:
        options = [(t, g) for t in rm.TYPES if (g := gain(t)) is not None]
        options = [(t, g) for t, g in options if (tp + g[1]) / (n + g[2]) >= target]
        if not options:
            break
        t, (j, dt, dn) = max(options, key=lambda o: (o[1][1] / o[1][2], o[1][1]))
        at[t], tp, n = j, tp + dt, n + dn
    return {t: (float(grid[at[t]]) if at[t] >= 0 else 1.01) for t in rm.TYPES}


def choose_thresholds(data, golds, probs, mode, target: float | None = None) -> dict[str, float]:
    """Per type, once, on the pooled leave-one-out scores: with a ``target``, the lowest threshold whose
    predictions at and above it reach that precision (at least 5 of them; a type that never does is
    not predicted); without, the threshold of the best F-beta of the type."""
    out = {}
    for t in rm.TYPES:
        ps, ys, gold_n = pooled_scores(data, golds, probs, mode, t)
        best_f, best_th = -1.0, 1.01
        for th in GRID:
            sel = ps >= th
            tp = float(ys[sel].sum())
            p = tp / sel.sum() if sel.sum() else 0.0
            r = tp / gold_n if gold_n else 0.0
            if target is not None:
                if sel.sum() >= 5 and p >= target:
                    best_th = float(th)
                    break
                continue
            f = (1 + BETA**2) * p * r / (BETA**2 * p + r) if p + r else 0.0
            if f > best_f:
                best_f, best_th = f, float(th)
        out[t] = round(best_th, 3)
    return out


def tally_all(data, golds, mode, relations_of) -> dict[str, bench.Tally]:
    out = {}
    for (n, m), d in sorted(data.items()):
        if m != mode:
            continue
        out[n] = bench.score_relations(golds[n], relations_of(n, d), d.mapping, "", CONF_BAR)
    return out


def summary(name: str, tallies: dict[str, bench.Tally]) -> str:
    t = bench.Tally()
    for x in tallies.values():
        t.add(x)
    pc = t.conf_correct / t.conf_predicted if t.conf_predicted else 0.0
    d = t.as_dict()
    return (f"{name:26s} R {d['recall']:.3f} ({t.recalled}/{t.gold})  P {d['precision']:.3f} ({t.correct}/{t.predicted})  "
            f"F1 {d['f1']:.3f}  detail {d['detail_accuracy']:.3f}  P@{CONF_BAR} {pc:.3f} ({t.conf_correct}/{t.conf_predicted})")


def evaluate_mode(data, golds, mode, train_mode, errors=False, do_study=False, target="joint"):
    probs = loo_probs(data, golds, mode, train_mode)
    if target == "global":
        th = global_threshold(data, golds, probs, mode, TARGET_PRECISION[mode])
    elif target == "joint":
        th = joint_thresholds(data, golds, probs, mode, TARGET_PRECISION[mode])
    else:
        th = choose_thresholds(data, golds, probs, mode, TARGET_PRECISION[mode] if target == "type" else None)
    print(f"\n== mode: {mode} (trained on {train_mode} features, leave-one-novel-out) ==")
    print("thresholds:", json.dumps(th))
    rules = tally_all(data, golds, mode, lambda n, d: d.rules)
    model = tally_all(data, golds, mode, lambda n, d: rm.predict(d, probs[n], th))
    both = tally_all(data, golds, mode, lambda n, d: rm.consistent(rm.predict(d, probs[n], th), d.gender))
    bare = tally_all(data, golds, mode, lambda n, d: rm.consistent(rm.predict(d, probs[n], th), d.gender, compose=False))
    print(summary("today's rules", rules))
    print(summary("model", model))
    print(summary("model + consistency", both))
    print(summary("  (contradictions only)", bare))
    if do_study:
        study(data, golds, mode, lambda n, d: d.rules, "today's rules")
        study(data, golds, mode, lambda n, d: rm.consistent(rm.predict(d, probs[n], th), d.gender), "model + consistency")
    print("\nper novel (model + consistency):")
    bench.report(mode, both, errors=errors)
    return probs, th


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mode", choices=("roster", "e2e", "both"), default="both")
    ap.add_argument("--train-mode", choices=("same", "roster"), default="same",
                    help="train on the evaluated mode's features, or always on the roster's")
    ap.add_argument("--novels", default="")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--study", action="store_true", help="where misses come from, what wrong predictions rest on")
    ap.add_argument("--thresholds", choices=("joint", "global", "type", "fbeta"), default="joint",
                    help="per type, lowered together while all reach the target precision (default); one bar for "
                         "all types reaching it; one per type each reaching it; one per type at its best F0.5")
    ap.add_argument("--fanfic", action="store_true", help="fit on all 22 novels and show the fan fiction's relations")
    ap.add_argument("--fit", default="", help="write weights fitted on all 22 novels (roster features) here")
    args = ap.parse_args()
    chosen = [n for n in args.novels.split(",") if n] or bench.novels()
    modes = bench.MODES if args.mode == "both" else (args.mode,)
    need = set(modes) | ({"roster"} if args.train_mode == "roster" or args.fit else set())
    t0 = time.perf_counter()
    data = load_data(chosen, sorted(need), not args.no_cache)
    golds = {n: bench.load_gold(n) for n in chosen}
    print(f"features ready in {time.perf_counter() - t0:.0f} s")
    for mode in modes:
        train_mode = mode if args.train_mode == "same" else "roster"
        _, th = evaluate_mode(data, golds, mode, train_mode, args.errors, args.study, args.thresholds)
        if args.fanfic:
            fanfic(fit([d for (n, m), d in data.items() if m == train_mode], golds), th, mode)
    if args.fit:
        datas = [d for (n, m), d in data.items() if m == "roster"]
        models = fit(datas, golds)
        Path(args.fit).write_text(json.dumps({"features": rm.FEATURES, "types": {t: models[t].to_json() for t in rm.TYPES}}, indent=1))
        print(f"wrote {args.fit}")
    print(f"\n{time.perf_counter() - t0:.0f} s")



# --- the fan fiction ----------------------------------------------------------------------------------

FANFIC = bench.SHARED / "samples" / "fanfic-lover-after-me.txt"
# The relationships the issue lists (a reader's): pair -> the type (and detail) they must come out as.
FANFIC_EXPECTED = [("Buffy", "Spike", "romantic", "ex-partners"), ("Spike", "Sam", "romantic", ""),
                   ("Buffy", "Faith", "romantic", ""), ("Buffy", "Dawn", "family", "siblings"),
                   ("Sam", "Krystal", "family", "parent-child"), ("Dawn", "Michael", "romantic", "engaged"),
                   ("Aiden", "Alana", "family", "twins"), ("Spike", "Krystal", "family", ""), ("Spike", "Aiden", "family", ""),
                   ("Spike", "Alana", "family", "")]
FANFIC_ROSTER = [("Buffy", "F", ()), ("Faith", "F", ()), ("Spike", "M", ("William", "Will")), ("Dawn", "F", ("Dawnie",)),
                 ("Sam", "F", ("Samantha",)), ("Michael", "M", ()), ("Krystal", "F", ("Krys",)), ("Aiden", "M", ()),
                 ("Alana", "F", ()), ("Angel", "M", ())]


def fanfic(models: dict, th: dict[str, float], mode: str) -> None:
    """The model fitted on all 22 novels, on the shared fan fiction: with a roster (the relations test's,
    given to the pipeline as ``--characters`` would) or end to end."""
    from personae import ingest
    from personae.language import parse
    from personae.model import Character
    from personae.structure import detect_structure

    doc = ingest.load(FANFIC)
    structure = detect_structure(doc)
    parsed = parse(doc.text, structure.story_paragraphs())
    roster = None
    if mode == "roster":
        roster = tuple(Character(id=n, name=n, aliases=a, gender=g) for n, g, a in FANFIC_ROSTER)
    chars, mentions, quotes = bench._upstream(doc.text, structure, parsed, roster)
    inp = bench.Inputs("fanfic", mode, doc.text, structure, parsed, chars, mentions, quotes, {c.id: c.name for c in chars})
    d = rm.pair_data(inp)
    probs = {t: models[t].prob(d.X[t]) for t in rm.TYPES}
    rels = rm.consistent(rm.predict(d, probs, th), d.gender)
    name = {c.id: c.name for c in chars}
    print(f"\n-- fan fiction ({mode}), model fitted on all 22 novels + consistency --")
    for a, b, t, detail in FANFIC_EXPECTED:
        got = [r for r in rels if {name.get(r.a), name.get(r.b)} == {a, b}]
        ok = any(r.type == t and (not detail or r.detail == detail) for r in got)
        said = ", ".join(f"{r.type}/{r.detail} {r.confidence:.2f}" for r in got) or "nothing"
        print(f"  {'ok ' if ok else 'MISS'} {a} – {b} ({t}/{detail or 'any'}): {said}")
    others = [r for r in rels if not any({name.get(r.a), name.get(r.b)} == {a, b} for a, b, _, _ in FANFIC_EXPECTED)]
    print("  other relations: " + "; ".join(f"{name.get(r.a)} – {name.get(r.b)} {r.type}/{r.detail} {r.confidence:.2f}"
                                           for r in sorted(others, key=lambda r: -r.confidence)))


# --- the error study ---------------------------------------------------------------------------------


def _col(name: str) -> int:
    return rm.FEATURES.index(name)


def study(data, golds, mode, relations_of, title: str) -> None:
    """Why gold relations are missed and what the wrong predictions rest on."""
    fam_cols = {f: _col(f"own:{f}") for f in rm.FAMILIES}
    miss = Counter()
    wrong = Counter()
    n_miss = n_wrong = 0
    for (n, m), d in sorted(data.items()):
        if m != mode:
            continue
        gold = golds[n]
        rels = relations_of(n, d)
        pred = {(frozenset((d.mapping.get(r.a), d.mapping.get(r.b))), r.type) for r in rels}
        by_gold: dict[frozenset, list[int]] = defaultdict(list)
        for i, (a, b) in enumerate(d.pairs):
            ga, gb = d.mapping.get(a), d.mapping.get(b)
            if ga and gb and ga != gb:
                by_gold[frozenset((ga, gb))].append(i)
        mapped = set(d.mapping.values())
        for (pair, t), g in gold.relations.items():
            if g["detail"] == "in-laws" or (pair, t) in pred:
                continue
            n_miss += 1
            idx = by_gold.get(pair, [])
            if not pair <= mapped:
                miss["(a) cast: a gold character is not in the cast (or not mapped)"] += 1
                continue
            kept = max((d.X[t][i][_col("own:support")] for i in idx), default=0.0)
            dropped = max((d.X[t][i][_col("own:dropped")] for i in idx), default=0.0)
            other = max((d.X[t2][i][_col("own:support")] for i in idx for t2 in rm.TYPES if t2 != t), default=0.0)
            if kept > 0:
                best_i = max(idx, key=lambda i: d.X[t][i][_col("own:support")])
                fams = {f: d.X[t][best_i][c] for f, c in fam_cols.items()}
                top = "+".join(sorted(f for f, v in fams.items() if v > 0))
                miss[f"(c) a cue of the type, kept by the filters, pooled under the bar: {top}"] += 1
            elif dropped > 0:
                miss["(c) a cue of the type, dropped by the filters (chance, slots, consensus)"] += 1
            elif other > 0:
                miss["(b) no cue of the type; cues of another type only"] += 1
            else:
                miss["(b) no cue at all for the pair"] += 1
        index = {(frozenset(d.pairs[i]), t): i for i in range(len(d.pairs)) for t in rm.TYPES}
        for r in rels:
            ga, gb = d.mapping.get(r.a), d.mapping.get(r.b)
            if r.type not in rm.TYPES or not ga or not gb or ga == gb or ga not in gold.scope or gb not in gold.scope:
                continue
            pair = frozenset((ga, gb))
            if (pair, r.type) in gold.relations:
                continue
            n_wrong += 1
            i = index.get((frozenset((r.a, r.b)), r.type))
            fams = {f: d.X[r.type][i][c] for f, c in fam_cols.items()} if i is not None else {}
            top = max(fams, key=fams.get) if fams and max(fams.values()) > 0 else "no cue of its own (composition, pair facts)"
            gold_types = [g for (p, _), g in gold.relations.items() if p == pair]
            if not gold_types:
                kind = "pair with no gold relation"
            elif r.type == "romantic" and any(g["type"] == "family" for g in gold_types):
                kind = "kin read as a couple"
            else:
                kind = "wrong type (gold: " + "/".join(sorted({g['type'] for g in gold_types})) + ")"
            wrong[f"{r.type:12s} {kind:40s} via {top}"] += 1
    print(f"\n-- error study, {mode}: {title} --")
    print(f"misses (excluding in-laws): {n_miss}")
    for k, v in miss.most_common():
        print(f"  {v:4d}  {v / max(1, n_miss):5.1%}  {k}")
    print(f"wrong predictions: {n_wrong}")
    for k, v in wrong.most_common(30):
        print(f"  {v:4d}  {k}")


if __name__ == "__main__":
    main()
