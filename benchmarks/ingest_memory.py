"""Peak memory and time of ingest (+ structure) on a generated ~25 MB work in each input format.

Usage: python benchmarks/ingest_memory.py [--mb 25] [--keep DIR]

Builds a .txt (UTF-8), a .txt (cp1252), an .html (FanFicFare-like: <h2> chapters, <p>, <hr>) and an
.epub (one file per chapter) from a PDNC novel when ../shared is present, otherwise from the bundled
sample, repeated to the size asked. Each measurement runs in a fresh process and prints that process's
peak resident set size (ru_maxrss), so the figures do not contaminate each other.
"""

from __future__ import annotations

import argparse
import html
import subprocess
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOVEL = REPO.parent / "shared" / "corpora" / "pdnc" / "PrideAndPrejudice" / "novel_text.txt"

MEASURE = r"""
import resource, sys, time
from personae.ingest import load
from personae.structure import detect_structure
t0 = time.perf_counter()
doc = load(sys.argv[1])
t1 = time.perf_counter()
s = detect_structure(doc)
t2 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{len(doc.text):>11,} chars  {len(s.chapters):>5} chapters  ingest {t1 - t0:5.1f}s  "
      f"structure {t2 - t1:5.1f}s  peak RSS {peak:6.0f} MB")
"""


def source_text() -> str:
    if NOVEL.exists():
        return NOVEL.read_text(encoding="utf-8")
    return (files("personae") / "sample" / "a-scandal-in-bohemia.txt").read_text(encoding="utf-8")


def build(out: Path, mb: int) -> list[Path]:
    from ebooklib import epub

    src = source_text()
    size = mb * 1024 * 1024
    text = (src * (size // len(src) + 1))[:size]
    paths = []
    p = out / "big-utf8.txt"
    p.write_text(text, encoding="utf-8")
    paths.append(p)
    p = out / "big-cp1252.txt"
    p.write_bytes(text.encode("cp1252", errors="replace"))
    paths.append(p)
    paras = [html.escape(x.replace("\n", " ")) for x in src.split("\n\n") if x.strip()]
    chapters, total, i = [], 0, 0
    while total < size:
        body = "".join(f"<p>{paras[(i + k) % len(paras)]}</p>" + ("<hr/>" if k % 50 == 49 else "") for k in range(400))
        i += 400
        chapters.append(body)
        total += len(body)
    p = out / "big.html"
    p.write_text(
        "<html><head><meta charset='utf-8'><title>Big by Someone</title></head><body><h1>Big</h1>"
        + "".join(f"<h2>Chapter {n + 1}</h2>{c}" for n, c in enumerate(chapters))
        + "</body></html>",
        encoding="utf-8",
    )
    paths.append(p)
    book = epub.EpubBook()
    book.set_identifier("bench")
    book.set_title("Big")
    book.set_language("en")
    items = []
    for n, c in enumerate(chapters):
        item = epub.EpubHtml(title=f"Chapter {n + 1}", file_name=f"c{n + 1}.xhtml")
        item.content = f"<html><body><h2>Chapter {n + 1}</h2>{c}</body></html>"
        book.add_item(item)
        items.append(item)
    book.toc, book.spine = items, items
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    p = out / "big.epub"
    epub.write_epub(str(p), book)
    paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=25)
    ap.add_argument("--keep", type=Path, default=None, help="write the generated files here and keep them")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        for path in build(out, args.mb):
            mb = path.stat().st_size / 2**20
            r = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True)
            line = r.stdout.strip() or r.stderr.strip().splitlines()[-1]
            print(f"{path.name:<16} {mb:5.1f} MB file  {line}")


if __name__ == "__main__":
    main()
