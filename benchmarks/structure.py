"""Structure detection on the sample fan fiction and the 22 PDNC novels: chapters, scenes, blocks,
words, time, and chapter counts checked by hand.

    .venv/bin/python benchmarks/structure.py

Needs ../shared (the sample fan fiction and PDNC); prints one row per work.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from personae.ingest import load
from personae.structure import detect_structure

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FANFIC = SHARED / "samples" / "fanfic-lover-after-me.txt"
PDNC = SHARED / "corpora" / "pdnc"

# Chapter counts a reader would give, checked by hand: grep for the heading lines
# (`grep -cE '^\s*CHAPTER\s*[IVXLC0-9]*\.?\s*$|^Chapter [IVXLC]+:|^[IVXLC]+\.?$' novel_text.txt`) and
# reading the text around the first and last heading, the volume/part breaks and the front matter.
EXPECTED_CHAPTERS = {
    # Prologue + "Chapter 1:  Lover After Me", "Chapter 2: ...", "Chapter 3:  Unlovable" (read the file).
    "fanfic-lover-after-me": 4,
    # Vol. I has CHAPTER I-XXIII, vol. II I-XIX, vol. III I-XIX; volume title pages in between.
    "PrideAndPrejudice": 61,
    # VOLUME I: CHAPTER I-XVIII, II: I-XVIII, III: I-XIX.
    "Emma": 55,
    # CHAPTER I-VII; the "[I]", "[II]" lines inside chapters are numbered sections (scenes).
    "AHandfulOfDust": 7,
    # "Book I" / "Book II" over bare numerals "I." ... "XXXIV." (numbering runs across both books).
    "TheAgeOfInnocence": 34,
    # PART I and PART II only: the parts are the chapters.
    "DaisyMiller": 2,
    # BOOK I-III over "CHAPTER" with the number centred on the next line: 7 + 11 + 1 headings.
    "TheSunAlsoRises": 19,
    # PART ONE / Part Two over "Chapter I: The Bertolini" ... "Chapter XX: The End of the Middle Ages".
    "ARoomWithAView": 20,
    # Bare numerals I ... XVII after a title page.
    "TheGambler": 17,
    # CHAPTER I.-XV. after a dedication poem (front matter).
    "TheManWhoWasThursday": 15,
    # CHAPTER I.-XXVIII. and "THE EPILOGUE".
    "TheInvisibleMan": 29,
}


def works() -> list[tuple[str, Path]]:
    out = [("fanfic-lover-after-me", FANFIC)] if FANFIC.exists() else []
    if PDNC.exists():
        out += [(d.name, d / "novel_text.txt") for d in sorted(PDNC.iterdir()) if (d / "novel_text.txt").exists()]
    return out


def main() -> int:
    rows = works()
    if not rows:
        print(f"no data under {SHARED}", file=sys.stderr)
        return 1
    head = f"{'work':<30} {'chap':>4} {'exp':>4} {'scenes':>6} {'words':>8} {'ms':>6}  blocks"
    print(head)
    print("-" * len(head))
    checked = right = 0
    total_ms = 0.0
    for name, path in rows:
        doc = load(path)
        t0 = time.perf_counter()
        s = detect_structure(doc)
        ms = 1000 * (time.perf_counter() - t0)
        total_ms += ms
        words = sum(len(doc.text[p.start : p.end].split()) for p in s.story_paragraphs())
        kinds = Counter(b.kind for b in s.blocks)
        exp = EXPECTED_CHAPTERS.get(name)
        if exp is not None:
            checked += 1
            right += exp == len(s.chapters)
        mark = "" if exp is None else ("" if exp == len(s.chapters) else " MISMATCH")
        blocks = " ".join(f"{k}={kinds[k]}" for k in sorted(kinds))
        print(
            f"{name:<30} {len(s.chapters):>4} {exp if exp is not None else '-':>4} "
            f"{sum(len(c.scenes) for c in s.chapters):>6} {words:>8} {ms:>6.0f}  {blocks}{mark}"
        )
    print("-" * len(head))
    print(f"hand-checked chapter counts right: {right}/{checked}; mean time {total_ms / len(rows):.0f} ms per work")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
