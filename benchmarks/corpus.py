"""Corpus throughput on the LitBank originals: works/minute and words/second with 1 and 2 workers, the
scaling ratio, peak memory per worker, and what that means for a million fan fictions.

    .venv/bin/python benchmarks/corpus.py                       # all 100 novels (~10M words: hours on 1 core)
    .venv/bin/python benchmarks/corpus.py --limit 20 --chars 200000   # a fixed subset: first N files, cut

Timing starts once the cluster is up and every worker has loaded the spaCy model (a one-off cost per
worker, reported separately), and ends when the last work's rows are written. Works are analysed
largest first, as ``personae corpus`` does. Run it on an otherwise idle machine: the scaling ratio means
nothing while other processes share the cores.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LITBANK = REPO.parent / "shared" / "corpora" / "litbank" / "original"


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


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
    return files


def measure(src: Path, out: Path, workers: int) -> dict:
    from distributed import Client

    from personae.corpus import WarmModel, local_cluster, run_corpus

    t = time.perf_counter()
    cluster = local_cluster(workers)
    client = Client(cluster)
    client.register_plugin(WarmModel())
    startup = time.perf_counter() - t
    try:
        base = client.run(_rss_mb)
        s = run_corpus(src, out, client=client, timeout=24 * 3600)
        peak = client.run(_peak_rss_mb)
    finally:
        client.close()
        cluster.close()
    return {
        "workers": workers,
        "works": s.analysed,
        "errors": s.errors,
        "words": s.words,
        "seconds": s.seconds,
        "startup": startup,
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
    args = ap.parse_args()
    counts = [int(w) for w in args.workers.split(",")]

    tmp = Path(tempfile.mkdtemp(prefix="personae-bench-"))
    try:
        files = prepare(tmp / "in", args.limit, args.chars)
        subset = "all" if args.limit is None else f"first {len(files)}"
        cut = f", each cut to {args.chars:,} chars" if args.chars else ", full texts"
        print(f"LitBank originals: {subset} of 100{cut}")
        results = [measure(tmp / "in", tmp / f"out-{w}", w) for w in counts]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"{'workers':>7} {'works':>6} {'words':>11} {'seconds':>8} {'works/min':>10} {'words/s':>9} {'words/s/core':>12} {'startup s':>9} {'RSS MB (loaded/peak)':>21}")
    for r in results:
        print(
            f"{r['workers']:>7} {r['works']:>6} {r['words']:>11,} {r['seconds']:>8.1f} {r['works_per_min']:>10.2f} "
            f"{r['words_per_s']:>9,.0f} {r['words_per_s'] / r['workers']:>12,.0f} {r['startup']:>9.1f} "
            f"{r['rss_after_load']:>9.0f} / {r['peak_rss']:>7.0f}"
        )
        if r["errors"]:
            print(f"        ({r['errors']} works failed; see the works table)")
    if len(results) >= 2:
        a, b = results[0], results[-1]
        print(f"scaling {b['workers']} vs {a['workers']} workers: {b['words_per_s'] / a['words_per_s']:.2f}x words/s "
              f"(ideal {b['workers'] / a['workers']:.1f}x)")
    per_core = max(r["words_per_s"] / r["workers"] for r in results)
    words = 1_000_000 * 10_000
    hours = words / (per_core * 100) / 3600
    print(f"1,000,000 fan fictions x 10,000 words on 100 cores at {per_core:,.0f} words/s/core: {hours:,.1f} h "
          f"({hours / 24:.1f} days), if the cluster scales linearly")


if __name__ == "__main__":
    main()
