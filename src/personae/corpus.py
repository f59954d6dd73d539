"""``personae corpus``: ``analyze`` every work of a folder or .zip on Dask, into Parquet tables.

Layout under OUT: ``works/``, ``characters/``, ``quotes/``, ``relations/``, ``chapters/``, ``mentions/``,
each a folder of ``part-<batch>.parquet`` files that DuckDB reads as ``read_parquet('OUT/works/*.parquet')``.

How the pieces fit:
- The client (this process) lists the inputs, reads each one's bytes when there is room for another task,
  and submits ``(name, bytes)``: workers need no access to the input folder, so an existing cluster on
  other machines works the same as the default ``LocalCluster``.
- A worker turns one input into plain rows (``analyze_work``); it never raises, so one bad work is one
  ``error`` row. A work that hangs is cancelled by the client after ``timeout`` seconds on a worker and
  that worker restarted; a work that kills its worker (a crash, or memory over the limit: the nanny kills
  it) comes back as ``KilledWorker``. Both are ``error`` rows; the rest go on.
- Finished rows are buffered by the client and written every few seconds as one batch: one part
  file per table, each written atomically, ``works`` last. A batch without its ``works`` file is an
  interrupted write and is deleted on the next start. So a killed run loses only the works in flight and
  the last few seconds.
- Resume: a rerun skips every input whose (path, sha256 of its bytes) already has an ``ok`` row. When an
  input is analysed again (it failed before, or its bytes changed) its old rows are dropped once the new
  ones are written, so each input has exactly one ``works`` row.
"""

from __future__ import annotations

import fnmatch
import hashlib
import io
import json
import logging
import os
import tempfile
import threading
import time
import traceback
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

TABLES = ("works", "characters", "quotes", "relations", "chapters", "mentions")
# How long finished rows wait in memory before they are written: the most a SIGKILL can lose (Ctrl-C
# and SIGTERM write them first), traded against the number of part files (at 35 works/s on 100 cores,
# ~175 works per file, ~6k files per table for a million works).
FLUSH_SECONDS = 5.0
FLUSH_ROWS = 200
DEFAULT_TIMEOUT = 1200.0

Analyzer = Callable[..., Any]


# --- inputs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """One work to analyse: ``path`` is relative to IN (posix), the key of its rows with its sha256."""

    path: str
    size: int
    file: Path  # the file itself, or the .zip holding it
    member: zipfile.ZipInfo | None = None  # the member inside the zip (several may share one name)
    problem: str | None = None  # why it is not analysed, found while listing the inputs

    def read(self) -> bytes:
        if self.member is None:
            return self.file.read_bytes()
        from .ingest import MAX_BYTES, read_zip_member

        return read_zip_member(_open_zip(self.file), self.member, MAX_BYTES)


# Archives the client has open. Opening a .zip reads its whole central directory: for an archive dump
# of a million works that takes seconds, so each archive is opened once per run, not once per work.
_ZIPS: dict[Path, zipfile.ZipFile] = {}


def _open_zip(path: Path) -> zipfile.ZipFile:
    z = _ZIPS.get(path)
    if z is None:
        z = _ZIPS[path] = zipfile.ZipFile(path)
    return z


def _close_zips() -> None:
    while _ZIPS:
        _ZIPS.popitem()[1].close()


def _hidden(rel: str) -> bool:
    # Dot files and macOS resource forks are never works (.DS_Store, __MACOSX/ in zips).
    # A backslash separates folders in names zipped on Windows.
    parts = PurePosixPath(rel.replace("\\", "/")).parts
    return any((part.startswith(".") and part not in (".", "..")) or part == "__MACOSX" for part in parts)


def _leaves_archive(name: str) -> bool:
    """A member name that would land outside the folder the archive is unpacked into."""
    p = PurePosixPath(name.replace("\\", "/"))
    return p.is_absolute() or ".." in p.parts or (len(name) > 1 and name[1] == ":")


def _distinct(name: str, taken: set[str]) -> str:
    """``name``, or ``dir/name (2).txt``, ``(3)``… when an earlier member of the archive has that name
    (the suffix kept: it says how to read the work)."""
    key, n = name, 1
    stem, dot, suffix = name.rpartition(".") if "." in name.rsplit("/", 1)[-1] else (name, "", "")
    while key in taken:
        n += 1
        key = f"{stem} ({n}){dot}{suffix}"
    taken.add(key)
    return key


def _wanted(rel: str, pattern: str | None) -> bool:
    from .ingest import SUFFIXES

    if _hidden(rel):
        return False
    if pattern is None:
        return PurePosixPath(rel).suffix.lower() in SUFFIXES
    p = PurePosixPath(rel)
    return p.match(pattern) or fnmatch.fnmatch(rel, pattern)


def discover(source: str | Path, pattern: str | None = None) -> list[Input]:
    """The works under ``source`` (a folder, searched recursively, or a .zip), sorted by path.

    Without ``pattern``, files with a suffix personae reads; with it, every file whose path matches it
    (``*.txt``, ``fics/**/*.html``, ``*``), so unreadable ones become ``error`` rows rather than vanish.
    Every file is one input, never dropped without a trace: a link to a file outside IN is not followed
    and a zip member named to leave the archive (``../x.txt``, ``/x.txt``) not read, each an input with
    its ``problem``; zip members sharing a name are keyed ``a.txt``, ``a (2).txt``…
    """
    from .document import InputError
    from .output import shown_path

    root = Path(source)
    if not root.exists():
        raise InputError(f"{root}: no such file or folder; give a folder or a .zip of works")
    found: list[Input] = []
    if root.is_dir():
        inside = root.resolve()
        for p in root.rglob("*"):
            # A file name that is not UTF-8 (old archives) reaches Python with surrogate escapes, which no
            # Parquet string can hold: its bytes are shown escaped instead ("caf\xe9.txt"), still one key.
            rel = shown_path(p.relative_to(root).as_posix())
            if p.is_file() and _wanted(rel, pattern):
                if not p.resolve().is_relative_to(inside):
                    problem = f"{rel}: a link to a file outside {shown_path(root)}, not followed; copy the file in to analyse it"
                    found.append(Input(rel, 0, p, problem=problem))
                else:
                    found.append(Input(rel, p.stat().st_size, p))
    elif zipfile.is_zipfile(root):
        with zipfile.ZipFile(root) as z:
            taken: set[str] = set()
            for info in z.infolist():
                if info.is_dir() or not _wanted(info.filename, pattern):
                    continue
                key = _distinct(info.filename, taken)
                problem = None
                if _leaves_archive(info.filename):
                    problem = f"{key}: the member's name leaves the archive (an absolute path or ..), so it is not read; rename it inside the archive"
                found.append(Input(key, info.file_size, root, info, problem))
    else:
        raise InputError(f"{root}: not a folder or a .zip; give a folder (or .zip) of works, or use `personae analyze` for one")
    return sorted(found, key=lambda i: i.path)


# --- one work, on a worker -----------------------------------------------------------------------


def _one_line(e: BaseException) -> str:
    msg = " ".join(str(e).split()) or type(e).__name__
    return msg[:2000]


def _internal(e: BaseException) -> str:
    """An unexpected exception as one line a developer can act on: type, message, where it was raised."""
    where = ""
    tb = traceback.extract_tb(e.__traceback__)
    if tb:
        frame = tb[-1]
        where = f" (at {Path(frame.filename).name}:{frame.lineno})"
    return f"internal error {type(e).__name__}: {_one_line(e)}{where}"


def _format_of(path: str) -> str | None:
    from .ingest import SUFFIXES

    return SUFFIXES.get(PurePosixPath(path).suffix.lower())


def work_row(path: str, sha256: str, size: int, status: str, error: str | None = None, **rest: Any) -> dict[str, Any]:
    """One ``works`` row; counts are null for a work that failed."""
    from . import __version__

    row: dict[str, Any] = {
        "path": path,
        "sha256": sha256,
        "bytes": size,
        "format": _format_of(path),
        "title": None,
        "status": status,
        "error": error,
        "chars": None,
        "words": None,
        "chapters": None,
        "scenes": None,
        "quotes": None,
        "characters": None,
        "relations": None,
        "warnings": [],
        "seconds": None,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "personae": __version__,
    }
    row.update(rest)
    return row


def analyze_work(path: str, data: bytes, analyzer: Analyzer | None = None) -> dict[str, Any]:
    """Analyse one input on a worker: ``{"works": [row], "characters": [...], ...}``. Never raises:
    bad input is an ``error`` row with the ``InputError`` message, any other failure one with the
    exception. ``analyzer`` replaces ``personae.analyze`` (tests use it to inject faults)."""
    from .document import InputError
    from .ingest import load
    from .pipeline import analyze

    sha = hashlib.sha256(data).hexdigest()
    t0 = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="personae-") as tmp:
            # ingest dispatches on the suffix; the name itself may be too long or odd for a file system.
            suffix = PurePosixPath(path).suffix[:16]
            tmp_file = Path(tmp) / f"work{suffix}"
            tmp_file.write_bytes(data)
            try:
                doc = load(tmp_file)
            except InputError as e:
                raise InputError(str(e).replace(str(tmp_file), path)) from None
        doc = replace(doc, source=replace(doc.source, path=path))
        analysis = (analyzer or analyze)(doc, n_process=1)
        d = analysis.to_dict()
    except InputError as e:
        return {"works": [work_row(path, sha, len(data), "error", _one_line(e), seconds=time.perf_counter() - t0)]}
    except Exception as e:  # noqa: BLE001 - one failing work must not stop the corpus
        return {"works": [work_row(path, sha, len(data), "error", _internal(e), seconds=time.perf_counter() - t0)]}
    return rows_of(path, sha, len(data), d, analysis.text, time.perf_counter() - t0)


def rows_of(path: str, sha: str, size: int, d: dict[str, Any], text: str, seconds: float) -> dict[str, Any]:
    """Table rows from one ``Analysis.to_dict()``: every field it has, keyed by (path, sha256)."""
    src = d.get("source", {})
    key = {"path": path, "sha256": sha}
    quotes = []
    for q in d.get("quotes", []):
        parts = q.get("parts") or [{"start": q["start"], "end": q["end"]}]
        # The words spoken, without the speech tag between parts: what dialogue-share queries count.
        spoken = " ".join(text[p["start"] : p["end"]] for p in parts)
        quotes.append({**key, **q, "text": spoken, "chars": sum(p["end"] - p["start"] for p in parts), **key})
    row = work_row(
        path,
        sha,
        size,
        "ok",
        format=src.get("format"),
        title=src.get("title") or (src.get("metadata") or {}).get("title"),
        chars=src.get("chars"),
        words=src.get("words"),
        chapters=len(d.get("chapters", [])),
        scenes=sum(len(c.get("scenes", [])) for c in d.get("chapters", [])),
        quotes=len(quotes),
        characters=len(d.get("characters", [])),
        relations=len(d.get("relations", [])),
        warnings=list(d.get("warnings", [])),
        seconds=seconds,
    )
    return {
        "works": [row],
        # The key comes first (column order) and last (a field of the same name cannot replace it).
        "characters": [{**key, **c, **key} for c in d.get("characters", [])],
        "quotes": quotes,
        "relations": [{**key, **r, **key} for r in d.get("relations", [])],
        "chapters": [{**key, **c, **key} for c in d.get("chapters", [])],
        "mentions": [{**key, **m, "text": " ".join(text[m["start"] : m["end"]].split()), **key} for m in d.get("mentions", [])],
    }


# A few lines that pass through every stage, so a worker has imported and loaded everything
# (model, lexicons, weights) before its first work's timeout clock starts.
_WARM_UP_TEXT = """\
Chapter 1

\u201cYou came back,\u201d said Anna. She smiled at her brother.

\u201cI did,\u201d Tom said. \u201cI missed you, Anna.\u201d
"""


def _warm_model() -> None:
    from .pipeline import analyze

    analyze(_WARM_UP_TEXT, n_process=1)


from distributed.diagnostics.plugin import WorkerPlugin  # noqa: E402 - with the one class that needs it


class WarmModel(WorkerPlugin):
    """Loads the spaCy model and the rest of the pipeline when a worker starts (and restarts), so no
    work pays for it and each worker process loads it once (``load_nlp`` caches it per process)."""

    name = "personae-warm-model"

    def setup(self, worker: Any) -> None:
        _warm_model()


# --- tables --------------------------------------------------------------------------------------


def _pa():
    import pyarrow as pa

    return pa


_SPAN_KEYS = {"start", "end"}


def _arrow_type(schema: dict[str, Any] | None):
    """The Arrow type for a value the personae/1 JSON schema describes; ``None`` means "store as JSON
    text" (free-form objects, or fields the schema does not know yet)."""
    pa = _pa()
    if not schema:
        return None
    if "enum" in schema or "const" in schema:
        return pa.string()
    types = schema.get("type")
    types = [t for t in (types if isinstance(types, list) else [types]) if t != "null"]
    if len(types) != 1:
        return None
    t = types[0]
    if t == "integer":
        return pa.int64()
    if t == "number":
        return pa.float64()
    if t == "boolean":
        return pa.bool_()
    if t == "string":
        return pa.string()
    if t == "array":
        inner = _arrow_type(schema.get("items"))
        return pa.list_(inner) if inner is not None else None
    if t == "object" and schema.get("properties"):
        fields = []
        for name, sub in schema["properties"].items():
            ft = _arrow_type(sub)
            if ft is None:
                return None
            fields.append(pa.field(name, ft))
        return pa.struct(fields)
    return None


def _works_schema():
    pa = _pa()
    s, i, f = pa.string(), pa.int64(), pa.float64()
    return pa.schema(
        [
            ("path", s), ("sha256", s), ("bytes", i), ("format", s), ("title", s), ("status", s), ("error", s),
            ("chars", i), ("words", i), ("chapters", i), ("scenes", i), ("quotes", i), ("characters", i),
            ("relations", i), ("warnings", pa.list_(s)), ("seconds", f), ("finished", s), ("personae", s),
        ]
    )


def _guess_type(values: list[Any]):
    pa = _pa()
    sample = next((v for v in values if v is not None), None)
    if isinstance(sample, bool):
        return pa.bool_()
    if isinstance(sample, int) and all(isinstance(v, int) or v is None for v in values):
        return pa.int64()
    if isinstance(sample, (int, float)) and all(isinstance(v, (int, float)) or v is None for v in values):
        return pa.float64()
    if isinstance(sample, str):
        return pa.string()
    return None


def _fits(value: Any, typ) -> bool:
    """Whether ``value`` converts to ``typ`` without losing anything: Arrow silently drops dict keys a
    struct does not name, and a field personae adds later must not vanish from the tables."""
    pa = _pa()
    if value is None:
        return True
    if pa.types.is_struct(typ):
        names = {typ.field(i).name for i in range(typ.num_fields)}
        return isinstance(value, dict) and set(value) <= names and all(_fits(value[n], typ.field(n).type) for n in value)
    if pa.types.is_list(typ):
        return isinstance(value, (list, tuple)) and all(_fits(v, typ.value_type) for v in value)
    return not isinstance(value, (dict, list, tuple))


def _column(values: list[Any], typ):
    pa = _pa()
    if typ is not None and not all(_fits(v, typ) for v in values):
        typ = None
    if typ is not None:
        try:
            return pa.array(values, type=typ), typ
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
            pass  # a value that does not fit what the schema says: keep it, as JSON text
    as_text = [None if v is None else v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in values]
    return pa.array(as_text, type=pa.string()), pa.string()


def to_table(name: str, rows: list[dict[str, Any]]):
    """An Arrow table of ``rows``: typed from the personae/1 schema where it knows the field, so every
    part file of a table has the same types; fields it does not know are kept too (type guessed from
    the values, else JSON text)."""
    pa = _pa()
    from .model import SCHEMA

    if name == "works":
        known = {f.name: f.type for f in _works_schema()}
    else:
        props = SCHEMA["properties"].get(name, {}).get("items", {}).get("properties", {})
        known = {"path": pa.string(), "sha256": pa.string()}
        known.update({k: _arrow_type(v) for k, v in props.items()})
        if name == "quotes":
            known.update({"text": pa.string(), "chars": pa.int64()})
        if name == "mentions":
            known["text"] = pa.string()
    names = list(known)
    for r in rows:
        names.extend(k for k in r if k not in known and k not in names)
    arrays, fields = [], []
    for col in names:
        values = [r.get(col) for r in rows]
        typ = known.get(col) if col in known else _guess_type(values)
        arr, typ = _column(values, typ)
        arrays.append(arr)
        fields.append(pa.field(col, typ))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _part_name(batch: str) -> str:
    return f"part-{batch}.parquet"


def _batch_of(path: Path) -> str:
    return path.name[len("part-") : -len(".parquet")]


def _write_table(out: Path, name: str, batch: str, table) -> None:
    import pyarrow.parquet as pq

    from .output import write_atomic

    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    write_atomic(out / name / _part_name(batch), sink.getvalue())


class Store:
    """The Parquet tables under ``out``: what is done, batched writes, and dropping superseded rows."""

    def __init__(self, out: Path):
        import fcntl

        from .document import InputError

        self.out = out
        for t in TABLES:
            (out / t).mkdir(parents=True, exist_ok=True)
        # Two runs writing one folder would supersede each other's rows: the second one stops. The
        # lock goes with the process, however it ends.
        self._lock = open(out / ".personae-corpus.lock", "w")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            raise InputError(f"{out}: another `personae corpus` run is writing here; wait for it to finish or give another --out") from None
        # Batch names sort in the order they were written (the newest row of a path wins on recovery)
        # and never collide, even for two runs in one second of one process.
        now = time.time_ns()
        self.run = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime(now / 1e9))}.{now // 1000 % 1_000_000:06d}-{os.urandom(3).hex()}"
        self.seq = 0
        self.buffer: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self.buffered_works = 0
        self.last_flush = float("-inf")  # the first finished work is written at once
        # path -> [(batch, sha256, status)] of rows already on disk
        self.rows: dict[str, list[tuple[str, str, str]]] = {}
        self._recover()

    def _recover(self) -> None:
        """Delete batches whose write was interrupted (no ``works`` part), read what is done, and keep
        only the newest row of each path (an earlier run may have died before dropping the old one)."""
        import pyarrow.parquet as pq

        committed = {_batch_of(p) for p in (self.out / "works").glob("part-*.parquet")}
        for t in TABLES[1:]:
            for p in (self.out / t).glob("part-*.parquet"):
                if _batch_of(p) not in committed:
                    p.unlink(missing_ok=True)
        for p in sorted((self.out / "works").glob("part-*.parquet")):
            table = pq.read_table(p, columns=["path", "sha256", "status"])
            for path, sha, status in zip(*(table.column(c).to_pylist() for c in ("path", "sha256", "status"))):
                self.rows.setdefault(path, []).append((_batch_of(p), sha, status))
        stale: dict[str, set[tuple[str, str]]] = {}
        for path, rows in self.rows.items():
            if len(rows) > 1:
                rows.sort()
                for batch, sha, _ in rows[:-1]:
                    stale.setdefault(batch, set()).add((path, sha))
                self.rows[path] = rows[-1:]
        self._drop(stale)

    def close(self) -> None:
        self._lock.close()

    def done(self, path: str) -> str | None:
        """The sha256 of ``path``'s ``ok`` row, if it has one."""
        rows = self.rows.get(path, [])
        return rows[-1][1] if rows and rows[-1][2] == "ok" else None

    def add(self, result: dict[str, list[dict[str, Any]]]) -> None:
        for t in TABLES:
            self.buffer[t].extend(result.get(t, []))
        self.buffered_works += len(result.get("works", []))

    def due(self) -> bool:
        return self.buffered_works >= FLUSH_ROWS or (
            self.buffered_works > 0 and time.monotonic() - self.last_flush >= FLUSH_SECONDS
        )

    def flush(self) -> None:
        """Write the buffered rows as one batch (``works`` last: it commits the batch), then drop the
        rows they supersede."""
        self.last_flush = time.monotonic()
        if not self.buffer["works"]:
            return
        batch = f"{self.run}-{self.seq:06d}"
        self.seq += 1
        # Every table gets a part, empty or not, so a query of a table no work has filled yet (say,
        # relations in a corpus without any) finds files and returns no rows rather than failing.
        for t in (*TABLES[1:], "works"):
            _write_table(self.out, t, batch, to_table(t, self.buffer[t]))
        stale: dict[str, set[tuple[str, str]]] = {}
        for row in self.buffer["works"]:
            for old_batch, old_sha, _ in self.rows.get(row["path"], []):
                if old_batch != batch:  # rows of this batch never supersede each other
                    stale.setdefault(old_batch, set()).add((row["path"], old_sha))
            self.rows[row["path"]] = [(batch, row["sha256"], row["status"])]
        self._drop(stale)
        self.buffer = {t: [] for t in TABLES}
        self.buffered_works = 0

    def _drop(self, stale: dict[str, set[tuple[str, str]]]) -> None:
        """Rewrite the part files of each batch without the (path, sha256) rows given (``works`` last,
        so an interruption leaves the old row and the next start drops it again)."""
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        for batch, keys in stale.items():
            for t in (*TABLES[1:], "works"):
                p = self.out / t / _part_name(batch)
                if not p.exists():
                    continue
                table = pq.read_table(p)
                key = pc.binary_join_element_wise(table.column("path"), table.column("sha256"), "\x00")
                drop = pa.array(["\x00".join(k) for k in keys], type=pa.string())
                kept = table.filter(pc.invert(pc.is_in(key, value_set=drop)))
                if kept.num_rows == table.num_rows:
                    continue
                if kept.num_rows == 0 and t == "works":
                    # The whole batch is superseded: its (already emptied) parts go with it.
                    for other in TABLES:
                        (self.out / other / _part_name(batch)).unlink(missing_ok=True)
                else:
                    _write_table(self.out, t, batch, kept)


# --- the run -------------------------------------------------------------------------------------


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


def _submit_args(item: Input) -> tuple[bytes | None, str | None]:
    from .ingest import MAX_BYTES

    if item.problem is not None:
        return None, item.problem
    if item.size > MAX_BYTES:
        return None, f"{item.path}: {item.size // 2**20} MB is too large for one work; split it into separate files"
    try:
        return item.read(), None
    except Exception as e:  # noqa: BLE001 - OSError, a bad CRC, zlib.error, EOFError, an unsupported or
        # encrypted member...: whatever stops one input's bytes being read is that input's error row.
        return None, f"{item.path}: cannot read it ({_one_line(e)}); check the file and permissions"


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
    """Analyse every work under ``source`` into Parquet tables under ``out``; see the module docstring.

    ``workers``: processes of the local cluster (default: one per core). ``scheduler``: address of an
    existing Dask scheduler to use instead (``tcp://host:8786``). ``client``: an existing
    ``distributed.Client`` (left open). ``timeout``: seconds a work may run on a worker. ``analyzer``:
    replaces ``personae.analyze`` on the workers.
    """
    from distributed import Client, wait
    from distributed.client import FutureCancelledError

    from .document import InputError

    out = Path(out)
    items = discover(source, pattern)
    store = Store(out)
    summary = Summary(inputs=len(items))

    # Skipping needs the sha256 of the bytes, so hash (only) the inputs that have an ok row already.
    todo: list[tuple[Input, str | None]] = []
    for item in items:
        done = store.done(item.path)
        if done is None:
            todo.append((item, None))
            continue
        data, _ = _submit_args(item)
        sha = hashlib.sha256(data).hexdigest() if data is not None else None
        if sha == done:
            summary.skipped += 1
        else:
            todo.append((item, sha))

    # Largest first, so a run does not end with one long novel on one worker while the others idle.
    todo.sort(key=lambda t: -t[0].size)
    own_cluster = None
    own_client = False
    if client is None and todo:
        if scheduler:
            try:
                client = Client(scheduler, timeout=10)
            except OSError as e:
                raise InputError(f"cannot reach a Dask scheduler at {scheduler} ({_one_line(e)}); start one with `dask scheduler`") from None
        else:
            own_cluster = local_cluster(workers or os.cpu_count() or 1, memory_limit)
            client = Client(own_cluster)
        own_client = True
    bar = _Bar(False, 0)
    restarts: list[threading.Thread] = []
    try:
        if not todo:
            return summary
        try:
            client.wait_for_workers(1, timeout=300)
        except TimeoutError:
            raise InputError(f"no Dask worker joined the scheduler in 5 minutes; start some with `dask worker {scheduler}`") from None
        client.register_plugin(WarmModel())
        bar = _Bar(progress, len(todo))  # from here on, so works/s and the ETA leave out the start-up
        summary.workers = len(client.nthreads())
        t0 = time.perf_counter()
        pending: Iterator[tuple[Input, str | None]] = iter(todo)
        inflight: dict[Any, tuple[Input, str]] = {}
        submitted = 0
        started: dict[str, tuple[float, str]] = {}
        last_check = 0.0
        slots = max(1, sum(client.nthreads().values()))

        def record(result: dict[str, Any]) -> None:
            row = result["works"][0]
            if row["status"] == "ok":
                summary.ok += 1
                summary.words += row.get("words") or 0
            else:
                summary.errors += 1
                summary.failures.append((row["path"], row.get("error") or ""))
            store.add(result)
            bar.advance(summary.errors)

        def fail(item: Input, message: str, sha: str | None = None, data: bytes | None = None) -> None:
            if sha is None:
                sha = hashlib.sha256(data).hexdigest() if data is not None else ""
            record({"works": [work_row(item.path, sha, item.size, "error", message)]})

        exhausted = False
        while not exhausted or inflight:
            # Keep one work per worker thread in flight: a work starts as soon as it is handed out, so
            # the timeout clock is honest, and the client holds only that many inputs in memory.
            while not exhausted and len(inflight) < slots:
                nxt = next(pending, None)
                if nxt is None:
                    exhausted = True
                    break
                item, _ = nxt
                data, problem = _submit_args(item)
                if problem is not None:
                    fail(item, problem, data=data)
                    continue
                sha = hashlib.sha256(data).hexdigest()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # "large graph" warnings: the bytes are the point
                    fut = client.submit(analyze_work, item.path, data, analyzer, key=f"personae-work-{store.run}-{submitted}", pure=False)
                submitted += 1
                inflight[fut] = (item, sha)
            if not inflight:
                continue
            try:
                done, _ = wait(list(inflight), timeout=0.5, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            for fut in done:
                item, sha = inflight.pop(fut)
                started.pop(fut.key, None)
                try:
                    record(fut.result())
                except FutureCancelledError:
                    pass
                except Exception as e:  # KilledWorker, or the task could not even be deserialised
                    name = type(e).__name__
                    if name == "KilledWorker":
                        msg = "its worker process died while analysing it (a crash, or memory over the worker's limit)"
                    else:
                        msg = _internal(e)
                    fail(item, f"{item.path}: {msg}", sha)
                fut.release()
            now = time.monotonic()
            if now - last_check >= 1.0:
                last_check = now
                slots = max(1, sum(client.nthreads().values()))  # a cluster of your own may grow or shrink
                on_worker = {k: w for w, keys in client.processing().items() for k in keys}
                for fut, (item, sha) in list(inflight.items()):
                    w = on_worker.get(fut.key)
                    if w is None:
                        continue
                    # A work retried on another worker (its first one died) starts its clock again.
                    if started.get(fut.key, (0.0, w))[1] != w:
                        del started[fut.key]
                    first, _ = started.setdefault(fut.key, (now, w))
                    if now - first > timeout:
                        # The work's thread cannot be interrupted: forget the work, restart its worker.
                        del inflight[fut]
                        started.pop(fut.key, None)
                        fut.cancel()
                        fail(item, f"{item.path}: timed out after {timeout:g} s; its worker was restarted", sha)
                        th = threading.Thread(target=client.restart_workers, args=([w],), kwargs={"raise_for_error": False}, daemon=True)
                        th.start()
                        restarts.append(th)
            if store.due():
                store.flush()
        summary.seconds = time.perf_counter() - t0
        return summary
    finally:
        _close_zips()
        store.flush()
        store.close()
        bar.close()
        for th in restarts:
            th.join(timeout=30)
        if own_client and client is not None:
            client.close()
        if own_cluster is not None:
            own_cluster.close()
