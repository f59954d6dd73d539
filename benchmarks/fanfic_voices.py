"""Who speaks each quotation of the shared fan fiction, against a reader's gold.

    .venv/bin/python benchmarks/fanfic_voices.py [--json ANALYSIS.json]

The gold (``tests/data/fanfic_speakers.json``) has one entry per quotation-mark span of
``../shared/samples/fanfic-lover-after-me.txt``: its offsets, its speaker and addressees by the names
personae gives the cast, and for the spans personae got wrong when the gold was made, the kind of
error (``pattern``). A span is right when a part of a predicted quote covers at least half of it and
that quote's speaker has the gold speaker's name (the PDNC benchmark's rule). Prints the wrong spans,
counts per pattern and addressee agreement. ``tests/test_fanfic_voices.py`` holds the ceiling.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "data" / "fanfic_speakers.json"
FANFIC = REPO.parent / "shared" / "samples" / "fanfic-lover-after-me.txt"


@dataclass(frozen=True)
class Verdict:
    start: int
    end: int
    gold: str
    got: str | None  # None: no predicted quote covers the span
    pattern: str  # the kind of error the gold recorded for this span ("" if it was right then)
    addressee_ok: bool | None  # None: no gold addressee or not detected

    @property
    def ok(self) -> bool:
        return self.got == self.gold


def load_gold(text: str, path: Path = GOLD) -> list[dict]:
    """The gold spans; refuses a text other than the one the gold was made on (offsets would lie)."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != gold["sha256"]:
        raise ValueError(f"{path.name} was made on another version of the fan fiction (sha256 {gold['sha256'][:12]}…, got {digest[:12]}…)")
    return gold["quotes"]


def judge(gold: list[dict], quotes, names: dict[str, str]) -> list[Verdict]:
    """One verdict per gold span. ``quotes``: objects with ``parts`` (``start``/``end``), ``speaker`` and
    ``addressees`` (ids); ``names``: character id -> name."""
    parts = sorted((p.start, p.end, q) for q in quotes for p in q.parts)
    out = []
    for g in gold:
        gs, ge = g["start"], g["end"]
        hit = next((q for ps, pe, q in parts if min(pe, ge) - max(ps, gs) >= (ge - gs) / 2), None)
        got = names.get(hit.speaker) if hit is not None and hit.speaker else None
        addr = None
        if hit is not None and g["addressees"]:
            addr = bool({names.get(a) for a in hit.addressees} & set(g["addressees"]))
        out.append(Verdict(gs, ge, g["speaker"], got, g.get("pattern", ""), addr))
    return out


def report(verdicts: list[Verdict], text: str) -> str:
    wrong = [v for v in verdicts if not v.ok]
    lines = [f"{len(wrong)} of {len(verdicts)} quotation spans wrong ({sum(v.ok for v in verdicts) / len(verdicts):.3f} right)"]
    for v in wrong:
        lines.append(f"  {v.start:6d}  gold {v.gold:8s} got {str(v.got):8s} {v.pattern or 'NEW':12s} {text[v.start:v.end][:40]!r}")
    was = Counter(v.pattern for v in verdicts if v.pattern)
    now = Counter(v.pattern for v in wrong if v.pattern)
    lines.append("by the gold's error pattern (still wrong / wrong when the gold was made):")
    for p, k in sorted(was.items()):
        lines.append(f"  {p:12s} {now[p]:3d} / {k}")
    new = sum(1 for v in wrong if not v.pattern)
    lines.append(f"  {'NEW':12s} {new:3d} (right when the gold was made)")
    scored = [v for v in verdicts if v.addressee_ok is not None]
    lines.append(f"addressee among the predicted: {sum(v.addressee_ok for v in scored)} of {len(scored)}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", help="a personae/1 JSON of the fan fiction (default: analyse it now)")
    args = ap.parse_args()
    text = FANFIC.read_text(encoding="utf-8")
    gold = load_gold(text)
    if args.json:
        from types import SimpleNamespace as NS

        data = json.loads(Path(args.json).read_text(encoding="utf-8"))
        names = {c["id"]: c["name"] for c in data["characters"]}
        quotes = [NS(parts=[NS(**p) for p in q["parts"]], speaker=q["speaker"], addressees=q["addressees"]) for q in data["quotes"]]
    else:
        import personae

        a = personae.analyze(FANFIC)
        names = {c.id: c.name for c in a.characters}
        quotes = a.quotes
    print(report(judge(gold, quotes, names), text))


if __name__ == "__main__":
    sys.exit(main())
