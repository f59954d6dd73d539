"""Identity check for refactors of the structure stage: every Structure detected on many inputs, and a diff.

    .venv/bin/python benchmarks/structure_snapshot.py save OUT.json [--windows 3000]
    .venv/bin/python benchmarks/structure_snapshot.py diff A.json B.json

``benchmarks/snapshot.py`` records every stage on four works; structure rules fire on far more kinds of
text than four works hold. This records ``repr(detect_structure(doc))`` for: the sample fan fiction, the
22 PDNC novels, the 100 LitBank texts, the bundled sample, the HTML fixtures and the EPUBs the ingest
tests build (the format-sections path); each plain text again with the chapters, headings, notes and
scene breaks found in it given as format sections (that path on real text); and ``--windows`` random
stretches of those texts (5 to 800 lines), some mutated (blank lines dropped, tabs added, lone "\\r"
line ends, lines in capitals, extra blank runs, headings, breaks, salutations and notes inserted), from a
fixed seed. ``diff`` prints ``identical`` or the differing inputs.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO.parent / "shared").resolve()
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests"))

# Lines dropped into windows of text to exercise the rules for headings, breaks, letters and notes.
_INSERTS = ["II.\n", "PART ONE\n", "Prologue\n", "A/N: thanks\n", "Dear Sir,\n", "Yours truly,\n", "-Anna\n", "Contents\n", "THE END\n"]


def _files() -> list[tuple[str, Path]]:
    out = [("fanfic", SHARED / "samples" / "fanfic-lover-after-me.txt")]
    out += [(d.name, d / "novel_text.txt") for d in sorted((SHARED / "corpora" / "pdnc").iterdir()) if (d / "novel_text.txt").exists()]
    out += [(p.stem, p) for p in sorted((SHARED / "corpora" / "litbank" / "original").glob("*.txt"))]
    out.append(("sample", REPO / "src" / "personae" / "sample" / "a-scandal-in-bohemia.txt"))
    out += [(p.name, p) for p in sorted((REPO / "tests" / "fixtures").glob("*.html"))]
    return [(name, p) for name, p in out if p.exists()]


def _as_sections(doc, s, rng):
    """The structure found in a plain text, stated as format sections (as an HTML/EPUB reader would)."""
    from personae.document import Section

    secs = []
    for i, c in enumerate(s.chapters):
        end = s.chapters[i + 1].start if i + 1 < len(s.chapters) else doc.body_span.end
        title = c.title if i % 3 else (doc.text[c.heading.start : c.heading.end] if c.heading else None)
        secs.append(Section("chapter", c.start, end, title))
        if c.heading is not None and i % 2:
            secs.append(Section("heading", c.heading.start, c.heading.end))
    secs += [Section(b.kind, b.start, b.end) for b in s.blocks if b.kind in ("author_note", "front_matter") and rng.random() < 0.5]
    secs += [Section("scene_break", max(c.start, sc.start - 3), sc.start) for c in s.chapters for sc in c.scenes[1:]]
    return replace(doc, sections=tuple(secs))


def _window(texts: list[str], rng: random.Random) -> str:
    lines = rng.choice(texts).splitlines(keepends=True)
    a = rng.randrange(len(lines))
    seg = lines[a : a + rng.choice([5, 20, 60, 200, 800])]
    mut = rng.random()
    if mut < 0.15:
        seg = [ln.rstrip("\r\n") + "\n" if ln.strip() else "\n" for ln in seg if ln.strip() or rng.random() < 0.3]
    elif mut < 0.25:
        seg = [("\t" + ln.lstrip()) if ln.strip() and rng.random() < 0.7 else ln for ln in seg]
    elif mut < 0.32:
        seg = [ln.replace("\r\n", "\n").replace("\n", "\r") for ln in seg]
    elif mut < 0.40:
        seg = [ln.upper() if rng.random() < 0.1 else ln for ln in seg]
    elif mut < 0.48:
        seg = [ln + "\n\n\n\n" if rng.random() < 0.05 else ln for ln in seg]
    elif mut < 0.55:
        seg = [
            ("* * *\n" if rng.random() < 0.5 else rng.choice(["Chapter %d\n" % rng.randrange(30), *_INSERTS])) if rng.random() < 0.03 else ln
            for ln in seg
        ]
    return "".join(seg)


def save(out_path: str, windows: int) -> int:
    import ingest_builders as builders

    from personae.ingest import from_string, load
    from personae.structure import detect_structure

    out: dict[str, str] = {}
    docs = {}
    for name, path in _files():
        docs[name] = load(path)
        out[name] = repr(detect_structure(docs[name]))
    with tempfile.TemporaryDirectory() as tmp:
        for make, kw in [
            (builders.fanficfare_epub, {}),
            (builders.fanficfare_epub, {"notes": True}),
            (builders.ao3_epub, {}),
            (builders.ao3_epub, {"flow_split": True}),
            (builders.gutenberg_epub, {}),
        ]:
            path = make(Path(tmp) / f"{make.__name__}{len(kw)}.epub", **kw)
            out[path.name] = repr(detect_structure(load(path)))
    rng = random.Random(7)
    plain = {name: d for name, d in docs.items() if not d.sections}
    for name, d in plain.items():
        doc = _as_sections(d, detect_structure(d), rng)
        if doc.sections:
            out[name + "#sections"] = repr(detect_structure(doc))
    texts = [d.text for d in plain.values()]
    for k in range(windows):
        text = _window(texts, rng)
        if text.strip():
            out[f"window{k}"] = repr(detect_structure(from_string(text)))
    Path(out_path).write_text(json.dumps(out, indent=0, sort_keys=True), encoding="utf-8")
    print(f"wrote {out_path}: {len(out)} structures")
    return 0


def diff(a_path: str, b_path: str) -> int:
    a = json.loads(Path(a_path).read_text(encoding="utf-8"))
    b = json.loads(Path(b_path).read_text(encoding="utf-8"))
    changed = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    if not changed:
        print("identical")
        return 0
    print(f"{len(changed)} of {len(a.keys() | b.keys())} structures differ: {', '.join(changed[:20])}")
    return 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("save")
    s.add_argument("out")
    s.add_argument("--windows", type=int, default=3000)
    d = sub.add_parser("diff")
    d.add_argument("a")
    d.add_argument("b")
    args = ap.parse_args()
    return save(args.out, args.windows) if args.cmd == "save" else diff(args.a, args.b)


if __name__ == "__main__":
    raise SystemExit(main())
