"""Cast benchmark on PDNC: character recall by category, precision, alias purity, gender accuracy.

    .venv/bin/python benchmarks/cast.py [--novels A,B] [--min-mentions 5] [--show 8] [--fanfic]

A gold character is *found* when one predicted character's name or alias equals one of its aliases
(case-insensitive; unless --strict, also the first or last word of a multi-word gold alias when no other
gold character has that word, since PDNC alias lists are incomplete). A predicted character with at least --min-mentions name mentions that matches no gold
character is *unmatched* (a sample is printed: read it — missing gold minor characters or junk?). A
predicted cluster is *impure* when its surface forms match two gold characters (ignoring forms that are
aliases of several gold characters). Gender accuracy: matched characters whose gold gender is F or M.
Parses come from the on-disk cache (personae.language.parse_cached).
"""

from __future__ import annotations

import argparse
import ast
import csv
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from personae import ingest  # noqa: E402
from personae.cast import build_cast, with_counts  # noqa: E402
from personae.context import Story  # noqa: E402
from personae.language import parse_cached  # noqa: E402
from personae.quotes import find_quotes  # noqa: E402
from personae.structure import detect_structure  # noqa: E402

SHARED = REPO.parent / "shared"
PDNC = SHARED / "corpora" / "pdnc"
CACHE = "/tmp/personae-parse-cache"
TITLE_WORDS = {"mr", "mrs", "miss", "ms", "dr", "lady", "sir", "lord", "the", "a", "an", "of", "de", "van", "von"}


def _norm(name: str) -> str:
    """Lower case, single spaces, no periods, no leading article ("The Hatter" = "Hatter", "Mr Musgrove"
    = "Mr. Musgrove")."""
    words = name.lower().replace(".", " ").split()
    while len(words) > 1 and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def gold_cast(novel: Path) -> list[dict]:
    out = []
    with open(novel / "character_info.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            aliases = {_norm(a) for a in set(ast.literal_eval(row["Aliases"])) | {row["Main Name"]}}
            out.append(
                {
                    "id": row["Character ID"],
                    "name": row["Main Name"],
                    "aliases": {a.lower().strip() for a in aliases},
                    "gender": row["Gender"].strip()[:1].upper(),
                    "category": row["Category"].strip().lower(),
                }
            )
    return out


def analyse(path: Path):
    doc = ingest.load(path)
    structure = detect_structure(doc)
    paragraphs = structure.story_paragraphs()
    story = Story(doc.text, structure, parse_cached(doc.text, paragraphs, CACHE))
    story = story.with_quotes(find_quotes(doc.text, paragraphs))
    t = time.perf_counter()
    cast = build_cast(story)
    dt = time.perf_counter() - t
    words = sum(len(doc.text[p.start : p.end].split()) for p in paragraphs)
    return doc.text, cast, dt, words


def score(gold: list[dict], cast, min_mentions: int, lenient: bool = True):
    owners: dict[str, set[str]] = defaultdict(set)
    for g in gold:
        for a in g["aliases"]:
            owners[a].add(g["id"])
    strict = {k: set(v) for k, v in owners.items()}
    if lenient:
        # PDNC alias lists are incomplete ("Bill Gorton" but not "Bill"): a first or last word of a gold
        # alias, owned by that one gold character, also identifies it.
        words: dict[str, set[str]] = defaultdict(set)
        for g in gold:
            for a in g["aliases"]:
                parts = [w for w in a.replace(".", " ").split() if w not in TITLE_WORDS]
                if len(parts) > 1:
                    for w in (parts[0], parts[-1]):
                        words[w].add(g["id"])
        for w, ids in words.items():
            if len(ids) == 1 and w not in owners and len(w) > 2:
                owners[w] = set(ids)
    names = Counter(m.character for m in cast.mentions if m.kind == "name")
    found: set[str] = set()
    unmatched, impure, gender, wrong_gender = [], [], [], []
    for c in cast.characters:
        forms = {_norm(f) for f in (c.name, *c.aliases)}
        hit = set().union(*(owners.get(f, set()) for f in forms)) if forms else set()
        found |= hit
        sure = {next(iter(strict[f])) for f in forms if len(strict.get(f, ())) == 1}
        if len(sure) > 1:
            impure.append((c, sorted(sure)))
        if not hit and names[c.id] >= min_mentions:
            unmatched.append((c, names[c.id]))
        if len(sure) == 1:
            g = next(x for x in gold if x["id"] in sure)
            if g["gender"] in ("F", "M"):
                gender.append(c.gender == g["gender"])
                if c.gender != g["gender"]:
                    wrong_gender.append((c, g["gender"]))
    by_cat = defaultdict(lambda: [0, 0])
    for g in gold:
        by_cat[g["category"]][1] += 1
        by_cat[g["category"]][0] += g["id"] in found
    big = sum(1 for c in cast.characters if names[c.id] >= min_mentions)
    return by_cat, unmatched, impure, gender, big, wrong_gender


LITBANK = SHARED / "corpora" / "litbank" / "coref" / "tsv"
THIRD = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}


def litbank_pronouns(limit: int | None = None) -> tuple[int, int, int]:
    """Third-person singular pronouns in LitBank coref excerpts, outside quotations: how many we resolve,
    and how many of those to a character whose name mentions mostly sit in the pronoun's gold cluster.
    Returns (gold pronouns, resolved, correct)."""
    total = resolved = correct = 0
    files = sorted(LITBANK.glob("*.txt"))[:limit]
    for txt in files:
        lines = txt.read_text(encoding="utf-8").split("\n")
        offs: list[list[tuple[int, int]]] = []
        parts, pos = [], 0
        for line in lines:
            row = []
            for tok in line.split(" "):
                row.append((pos, pos + len(tok)))
                pos += len(tok) + 1
            offs.append(row)
            parts.append(line)
        # LitBank lines are sentences, not paragraphs: keep the excerpt one paragraph so quotations
        # spanning several sentences stay whole.
        text = "\n".join(parts)
        mentions, clusters = {}, {}
        for row in (txt.with_suffix(".ann")).read_text(encoding="utf-8").splitlines():
            f = row.split("\t")
            if f[0] == "MENTION":
                s0, e0 = offs[int(f[2])][int(f[3])][0], offs[int(f[4])][int(f[5])][1]
                mentions[f[1]] = (s0, e0, f[7], f[8])
            elif f[0] == "COREF":
                clusters[f[1]] = f[2]
        gold_at = {}
        for t, (s0, e0, _kind, _typ) in mentions.items():
            if t in clusters:
                gold_at[(s0, e0)] = clusters[t]
        doc = ingest.from_string(text)
        assert doc.text == text
        structure = detect_structure(doc)
        story = Story(text, structure, parse_cached(text, structure.story_paragraphs(), CACHE))
        cast = build_cast(story)
        # Each predicted character stands for the gold cluster most of its name mentions fall in.
        votes: dict[str, Counter] = defaultdict(Counter)
        for m in cast.mentions:
            if m.kind == "name" and (m.start, m.end) in gold_at:
                votes[m.character][gold_at[(m.start, m.end)]] += 1
        who = {c: v.most_common(1)[0][0] for c, v in votes.items()}
        pred = {(m.start, m.end): m.character for m in cast.mentions if m.kind == "pronoun"}
        for (s0, e0), cl in gold_at.items():
            if text[s0:e0].lower() not in THIRD or story.in_quotes(s0):
                continue
            total += 1
            if (s0, e0) in pred:
                resolved += 1
                correct += who.get(pred[(s0, e0)]) == cl
    return total, resolved, correct


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--novels", default="", help="comma-separated PDNC novel folders (default: all)")
    ap.add_argument("--min-mentions", type=int, default=5)
    ap.add_argument("--show", type=int, default=6, help="unmatched/impure examples printed per novel")
    ap.add_argument("--strict", action="store_true", help="match only whole gold aliases (no first/last-word matches)")
    ap.add_argument("--litbank", action="store_true", help="also score pronoun resolution on LitBank coref")
    ap.add_argument("--fanfic", action="store_true", help="also print the cast of the sample fan fiction")
    args = ap.parse_args()
    novels = sorted(p for p in PDNC.iterdir() if (p / "character_info.csv").exists())
    if args.novels == "none":
        novels = []
    elif args.novels:
        keep = set(args.novels.split(","))
        novels = [p for p in novels if p.name in keep]
    tot = defaultdict(lambda: [0, 0])
    all_unmatched = all_big = all_impure = all_pred = 0
    g_ok = g_n = 0
    t_cast = 0.0
    t_words = 0
    rows = []
    for novel in novels:
        text, cast, dt, words = analyse(novel / "novel_text.txt")
        t_cast += dt
        t_words += words
        by_cat, unmatched, impure, gender, big, wrong_gender = score(gold_cast(novel), cast, args.min_mentions, lenient=not args.strict)
        for k, (a, b) in by_cat.items():
            tot[k][0] += a
            tot[k][1] += b
        all_unmatched += len(unmatched)
        all_big += big
        all_impure += len(impure)
        all_pred += len(cast.characters)
        g_ok += sum(gender)
        g_n += len(gender)
        rec = {k: f"{a}/{b}" for k, (a, b) in by_cat.items()}
        rows.append((novel.name, rec, len(cast.characters), big, len(unmatched), len(impure), sum(gender), len(gender)))
        print(
            f"{novel.name:30s} major {rec.get('major', '-'):>6s} interm {rec.get('intermediate', '-'):>6s} minor {rec.get('minor', '-'):>6s}"
            f" | pred {len(cast.characters):3d} (>= {args.min_mentions}: {big:3d}) unmatched {len(unmatched):3d} impure {len(impure):2d}"
            f" | gender {sum(gender)}/{len(gender)} | cast {dt:5.2f}s {words / max(dt, 1e-9):,.0f} w/s",
            flush=True,
        )
        for c, n in unmatched[: args.show]:
            print(f"    unmatched: {c.name!r} ({n} names) aliases={list(c.aliases)[:4]} {c.gender}")
        for c, g in wrong_gender[: args.show]:
            print(f"    gender: {c.name!r} {c.gender} (gold {g})")
        for c, ids in impure[: args.show]:
            print(f"    impure: {c.name!r} aliases={list(c.aliases)[:6]} -> gold {ids}")
    print()
    print("| measure | value |")
    print("|---|---|")
    for k in ("major", "intermediate", "minor"):
        a, b = tot[k]
        print(f"| recall {k} | {a}/{b} = {a / max(b, 1):.3f} |")
    a = sum(x[0] for x in tot.values())
    b = sum(x[1] for x in tot.values())
    print(f"| recall all | {a}/{b} = {a / max(b, 1):.3f} |")
    print(f"| precision (predicted with >= {args.min_mentions} names matching a gold character) | {all_big - all_unmatched}/{all_big} = {(all_big - all_unmatched) / max(all_big, 1):.3f} |")
    print(f"| impure clusters (merge two gold characters) | {all_impure}/{all_pred} |")
    print(f"| gender accuracy (matched, gold F/M) | {g_ok}/{g_n} = {g_ok / max(g_n, 1):.3f} |")
    print(f"| cast+coref speed | {t_words / max(t_cast, 1e-9):,.0f} words/s ({t_cast:.1f}s for {t_words:,} words) |")
    if args.litbank:
        t, r, c = litbank_pronouns()
        print(f"| LitBank he/she/him/her/his outside quotes: resolved | {r}/{t} = {r / max(t, 1):.3f} |")
        print(f"| LitBank pronoun accuracy (of resolved) | {c}/{r} = {c / max(r, 1):.3f} |")
        print(f"| LitBank pronoun accuracy (of all) | {c}/{t} = {c / max(t, 1):.3f} |")
    if args.fanfic:
        fan = SHARED / "samples" / "fanfic-lover-after-me.txt"
        text, cast, dt, words = analyse(fan)
        print(f"\nfan fiction cast ({words:,} words, {dt:.2f}s):")
        for c in with_counts(cast, ()):
            print(f"  {c.id:4s} {c.name:20s} {c.gender} {c.importance:12s} mentions {c.mentions:4d}  aliases {list(c.aliases)}")


if __name__ == "__main__":
    main()
