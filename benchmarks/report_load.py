"""How fast the HTML report opens: render time in Python, file size, and the time from navigation to
'network rendered' in headless Chromium (Debian's /usr/bin/chromium via Playwright).

    .venv/bin/python benchmarks/report_load.py [Novel ...]      (default: Emma, and Emma twice over)

The Analysis comes from PDNC's gold (benchmarks/pdnc_analysis.py): real structure, ~1,600 quotes, the
gold relations; "x2" is the novel followed by itself (twice the text, quotes and chapters), to measure
beyond 200k words. Prints one line per run; the figure that matters is `rendered`, the wall time from
page.goto() to the network drawn, median of 3 loads.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pdnc_analysis import pdnc_analysis  # noqa: E402

from personae.document import Document, Span  # noqa: E402
from personae.export.html import render_html  # noqa: E402
from personae.model import Analysis, Chapter, Paragraph, Scene, Structure  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def doubled(a: Analysis) -> Analysis:
    """The work followed by itself: every record repeated with offsets shifted."""
    sep = "\n\n"
    n = len(a.text) + len(sep)
    k = len(a.structure.chapters)
    sh = lambda s: Span(s.start + n, s.end + n)  # noqa: E731
    s = a.structure
    chapters = s.chapters + tuple(
        Chapter(c.index + k, c.title, c.start + n, c.end + n, tuple(Scene(x.index, x.start + n, x.end + n) for x in c.scenes),
                sh(c.heading) if c.heading else None)
        for c in s.chapters
    )
    paras = s.paragraphs + tuple(Paragraph(p.start + n, p.end + n, p.chapter + k if p.chapter >= 0 else -1, p.scene) for p in s.paragraphs)
    quotes = a.quotes + tuple(replace(q, id=q.id + "b", start=q.start + n, end=q.end + n, parts=tuple(sh(p) for p in q.parts)) for q in a.quotes)
    doc = Document(a.text + sep + a.text, a.document.source)
    return replace(a, document=doc, structure=Structure(chapters, s.blocks, paras, s.title), quotes=quotes)


def main(novels: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    cases = []
    for novel in novels:
        a = pdnc_analysis(novel)
        cases += [(novel, a), (f"{novel} x2", doubled(a))]
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, a in cases:
            t = time.perf_counter()
            html = render_html(a)
            render_s = time.perf_counter() - t
            path = Path(tmp) / "report.html"
            path.write_text(html, encoding="utf-8")
            loads, scripts, ready = [], [], []
            for _ in range(3):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                t = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_selector("html[data-network=rendered]", timeout=60_000)
                loads.append(time.perf_counter() - t)
                page.wait_for_selector("html[data-ready]", timeout=60_000)
                ready.append(time.perf_counter() - t)
                scripts.append(page.evaluate("window.personae.timings.network") / 1000)
                page.close()
            print(
                f"{name:<16} {a.words():>8,} words {len(a.quotes):>6,} quotes {len(a.structure.chapters):>4} chapters "
                f"| html {len(html) / 1e6:5.2f} MB rendered in {render_s:5.2f} s "
                f"| browser: network rendered {statistics.median(loads):5.2f} s (median of 3; script {statistics.median(scripts):4.2f} s), "
                f"all sections {statistics.median(ready):5.2f} s"
            )
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:] or ["Emma"])
