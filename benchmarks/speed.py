"""Speed and memory: the whole ``personae.analyze`` against the spaCy parse alone, on the same text.

    .venv/bin/python benchmarks/speed.py [--novel Emma] [--fanfic] [--words 200000]

For each text, two fresh child processes (so peak memory is not shared): (1) spaCy ``en_core_web_sm``
(``personae.language.load_nlp()``) ``nlp.pipe(story paragraphs, n_process=2)`` alone; (2) the whole
``personae.analyze`` (no parse cache). Prints words/second of each, their ratio, and each child's peak
resident memory (its own and its worker processes', from ``resource.getrusage``). ``--words`` repeats
the novel's text until it is at least that long (for the 200k-word memory target).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def child(kind: str, path: str) -> None:
    sys.path.insert(0, str(REPO / "src"))
    from personae import analyze, ingest
    from personae.language import load_nlp
    from personae.structure import detect_structure

    doc = ingest.load(path)
    story = detect_structure(doc).story_paragraphs()
    words = sum(len(doc.text[p.start : p.end].split()) for p in story)
    if kind == "spacy":
        nlp = load_nlp()
        t0 = time.perf_counter()
        for _ in nlp.pipe((doc.text[p.start : p.end] for p in story), batch_size=64, n_process=2):
            pass
        secs = time.perf_counter() - t0
    else:
        load_nlp()  # both sides exclude the model load
        t0 = time.perf_counter()
        a = analyze(doc)
        secs = time.perf_counter() - t0
        assert a.quotes is not None
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"words": words, "secs": secs, "peak_mb": own / 1024, "children_peak_mb": kids / 1024}))


def measure(kind: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(label: str, path: Path) -> None:
    sp = measure("spacy", path)
    an = measure("analyze", path)
    w = an["words"]
    print(
        f"{label}: {w} words | spaCy alone {w / sp['secs']:,.0f} w/s ({sp['secs']:.1f} s) | "
        f"analyze {w / an['secs']:,.0f} w/s ({an['secs']:.1f} s) | ratio analyze/spaCy = {an['secs'] / sp['secs']:.2f} | "
        f"peak RSS analyze {an['peak_mb']:.0f} MB (+ workers {an['children_peak_mb']:.0f} MB), "
        f"spaCy {sp['peak_mb']:.0f} MB (+ workers {sp['children_peak_mb']:.0f} MB)",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", nargs=2, metavar=("KIND", "PATH"))
    ap.add_argument("--novel", default="Emma")
    ap.add_argument("--words", type=int, default=0, help="repeat the novel to at least this many words")
    ap.add_argument("--fanfic", action="store_true", help="also the shared fan fiction")
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    novel = SHARED / "corpora" / "pdnc" / args.novel / "novel_text.txt"
    path = novel
    if args.words:
        text = novel.read_text(encoding="utf-8")
        reps = max(1, -(-args.words // len(text.split())))
        path = Path("/tmp") / f"personae-speed-{args.novel}-{reps}x.txt"
        path.write_text("\n\n".join([text] * reps), encoding="utf-8")
    report(path.name if args.words else args.novel, path)
    if args.fanfic:
        report("fan fiction", SHARED / "samples" / "fanfic-lover-after-me.txt")


if __name__ == "__main__":
    main()
