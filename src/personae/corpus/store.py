"""The Parquet tables of a corpus run: rows to Arrow tables, batches written atomically, resume state."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path
from typing import Any

from . import FLUSH_ROWS, FLUSH_SECONDS, TABLES

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
    from ..model import SCHEMA

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

    from ..output import write_atomic

    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    write_atomic(out / name / _part_name(batch), sink.getvalue())


class Store:
    """The Parquet tables under ``out``: what is done, batched writes, and dropping superseded rows."""

    def __init__(self, out: Path):
        import fcntl

        from ..document import InputError

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
