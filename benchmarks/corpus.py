"""Corpus throughput on the LitBank originals, against spaCy's own rate on the same texts in the same run.

    .venv/bin/python benchmarks/corpus.py --limit 24 --chars 30000   # the short-work figures
    .venv/bin/python benchmarks/corpus.py --chars 30000              # all 100 originals, cut
    .venv/bin/python benchmarks/corpus.py                            # all 100 whole novels (~10M words: hours)

In order, on the same texts:
1. spaCy alone: ``en_core_web_sm`` ``nlp.pipe(texts, batch_size=1)`` in one fresh process, each text one
   doc (what a user of spaCy would run, in spaCy's fastest batch size for texts this long), and
   ``nlp.pipe`` of the story paragraphs ``personae`` parses, 64 to a batch (its parse alone);
2. ``personae corpus`` (``run_corpus``) with 1 worker, then 2 workers (``--workers``);
3. spaCy alone in 2 processes at once, each on half the texts: how well the parse itself scales on this
   machine, the ceiling for the corpus's scaling.

Every rate is personae's story words (the works table) per second, so the ratios are ratios of times.
"steady" times start when the model is loaded (the cluster up and warm, for personae) and end with the
last work's rows written; "with start-up" adds the model load (and the cluster start). It prints the
ratio of ``personae corpus --workers 1`` to spaCy, the scaling 2 vs 1 workers, the share of the wall time
each worker spent analysing (the rest is waiting for work), the peak memory per worker, and what that
means for a million fan fictions. Timings are only comparable within one run: other processes on the
machine slow every figure; the load average is printed at the start and the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LITBANK = REPO.parent / "shared" / "corpora" / "litbank" / "original"


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu_seconds() -> float:
    import psutil

    t = psutil.Process().cpu_times()
    return t.user + t.system


def _tree_cpu_seconds() -> float:
    """CPU seconds of this process (the client and, for a local cluster, the scheduler) and of its
    children (nannies, workers)."""
    import psutil

    me = psutil.Process()
    total = 0.0
    for p in (me, *me.children(recursive=True)):
        try:
            t = p.cpu_times()
        except psutil.Error:
            continue
        total += t.user + t.system
    return total


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def prepare(dest: Path, limit: int | None, chars: int | None) -> list[Path]:
    files = sorted(LITBANK.glob("*.txt"))[:limit]
    if not files:
        sys.exit(f"no LitBank originals under {LITBANK}")
    dest.mkdir(parents=True)
    for f in files:
        if chars:
            (dest / f.name).write_text(f.read_text(encoding="utf-8")[:chars], encoding="utf-8")
        else:
            (dest / f.name).symlink_to(f)
    return sorted(dest.glob("*.txt"))


# --- spaCy alone, in child processes --------------------------------------------------------------


def spacy_child(paths: list[str], unit: str, wait_for_go: bool) -> None:
    """Load the model, (wait for "go" on stdin,) pipe the texts; print the times as one JSON line."""
    sys.path.insert(0, str(REPO / "src"))
    t0 = time.perf_counter()
    from personae.language import load_nlp

    nlp = load_nlp()
    loaded = time.perf_counter() - t0
    texts: list[str] = []
    for p in paths:
        text = Path(p).read_text(encoding="utf-8")
        if unit == "paragraphs":
            from personae import ingest
            from personae.structure import detect_structure

            doc = ingest.load(p)
            texts.extend(doc.text[q.start : q.end] for q in detect_structure(doc).story_paragraphs())
        else:
            texts.append(text)
    if wait_for_go:
        print("ready", flush=True)
        sys.stdin.readline()
    start, cpu = time.time(), time.process_time()
    # Whole texts one at a time (spaCy's fastest batch for docs this long, and memory bounded; its
    # default batch of 1,000 docs holds every text at once); paragraphs in batches of 64, as personae.
    for _ in nlp.pipe(texts, batch_size=1 if unit == "texts" else 64):
        pass
    end, cpu = time.time(), time.process_time() - cpu
    print(json.dumps({"load": loaded, "start": start, "end": end, "cpu": cpu, "peak_mb": _peak_rss_mb()}), flush=True)


def _child(paths: list[Path], unit: str, wait: bool) -> subprocess.Popen:
    args = [sys.executable, __file__, "--spacy-child", unit, *(["--wait"] if wait else []), *map(str, paths)]
    return subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def spacy_alone(paths: list[Path], unit: str = "texts") -> dict:
    p = _child(paths, unit, wait=False)
    out, _ = p.communicate()
    r = json.loads(out.strip().splitlines()[-1])
    return {"seconds": r["end"] - r["start"], "cpu": r["cpu"], "load": r["load"], "peak_mb": r["peak_mb"]}


def spacy_parallel(paths: list[Path], procs: int) -> dict:
    """``procs`` processes at once, each piping its share of the texts (balanced by size); the wall
    time runs from the first start to the last end, all models loaded before any starts."""
    shares: list[list[Path]] = [[] for _ in range(procs)]
    sizes = [0] * procs
    for path in sorted(paths, key=lambda q: -q.stat().st_size):
        i = sizes.index(min(sizes))
        shares[i].append(path)
        sizes[i] += path.stat().st_size
    children = [_child(s, "texts", wait=True) for s in shares if s]
    for c in children:
        assert c.stdout.readline().strip() == "ready"
    for c in children:
        c.stdin.write("go\n")
        c.stdin.flush()
    results = [json.loads(c.communicate()[0].strip().splitlines()[-1]) for c in children]
    return {
        "seconds": max(r["end"] for r in results) - min(r["start"] for r in results),
        "cpu": sum(r["cpu"] for r in results),
        "peak_mb": max(r["peak_mb"] for r in results),
    }


# --- personae corpus ------------------------------------------------------------------------------


def measure(src: Path, out: Path, workers: int) -> dict:
    import duckdb
    from distributed import Client

    from personae.corpus import WarmModel, local_cluster, run_corpus

    t = time.perf_counter()
    cluster = local_cluster(workers)
    client = Client(cluster)
    client.register_plugin(WarmModel())
    startup = time.perf_counter() - t
    try:
        base = client.run(_rss_mb)
        cpu_workers, cpu_all = client.run(_cpu_seconds), _tree_cpu_seconds()
        s = run_corpus(src, out, client=client, timeout=24 * 3600)
        cpu_all = _tree_cpu_seconds() - cpu_all
        cpu_workers = sum(t - cpu_workers.get(w, 0.0) for w, t in client.run(_cpu_seconds).items())
        peak = client.run(_peak_rss_mb)
    finally:
        client.close()
        cluster.close()
    busy = duckdb.sql(f"select sum(seconds) from read_parquet('{out}/works/*.parquet')").fetchall()[0][0] or 0.0
    return {
        "workers": workers,
        "works": s.analysed,
        "errors": s.errors,
        "words": s.words,
        "seconds": s.seconds,
        "startup": startup,
        "busy": busy / (workers * s.seconds),
        "cpu_workers": cpu_workers,
        "cpu_other": cpu_all - cpu_workers,
        "works_per_min": 60 * s.analysed / s.seconds,
        "words_per_s": s.words / s.seconds,
        "rss_after_load": max(base.values()),
        "peak_rss": max(peak.values()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, help="only the first N originals (sorted by file name)")
    ap.add_argument("--chars", type=int, help="cut each original to its first C characters")
    ap.add_argument("--workers", default="1,2", help="worker counts to compare (default 1,2)")
    ap.add_argument("--no-spacy", action="store_true", help="skip the spaCy-alone runs")
    ap.add_argument("--spacy-child", metavar="UNIT", help=argparse.SUPPRESS)
    ap.add_argument("--wait", action="store_true", help=argparse.SUPPRESS)
    args, rest = ap.parse_known_args()
    if args.spacy_child:
        spacy_child(rest, args.spacy_child, args.wait)
        return
    if rest:
        ap.error(f"unrecognized arguments: {' '.join(rest)}")
    counts = [int(w) for w in args.workers.split(",")]

    tmp = Path(tempfile.mkdtemp(prefix="personae-bench-"))
    try:
        paths = prepare(tmp / "in", args.limit, args.chars)
        subset = "all" if args.limit is None else f"first {len(paths)}"
        cut = f", each cut to {args.chars:,} chars" if args.chars else ", full texts"
        print(f"LitBank originals: {subset} of 100{cut}; load average at start {_load()}", flush=True)
        sp = sp_par = sp_para = None
        if not args.no_spacy:
            sp = spacy_alone(paths, "texts")
            sp_para = spacy_alone(paths, "paragraphs")
        results = [measure(tmp / "in", tmp / f"out-{w}", w) for w in counts]
        if not args.no_spacy and max(counts) > 1:
            sp_par = spacy_parallel(paths, max(counts))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"load average at end {_load()}")
    report(results, sp, sp_para, sp_par)


def report(results: list[dict], sp: dict | None, sp_para: dict | None, sp_par: dict | None) -> None:
    words = results[0]["words"]
    print(f"{results[0]['works']} works, {words:,} story words ({results[0]['errors']} failed)")
    print(f"{'run':<34} {'seconds':>8} {'words/s':>8} {'works/min':>9} {'CPU s':>16} {'words/CPU-s':>11} {'busy':>5} "
          f"{'start-up s':>10} {'RSS MB (loaded/peak)':>20}")

    def line(name: str, secs: float, cpu: str, cpu_total: float, works: str = "", busy: str = "", startup: str = "", rss: str = "") -> None:
        print(f"{name:<34} {secs:>8.1f} {words / secs:>8,.0f} {works:>9} {cpu:>16} {words / cpu_total:>11,.0f} {busy:>5} {startup:>10} {rss:>20}")

    if sp is not None:
        line("spaCy nlp.pipe, whole texts", sp["seconds"], f"{sp['cpu']:.1f}", sp["cpu"], startup=f"{sp['load']:.1f}", rss=f"{sp['peak_mb']:.0f}")
        line("spaCy nlp.pipe, story paragraphs", sp_para["seconds"], f"{sp_para['cpu']:.1f}", sp_para["cpu"], rss=f"{sp_para['peak_mb']:.0f}")
        if sp_par is not None:
            line(f"spaCy, {results[-1]['workers']} processes at once", sp_par["seconds"], f"{sp_par['cpu']:.1f}", sp_par["cpu"])
    for r in results:
        cpu = r["cpu_workers"] + r["cpu_other"]
        line(
            f"personae corpus, {r['workers']} worker{'s' if r['workers'] > 1 else ''}", r["seconds"],
            f"{r['cpu_workers']:.1f} + {r['cpu_other']:.1f}", cpu, works=f"{r['works_per_min']:.1f}", busy=f"{r['busy']:.0%}",
            startup=f"{r['startup']:.1f}", rss=f"{r['rss_after_load']:.0f} / {r['peak_rss']:.0f}",
        )
    print("(CPU s of personae: its workers + the client, scheduler and nannies; busy: the share of each worker's wall "
          "time spent inside analyze_work)")
    one = next((r for r in results if r["workers"] == 1), None)
    if sp is not None and one is not None:
        cpu_one = one["cpu_workers"] + one["cpu_other"]
        print(f"personae corpus --workers 1 vs spaCy on whole texts: {sp['seconds'] / one['seconds']:.2f} of spaCy's words/s "
              f"(wall, steady); {(sp['seconds'] + sp['load']) / (one['seconds'] + one['startup']):.2f} counting the start-up "
              f"(model load; cluster start and warm-up); {sp['cpu'] / cpu_one:.2f} in CPU time")
        print(f"personae corpus --workers 1 vs spaCy on story paragraphs: {sp_para['seconds'] / one['seconds']:.2f} of spaCy's "
              f"words/s (wall, steady); {sp_para['cpu'] / cpu_one:.2f} in CPU time")
    if len(results) >= 2:
        a, b = results[0], results[-1]
        cpu_a, cpu_b = a["cpu_workers"] + a["cpu_other"], b["cpu_workers"] + b["cpu_other"]
        print(f"scaling {b['workers']} vs {a['workers']} workers: {b['words_per_s'] / a['words_per_s']:.2f}x words/s "
              f"(ideal {b['workers'] / a['workers']:.1f}x); CPU per word {cpu_b / cpu_a:.2f}x that of {a['workers']} worker"
              f"{'s' if a['workers'] > 1 else ''}; busy {a['busy']:.0%} -> {b['busy']:.0%}")
        if sp is not None and sp_par is not None:
            print(f"spaCy alone in {b['workers']} processes at once: {sp['seconds'] / sp_par['seconds']:.2f}x over 1 process "
                  f"(the parse's own scaling on this machine, the ceiling for the corpus's)")
    per_core = max(r["words_per_s"] / r["workers"] for r in results)
    total = 1_000_000 * 10_000
    hours = total / (per_core * 100) / 3600
    print(f"1,000,000 fan fictions x 10,000 words on 100 cores at {per_core:,.0f} words/s/core: {hours:,.1f} h "
          f"({hours / 24:.1f} days), if the cluster scales linearly")
    if one is not None:
        per_cpu = one["words"] / (one["cpu_workers"] + one["cpu_other"])
        hours = total / (per_cpu * 100) / 3600
        print(f"  at 1 worker's {per_cpu:,.0f} words per CPU-second (worker, client, scheduler, nanny): {hours:,.1f} h, "
              f"if each core gives a worker a whole CPU-second per second (the figure to use when the machine is loaded)")

if __name__ == "__main__":
    main()
