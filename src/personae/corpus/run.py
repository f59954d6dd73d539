"""The run: the cluster, the inputs handed out one per worker thread, timeouts, the summary."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import DEFAULT_TIMEOUT
from .inputs import Input, close_zips, discover, one_line, read_input
from .store import Store
from .work import Analyzer, WarmModel, analyze_work, internal_error, work_row


@dataclass
class Summary:
    inputs: int = 0
    ok: int = 0
    errors: int = 0
    skipped: int = 0
    words: int = 0
    seconds: float = 0.0
    workers: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def analysed(self) -> int:
        return self.ok + self.errors

    def line(self, out: Path) -> str:
        rate = f"{self.analysed / self.seconds:.2f} works/s, {self.words / self.seconds:,.0f} words/s" if self.seconds > 0 and self.analysed else "nothing to do"
        return (
            f"{self.inputs} inputs: {self.ok} ok, {self.errors} error{'s' if self.errors != 1 else ''}, "
            f"{self.skipped} already done; {self.seconds:.1f} s on {self.workers} worker{'s' if self.workers != 1 else ''} "
            f"({rate}); tables in {out}"
        )


def local_cluster(workers: int, memory_limit: str | int = "auto"):
    """A ``LocalCluster`` of ``workers`` processes with one thread each (spaCy is single-threaded and
    holds the GIL), each restarted by its nanny past its memory limit."""
    import dask
    from distributed import LocalCluster

    # The cluster object drops a worker that has not come back within this long, for good; but a nanny
    # always brings back a worker it restarted (a crash, memory over the limit, a timed-out work), and on
    # a loaded machine loading the model again can take longer than the 15 s default. Read at run time,
    # so set for the process, not only while the cluster is built.
    dask.config.set({"distributed.deploy.lost-worker-timeout": "10 minutes"})
    with dask.config.set(
        {
            # A work that kills its worker is retried once (it may have been an innocent bystander of
            # another work's crash), then recorded as an error.
            "distributed.scheduler.allowed-failures": 1,
            # Hand a worker a new work only when it has a free thread: the per-work timeout clock starts
            # when the scheduler gives the work to a worker.
            "distributed.scheduler.worker-saturation": 1.0,
            # Dask sets MALLOC_TRIM_THRESHOLD_ in its workers, which also fixes glibc's mmap threshold at
            # 64 KiB: every array of the parser is then mapped, zeroed and unmapped again (on 50k words of
            # LitBank, 2.7-3.1 s of system time in place of 0.4-0.5 s, ~13% of the work's CPU). Unset, a
            # worker allocates as a plain process does (its peak memory is within a few MB the same).
            "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
            # Dashboard instruments that wake a worker's event loop, and take the GIL from the analysis,
            # every 10-20 ms: the statistical profiler and the event loop's health tick.
            "distributed.worker.profile.enabled": False,
            "distributed.admin.tick.interval": "1s",
        }
    ):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=memory_limit,
            dashboard_address=":0",  # any free port: several runs (or other Dask users) on one machine
            silence_logs=logging.CRITICAL,  # worker deaths are reported as error rows, not log lines
        )


class _Bar:
    """The rich progress bar (works done of works to do, works/s, ETA), or nothing."""

    def __init__(self, show: bool, total: int):
        self.progress = None
        if not show:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        class Rate(TextColumn):
            def render(self, task):  # type: ignore[override]
                from rich.text import Text

                elapsed = task.elapsed or 0
                return Text(f"{task.completed / elapsed:.2f} works/s" if elapsed > 1 and task.completed else "… works/s")

        self.progress = Progress(
            TextColumn("[bold]corpus"),
            BarColumn(),
            MofNCompleteColumn(),
            Rate(""),
            TextColumn("{task.fields[errors]} errors"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self.progress.start()
        self.task = self.progress.add_task("corpus", total=total, errors=0)

    def advance(self, errors: int) -> None:
        if self.progress is not None:
            self.progress.update(self.task, advance=1, errors=errors)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def run_corpus(
    source: str | Path,
    out: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    pattern: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: str | int = "auto",
    progress: bool = False,
    client: Any = None,
    analyzer: Analyzer | None = None,
) -> Summary:
    """Analyse every work under ``source`` into Parquet tables under ``out``; see the package docstring.

    ``workers``: processes of the local cluster (default: one per core). ``scheduler``: address of an
    existing Dask scheduler to use instead (``tcp://host:8786``). ``client``: an existing
    ``distributed.Client`` (left open). ``timeout``: seconds a work may run on a worker. ``analyzer``:
    replaces ``personae.analyze`` on the workers.
    """
    from distributed import Client

    from ..document import InputError

    items = discover(source, pattern)
    store = Store(Path(out))
    summary = Summary(inputs=len(items))
    todo = _to_do(items, store, summary)
    own_cluster = None
    own_client = False
    if client is None and todo:
        if scheduler:
            try:
                client = Client(scheduler, timeout=10)
            except OSError as e:
                raise InputError(f"cannot reach a Dask scheduler at {scheduler} ({one_line(e)}); start one with `dask scheduler`") from None
        else:
            own_cluster = local_cluster(workers or os.cpu_count() or 1, memory_limit)
            client = Client(own_cluster)
        own_client = True
    run = _Run(client, store, summary, analyzer, timeout)
    try:
        if todo:
            try:
                client.wait_for_workers(1, timeout=300)
            except TimeoutError:
                raise InputError(f"no Dask worker joined the scheduler in 5 minutes; start some with `dask worker {scheduler}`") from None
            client.register_plugin(WarmModel())
            run.bar = _Bar(progress, len(todo))  # from here on, so works/s and the ETA leave out the start-up
            run.go(todo)
        return summary
    finally:
        close_zips()
        store.flush()
        store.close()
        run.close()
        if own_client and client is not None:
            client.close()
        if own_cluster is not None:
            own_cluster.close()


def _to_do(items: list[Input], store: Store, summary: Summary) -> list[tuple[Input, str | None]]:
    """The inputs to analyse, largest first (so a run does not end with one long novel on one worker
    while the others idle). Skipping needs the sha256 of the bytes, so only the inputs that have an ok
    row already are hashed here."""
    todo: list[tuple[Input, str | None]] = []
    for item in items:
        done = store.done(item.path)
        if done is None:
            todo.append((item, None))
            continue
        data, _ = read_input(item)
        sha = hashlib.sha256(data).hexdigest() if data is not None else None
        if sha == done:
            summary.skipped += 1
        else:
            todo.append((item, sha))
    todo.sort(key=lambda t: -t[0].size)
    return todo


class _Run:
    """Hands out works one per worker thread, collects their rows, and enforces the per-work timeout."""

    def __init__(self, client: Any, store: Store, summary: Summary, analyzer: Analyzer | None, timeout: float) -> None:
        self.client, self.store, self.summary = client, store, summary
        self.analyzer, self.timeout = analyzer, timeout
        self.bar = _Bar(False, 0)
        self.inflight: dict[Any, tuple[Input, str]] = {}
        self.started: dict[str, tuple[float, str]] = {}  # work key -> (first seen running, on which worker)
        self.restarts: list[threading.Thread] = []
        self.submitted = 0

    def go(self, todo: list[tuple[Input, str | None]]) -> None:
        from distributed import wait

        self.summary.workers = len(self.client.nthreads())
        t0 = time.perf_counter()
        pending: Iterator[tuple[Input, str | None]] = iter(todo)
        slots = max(1, sum(self.client.nthreads().values()))
        last_check = 0.0
        exhausted = False
        while not exhausted or self.inflight:
            exhausted = self.fill(pending, slots)
            if not self.inflight:
                continue
            try:
                done, _ = wait(list(self.inflight), timeout=0.5, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            for fut in done:
                self.collect(fut)
            now = time.monotonic()
            if now - last_check >= 1.0:
                last_check = now
                slots = max(1, sum(self.client.nthreads().values()))  # a cluster of your own may grow or shrink
                self.enforce_timeout(now)
            if self.store.due():
                self.store.flush()
        self.summary.seconds = time.perf_counter() - t0

    def fill(self, pending: Iterator[tuple[Input, str | None]], slots: int) -> bool:
        """Keep one work per worker thread in flight: a work starts as soon as it is handed out, so the
        timeout clock is honest, and the client holds only that many inputs in memory. True once
        every input has been handed out."""
        while len(self.inflight) < slots:
            nxt = next(pending, None)
            if nxt is None:
                return True
            item, _ = nxt
            data, problem = read_input(item)
            if problem is not None:
                self.fail(item, problem, data=data)
                continue
            sha = hashlib.sha256(data).hexdigest()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "large graph" warnings: the bytes are the point
                fut = self.client.submit(analyze_work, item.path, data, self.analyzer,
                                         key=f"personae-work-{self.store.run}-{self.submitted}", pure=False)
            self.submitted += 1
            self.inflight[fut] = (item, sha)
        return False

    def collect(self, fut: Any) -> None:
        from distributed.client import FutureCancelledError

        item, sha = self.inflight.pop(fut)
        self.started.pop(fut.key, None)
        try:
            self.record(fut.result())
        except FutureCancelledError:
            pass
        except Exception as e:  # KilledWorker, or the task could not even be deserialised
            if type(e).__name__ == "KilledWorker":
                msg = "its worker process died while analysing it (a crash, or memory over the worker's limit)"
            else:
                msg = internal_error(e)
            self.fail(item, f"{item.path}: {msg}", sha)
        fut.release()

    def enforce_timeout(self, now: float) -> None:
        on_worker = {k: w for w, keys in self.client.processing().items() for k in keys}
        for fut, (item, sha) in list(self.inflight.items()):
            w = on_worker.get(fut.key)
            if w is None:
                continue
            # A work retried on another worker (its first one died) starts its clock again.
            if self.started.get(fut.key, (0.0, w))[1] != w:
                del self.started[fut.key]
            first, _ = self.started.setdefault(fut.key, (now, w))
            if now - first > self.timeout:
                # The work's thread cannot be interrupted: forget the work, restart its worker.
                del self.inflight[fut]
                self.started.pop(fut.key, None)
                fut.cancel()
                self.fail(item, f"{item.path}: timed out after {self.timeout:g} s; its worker was restarted", sha)
                th = threading.Thread(target=self.client.restart_workers, args=([w],), kwargs={"raise_for_error": False}, daemon=True)
                th.start()
                self.restarts.append(th)

    def record(self, result: dict[str, Any]) -> None:
        row = result["works"][0]
        if row["status"] == "ok":
            self.summary.ok += 1
            self.summary.words += row.get("words") or 0
        else:
            self.summary.errors += 1
            self.summary.failures.append((row["path"], row.get("error") or ""))
        self.store.add(result)
        self.bar.advance(self.summary.errors)

    def fail(self, item: Input, message: str, sha: str | None = None, data: bytes | None = None) -> None:
        if sha is None:
            sha = hashlib.sha256(data).hexdigest() if data is not None else ""
        self.record({"works": [work_row(item.path, sha, item.size, "error", message)]})

    def close(self) -> None:
        self.bar.close()
        for th in self.restarts:
            th.join(timeout=30)
