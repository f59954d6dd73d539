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
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from personae import ingest  # noqa: E402
from personae.cast import build_cast  # noqa: E402
from personae.language import parse_cached  # noqa: E402
from personae.model import Character  # noqa: E402
from personae.quotes import find_quotes  # noqa: E402
from personae.speakers import FEATURES, quote_features  # noqa: E402
from personae.structure import detect_structure  # noqa: E402

PDNC = REPO.parent / "shared" / "corpora" / "pdnc"
CACHE = "/tmp/personae-parse-cache"
SKIP = ("_group", "_unknowable")
L2 = 0.01


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
        return main_of.get(who, who)

    spans = []
    with open(d / "quotation_info.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            addr = tuple(norm(a) for a in ast.literal_eval(row["addressees"]))
            for s, e in ast.literal_eval(row["quoteByteSpans"]):
                spans.append(Gold((s, e), norm(row["speaker"]), addr, row["quoteType"].lower()))
    spans.sort(key=lambda g: g.span)
    return spans, roster, aliases


def load(name: str):
    """The product's stages up to quotes, on one PDNC novel (parse from the cache)."""
    doc = ingest.load(PDNC / name / "novel_text.txt")
    text = doc.text
    structure = detect_structure(doc)
    story = structure.story_paragraphs()
    parsed = parse_cached(text, story, CACHE)
    quotes = find_quotes(text, story)
    return text, structure, parsed, quotes


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


def training_groups(quotes, feats, golds: list[Gold], label_of=lambda cid: cid):
    """(X, y) per quote whose gold speaker is a candidate."""
    out = []
    for q, (_tag, _vocs, cands) in zip(quotes, feats):
        g = best_gold(q, golds)
        if g is None or g.speaker in SKIP or not cands.ids:
            continue
        labels = [label_of(c) for c in cands.ids]
        if g.speaker not in labels:
            continue
        out.append((cands.X, labels.index(g.speaker)))
    return out


def fit(groups, iters: int = 400, lr: float = 0.3) -> np.ndarray:
    """Conditional logit by full-batch gradient descent (Adam): maximise the log-probability of the
    gold candidate under a softmax over each quote's candidates, with a small L2 penalty."""
    k = groups[0][0].shape[1]
    X = np.concatenate([x for x, _ in groups])
    seg = np.repeat(np.arange(len(groups)), [len(x) for x, _ in groups])
    offsets = np.cumsum([0] + [len(x) for x, _ in groups[:-1]])
    gold_rows = offsets + np.array([y for _, y in groups])
    w = np.zeros(k)
    m = np.zeros(k)
    v = np.zeros(k)
    for t in range(1, iters + 1):
        s = X @ w
        smax = np.full(len(groups), -np.inf)
        np.maximum.at(smax, seg, s)
        e = np.exp(s - smax[seg])
        z = np.zeros(len(groups))
        np.add.at(z, seg, e)
        p = e / z[seg]
        grad = X.T @ p - X[gold_rows].sum(0)
        grad = grad / len(groups) + L2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def novel_groups(name: str):
    text, structure, parsed, quotes = load(name)
    golds, roster, _ = gold(name)
    cast = build_cast(text, structure, parsed, quotes, roster)
    feats, _conv = quote_features(text, structure, parsed, quotes, cast)
    return training_groups(quotes, feats, golds)


def main() -> None:
    names = novels()
    groups = []
    for n in names:
        g = novel_groups(n)
        print(f"{n}: {len(g)} training quotes", file=sys.stderr)
        groups += g
    w = fit(groups)
    out = {
        "model": "conditional logit over candidate speakers (personae.speakers.FEATURES)",
        "weights": {f: round(float(x), 5) for f, x in zip(FEATURES, w)},
        "provenance": {
            "source": "Project Dialogism Novel Corpus (PDNC), 22 novels: quotation_info.csv speakers",
            "built_by": "benchmarks/train_speakers.py (gold roster as cast; product quotes and parse)",
            "training_quotes": len(groups),
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
