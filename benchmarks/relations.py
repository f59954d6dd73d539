"""Relationship accuracy on the 22 PDNC novels against the complete gold in ../shared/gold/relations.

    .venv/bin/python benchmarks/relations.py [--mode roster|e2e|both] [--novels Emma,Persuasion]
                                             [--errors] [--no-cache] [--min-confidence 0.8] [--shipped]

Modes:
- ``roster``: the cast is PDNC's character_info.csv (id = Main Name, aliases, gender) and the quotations
  are PDNC's (gold speakers and addressees, aliases read as Main Names); no mentions, so the figures
  measure the relation stage alone.
- ``e2e``: the cast, quotes, speakers and mentions come from personae's own pipeline (the stages of
  ``personae.pipeline.analyze``, parse read through ``parse_cached``); a predicted character stands for
  the gold character whose name or alias equals its name or one of its aliases (most votes, its name
  counting double).

Scoring (the gold README's): a relation is an unordered pair and a type. Recall = gold relations
predicted, over gold relations whose detail is not ``in-laws``. Precision = predicted relations of the
five scored types whose two ends map to two different scope characters that are in the gold, over all
such predictions (after mapping, one prediction per pair and type: the most confident). ``acquaintance``
is not scored. Detail accuracy = among type hits, the share whose detail is the gold one. Micro-averaged
over the novels. Scored: the relations the stage shows a reader (``personae.relations.shown``).

The relation stage is learned (``benchmarks/train_relations.py``): by default each novel is scored with
weights refitted on the other 21 novels (leave-one-novel-out; the rows come from that script's cache);
``--shipped`` scores the shipped weights instead (fitted on every novel: a regression check, not a
figure to quote).

The e2e stage outputs (cast, mentions, quotes) are cached per novel under /tmp/personae-relations-cache,
keyed by the text and by every source file except the relations stage (``--no-cache`` rebuilds them).
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import json
import pickle
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PDNC = SHARED / "corpora" / "pdnc"
GOLD = SHARED / "gold" / "relations"
PARSE_CACHE = "/tmp/personae-parse-cache"
STAGE_CACHE = Path("/tmp/personae-relations-cache")
sys.path.insert(0, str(REPO / "src"))

from personae.document import Span  # noqa: E402
from personae.model import Character, Quote, Relation  # noqa: E402

SCORED = ("romantic", "family", "friendship", "hostile", "professional")
MODES = ("roster", "e2e")
# Predicted detail words that name a gold detail under another spelling.
_DETAIL_SYNONYMS = {"grandparent": "grandparent-grandchild", "guardian": "guardian-ward",
                    "aunt-niece": "aunt/uncle-niece/nephew", "aunt-nephew": "aunt/uncle-niece/nephew",
                    "uncle-niece": "aunt/uncle-niece/nephew", "uncle-nephew": "aunt/uncle-niece/nephew"}


def novels() -> list[str]:
    return sorted(p.stem for p in GOLD.glob("*.json"))


# --- gold --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gold:
    novel: str
    scope: frozenset[str]
    # (frozenset pair, type) -> the gold relation dict
    relations: dict[tuple[frozenset, str], dict]

    def types_of(self, pair: frozenset) -> list[dict]:
        return [g for (p, _), g in self.relations.items() if p == pair]


def load_gold(novel: str) -> Gold:
    d = json.loads((GOLD / f"{novel}.json").read_text(encoding="utf-8"))
    rels = {(frozenset((g["a"], g["b"])), g["type"]): g for g in d["relations"]}
    return Gold(novel, frozenset(d["scope"]), rels)


def pdnc_aliases(novel: str) -> dict[str, set[str]]:
    """Main Name -> every name PDNC gives the character (the Main Name included)."""
    out = {}
    with open(PDNC / novel / "character_info.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            al = set(ast.literal_eval(row["Aliases"])) if row["Aliases"].strip() else set()
            out[row["Main Name"]] = al | {row["Main Name"]}
    return out


def pdnc_roster(novel: str) -> tuple[Character, ...]:
    out = []
    with open(PDNC / novel / "character_info.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            aliases = ast.literal_eval(row["Aliases"]) if row["Aliases"].strip() else set()
            g = row["Gender"].strip().upper()[:1]
            out.append(Character(id=row["Main Name"], name=row["Main Name"],
                                 aliases=tuple(a for a in sorted(aliases) if a != row["Main Name"]),
                                 gender=g if g in ("F", "M") else "U"))
    return tuple(out)


def pdnc_quotes(novel: str) -> tuple[Quote, ...]:
    """PDNC's quotations with gold speakers and addressees, named by Main Name (the csv uses any alias)."""
    main_of: dict[str, str] = {}
    for main, al in pdnc_aliases(novel).items():
        for a in al:
            main_of.setdefault(a, main)
        main_of[main] = main
    out = []
    with open(PDNC / novel / "quotation_info.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            parts = tuple(Span(s, e) for s, e in ast.literal_eval(row["quoteByteSpans"]))
            addressees = tuple(main_of.get(a, a) for a in ast.literal_eval(row["addressees"]))
            out.append(Quote(id=row["quoteID"], start=min(p.start for p in parts), end=max(p.end for p in parts), parts=parts,
                             speaker=main_of.get(row["speaker"], row["speaker"]), addressees=addressees,
                             type=row["quoteType"].lower(), confidence=1.0))
    out.sort(key=lambda q: q.start)
    return tuple(out)


def to_gold(characters: Sequence[Character], novel: str) -> dict[str, str]:
    """Predicted character id -> PDNC Main Name: the gold character whose names meet the predicted
    character's name and aliases most (its own name counts double; case and line breaks ignored)."""
    names: dict[str, set[str]] = defaultdict(set)
    for main, al in pdnc_aliases(novel).items():
        for n in al:
            names[" ".join(n.lower().split())].add(main)
    out = {}
    for c in characters:
        votes: Counter = Counter()
        for n in {c.name, *c.aliases}:
            for main in names.get(" ".join(n.lower().split()), ()):
                votes[main] += 2 if n == c.name else 1
        if votes:
            out[c.id] = votes.most_common(1)[0][0]
    return out


# --- the stages' inputs --------------------------------------------------------------------------------


@dataclass
class Inputs:
    """Everything the relation stage reads for one novel in one mode, and how its ids map to gold."""

    novel: str
    mode: str
    text: str
    structure: object
    parsed: object
    characters: tuple[Character, ...]
    mentions: tuple
    quotes: tuple[Quote, ...]
    mapping: dict[str, str]
    seconds_upstream: float = 0.0


def _code_key(text: str) -> str:
    """The text and every source file the relation stage's inputs depend on (all but relations itself)."""
    h = hashlib.sha256(text.encode())
    for p in sorted((REPO / "src" / "personae").rglob("*.py")):
        rel = p.relative_to(REPO / "src" / "personae").as_posix()
        if rel == "relations.py" or rel.startswith("relations/"):
            continue
        h.update(rel.encode() + p.read_bytes())
    return h.hexdigest()[:24]


def _upstream(text, structure, parsed, roster=None):
    """The pipeline's stages between the parse and relations (as ``personae.pipeline.analyze`` runs them)."""
    from personae.cast import build_cast, with_counts
    from personae.context import Story
    from personae.cast.names import with_names
    from personae.quotes import find_quotes
    from personae.speakers import attribute
    from personae.cast.address import merge_names_used_to_address

    story = Story(text, structure, parsed).with_quotes(find_quotes(text, structure.story_paragraphs()))
    story = story.with_cast(build_cast(story, roster))
    story = story.with_quotes(attribute(story, roster=roster))
    cast, quotes = merge_names_used_to_address(story)
    return with_names(with_counts(cast, quotes), cast.mentions, text), tuple(cast.mentions), tuple(quotes)


def load_text(novel: str):
    from personae import ingest
    from personae.language import parse_cached
    from personae.structure import detect_structure

    doc = ingest.load(PDNC / novel / "novel_text.txt")
    structure = detect_structure(doc)
    parsed = parse_cached(doc.text, structure.story_paragraphs(), PARSE_CACHE)
    return doc.text, structure, parsed


def stage_inputs(novel: str, mode: str, cache: bool = True, loaded=None) -> Inputs:
    text, structure, parsed = loaded or load_text(novel)
    t = time.perf_counter()
    if mode == "roster":
        characters = pdnc_roster(novel)
        return Inputs(novel, mode, text, structure, parsed, characters, (), pdnc_quotes(novel), {c.id: c.id for c in characters})
    path = STAGE_CACHE / f"{novel}-{_code_key(text)}.pkl"
    if cache and path.exists():
        characters, mentions, quotes = pickle.loads(path.read_bytes())
    else:
        characters, mentions, quotes = _upstream(text, structure, parsed)
        if cache:
            STAGE_CACHE.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps((characters, mentions, quotes)))
            tmp.replace(path)
    return Inputs(novel, mode, text, structure, parsed, characters, mentions, quotes, to_gold(characters, novel),
                  time.perf_counter() - t)


def story_of(inp: Inputs):
    from personae.context import Story

    return Story(inp.text, inp.structure, inp.parsed, quotes=inp.quotes, characters=inp.characters, mentions=inp.mentions)


def product(inp: Inputs, model=None) -> tuple[Relation, ...]:
    """The relation stage as shipped (``model``: other weights than the shipped ones), the relations it
    shows a reader."""
    from personae.relations import find_relations, shown

    return tuple(shown(find_relations(story_of(inp), model=model)))


# --- scoring ---------------------------------------------------------------------------------------


def norm_detail(detail: str | None) -> str:
    return _DETAIL_SYNONYMS.get(detail or "", detail or "")


@dataclass
class Tally:
    gold: int = 0  # gold relations, in-laws excluded
    recalled: int = 0
    predicted: int = 0  # scored predictions
    correct: int = 0
    type_hits: int = 0  # predictions of a gold (pair, type), in-laws included
    detail_hits: int = 0
    conf_predicted: int = 0  # predictions at or above the confidence bar
    conf_correct: int = 0
    by_type: dict = field(default_factory=lambda: defaultdict(Counter))  # type -> gold/recalled/predicted/correct
    wrong: list = field(default_factory=list)  # (label, novel, a, b, confidence, evidence text)
    missed: list = field(default_factory=list)  # (label, novel, a, b, predicted for the pair)
    seconds: float = 0.0

    def add(self, other: "Tally") -> None:
        for k in ("gold", "recalled", "predicted", "correct", "type_hits", "detail_hits", "conf_predicted", "conf_correct", "seconds"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        for t, c in other.by_type.items():
            self.by_type[t].update(c)
        self.wrong += other.wrong
        self.missed += other.missed

    @property
    def recall(self) -> float:
        return self.recalled / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"gold": self.gold, "recalled": self.recalled, "recall": round(self.recall, 3),
                "predicted": self.predicted, "correct": self.correct, "precision": round(self.precision, 3),
                "f1": round(self.f1, 3), "detail_accuracy": round(self.detail_hits / self.type_hits, 3) if self.type_hits else 0.0,
                "conf_predicted": self.conf_predicted, "conf_correct": self.conf_correct}


def _gold_label(gs: list[dict]) -> str:
    return " + ".join(sorted(f"{g['type']}/{g['detail']}" for g in gs)) or "none"


def score_relations(gold: Gold, relations: Iterable[Relation], mapping: dict[str, str], text: str = "",
                    min_confidence: float = 0.8) -> Tally:
    """Score ``relations`` (ids mapped to gold Main Names by ``mapping``) against ``gold``."""
    best: dict[tuple[frozenset, str], Relation] = {}
    for r in relations:
        if r.type not in SCORED:
            continue
        a, b = mapping.get(r.a), mapping.get(r.b)
        if a is None or b is None or a == b or a not in gold.scope or b not in gold.scope:
            continue
        key = (frozenset((a, b)), r.type)
        if key not in best or r.confidence > best[key].confidence:
            best[key] = r
    t = Tally()
    for (pair, type_), g in gold.relations.items():
        if g["detail"] == "in-laws":
            continue
        t.gold += 1
        t.by_type[type_]["gold"] += 1
        if (pair, type_) in best:
            t.recalled += 1
            t.by_type[type_]["recalled"] += 1
        else:
            said = [f"{r.type}/{norm_detail(r.detail)}" for (p, _), r in best.items() if p == pair]
            a, b = sorted(pair)
            t.missed.append((f"{type_}/{g['detail']}", gold.novel, a, b, ", ".join(said) or "nothing"))
    for (pair, type_), r in best.items():
        t.predicted += 1
        t.by_type[type_]["predicted"] += 1
        ok = (pair, type_) in gold.relations
        if r.confidence >= min_confidence:
            t.conf_predicted += 1
            t.conf_correct += ok
        if ok:
            t.correct += 1
            t.by_type[type_]["correct"] += 1
            t.type_hits += 1
            t.detail_hits += norm_detail(r.detail) == gold.relations[(pair, type_)]["detail"]
        else:
            ev = " | ".join(" ".join(text[max(0, e.start - 30): e.end + 20].split()) for e in r.evidence[:2]) if text else ""
            label = f"{r.type}/{norm_detail(r.detail) or '-'} vs gold {_gold_label(gold.types_of(pair))}"
            a, b = mapping[r.a], mapping[r.b]
            t.wrong.append((label, gold.novel, a, b, r.confidence, ev))
    return t


Predictor = Callable[[Inputs], Sequence[Relation]]


def evaluate(novel: str, mode: str, predict: Predictor = product, cache: bool = True, loaded=None,
             min_confidence: float = 0.8) -> Tally:
    inp = stage_inputs(novel, mode, cache, loaded)
    t0 = time.perf_counter()
    rels = predict(inp)
    secs = time.perf_counter() - t0
    tally = score_relations(load_gold(novel), rels, inp.mapping, inp.text, min_confidence)
    tally.seconds = secs
    return tally


def score(novel: str, mode: str) -> dict:
    """The shipped relation stage on one novel in one mode, scored (for tests: the shipped weights were
    fitted on this novel too, so this guards against regressions; it is no leave-one-out figure)."""
    return evaluate(novel, mode).as_dict()


# --- printing ---------------------------------------------------------------------------------------

HEADER = f"{'novel':28s} {'gold':>4s} {'hit':>4s} {'R':>5s} {'pred':>4s} {'ok':>4s} {'P':>5s} {'F1':>5s} {'det':>5s} {'P@.8':>9s} {'sec':>5s}"


def row(name: str, t: Tally) -> str:
    d = t.as_dict()
    pc = f"{t.conf_correct}/{t.conf_predicted}"
    return (f"{name:28s} {t.gold:4d} {t.recalled:4d} {d['recall']:5.3f} {t.predicted:4d} {t.correct:4d} {d['precision']:5.3f} "
            f"{d['f1']:5.3f} {d['detail_accuracy']:5.3f} {pc:>9s} {t.seconds:5.1f}")


def report(mode: str, tallies: dict[str, Tally], errors: bool = False, top: int = 15, out=sys.stdout) -> Tally:
    total = Tally()
    print(f"\n== mode: {mode} ==", file=out)
    print(HEADER, file=out)
    for n, t in tallies.items():
        print(row(n, t), file=out)
        total.add(t)
    print(row("OVERALL (micro)", total), file=out)
    pc = total.conf_correct / total.conf_predicted if total.conf_predicted else 0.0
    print(f"precision among confidence >= bar: {pc:.3f} ({total.conf_correct} of {total.conf_predicted})", file=out)
    print(f"\n{'type':14s} {'gold':>4s} {'hit':>4s} {'R':>5s} {'pred':>4s} {'ok':>4s} {'P':>5s}", file=out)
    for type_ in SCORED:
        c = total.by_type[type_]
        r = c["recalled"] / c["gold"] if c["gold"] else 0.0
        p = c["correct"] / c["predicted"] if c["predicted"] else 0.0
        print(f"{type_:14s} {c['gold']:4d} {c['recalled']:4d} {r:5.3f} {c['predicted']:4d} {c['correct']:4d} {p:5.3f}", file=out)
    print(f"\nmost frequent wrong predictions ({len(total.wrong)}):", file=out)
    for label, n in Counter(w[0] for w in total.wrong).most_common(top):
        print(f"  {n:4d}  {label}", file=out)
    print(f"most frequent misses ({len(total.missed)}):", file=out)
    for label, n in Counter(f"{m[0]} (predicted: {m[4]})" for m in total.missed).most_common(top):
        print(f"  {n:4d}  {label}", file=out)
    if errors:
        print("\nwrong predictions:", file=out)
        for label, novel, a, b, conf, ev in sorted(total.wrong):
            print(f"  [{label}] {novel}: {a} – {b} ({conf:.2f})  {ev}", file=out)
        print("\nmisses:", file=out)
        for label, novel, a, b, said in sorted(total.missed):
            print(f"  [{label}] {novel}: {a} – {b}; predicted: {said}", file=out)
    return total


def run(chosen: Sequence[str], modes: Sequence[str], predict_for: Callable[[str], Predictor], cache: bool = True,
        min_confidence: float = 0.8, errors: bool = False) -> dict[str, Tally]:
    tallies: dict[str, dict[str, Tally]] = {m: {} for m in modes}
    for n in chosen:
        loaded = load_text(n)
        for m in modes:
            tallies[m][n] = evaluate(n, m, predict_for(n), cache, loaded, min_confidence)
        print(f"scored {n}", file=sys.stderr, flush=True)
    return {m: report(m, tallies[m], errors) for m in modes}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mode", choices=("roster", "e2e", "both"), default="both")
    ap.add_argument("--novels", default="", help="comma-separated PDNC novel names (default: all 22)")
    ap.add_argument("--errors", action="store_true", help="list every wrong prediction and miss")
    ap.add_argument("--no-cache", action="store_true", help="recompute the e2e cast and quotes")
    ap.add_argument("--min-confidence", type=float, default=0.8, help="the confidence bar of the P@bar column")
    ap.add_argument("--shipped", action="store_true", help="the shipped weights on every novel (not leave-one-out)")
    args = ap.parse_args()
    chosen = [n for n in args.novels.split(",") if n] or novels()
    modes = MODES if args.mode == "both" else (args.mode,)
    t = time.perf_counter()
    if args.shipped:
        print("relation stage: personae.relations.find_relations with the shipped weights (NOT leave-one-out)")
        predict_for = lambda n: product  # noqa: E731
    else:
        import train_relations as tr

        # The model is refitted without each novel, on the other 21 novels' rows of both modes.
        samples = tr.load_samples(novels(), MODES, not args.no_cache)
        golds = {n: load_gold(n) for n in novels()}
        models = {n: tr.fit([s for (n2, _), s in samples.items() if n2 != n], golds) for n in chosen}
        print(f"relation stage: personae.relations.find_relations, weights refitted leave-one-novel-out "
              f"(rows ready in {time.perf_counter() - t:.0f} s); relations shown at confidence >= "
              f"{_show_confidence()}")
        predict_for = lambda n: (lambda inp: product(inp, models[n]))  # noqa: E731
    run(chosen, modes, predict_for, not args.no_cache, args.min_confidence, args.errors)
    print(f"\n{time.perf_counter() - t:.0f} s")


def _show_confidence() -> float:
    from personae.relations import RelationSettings

    return RelationSettings().show_confidence


if __name__ == "__main__":
    main()
