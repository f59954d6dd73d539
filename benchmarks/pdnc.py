"""Quotation and speaker benchmark on PDNC (22 novels), leave-one-novel-out.

    .venv/bin/python benchmarks/pdnc.py [--novels A,B] [--mode roster|e2e|both] [--shipped]

Runs the product's stages (structure, parse via the cache, ``find_quotes``, ``build_cast``,
``quote_features`` + ``decide`` = ``attribute``) on every novel. Unless ``--shipped``, the speaker
ranker used on a novel is trained on the other 21 novels only (leave-one-novel-out; training features
always come from the gold-roster mode).

Scoring, per gold sub-quotation span (quoteByteSpans): it is *detected* when one part of a predicted
quote covers at least half of it; its speaker is *correct* when it is detected and the quote's speaker
is the gold speaker. Gold speakers _group/_unknowable are skipped for speaker accuracy. End to end, a
predicted character stands for the gold character one of whose aliases equals its name or an alias
(case-insensitive; first match wins, name before aliases). Detection precision: predicted parts that
overlap a gold span by at least half of either. Addressees (over detected spans with a non-empty gold
addressee list): "any" = the predicted set meets the gold set, "exact" = the sets are equal.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_speakers as ts  # noqa: E402

from personae.cast import build_cast  # noqa: E402
from personae.speakers import Weights, decide, default_weights, quote_features  # noqa: E402

TYPES = ("explicit", "anaphoric", "implicit")


def gold_map(cast_chars, aliases: dict[str, set[str]]) -> dict[str, str]:
    lower = {m: {" ".join(a.lower().split()) for a in al} for m, al in aliases.items()}
    out = {}
    for c in cast_chars:
        for n in (c.name, *c.aliases):
            n = " ".join(n.lower().split())  # a hard-wrapped name ("Pedro\nRomero") is the same name
            hit = next((m for m, al in lower.items() if n in al), None)
            if hit:
                out[c.id] = hit
                break
    return out


def score(quotes, golds, mapping) -> dict:
    parts = sorted((p.start, p.end, qi) for qi, q in enumerate(quotes) for p in q.parts)
    r = defaultdict(int)
    for g in golds:
        gs, ge = g.span
        need = (ge - gs) / 2
        hit = None
        for ps, pe, qi in parts:
            if pe <= gs:
                continue
            if ps >= ge:
                break
            if min(pe, ge) - max(ps, gs) >= need:
                hit = qi
                break
        r["gold"] += 1
        r["detected"] += hit is not None
        if g.speaker in ts.SKIP:
            continue
        r["n"] += 1
        r[f"n_{g.type}"] += 1
        q = quotes[hit] if hit is not None else None
        ok = q is not None and mapping.get(q.speaker) == g.speaker
        r["ok"] += ok
        r[f"ok_{g.type}"] += ok
        gold_addr = {a for a in g.addressees if a not in ts.SKIP}
        if q is not None and gold_addr:
            pred = {mapping.get(a) for a in q.addressees} - {None}
            r["n_addr"] += 1
            r["addr_any"] += bool(pred & gold_addr)
            r["addr_exact"] += pred == gold_addr
    for ps, pe, _ in parts:
        r["pred_parts"] += 1
        for g in golds:
            gs, ge = g.span
            if ge <= ps:
                continue
            if gs >= pe:
                break
            ov = min(pe, ge) - max(ps, gs)
            if ov >= (ge - gs) / 2 or ov >= (pe - ps) / 2:
                r["pred_ok"] += 1
                break
    return r


def row(name: str, r: dict) -> str:
    def f(a, b):
        return f"{r[a] / r[b]:.3f}" if r[b] else "  -  "

    return (
        f"{name:30s} {r['n']:6d} {f('ok', 'n')}  {f('ok_explicit', 'n_explicit')} {f('ok_anaphoric', 'n_anaphoric')} "
        f"{f('ok_implicit', 'n_implicit')}   {f('detected', 'gold')} {f('pred_ok', 'pred_parts')}   "
        f"{f('addr_any', 'n_addr')} {f('addr_exact', 'n_addr')}"
    )


HEADER = f"{'novel':30s} {'quotes':>6s} {'acc':5s}  {'expl':5s} {'anaph':5s} {'impl':5s}   {'det-R':5s} {'det-P':5s}   {'adr∩':5s} {'adr=':5s}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--novels", default="")
    ap.add_argument("--mode", default="both", choices=("roster", "e2e", "both"))
    ap.add_argument("--shipped", action="store_true", help="use the shipped weights (not leave-one-out)")
    args = ap.parse_args()
    every = ts.novels()
    chosen = [n for n in args.novels.split(",") if n] or every
    modes = ("roster", "e2e") if args.mode == "both" else (args.mode,)
    data = {}
    train = {}
    for n in every if not args.shipped else chosen:
        story = ts.load(n)
        quotes = story.quotes
        golds, roster, aliases = ts.gold(n)
        feats, conv = quote_features(story.with_cast(build_cast(story, roster)), {c.id for c in roster})
        train[n] = ts.novel_data(quotes, feats, conv, golds)
        if n in chosen:
            data[(n, "roster")] = (quotes, feats, conv, {c.id: c.id for c in roster}, golds)
            if "e2e" in modes:
                cast2 = build_cast(story, None)
                f2, c2 = quote_features(story.with_cast(cast2))
                data[(n, "e2e")] = (quotes, f2, c2, gold_map(cast2.characters, aliases), golds)
        del story
        print(f"loaded {n}", file=sys.stderr)
    print(f"weights: {'shipped' if args.shipped else 'leave-one-novel-out (trained on the other 21 novels)'}")
    fitted: dict[str, Weights] = {}  # one leave-one-out fit per novel, shared by both modes
    for mode in modes:
        print(f"\n== mode: {mode} ==")
        print(HEADER)
        total = defaultdict(int)
        for n in chosen:
            if args.shipped:
                w = default_weights()
            else:
                if n not in fitted:
                    fitted[n] = Weights(ts.fit_novels([d for m, d in train.items() if m != n]))
                w = fitted[n]
            quotes, feats, conv, mapping, golds = data[(n, mode)]
            pred = decide(quotes, feats, conv, w)
            r = score(pred, golds, mapping)
            for k, v in r.items():
                total[k] += v
            print(row(n, r), flush=True)
        print(row("OVERALL", total))


if __name__ == "__main__":
    main()
