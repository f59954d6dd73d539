"""Hostile and pathological input (issue 14) at two sizes: time and peak memory, so that linear behaviour
is visible (doubling the input should at most about double the time and the memory above start-up).

    .venv/bin/python benchmarks/adversarial.py [--cases quotes,single-line,...] [--keep DIR]

Each case generates its input at size N and 2N and runs one ``personae`` command on it in a fresh child
process (``python -m personae.cli ...``). Printed per run: CPU seconds of the process tree (the command
and spaCy's worker processes; on a shared machine this, not the wall time, is what the input costs),
wall seconds, peak resident memory of the whole tree (sampled from /proc every 50 ms), and how the
command ended (``ok``, or the one line it refused the input with). Per case: the ratio of the 2N run to
the N run, for CPU time and memory, both raw and net of a baseline run (the same command on a
three-line story: start-up, and for ``analyze`` model loading). ``--repeat R`` runs each size R times and
keeps the least CPU time (the most memory): other processes on the machine only ever add to either.

Cases: quote and symbol runs (item 1), an EPUB bomb and an EPUB whose members lie about their size
(items 2, 5), a single line without newlines and thousands of scene-break lines (item 3), a long roster
alias (item 4), deeply nested HTML (item 14) and a deeply nested roster (item 15).
"""

from __future__ import annotations

import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from importlib.resources import files
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

SAMPLE = (files("personae") / "sample" / "a-scandal-in-bohemia.txt").read_text(encoding="utf-8")
STORY = "Chapter 1\n\n“Come in,” said Anna to Ben.\n\n“No,” Ben said. Anna smiled at him.\n\n"


def prose(chars: int) -> str:
    return (SAMPLE * (chars // len(SAMPLE) + 1))[:chars]


def one_line(chars: int) -> str:
    flat = " ".join(SAMPLE.split())
    return (" ".join([flat] * (chars // len(flat) + 1)))[:chars]


def epub(path: Path, documents: list[bytes | str], stated: int | None = None) -> Path:
    """A plain EPUB 2 with these XHTML documents, zipped by hand (EbookLib's writer re-serialises documents
    and drops what lies deeper than 256 elements); with ``stated``, every document's zip headers claim
    that size (a lying archive). tests/test_adversarial.py builds its EPUBs with this too."""
    items = "".join(f'<item id="c{n}" href="c{n}.xhtml" media-type="application/xhtml+xml"/>' for n in range(len(documents)))
    spine = "".join(f'<itemref idref="c{n}"/>' for n in range(len(documents)))
    opf = (
        '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">bench</dc:identifier>'
        f"<dc:title>Bench</dc:title><dc:language>en</dc:language></metadata><manifest>{items}</manifest><spine>{spine}</spine></package>"
    )
    container = (
        '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", container)
        z.writestr("OEBPS/content.opf", opf)
        for n, doc in enumerate(documents):
            z.writestr(f"OEBPS/c{n}.xhtml", doc)
    if stated is not None:
        data = bytearray(path.read_bytes())
        for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            at = data.find(sig)
            while at >= 0:
                name_len = struct.unpack_from("<H", data, at + (26 if sig == b"PK\x03\x04" else 28))[0]
                name_at = at + (30 if sig == b"PK\x03\x04" else 46)
                if data[name_at : name_at + name_len].endswith(b".xhtml"):
                    struct.pack_into("<I", data, at + offset, stated)
                at = data.find(sig, at + 4)
        path.write_bytes(bytes(data))
    return path


def xhtml(body_bytes: int) -> bytes:
    para = b"<p>All work and no play makes Jack a dull boy, said Anna.</p>\n"
    return b"<html><body><h2>Chapter</h2>" + para * (body_bytes // len(para)) + b"</body></html>"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# Each case: (name, issue item, label of the size unit, (N, 2N), build(folder, n) -> argv after `personae`).
def _quotes(mark: str):
    return lambda d, n: ["analyze", str(write(d / "q.txt", STORY + mark * n + "\n")), "-q", "--json", str(d / "o.json")]


def _analyze(text_of):
    return lambda d, n: ["analyze", str(write(d / "w.txt", text_of(n))), "-q", "--json", str(d / "o.json")]


def _alias(d: Path, n: int) -> list[str]:
    text = prose(100_000)
    words = text.split()
    roster = [{"id": "holmes", "name": "Sherlock Holmes", "aliases": ["Holmes"]},
              {"id": "long", "name": " ".join(["the", *words[1000 : 1000 + n - 1]])}]
    (d / "roster.json").write_text(json.dumps(roster), encoding="utf-8")
    return ["analyze", str(write(d / "w.txt", text)), "-q", "--json", str(d / "o.json"), "--characters", str(d / "roster.json")]


def _bomb(d: Path, n: int) -> list[str]:
    return ["text", str(epub(d / "bomb.epub", [xhtml(n)]))]


def _epub_text(d: Path, n: int) -> list[str]:
    return ["text", str(epub(d / "book.epub", [xhtml(n // 4)] * 4))]


def _liar(d: Path, n: int) -> list[str]:
    return ["text", str(epub(d / "liar.epub", [xhtml(n)], stated=1000))]


def _deep_html(d: Path, n: int) -> list[str]:
    page = "<html><body><h2>Chapter 1</h2><p>Anna came in.</p>" + "<div>" * n + "Deep." + "</div>" * n + "</body></html>"
    return ["text", str(write(d / "deep.html", page))]


def _deep_roster(d: Path, n: int) -> list[str]:
    (d / "roster.json").write_text("[" * n + "]" * n, encoding="utf-8")
    return ["analyze", str(write(d / "w.txt", STORY)), "-q", "--json", str(d / "o.json"), "--characters", str(d / "roster.json")]


CASES = [
    ("quotes", "1", '" marks', (10_000, 20_000), _quotes('"')),
    ("curly-quotes", "1", "“ marks", (10_000, 20_000), _quotes("“")),
    # Inside a sentence: a line of symbols alone is a scene break, never shown to spaCy.
    ("symbols", "1", "chars of ?!*()", (10_000, 20_000), _analyze(lambda n: STORY + "Anna shouted " + ("?!*()" * n)[:n] + " and left.\n")),
    ("long-token", "1", "chars, no space", (1_000_000, 2_000_000), _analyze(lambda n: STORY + ("http://example.org/a:b/" * n)[:n] + "\n")),
    ("single-line", "3", "chars, 1 line", (1_000_000, 2_000_000), _analyze(one_line)),
    ("in-paragraphs", "3", "chars, prose", (1_000_000, 2_000_000), _analyze(prose)),
    ("break-lines", "3", "'* * *' lines", (50_000, 100_000), _analyze(lambda n: "Anna smiled.\n\n" + "* * *\n" * n)),
    ("roster-alias", "4", "alias words", (250, 500), _alias),
    ("epub-bomb", "2", "bytes of XHTML", (100_000_000, 200_000_000), _bomb),
    ("epub-text", "2", "bytes of XHTML", (8_000_000, 16_000_000), _epub_text),
    ("epub-liar", "5", "bytes inflated", (256_000_000, 512_000_000), _liar),
    ("deep-html", "14", "nested divs", (50_000, 100_000), _deep_html),
    ("deep-roster", "15", "nested lists", (100_000, 200_000), _deep_roster),
]


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
    return total


def measure(argv: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """CPU seconds of the process tree, wall seconds, peak tree RSS (bytes), how the command ended."""
    t0 = time.perf_counter()
    err_path = cwd / ".stderr"
    with open(err_path, "wb") as err_file:
        p = subprocess.Popen([sys.executable, "-m", "personae.cli", *argv], cwd=cwd, stdout=subprocess.DEVNULL, stderr=err_file)
        peak = 0
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss(p.pid))
            time.sleep(0.05)
    wall = time.perf_counter() - t0
    # The child's usage includes the worker processes it waited for (spaCy's n_process).
    cpu = usage.ru_utime + usage.ru_stime
    code = os.waitstatus_to_exitcode(status)
    err = err_path.read_text(encoding="utf-8", errors="replace").replace(f"{cwd}/", "").strip().splitlines()
    err_path.unlink()
    end = "ok" if code == 0 else f"exit {code}: {(err[-1] if err else '')[:100]}"
    return cpu, wall, peak, end


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default=",".join(c[0] for c in CASES), help="comma-separated case names")
    ap.add_argument("--keep", type=Path, default=None, help="keep the generated inputs in this folder")
    ap.add_argument("--repeat", type=int, default=1, help="runs per size; the least CPU time is kept")
    args = ap.parse_args()
    chosen = args.cases.split(",")
    unknown = set(chosen) - {c[0] for c in CASES}
    if unknown:
        sys.exit(f"unknown cases: {', '.join(sorted(unknown))}; known: {', '.join(c[0] for c in CASES)}")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        base = work / "baseline"
        base.mkdir(parents=True, exist_ok=True)
        baseline = {}
        for command in ("analyze", "text"):
            argv = [command, str(write(base / "s.txt", STORY))] + (["-q", "--json", str(base / "o.json")] if command == "analyze" else [])
            runs = [measure(argv, base) for _ in range(args.repeat)]
            b_s, b_w, b_m, b_end = min(runs)
            baseline[command] = (b_s, b_m)
            print(f"baseline `{command}` of a three-line story: {b_s:.1f} CPU s ({b_w:.1f} s wall), peak {b_m / 2**20:.0f} MB, {b_end}")
        print(f"{'case':<14} {'item':>4} {'size':>13} {'unit':<16} {'CPU s':>7} {'wall s':>7} {'peak MB':>8}  end")
        for name, item, unit, sizes, build in CASES:
            if name not in chosen:
                continue
            runs = []
            for n in sizes:
                folder = work / f"{name}-{n}"
                folder.mkdir(parents=True, exist_ok=True)
                argv = build(folder, n)
                tries = [measure(argv, folder) for _ in range(args.repeat)]
                seconds, wall, _, end = min(tries)
                peak = max(t[2] for t in tries)
                runs.append((seconds, peak))
                print(f"{name:<14} {item:>4} {n:>13,} {unit:<16} {seconds:7.1f} {wall:7.1f} {peak / 2**20:8.0f}  {end}", flush=True)
                if args.keep is None:
                    for f in folder.iterdir():
                        f.unlink()
            (s1, m1), (s2, m2) = runs
            b_s, b_m = baseline[argv[0]]
            # Net of the baseline only where the run costs clearly more than starting up.
            net_t = f"{(s2 - b_s) / (s1 - b_s):.2f}x" if s1 - b_s > 2 else "-"
            net_m = f"{(m2 - b_m) / (m1 - b_m):.2f}x" if m1 - b_m > 50 * 2**20 else "-"
            print(f"{'':<14} {'':>4} {'2N / N:':>13} {'':<16} {s2 / s1:6.2f}x {'':>7} {m2 / m1:7.2f}x  "
                  f"net of baseline: CPU time {net_t}, memory {net_m}", flush=True)


if __name__ == "__main__":
    main()
