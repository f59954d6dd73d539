"""Identity check for refactors: everything the stages produce, written to one JSON file, and a diff of two.

    .venv/bin/python benchmarks/snapshot.py save OUT.json [--works DaisyMiller,Persuasion,PrideAndPrejudice,fanfic]
    .venv/bin/python benchmarks/snapshot.py diff A.json B.json

For each work (PDNC novels by name, ``fanfic`` for the shared sample) and each mode (``roster``: PDNC's
character_info.csv as the given cast; ``e2e``: the cast personae discovers; the fan fiction has e2e
only), ``save`` records:

- the whole ``personae.analyze`` result (the personae/1 dict) plus every mention (start, end, character, kind,
  confidence), the parse read from the benchmarks' cache;
- the cast as ``build_cast`` returns it, before speaker attribution (characters and mentions);
- every speaker feature row: per quote its candidate ids and feature vector (by ``FEATURES`` name), its
  tag and vocatives, and the conversation ids.

A refactor that claims "no behaviour change" shows ``diff`` printing ``identical``. When an internal API
moves, update the adapter functions below (``_stages`` and ``_speaker_rows``), never the recorded format.
The run is made with PYTHONHASHSEED=0 (re-executed if needed) so set iteration order is fixed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Resolved: a worktree's ../shared is a link to the main checkout's, and the analysis records its source
# path, so snapshots taken in any worktree compare with those taken in the main checkout.
SHARED = (REPO.parent / "shared").resolve()
PDNC = SHARED / "corpora" / "pdnc"
FANFIC = SHARED / "samples" / "fanfic-lover-after-me.txt"
CACHE = "/tmp/personae-parse-cache"
DEFAULT_WORKS = "DaisyMiller,Persuasion,PrideAndPrejudice,fanfic"
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))


def _round(x):
    """Floats rounded so that a refactor reordering a sum does not show as a change."""
    if isinstance(x, float):
        return round(x, 9)
    if isinstance(x, dict):
        return {k: _round(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_round(v) for v in x]
    return x


def _use_parse_cache() -> None:
    import personae.language as language

    real = language.parse

    def cached(text, paragraphs, n_process=1, batch_size=64):
        language.parse = real  # parse_cached parses what is missing with the real parse
        try:
            return language.parse_cached(text, paragraphs, CACHE)
        finally:
            language.parse = cached

    language.parse = cached


def _source(work: str):
    from personae import ingest

    return ingest.load(FANFIC if work == "fanfic" else PDNC / work / "novel_text.txt")


def _roster(work: str, mode: str):
    if mode != "roster":
        return None
    from relations import pdnc_roster

    return pdnc_roster(work)


def _mentions(ms) -> list:
    return [[m.start, m.end, m.character, m.kind, m.confidence] for m in ms]


def _stages(doc, roster):
    """Adapter: (cast as build_cast returns it, speaker feature rows) with today's stage APIs."""
    from personae.cast import build_cast
    from personae.context import Story
    from personae.language import parse
    from personae.quotes import find_quotes
    from personae.speakers import quote_features
    from personae.structure import detect_structure

    structure = detect_structure(doc)
    paragraphs = structure.story_paragraphs()
    story = Story(doc.text, structure, parse(doc.text, paragraphs)).with_quotes(find_quotes(doc.text, paragraphs))
    cast = build_cast(story, roster)
    listed = {c.id for c in roster} if roster else None
    feats, conv = quote_features(story.with_cast(cast), listed)
    return cast, _speaker_rows(feats), list(conv)


def _speaker_rows(feats) -> list:
    """Adapter: one row per quote from whatever ``quote_features`` returns."""
    from personae.speakers import FEATURES

    rows = []
    for f in feats:
        tag, vocs, cands = f.tag, f.vocatives, f.candidates
        rows.append({
            "tag": None if tag is None else {k: v for k, v in sorted(vars(tag).items())},
            "vocatives": list(vocs),
            "ids": list(cands.ids),
            "X": [{f: float(v) for f, v in zip(FEATURES, row) if v} for row in cands.X],
            "flags": [cands.after_narration, cands.bare, list(cands.genders), list(cands.vocatives)],
        })
    return rows


def save(out: Path, works: list[str]) -> None:
    import personae

    _use_parse_cache()
    snap = {}
    for work in works:
        doc = _source(work)
        for mode in (("e2e",) if work == "fanfic" else ("roster", "e2e")):
            roster = _roster(work, mode)
            a = personae.analyze(doc, roster=roster)
            cast, rows, conv = _stages(doc, roster)
            snap[f"{work}/{mode}"] = _round({
                "analysis": a.to_dict(),
                "mentions": _mentions(a.mentions),
                "cast": {"characters": [vars(c) if hasattr(c, "__dict__") else repr(c) for c in cast.characters],
                         "mentions": _mentions(cast.mentions)},
                "speaker_rows": rows,
                "conversations": conv,
            })
            print(f"{work}/{mode}: {len(a.quotes)} quotes, {len(a.characters)} characters, "
                  f"{len(a.relations)} relations", file=sys.stderr)
    out.write_text(json.dumps(snap, sort_keys=True, default=repr), encoding="utf-8")
    print(f"wrote {out}")


def _first_difference(a, b, path: str = "") -> str | None:
    if type(a) is not type(b):
        return f"{path}: {a!r:.200} != {b!r:.200}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}/{k}: only in {'B' if k not in a else 'A'}"
            d = _first_difference(a[k], b[k], f"{path}/{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = _first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None if len(a) == len(b) else f"{path}: length {len(a)} != {len(b)}"
    return None if a == b else f"{path}: {a!r:.200} != {b!r:.200}"


def diff(a_path: Path, b_path: Path) -> int:
    a = json.loads(a_path.read_text(encoding="utf-8"))
    b = json.loads(b_path.read_text(encoding="utf-8"))
    bad = 0
    for key in sorted(set(a) | set(b)):
        if key not in a or key not in b:
            print(f"{key}: only in {'B' if key not in a else 'A'}")
            bad += 1
            continue
        for part in sorted(set(a[key]) | set(b[key])):
            d = _first_difference(a[key].get(part), b[key].get(part), f"{key}/{part}")
            if d:
                print(d)
                bad += 1
    print("identical" if not bad else f"{bad} parts differ")
    return 1 if bad else 0


def main() -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("save")
    s.add_argument("out", type=Path)
    s.add_argument("--works", default=DEFAULT_WORKS)
    d = sub.add_parser("diff")
    d.add_argument("a", type=Path)
    d.add_argument("b", type=Path)
    args = ap.parse_args()
    if args.cmd == "save":
        save(args.out, [w for w in args.works.split(",") if w])
        return 0
    return diff(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
