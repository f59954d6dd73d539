"""Train the speaker ranker (a conditional logit over candidate characters) from PDNC.

    .venv/bin/python benchmarks/train_speakers.py            # all 22 novels -> resources/speaker_weights.json

Features come from ``personae.speakers.quote_features`` on the product's own quotes, structure and
parse (read through ``parse_cached``), with the gold roster as the cast. A quote's label is the gold
speaker of the gold sub-quotation it overlaps most; quotes whose gold speaker is not among the
candidates (or is _group/_unknowable) are left out of training. ``benchmarks/pdnc.py`` reuses this
module to evaluate leave-one-novel-out.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from personae import ingest  # noqa: E402
from personae.cast import build_cast  # noqa: E402
from personae.context import Story  # noqa: E402
from personae.language import parse_cached  # noqa: E402
from personae.model import Character  # noqa: E402
from personae.quotes import find_quotes  # noqa: E402
from personae.speakers import FEATURES, Weights, decide, quote_features, with_history  # noqa: E402
from personae.structure import detect_structure  # noqa: E402

PDNC = REPO.parent / "shared" / "corpora" / "pdnc"
CACHE = "/tmp/personae-parse-cache"
SKIP = ("_group", "_unknowable")
L2 = float(os.environ.get("PERSONAE_L2", "0.0001"))


def novels() -> list[str]:
    return sorted(p.name for p in PDNC.iterdir() if (p / "quotation_info.csv").exists())


@dataclass
class Gold:
    span: tuple[int, int]
    speaker: str
    addressees: tuple[str, ...]
    type: str


def gold(name: str) -> tuple[list[Gold], list[Character], dict[str, set[str]]]:
    """Gold sub-quotations, the gold roster (id = Main Name) and each gold character's alias set."""
    d = PDNC / name
    roster, aliases = [], {}
    with open(d / "character_info.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            main = row["Main Name"]
            al = set(ast.literal_eval(row["Aliases"])) if row["Aliases"].strip() else set()
            g = (row.get("Gender") or "U").strip()[:1].upper()
            roster.append(Character(id=main, name=main, aliases=tuple(sorted(al - {main})), gender=g if g in "FMX" else "U"))
            aliases[main] = al | {main}
    # quotation_info names a speaker by any of its aliases; the roster id is the Main Name.
    main_of: dict[str, str] = {}
    for main, al in aliases.items():
        for a in al:
            main_of.setdefault(a, main)
    for main in aliases:
        main_of[main] = main

    def norm(who: str) -> str:
        main = main_of.get(who, who)
        # Some novels list the unknowable speaker as a roster entry ("Unknowable") instead of "_unknowable".
        low = main.lower().lstrip("_")
        return "_unknowable" if low in ("unknowable", "unknown") else "_group" if low == "group" else main

    spans = []
    with open(d / "quotation_info.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            addr = tuple(norm(a) for a in ast.literal_eval(row["addressees"]))
            for s, e in ast.literal_eval(row["quoteByteSpans"]):
                spans.append(Gold((s, e), norm(row["speaker"]), addr, row["quoteType"].lower()))
    spans.sort(key=lambda g: g.span)
    return spans, roster, aliases


def load(name: str) -> Story:
    """The product's stages up to quotes, on one PDNC novel (parse from the cache)."""
    doc = ingest.load(PDNC / name / "novel_text.txt")
    text = doc.text
    structure = detect_structure(doc)
    paragraphs = structure.story_paragraphs()
    story = Story(text, structure, parse_cached(text, paragraphs, CACHE))
    return story.with_quotes(find_quotes(text, paragraphs))


def best_gold(quote, golds: list[Gold]) -> Gold | None:
    best, best_ov = None, 0
    for p in quote.parts:
        for g in golds:
            if g.span[1] <= p.start:
                continue
            if g.span[0] >= p.end:
                break
            ov = min(p.end, g.span[1]) - max(p.start, g.span[0])
            if ov > best_ov:
                best, best_ov = g, ov
    return best


def best_gold_speaker(quotes, g: Gold) -> str | None:
    """The speaker of the predicted quote one of whose parts covers at least half of gold span ``g``
    (the benchmark's detection rule)."""
    gs, ge = g.span
    for q in quotes:
        for p in q.parts:
            if min(p.end, ge) - max(p.start, gs) >= (ge - gs) / 2:
                return q.speaker
    return None


@dataclass
class NovelData:
    """What training needs from one novel: the product's quotes and features, and gold speakers."""

    quotes: tuple
    feats: list  # QuoteFeatures per quote
    conv: list
    gold_speakers: list  # per quote, the gold speaker (None when skipped or unmatched)


def novel_data(quotes, feats, conv, golds: list[Gold]) -> NovelData:
    gold_speakers = []
    for q in quotes:
        g = best_gold(q, golds)
        gold_speakers.append(g.speaker if g is not None and g.speaker not in SKIP else None)
    return NovelData(tuple(quotes), feats, conv, gold_speakers)


def groups_for(d: NovelData, history) -> list:
    """(X, y) per quote whose gold speaker is a candidate, turn-taking columns from ``history``."""
    out = []
    for n, f in enumerate(d.feats):
        cands = f.candidates
        gs = d.gold_speakers[n]
        if gs is None or gs not in cands.ids:
            continue
        out.append((with_history(cands, n, d.conv, history), cands.ids.index(gs)))
    return out


def fit_novels(datas: list[NovelData]) -> np.ndarray:
    """Two stages, so the model learns to trust turn-taking as much as it can be trusted at run time
    (when the previous speakers are its own guesses): fit with the gold previous speakers, decode every
    training novel with that fit, then refit with the decoded previous speakers."""
    w = fit([g for d in datas for g in groups_for(d, d.gold_speakers)])
    groups = []
    for d in datas:
        guessed = [q.speaker for q in decide(d.quotes, d.feats, d.conv, Weights(w))]
        groups += groups_for(d, guessed)
    return fit(groups)


def fit(groups, iters: int = 25) -> np.ndarray:
    """Conditional logit by Newton's method: maximise the log-probability of the gold candidate under
    a softmax over each quote's candidates, with a small L2 penalty (the problem is convex)."""
    k = groups[0][0].shape[1]
    X = np.concatenate([x for x, _ in groups])
    G = len(groups)
    seg = np.repeat(np.arange(G), [len(x) for x, _ in groups])
    offsets = np.cumsum([0] + [len(x) for x, _ in groups[:-1]])
    gold_sum = X[offsets + np.array([y for _, y in groups])].sum(0)
    w = np.zeros(k)
    for _ in range(iters):
        s = X @ w
        smax = np.full(G, -np.inf)
        np.maximum.at(smax, seg, s)
        e = np.exp(s - smax[seg])
        z = np.zeros(G)
        np.add.at(z, seg, e)
        p = e / z[seg]
        Xp = X * p[:, None]
        per_group = np.zeros((G, k))
        np.add.at(per_group, seg, Xp)
        grad = (per_group.sum(0) - gold_sum) / G + L2 * w
        H = (X.T @ Xp - per_group.T @ per_group) / G + L2 * np.eye(k)
        step = np.linalg.solve(H, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def novel_training_data(name: str) -> NovelData:
    story = load(name)
    golds, roster, _ = gold(name)
    feats, conv = quote_features(story.with_cast(build_cast(story, roster)), {c.id for c in roster})
    return novel_data(story.quotes, feats, conv, golds)


def main() -> None:
    names = novels()
    datas = []
    for n in names:
        datas.append(novel_training_data(n))
        print(f"{n}: {len(datas[-1].quotes)} quotes", file=sys.stderr)
    w = fit_novels(datas)
    used = sum(len(groups_for(d, d.gold_speakers)) for d in datas)
    out = {
        "model": "conditional logit over candidate speakers (personae.speakers.FEATURES)",
        "weights": {f: round(float(x), 5) for f, x in zip(FEATURES, w)},
        "provenance": {
            "source": "Project Dialogism Novel Corpus (PDNC), 22 novels: quotation_info.csv speakers",
            "built_by": "benchmarks/train_speakers.py (gold roster as cast; product quotes and parse)",
            "training_quotes": used,
            "l2": L2,
            "date": date.today().isoformat(),
        },
    }
    dest = REPO / "src" / "personae" / "resources" / "speaker_weights.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out["weights"], indent=1))


if __name__ == "__main__":
    main()
