"""Cast identity and coreference: who each mention is, scored on PDNC and on LitBank.

    .venv/bin/python benchmarks/coref.py [--novels A,B|none] [--stage e2e|cast] [--litbank] [--litbank-limit N] [--show N]

**PDNC, name mentions end to end.** The gold mentions are every occurrence, in the story paragraphs,
of a gold alias (PDNC's Main Name and Aliases; whole words, case as written except a leading article;
longest alias first, no overlaps). An alias two gold characters share is matched but not scored, and so
is one that ends a longer name (after a title or a given name: "Darcy" in "Mrs. Darcy"). Each gold
mention's predicted character is the personae character of the mention that overlaps it most; a gold
mention personae does not mark stays a singleton. Scored: B-cubed precision, recall and F1 of the
personae clustering against the gold characters, over these mentions. A gold major or intermediate
character is *split* when two or more personae characters stand for it (hold more of its mentions than
any other gold character's), however few mentions the smaller parts hold (a second figure counts only
splits whose smaller parts hold 5% or more of the character's mentions); a personae character is
*mixed* when it holds at least 3 mentions and 10% of its own of each of two gold major/intermediate
characters. ``--stage e2e`` (the default) reads the
mentions of ``personae.analyze`` (as the JSON exports them: after speaker attribution, which folds in a
name used only to address someone; the speaker weights shipped were fitted on these 22 novels, so that
one step is in-sample); ``--stage cast`` reads ``build_cast`` alone.

**LitBank coreference, PER only** (``../shared/corpora/litbank/coref/tsv``, 100 excerpts of ~2,000
words). personae runs on each excerpt's text as LitBank tokenised it (tokens joined by spaces, one
sentence a line); its mentions (names, descriptions, pronouns, the narrator's I/me/my) are mapped to
LitBank tokens (the token holding the first and the last character). Gold: the PER mentions (proper,
common and pronominal) with their coreference chains, singletons included. Scored with exact mention
boundaries: MUC, B-cubed, CEAF-e (entity-based, optimal alignment) and their mean, the CoNLL F1; micro
over the excerpts. BookNLP's published figure is printed beside it with how the settings differ.

Parses come from the benchmarks' on-disk cache (/tmp/personae-parse-cache).
"""

from __future__ import annotations

import argparse
import ast
import bisect
import csv
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from snapshot import _use_parse_cache  # noqa: E402

from personae import ingest  # noqa: E402

SHARED = REPO.parent / "shared"
PDNC = SHARED / "corpora" / "pdnc"
LITBANK = SHARED / "corpora" / "litbank" / "coref" / "tsv"
CACHE = "/tmp/personae-parse-cache"
BIG = ("major", "intermediate")
# BookNLP's own figure, from its README (https://github.com/booknlp/booknlp): "Coreference resolution
# (Avg. F1)" 76.4 for the small model, 79.0 for the big one.
BOOKNLP = "BookNLP (README, github.com/booknlp/booknlp): coreference avg. F1 76.4 (small model), 79.0 (big model)"
BOOKNLP_SETTING = (
    "  Not the same setting: BookNLP's models are trained on LitBank itself (BERT-based, supervised) and its\n"
    "  README figure is its evaluation on LitBank, all six entity categories as far as the README says, with\n"
    "  its own mention detection for every proper, common and pronominal mention. personae is rule-based,\n"
    "  never saw LitBank, is scored here on PER only, marks names, few descriptions and narration pronouns\n"
    "  (not the I/you/he of the characters' own speech), and reads LitBank's pre-tokenised text."
)


# --- shared: running personae ------------------------------------------------------------------------


def personae_mentions(doc, stage: str):
    """(characters, mentions) as the outputs give them, or as build_cast alone gives them."""
    if stage == "e2e":
        import personae

        a = personae.analyze(doc)
        return a.characters, a.character_mentions()
    from personae.cast import build_cast
    from personae.context import Story
    from personae.language import parse
    from personae.quotes import find_quotes
    from personae.structure import detect_structure

    structure = detect_structure(doc)
    paragraphs = structure.story_paragraphs()
    story = Story(doc.text, structure, parse(doc.text, paragraphs)).with_quotes(find_quotes(doc.text, paragraphs))
    cast = build_cast(story)
    return cast.characters, [m for m in cast.mentions if m.character]


# --- PDNC: name mentions, B-cubed ------------------------------------------------------------------


def gold_characters(novel: Path) -> list[dict]:
    out = []
    with open(novel / "character_info.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Main Name"].startswith("_"):
                continue  # _group, _unknowable
            aliases = {" ".join(a.split()) for a in ast.literal_eval(row["Aliases"])} | {row["Main Name"]}
            out.append({"id": row["Character ID"], "name": row["Main Name"], "aliases": aliases,
                        "category": row["Category"].strip().lower()})
    return out


def _alias_pattern(alias: str) -> re.Pattern:
    words = alias.split()
    parts = [re.escape(w) for w in words]
    if words[0].lower() in ("the", "a", "an"):
        parts[0] = f"(?:{re.escape(words[0].lower())}|{re.escape(words[0].capitalize())})"
    return re.compile(r"(?<![\w’'])" + r"\s+".join(parts) + r"(?![\w])")


# Words that make a name after them another person's: "Mrs. Darcy" is not "Darcy".
_TITLES = set(
    """mr mrs miss ms dr lady sir lord madame mme mademoiselle mlle monsieur m colonel captain major general
    admiral lieutenant aunt uncle cousin master mistress father mother sister brother professor rev
    reverend st saint""".split()
)
_PREV_WORD = re.compile(r"([^\W\d_][\w’'.]*)(?:[ \t]+|[ \t]*\n[ \t]*)$")  # a hard-wrapped line between is one space
_SENTENCE_START = re.compile(r"(?:^|[.!?“\"‘(—:;]\s*)$")


def _tail_of_a_longer_name(text: str, start: int) -> bool:
    """Is the word before ``start`` a title, or a capitalised word inside a sentence (a given name):
    then the alias at ``start`` is the end of a longer name ("Mrs. Weston", "Isabella Knightley")."""
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    if not m:
        return False
    word = m.group(1)
    if word.rstrip(".").lower() in _TITLES:
        return True
    return word[0].isupper() and not _SENTENCE_START.search(text, max(0, m.start() - 3), m.start())


def gold_mentions(text: str, paragraphs, gold: list[dict]) -> list[tuple[int, int, str | None]]:
    """Every occurrence of a gold alias inside the paragraphs: (start, end, gold id or None when the
    alias belongs to several characters), longest first, never overlapping, and not the end of a longer
    name (PDNC's alias lists are incomplete: "Darcy" of "Mrs. Darcy" is no mention of Mr. Darcy)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for g in gold:
        for a in g["aliases"]:
            owners[a].add(g["id"])
    hits = []
    for alias, ids in owners.items():
        for m in _alias_pattern(alias).finditer(text):
            whose = next(iter(ids)) if len(ids) == 1 and not _tail_of_a_longer_name(text, m.start()) else None
            hits.append((m.start(), m.end(), whose))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    starts = [p.start for p in paragraphs]
    out, last = [], -1
    for s, e, gid in hits:
        if s < last:
            continue
        i = bisect.bisect_right(starts, s) - 1
        if i < 0 or e > paragraphs[i].end:
            continue  # outside the story: title page, contents, chapter headings
        out.append((s, e, gid))
        last = e
    return out


def predicted_for(golds, mentions) -> list[str]:
    """The personae character of the mention overlapping each gold mention most, else a singleton."""
    ms = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in ms]
    out = []
    for n, (s, e, _) in enumerate(golds):
        best, overlap = None, 0
        i = bisect.bisect_left(starts, e) - 1
        while i >= 0 and ms[i].end > s - 200:
            o = min(e, ms[i].end) - max(s, ms[i].start)
            if o > overlap:
                best, overlap = ms[i].character, o
            i -= 1
        out.append(best if best is not None else f"missed-{n}")
    return out


def b_cubed(gold: list[str], pred: list[str]) -> tuple[float, float]:
    """B-cubed precision and recall of one clustering of the same items (labels per item)."""
    pairs = Counter(zip(gold, pred))
    g_size, p_size = Counter(gold), Counter(pred)
    n = len(gold)
    if not n:
        return 0.0, 0.0
    p = sum(k * k / p_size[pc] for (_, pc), k in pairs.items()) / n
    r = sum(k * k / g_size[gc] for (gc, _), k in pairs.items()) / n
    return p, r


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def pdnc_identity(novel: Path, stage: str, show: int) -> dict:
    doc = ingest.load(novel / "novel_text.txt")
    from personae.structure import detect_structure

    gold = gold_characters(novel)
    by_id = {g["id"]: g for g in gold}
    t0 = time.perf_counter()
    characters, mentions = personae_mentions(doc, stage)
    seconds = time.perf_counter() - t0
    golds_all = gold_mentions(doc.text, detect_structure(doc).story_paragraphs(), gold)
    golds = [g for g in golds_all if g[2] is not None]
    pred = predicted_for(golds, mentions)
    gid = [g[2] for g in golds]
    p, r = b_cubed(gid, pred)
    name_of = {c.id: c.name for c in characters}
    # Which gold character each personae character stands for (the one it holds most mentions of).
    holds: dict[str, Counter] = defaultdict(Counter)
    for g, c in zip(gid, pred):
        if not c.startswith("missed-"):
            holds[c][g] += 1
    stands_for = {c: h.most_common(1)[0][0] for c, h in holds.items()}
    parts: dict[str, list[str]] = defaultdict(list)
    for c, g in stands_for.items():
        parts[g].append(c)
    big = [g for g in gold if g["category"] in BIG and any(x == g["id"] for x in gid)]
    split = [g for g in big if len(parts.get(g["id"], [])) > 1]
    # Split with weight: the parts beyond the largest hold at least 5% of the character's mentions.
    n_of = Counter(gid)
    heavy = [g for g in split if sum(sorted((holds[c][g["id"]] for c in parts[g["id"]]), reverse=True)[1:]) >= 0.05 * n_of[g["id"]]]
    mixed = []
    for c, h in holds.items():
        total = sum(h.values())
        many = [g for g, k in h.items() if by_id[g]["category"] in BIG and k >= 3 and k >= 0.1 * total]
        if len(many) > 1:
            mixed.append((c, h))
    print(
        f"{novel.name:30s} gold mentions {len(golds):5d} (not scored {len(golds_all) - len(golds):4d}, missed {sum(1 for c in pred if c.startswith('missed-')):4d})"
        f" | B3 P {p:.3f} R {r:.3f} F1 {f1(p, r):.3f} | split {len(split)}/{len(big)} (5%+: {len(heavy)}) | mixed {len(mixed)} | {seconds:5.1f}s",
        flush=True,
    )
    for g in split[:show]:
        cs = sorted(parts[g["id"]], key=lambda c: -holds[c][g["id"]])
        print(f"    split: {g['name']!r} ({g['category']}) -> " + ", ".join(f"{name_of.get(c, c)!r} {holds[c][g['id']]}" for c in cs))
    for c, h in mixed[:show]:
        print(f"    mixed: {name_of.get(c, c)!r} holds " + ", ".join(f"{by_id[g]['name']!r} {k}" for g, k in h.most_common(4)))
    return {"n": len(golds), "p": p, "r": r, "big": len(big), "split": len(split), "heavy": len(heavy), "mixed": len(mixed),
            "gold": gid, "pred": [f"{novel.name}/{c}" for c in pred]}


# --- LitBank: CoNLL coreference metrics --------------------------------------------------------------


def litbank_excerpt(txt: Path) -> tuple[str, list[int], dict[tuple[int, int], int]]:
    """The excerpt's text (tokens joined by spaces, a sentence a line), each token's start offset, and
    per (sentence, token) its index in the whole excerpt."""
    lines = txt.read_text(encoding="utf-8").split("\n")
    starts, index, pos = [], {}, 0
    for si, line in enumerate(lines):
        for ti, tok in enumerate(line.split(" ")):
            index[(si, ti)] = len(starts)
            starts.append(pos)
            pos += len(tok) + 1
    return "\n".join(lines), starts, index


def litbank_gold(ann: Path, index) -> tuple[list[set], dict[tuple[int, int], str]]:
    """The PER entities (sets of (first token, last token)) and each PER mention's kind (PROP/NOM/PRON)."""
    kind_of, tag_span, chains = {}, {}, {}
    for row in ann.read_text(encoding="utf-8").splitlines():
        f = row.split("\t")
        if f[0] == "MENTION" and f[7] == "PER":
            span = (index[(int(f[2]), int(f[3]))], index[(int(f[4]), int(f[5]))])
            tag_span[f[1]] = span
            kind_of[span] = f[8]
        elif f[0] == "COREF":
            chains[f[1]] = f[2]
    entities: dict[str, set] = defaultdict(set)
    for t, span in tag_span.items():
        entities[chains.get(t, f"single-{t}")].add(span)
    return list(entities.values()), kind_of


def muc(key: list[set], response: list[set]) -> tuple[float, float]:
    """MUC (numerator, denominator) of recall for ``key`` against ``response`` (swap for precision)."""
    where = {m: i for i, r in enumerate(response) for m in r}
    num = den = 0
    for k in key:
        parts = {where.get(m, ("alone", m)) for m in k}
        num += len(k) - len(parts)
        den += len(k) - 1
    return num, den


def b3(key: list[set], response: list[set]) -> tuple[float, float]:
    """B-cubed (numerator, denominator) of recall for ``key`` against ``response``."""
    where = {m: i for i, r in enumerate(response) for m in r}
    num = 0.0
    for k in key:
        shared = Counter(where[m] for m in k if m in where)
        num += sum(n * n for n in shared.values()) / len(k)
    return num, sum(len(k) for k in key)


def ceaf_e(key: list[set], response: list[set]) -> float:
    """The best total entity similarity (phi4 = 2|K∩R| / (|K|+|R|)) over one-to-one alignments."""
    import networkx as nx

    g = nx.Graph()
    for i, k in enumerate(key):
        for j, r in enumerate(response):
            common = len(k & r)
            if common:
                g.add_edge(("k", i), ("r", j), weight=2 * common / (len(k) + len(r)))
    matching = nx.max_weight_matching(g)
    return sum(g.edges[a, b]["weight"] for a, b in matching)


def litbank_coref(limit: int | None, stage: str, show_each: bool) -> None:
    files = sorted(LITBANK.glob("*.txt"))[:limit]
    tot = defaultdict(float)
    found_by_kind: Counter = Counter()
    gold_by_kind: Counter = Counter()
    for txt in files:
        text, starts, index = litbank_excerpt(txt)
        key, kind_of = litbank_gold(txt.with_suffix(".ann"), index)
        gold_by_kind.update(kind_of.values())
        doc = ingest.from_string(text)
        assert doc.text == text
        _, mentions = personae_mentions(doc, stage)
        clusters: dict[str, set] = defaultdict(set)
        for m in mentions:
            first = bisect.bisect_right(starts, m.start) - 1
            last = bisect.bisect_right(starts, m.end - 1) - 1
            clusters[m.character].add((first, last))
        response = list(clusters.values())
        predicted = {m for r in response for m in r}
        found_by_kind.update(kind_of[m] for m in predicted if m in kind_of)
        scores = {}
        for name, fn in (("muc", muc), ("b3", b3)):
            rn, rd = fn(key, response)
            pn, pd = fn(response, key)
            tot[f"{name}_rn"] += rn
            tot[f"{name}_rd"] += rd
            tot[f"{name}_pn"] += pn
            tot[f"{name}_pd"] += pd
            scores[name] = f1(pn / pd if pd else 0.0, rn / rd if rd else 0.0)
        phi = ceaf_e(key, response)
        tot["ceaf_phi"] += phi
        tot["ceaf_k"] += len(key)
        tot["ceaf_r"] += len(response)
        scores["ceaf"] = f1(phi / len(response) if response else 0.0, phi / len(key) if key else 0.0)
        tot["gold_mentions"] += sum(len(k) for k in key)
        tot["pred_mentions"] += len(predicted)
        tot["matched"] += len(predicted & kind_of.keys())
        if show_each:
            name = txt.stem.replace("_brat", "")
            print(f"  {name[:44]:44s} gold {sum(len(k) for k in key):4d} pred {len(predicted):4d} | MUC {scores['muc']:.3f} B3 {scores['b3']:.3f} "
                  f"CEAF-e {scores['ceaf']:.3f} | CoNLL {sum(scores.values()) / 3:.3f}", flush=True)
    rows = []
    for name, label in (("muc", "MUC"), ("b3", "B-cubed")):
        p = tot[f"{name}_pn"] / tot[f"{name}_pd"] if tot[f"{name}_pd"] else 0.0
        r = tot[f"{name}_rn"] / tot[f"{name}_rd"] if tot[f"{name}_rd"] else 0.0
        rows.append((label, p, r, f1(p, r)))
    p = tot["ceaf_phi"] / tot["ceaf_r"] if tot["ceaf_r"] else 0.0
    r = tot["ceaf_phi"] / tot["ceaf_k"] if tot["ceaf_k"] else 0.0
    rows.append(("CEAF-e", p, r, f1(p, r)))
    print(f"\nLitBank coreference, PER, predicted mentions ({len(files)} excerpts, stage {stage}):")
    print("| metric | precision | recall | F1 |")
    print("|---|---|---|---|")
    for label, p, r, f in rows:
        print(f"| {label} | {p:.3f} | {r:.3f} | {f:.3f} |")
    print(f"| **CoNLL F1** (mean of the three F1) | | | **{sum(x[3] for x in rows) / 3:.3f}** |")
    print(f"mentions: gold PER {int(tot['gold_mentions'])}, personae {int(tot['pred_mentions'])}, "
          f"same boundaries {int(tot['matched'])} (mention precision {tot['matched'] / max(tot['pred_mentions'], 1):.3f}, "
          f"recall {tot['matched'] / max(tot['gold_mentions'], 1):.3f})")
    print("gold PER mentions found, by kind: " + ", ".join(
        f"{k} {found_by_kind[k]}/{gold_by_kind[k]} = {found_by_kind[k] / max(gold_by_kind[k], 1):.3f}" for k in ("PROP", "NOM", "PRON")))
    print(BOOKNLP)
    print(BOOKNLP_SETTING)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--novels", default="", help="comma-separated PDNC novel folders (default: all; 'none' for none)")
    ap.add_argument("--stage", choices=("e2e", "cast"), default="e2e")
    ap.add_argument("--show", type=int, default=8, help="split/mixed examples printed per novel")
    ap.add_argument("--litbank", action="store_true", help="also score LitBank PER coreference")
    ap.add_argument("--litbank-limit", type=int, default=None, help="only the first N LitBank excerpts")
    ap.add_argument("--litbank-each", action="store_true", help="print the LitBank scores of every excerpt")
    args = ap.parse_args()
    _use_parse_cache()
    novels = sorted(p for p in PDNC.iterdir() if (p / "character_info.csv").exists())
    if args.novels == "none":
        novels = []
    elif args.novels:
        keep = set(args.novels.split(","))
        novels = [p for p in novels if p.name in keep]
    if novels:
        print(f"PDNC name mentions, stage {args.stage}:")
        gold, pred = [], []
        n_big = n_split = n_heavy = n_mixed = 0
        macro = []
        for novel in novels:
            r = pdnc_identity(novel, args.stage, args.show)
            gold += [f"{novel.name}/{g}" for g in r["gold"]]
            pred += r["pred"]
            n_big += r["big"]
            n_split += r["split"]
            n_heavy += r["heavy"]
            n_mixed += r["mixed"]
            macro.append(f1(r["p"], r["r"]))
        p, r = b_cubed(gold, pred)
        print()
        print("| measure | value |")
        print("|---|---|")
        print(f"| gold name mentions scored | {len(gold)} |")
        print(f"| B-cubed precision | {p:.3f} |")
        print(f"| B-cubed recall | {r:.3f} |")
        print(f"| **B-cubed F1** (all mentions pooled) | **{f1(p, r):.3f}** |")
        print(f"| B-cubed F1, mean of the novels | {sum(macro) / len(macro):.3f} |")
        print(f"| gold major/intermediate characters split over 2+ personae characters | {n_split}/{n_big} = {n_split / max(n_big, 1):.3f} |")
        print(f"| ... counting only splits whose smaller parts hold 5%+ of the character's mentions | {n_heavy}/{n_big} = {n_heavy / max(n_big, 1):.3f} |")
        print(f"| personae characters mixing 2+ gold major/intermediate characters | {n_mixed} |")
    if args.litbank:
        litbank_coref(args.litbank_limit, args.stage, args.litbank_each)


if __name__ == "__main__":
    main()
