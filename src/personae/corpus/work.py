"""One work on a worker: its bytes in, its table rows out (``analyze_work``), never an exception."""

from __future__ import annotations

import hashlib
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from .inputs import one_line

Analyzer = Callable[..., Any]


def internal_error(e: BaseException) -> str:
    """An unexpected exception as one line a developer can act on: type, message, where it was raised."""
    where = ""
    tb = traceback.extract_tb(e.__traceback__)
    if tb:
        frame = tb[-1]
        where = f" (at {Path(frame.filename).name}:{frame.lineno})"
    return f"internal error {type(e).__name__}: {one_line(e)}{where}"


def _format_of(path: str) -> str | None:
    from ..ingest import SUFFIXES

    return SUFFIXES.get(PurePosixPath(path).suffix.lower())


def work_row(path: str, sha256: str, size: int, status: str, error: str | None = None, **rest: Any) -> dict[str, Any]:
    """One ``works`` row; counts are null for a work that failed."""
    from .. import __version__

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
    from ..document import InputError
    from ..ingest import load
    from ..pipeline import analyze

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
        return {"works": [work_row(path, sha, len(data), "error", one_line(e), seconds=time.perf_counter() - t0)]}
    except Exception as e:  # noqa: BLE001 - one failing work must not stop the corpus
        return {"works": [work_row(path, sha, len(data), "error", internal_error(e), seconds=time.perf_counter() - t0)]}
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
    from ..pipeline import analyze

    analyze(_WARM_UP_TEXT, n_process=1)


from distributed.diagnostics.plugin import WorkerPlugin  # noqa: E402 - with the one class that needs it


class WarmModel(WorkerPlugin):
    """Loads the spaCy model and the rest of the pipeline when a worker starts (and restarts), so no
    work pays for it and each worker process loads it once (``load_nlp`` caches it per process)."""

    name = "personae-warm-model"

    def setup(self, worker: Any) -> None:
        _warm_model()
