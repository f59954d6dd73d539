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

TABLES = ("works", "characters", "quotes", "relations", "chapters", "mentions")
# How long finished rows wait in memory before they are written: the most a SIGKILL can lose (Ctrl-C
# and SIGTERM write them first), traded against the number of part files (at 35 works/s on 100 cores,
# ~175 works per file, ~6k files per table for a million works).
FLUSH_SECONDS = 5.0
FLUSH_ROWS = 200
DEFAULT_TIMEOUT = 1200.0


# The modules, in the order a work passes through them: ``inputs`` (what to analyse, and its bytes),
# ``work`` (one work on a worker), ``store`` (the Parquet tables), ``run`` (the cluster and the loop).
from .inputs import Input, discover, read_input  # noqa: E402
from .run import Summary, local_cluster, run_corpus  # noqa: E402
from .store import Store, to_table  # noqa: E402
from .work import WarmModel, analyze_work, rows_of, work_row  # noqa: E402

__all__ = [
    "DEFAULT_TIMEOUT", "FLUSH_ROWS", "FLUSH_SECONDS", "TABLES", "Input", "Store", "Summary", "WarmModel",
    "analyze_work", "discover", "local_cluster", "read_input", "rows_of", "run_corpus", "to_table", "work_row",
]
