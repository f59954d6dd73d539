"""Relationship accuracy against ../shared/gold/relations/{PrideAndPrejudice,Emma}.json.

    .venv/bin/python benchmarks/relations.py [--mode roster|e2e|both] [--novels PrideAndPrejudice Emma] [--sample 10]

Modes:
- ``roster``: the cast is PDNC's character_info.csv (ids = Main Names, aliases, gender) and the quotations
  are PDNC's (gold speakers and addressees), so the figures measure the relation stage alone.
- ``e2e``: everything from ``personae.analyze`` (cast, quotes, speakers from the pipeline); predicted
  characters are mapped to PDNC Main Names through PDNC aliases.

Figures: pair recall (a gold pair has any predicted relation), typed recall (pair and type right; also
with gold's "family/spouses" read as romantic, the type the issue gives spouses), predicted pairs between
named characters (all types, and without ``acquaintance``), how many are not in the gold (with a sample
to read), and the ratio of predicted pairs to gold pairs. Parses come from ``parse_cached``.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PDNC = SHARED / "corpora" / "pdnc"
GOLD = SHARED / "gold" / "relations"
CACHE = "/tmp/personae-parse-cache"
sys.path.insert(0, str(REPO / "src"))

from personae.document import Span  # noqa: E402
from personae.model import Character, Quote  # noqa: E402


def pdnc_roster(novel: str) -> tuple[Character, ...]:
    out = []
    with open(PDNC / novel / "character_info.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            aliases = ast.literal_eval(row["Aliases"])
            g = row["Gender"].strip().upper()[:1]
            out.append(Character(id=row["Main Name"], name=row["Main Name"],
                                 aliases=tuple(a for a in sorted(aliases) if a != row["Main Name"]),
                                 gender=g if g in ("F", "M") else "U"))
    return tuple(out)


def pdnc_quotes(novel: str) -> tuple[Quote, ...]:
    out = []
    with open(PDNC / novel / "quotation_info.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            spans = ast.literal_eval(row["quoteByteSpans"])
            parts = tuple(Span(s, e) for s, e in spans)
            out.append(Quote(id=row["quoteID"], start=min(p.start for p in parts), end=max(p.end for p in parts), parts=parts,
                             speaker=row["speaker"], addressees=tuple(ast.literal_eval(row["addressees"])),
                             type=row["quoteType"].lower(), confidence=1.0))
    out.sort(key=lambda q: q.start)
    return tuple(out)


def analyse(novel: str, mode: str):
    from personae import ingest
    from personae.cast import build_cast, with_counts
    from personae.context import Story
    from personae.language import parse_cached
    from personae.quotes import find_quotes
    from personae.relations import find_relations
    from personae.speakers import attribute
    from personae.structure import detect_structure

    doc = ingest.load(PDNC / novel / "novel_text.txt")
    text = doc.text
    structure = detect_structure(doc)
    paragraphs = structure.story_paragraphs()
    story = Story(text, structure, parse_cached(text, paragraphs, CACHE))
    t = time.perf_counter()
    if mode == "roster":
        story = Story(text, structure, story.parsed, quotes=pdnc_quotes(novel), characters=pdnc_roster(novel))
    else:
        story = story.with_quotes(find_quotes(text, paragraphs))
        cast = build_cast(story)
        story = story.with_cast(cast)
        quotes = attribute(story)
        story = story.with_quotes(quotes).with_characters(with_counts(cast, quotes))
    t_cast = time.perf_counter() - t
    t = time.perf_counter()
    rels = find_relations(story)
    t_rel = time.perf_counter() - t
    return text, story.characters, rels, t_rel, t_cast


def to_pdnc(characters, novel: str) -> dict[str, str]:
    """Predicted character id -> PDNC Main Name, by the most shared names/aliases."""
    gold = pdnc_roster(novel)
    names = {}
    for g in gold:
        for n in {g.name, *g.aliases}:
            names.setdefault(n.lower(), set()).add(g.id)
    out = {}
    for c in characters:
        votes: dict[str, int] = {}
        for n in {c.name, *c.aliases}:
            for gid in names.get(n.lower(), ()):
                votes[gid] = votes.get(gid, 0) + (2 if n == c.name else 1)
        if votes:
            out[c.id] = max(votes, key=votes.get)
    return out


def score(novel: str, mode: str, sample: int) -> dict:
    gold = json.loads((GOLD / f"{novel}.json").read_text())["relations"]
    text, characters, rels, t_rel, _ = analyse(novel, mode)
    mapping = {c.id: c.id for c in characters} if mode == "roster" else to_pdnc(characters, novel)
    pred: dict[frozenset, list] = {}
    for r in rels:
        a, b = mapping.get(r.a), mapping.get(r.b)
        if a is None or b is None or a == b:
            continue
        pred.setdefault(frozenset((a, b)), []).append(r)
    gold_pairs = {frozenset((g["a"], g["b"])): g for g in gold}
    pair_hit = typed_hit = typed_hit_sp = 0
    misses = []
    for key, g in gold_pairs.items():
        rs = pred.get(key, [])
        if rs:
            pair_hit += 1
        types = {r.type for r in rs}
        if g["type"] in types:
            typed_hit += 1
        gtype = "romantic" if g["detail"] == "spouses" else g["type"]
        if gtype in types:
            typed_hit_sp += 1
        else:
            misses.append(f"{g['a']} – {g['b']} ({g['type']}/{g['detail']}); predicted: "
                          + (", ".join(f"{r.type}/{r.detail}" for r in rs) or "nothing"))
    non_acq = {k: v for k, v in pred.items() if any(r.type != "acquaintance" for r in v)}
    extra = [k for k in pred if k not in gold_pairs]
    extra_non_acq = [k for k in non_acq if k not in gold_pairs]
    n = len(gold_pairs)
    res = {
        "novel": novel, "mode": mode, "gold_pairs": n,
        "pair_recall": round(pair_hit / n, 3), "typed_recall": round(typed_hit / n, 3),
        "typed_recall_spouses_romantic": round(typed_hit_sp / n, 3),
        "predicted_pairs": len(pred), "predicted_pairs_typed": len(non_acq),
        "not_in_gold": len(extra), "not_in_gold_typed": len(extra_non_acq),
        "pairs_per_gold_pair": round(len(pred) / n, 2), "relations_seconds": round(t_rel, 2),
    }
    print(json.dumps(res))
    print("  missed (typed, spouses read as romantic):")
    for m in misses:
        print("   ", m)
    rnd = random.Random(0)
    print(f"  sample of predicted pairs not in gold ({min(sample, len(extra))} of {len(extra)}):")
    for k in rnd.sample(extra, min(sample, len(extra))):
        for r in pred[k]:
            ev = "; ".join(repr(text[max(0, e.start - 25) : e.end + 15].replace("\n", " ")) for e in r.evidence[:2])
            print(f"    {mapping[r.a]} – {mapping[r.b]}: {r.type}/{r.detail} {r.confidence:.2f}  {ev}")
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mode", choices=("roster", "e2e", "both"), default="both")
    ap.add_argument("--novels", nargs="*", default=["PrideAndPrejudice", "Emma"])
    ap.add_argument("--sample", type=int, default=8)
    args = ap.parse_args()
    modes = ("roster", "e2e") if args.mode == "both" else (args.mode,)
    for mode in modes:
        for novel in args.novels:
            score(novel, mode, args.sample)


if __name__ == "__main__":
    main()
