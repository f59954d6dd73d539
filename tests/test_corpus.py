"""`personae corpus` on a real two-worker LocalCluster: one row per input, resume, faults, a killed run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import SHARED, need

LITBANK = SHARED / "corpora" / "litbank" / "original"
EXCERPTS = ("105_persuasion", "158_emma", "1064_the_masque_of_the_red_death", "76_adventures_of_huckleberry_finn")

duckdb = pytest.importorskip("duckdb")


def faulty(doc, **kw):
    """``analyze`` that hangs or kills its worker process on a marker in the text (workers import this
    module by name: test-only fault injection, through ``run_corpus(analyzer=...)``)."""
    from personae.pipeline import analyze

    if "RAISE-HERE" in doc.text:
        raise RuntimeError("a bug in a stage")
    if "HANG-HERE" in doc.text:
        time.sleep(3600)
    if "CRASH-HERE" in doc.text:
        os._exit(13)
    if "HOG-HERE" in doc.text:  # grows past the worker's memory limit, 10 MB at a time
        hog = []
        for _ in range(600):
            hog.append(bytearray(10 * 2**20))
            time.sleep(0.01)
    return analyze(doc, **kw)


def nlp_loads() -> int:
    """How many times this worker process has loaded the spaCy model (run on each worker)."""
    from personae.language import load_nlp

    return load_nlp.cache_info().misses


def excerpt(name: str, chars: int = 20_000) -> str:
    return (need(LITBANK / f"{name}.txt")).read_text(encoding="utf-8")[:chars]


def make_corpus(root: Path, names=EXCERPTS[:3], chars: int = 10_000) -> dict[str, str]:
    """A few LitBank excerpts plus an empty file, a binary file and a truncated EPUB: path -> status."""
    root.mkdir(parents=True, exist_ok=True)
    expected = {}
    for n in names:
        (root / f"{n}.txt").write_text(excerpt(n, chars), encoding="utf-8")
        expected[f"{n}.txt"] = "ok"
    (root / "empty.txt").write_bytes(b"")
    (root / "junk").mkdir(exist_ok=True)
    (root / "junk" / "binary.txt").write_bytes(bytes(range(256)) * 40)
    # The first bytes of a real EPUB (a zip whose first member is "mimetype"), cut off.
    (root / "junk" / "truncated.epub").write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x00\x00" + b"mimetypeapplication/epub+zip"[:20])
    (root / ".DS_Store").write_bytes(b"\x00\x01")  # hidden: not an input
    expected.update({"empty.txt": "error", "junk/binary.txt": "error", "junk/truncated.epub": "error"})
    return expected


def table(out: Path, name: str):
    return duckdb.sql(f"select * from read_parquet('{out}/{name}/*.parquet', union_by_name=true)")


def statuses(out: Path) -> dict[str, str]:
    return dict(duckdb.sql(f"select path, status from read_parquet('{out}/works/*.parquet')").fetchall())


@pytest.fixture(scope="module")
def client():
    from distributed import Client

    from personae.corpus import local_cluster

    cluster = local_cluster(2, memory_limit="1500MiB")
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_one_row_per_input_then_resume(tmp_path, client):
    from personae.corpus import run_corpus

    src, out = tmp_path / "in", tmp_path / "out"
    expected = make_corpus(src)
    s = run_corpus(src, out, client=client)
    assert statuses(out) == expected
    assert (s.inputs, s.ok, s.errors, s.skipped) == (6, 3, 3, 0)
    works = {r[0]: r for r in duckdb.sql(f"select path, sha256, words, chapters, error from read_parquet('{out}/works/*.parquet')").fetchall()}
    assert "empty" in works["empty.txt"][4] and "binary" in works["junk/binary.txt"][4]
    assert works["158_emma.txt"][2] > 1000 and works["158_emma.txt"][3] >= 1
    # Chapter offsets point into the work's text; so do mentions, whose text is what they point to.
    for path, start, end in duckdb.sql(f"select path, start, \"end\" from read_parquet('{out}/chapters/*.parquet')").fetchall():
        assert 0 <= start < end <= len((src / path).read_text(encoding="utf-8"))
    mentions = duckdb.sql(f"select path, start, \"end\", character, kind, text from read_parquet('{out}/mentions/*.parquet')").fetchall()
    assert {m[0] for m in mentions} == {p for p, status in expected.items() if status == "ok"}
    for path, start, end, character, kind, text in mentions:
        assert " ".join((src / path).read_text(encoding="utf-8")[start:end].split()) == text and character and kind

    # A rerun skips every ok work (and retries the failed ones); still one row per input.
    t0 = time.perf_counter()
    s = run_corpus(src, out, client=client)
    assert time.perf_counter() - t0 < 20
    assert (s.ok, s.errors, s.skipped) == (0, 3, 3)
    assert statuses(out) == expected
    assert duckdb.sql(f"select count(*) from read_parquet('{out}/works/*.parquet')").fetchall()[0][0] == 6
    # Each worker loaded the model once (when it started), not once per work.
    assert list(client.run(nlp_loads).values()) == [1, 1]

    # A work whose bytes changed is analysed again; its old rows go from every table.
    changed = src / f"{EXCERPTS[0]}.txt"
    changed.write_text(excerpt(EXCERPTS[0], 7_000), encoding="utf-8")
    s = run_corpus(src, out, client=client)
    assert (s.ok, s.skipped) == (1, 2)
    shas = {r[0] for r in duckdb.sql(f"select distinct sha256 from read_parquet('{out}/chapters/*.parquet') where path = '{changed.name}'").fetchall()}
    import hashlib

    assert shas == {hashlib.sha256(changed.read_bytes()).hexdigest()}
    assert statuses(out) == expected


def test_zip_input(tmp_path, client):
    from personae.corpus import run_corpus

    src = tmp_path / "in"
    expected = make_corpus(src, names=EXCERPTS[:1], chars=8000)
    # Works in the other formats personae reads: an EPUB and an HTML page.
    from ingest_builders import fanficfare_epub

    fanficfare_epub(src / "story.epub")
    (src / "page.html").write_text(f"<html><body><h2>Chapter 1</h2><p>{excerpt(EXCERPTS[2], 3000)}</p></body></html>", encoding="utf-8")
    expected.update({"story.epub": "ok", "page.html": "ok"})
    archive = tmp_path / "works.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in sorted(src.rglob("*")):
            if p.is_file():
                z.write(p, f"fics/{p.relative_to(src).as_posix()}")
    run_corpus(archive, tmp_path / "out", client=client)
    assert statuses(tmp_path / "out") == {f"fics/{k}": v for k, v in expected.items()}
    formats = dict(duckdb.sql(f"select path, format from read_parquet('{tmp_path}/out/works/*.parquet') where status = 'ok'").fetchall())
    assert formats == {"fics/story.epub": "epub", "fics/page.html": "html", f"fics/{EXCERPTS[0]}.txt": "txt"}


def test_existing_scheduler_by_address(tmp_path, client):
    """--scheduler: a cluster started elsewhere (here the fixture's), reached by its address only."""
    from personae.corpus import run_corpus

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(excerpt(EXCERPTS[1], 3000), encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    s = run_corpus(src, tmp_path / "out", scheduler=client.scheduler.address)
    assert statuses(tmp_path / "out") == {"a.txt": "ok", "empty.txt": "error"}
    assert (s.ok, s.errors, s.workers) == (1, 1, 2)
    assert list(client.run(nlp_loads).values()) == [1, 1]  # registering the warm-up again loads nothing


def test_zip_members_read_once_opened_and_bad_members_are_rows(tmp_path, monkeypatch):
    """The client opens an archive once, however many works it holds, and a member it cannot read (here
    corrupt compressed data) is that input's error, not the end of the run."""
    import zipfile as zf

    from personae import corpus

    archive = tmp_path / "works.zip"
    text = ("It was a dark and stormy night; the rain fell in torrents. " * 400).encode()
    with zf.ZipFile(archive, "w", zf.ZIP_DEFLATED) as z:
        for name in ("a.txt", "b.txt", "c.txt"):
            z.writestr(name, text)
    data = bytearray(archive.read_bytes())
    at = data.index(b"b.txt") + len("b.txt") + 40  # inside b.txt's compressed bytes
    data[at : at + 30] = bytes(x ^ 0x55 for x in data[at : at + 30])
    archive.write_bytes(bytes(data))

    opened = []

    class Counting(zf.ZipFile):
        def __init__(self, *a, **kw):
            opened.append(a[0])
            super().__init__(*a, **kw)

    monkeypatch.setattr(corpus.zipfile, "ZipFile", Counting)
    try:
        got = {i.path: corpus._submit_args(i) for i in corpus.discover(archive)}
    finally:
        corpus._close_zips()
    assert got["a.txt"] == (text, None) and got["c.txt"] == (text, None)
    assert got["b.txt"][0] is None and got["b.txt"][1].startswith("b.txt: cannot read it (")
    assert len(opened) == 2  # once to list the works, once to read them all


def test_file_name_not_utf8(tmp_path):
    """A file whose name is not UTF-8 is still one input, read and recorded under a readable key."""
    from personae.corpus import Store, _submit_args, discover, work_row

    os.mkdir(tmp_path / "in")
    with open(os.path.join(os.fsencode(tmp_path / "in"), b"caf\xe9.txt"), "wb") as f:
        f.write(b"Some story.")
    (item,) = discover(tmp_path / "in")
    assert item.path == "caf\\xe9.txt" and _submit_args(item) == (b"Some story.", None)
    store = Store(tmp_path / "out")
    store.add({"works": [work_row(item.path, "0" * 64, item.size, "error", "just a test")]})
    store.flush()
    store.close()
    assert statuses(tmp_path / "out") == {"caf\\xe9.txt": "error"}


def test_glob_selects_files(tmp_path, client):
    from personae.corpus import discover

    src = tmp_path / "in"
    make_corpus(src, names=EXCERPTS[:1], chars=2000)
    (src / "notes.json").write_text("{}")
    assert [i.path for i in discover(src, "*.epub")] == ["junk/truncated.epub"]
    assert "notes.json" not in [i.path for i in discover(src)]
    assert "notes.json" in [i.path for i in discover(src, "*")]


def test_hang_crash_and_memory_hog_are_isolated(tmp_path, client):
    from personae.corpus import run_corpus

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    text = excerpt(EXCERPTS[1], 6000)
    (src / "a.txt").write_text(text, encoding="utf-8")
    (src / "b-hang.txt").write_text(text + "\n\nHANG-HERE\n", encoding="utf-8")
    (src / "c-crash.txt").write_text(text + "\n\nCRASH-HERE\n", encoding="utf-8")
    (src / "d.txt").write_text(excerpt(EXCERPTS[2], 6000), encoding="utf-8")
    (src / "e-hog.txt").write_text(text + "\n\nHOG-HERE\n", encoding="utf-8")
    (src / "f-raise.txt").write_text(text + "\n\nRAISE-HERE\n", encoding="utf-8")
    s = run_corpus(src, out, client=client, analyzer=faulty, timeout=20)
    errors = dict(duckdb.sql(f"select path, error from read_parquet('{out}/works/*.parquet') where status = 'error'").fetchall())
    assert statuses(out) == {"a.txt": "ok", "b-hang.txt": "error", "c-crash.txt": "error", "d.txt": "ok", "e-hog.txt": "error",
                             "f-raise.txt": "error"}, errors
    assert errors["f-raise.txt"].startswith("internal error RuntimeError: a bug in a stage (at test_corpus.py:")
    assert "timed out" in errors["b-hang.txt"]
    assert "worker process died" in errors["c-crash.txt"]
    assert "worker process died" in errors["e-hog.txt"]
    assert s.errors == 4
    # The cluster is whole again for the next work.
    client.wait_for_workers(2, timeout=60)


def test_killed_run_loses_nothing_finished(tmp_path, client):
    from personae.corpus import run_corpus

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(6):
        name = EXCERPTS[i % len(EXCERPTS)]
        (src / f"{i:02d}-{name}.txt").write_text(excerpt(name, 8_000 + 500 * i), encoding="utf-8")
    cmd = [sys.executable, "-m", "personae.cli", "corpus", str(src), "--out", str(out), "--workers", "2", "-q"]
    # Its own session, so the kill takes the whole process group: client, nannies and workers.
    p = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not list((out / "works").glob("*.parquet")) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
    first = statuses(out)
    assert first and len(first) < 6, "kill it mid-way"
    landed = {f.name for f in (out / "works").glob("*.parquet")}

    s = run_corpus(src, out, client=client)
    assert s.skipped == len(first) and s.ok == 6 - len(first)
    final = statuses(out)
    assert len(final) == 6 and set(final.values()) == {"ok"}
    # What landed before the kill is still there, untouched, and nothing is duplicated.
    assert landed <= {f.name for f in (out / "works").glob("*.parquet")}
    assert duckdb.sql(f"select count(*) from read_parquet('{out}/works/*.parquet')").fetchall()[0][0] == 6


def test_to_table_keeps_every_field():
    from personae.corpus import to_table

    rows = [
        {"path": "a", "sha256": "x", "id": "Q0", "start": 0, "end": 9, "parts": [{"start": 1, "end": 8}], "speaker": None,
         "addressees": ["C1"], "type": "explicit", "confidence": 0.5, "text": "hello", "chars": 7, "novel_field": {"k": 1}},
        {"path": "a", "sha256": "x", "id": "Q1", "start": 10, "end": 20, "parts": [], "speaker": "C1",
         "addressees": [], "type": "implicit", "confidence": 1, "text": "", "chars": 0, "novel_field": None},
    ]
    t = to_table("quotes", rows)
    assert t.num_rows == 2
    assert str(t.schema.field("parts").type) == "list<item: struct<start: int64, end: int64>>"
    assert str(t.schema.field("confidence").type) == "double"
    assert t.column("novel_field").to_pylist() == ['{"k": 1}', None]
    rel = to_table("relations", [{"path": "a", "sha256": "x", "a": "C0", "b": "C1", "type": "family", "detail": "sister",
                                  "directed": False, "confidence": 0.9, "evidence": [{"start": 0, "end": 3}],
                                  "timeline": [{"chapter": 0, "state": "met", "evidence": [{"start": 0, "end": 3}]}]}])
    # The schema names no "evidence" in a timeline state: the column is kept whole, as JSON text.
    assert json.loads(rel.column("timeline").to_pylist()[0])[0]["evidence"] == [{"start": 0, "end": 3}]
    assert str(rel.schema.field("evidence").type) == "list<item: struct<start: int64, end: int64>>"


def test_cli_bad_input_is_one_line(tmp_path):
    r = subprocess.run([sys.executable, "-m", "personae.cli", "corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "o")],
                       capture_output=True, text=True)
    assert r.returncode != 0
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def readme_queries() -> list[str]:
    from conftest import REPO

    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## A corpus on Dask", 1)[1]
    block = section.split("```sql", 1)[1].split("```", 1)[0]
    return [q.strip() for q in block.split(";") if q.strip() and not all(l.startswith("--") for l in q.strip().splitlines())]


def test_readme_queries_run(tmp_path):
    """The DuckDB queries the README shows run on tables written by the corpus Store (synthetic rows:
    the stages that fill characters, quotes and relations are other engineers' work in progress)."""
    from personae.corpus import Store, rows_of, work_row

    text = "“Hello,” said Anna. “Hi,” said Ben.\n\nThey married."
    d = {
        "source": {"format": "txt", "chars": len(text), "title": None, "metadata": {}, "words": 8},
        "chapters": [{"index": 0, "title": None, "start": 0, "end": len(text), "scenes": [{"index": 0, "start": 0, "end": len(text)}]}],
        "characters": [{"id": "C0", "name": "Anna", "aliases": [], "gender": "F", "importance": "major", "mentions": 2, "quotes": 1},
                       {"id": "C1", "name": "Ben", "aliases": ["B"], "gender": "M", "importance": "major", "mentions": 2, "quotes": 1}],
        "quotes": [{"id": "Q0", "start": 0, "end": 8, "parts": [{"start": 1, "end": 7}], "speaker": "C0", "addressees": ["C1"], "type": "explicit", "confidence": 0.9},
                   {"id": "Q1", "start": 20, "end": 25, "parts": [{"start": 21, "end": 24}], "speaker": "C1", "addressees": [], "type": "explicit", "confidence": 0.9}],
        "relations": [{"a": "C0", "b": "C1", "type": "romantic", "detail": "spouse", "directed": False, "confidence": 0.8,
                       "evidence": [{"start": 37, "end": 50}], "timeline": []}],
        "warnings": ["the text does not look like fiction"],
        "mentions": [{"start": 14, "end": 18, "character": "C0", "kind": "name"},
                     {"start": 31, "end": 34, "character": "C1", "kind": "name"},
                     {"start": 37, "end": 41, "character": "C0", "kind": "pronoun"}],
    }
    store = Store(tmp_path)
    store.add(rows_of("a.txt", "0" * 64, 60, d, text, 1.0))
    store.add({"works": [work_row("b.txt", "1" * 64, 0, "error", "b.txt: the file is empty")]})
    store.flush()
    results = []
    for q in readme_queries():
        results.append(duckdb.sql(q.replace("OUT", str(tmp_path))).fetchall())
    assert len(results) == 7
    assert results[0] == [("b.txt", "b.txt: the file is empty")]
    assert results[2] == [("Anna", "Ben", 1)]
    assert {g: pct for g, _, pct in results[3]} == {"F": 66.7, "M": 33.3}
    assert sorted(results[5]) == [("a.txt", "Anna", "name", 1), ("a.txt", "Anna", "pronoun", 1), ("a.txt", "Ben", "name", 1)]


def test_one_run_per_output_folder(tmp_path):
    from personae.corpus import Store
    from personae.document import InputError

    first = Store(tmp_path)
    with pytest.raises(InputError, match="another `personae corpus` run"):
        Store(tmp_path)
    first.close()
    Store(tmp_path).close()


# --- hostile archives and folders (issue 14): every input is one row, nothing dropped without a trace ----

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

MEMBER_NAMES = ["a.txt", "a.txt", "a (2).txt", "b/c.txt", "../up.txt", "/abs.txt", "..\\win.txt", "x/../y.txt", "C:/d.txt", ".hidden.txt"]


def _zip_of(path: Path, members: list[tuple[str, bytes]]) -> Path:
    import warnings

    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore")  # "Duplicate name": the point of the test
        for name, data in members:
            z.writestr(name, data)
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(MEMBER_NAMES), min_size=1, max_size=8))
def test_every_zip_member_is_one_input_with_its_own_bytes(tmp_path_factory, names):
    from personae.corpus import _close_zips, _submit_args, discover

    members = [(name, f"Story number {i}.".encode()) for i, name in enumerate(names)]
    archive = _zip_of(tmp_path_factory.mktemp("zip") / "w.zip", members)
    try:
        items = discover(archive)
        got = {i.path: _submit_args(i) for i in items}
    finally:
        _close_zips()
    visible = [(n, d) for n, d in members if not n.startswith(".h")]
    assert len(items) == len(got) == len(visible)  # distinct keys, one per member (dot files are never works)
    read = sorted(data for data, _ in got.values() if data is not None)
    unsafe = [d for n, d in visible if ".." in n.replace("\\", "/").split("/") or n.startswith("/") or n[1:2] == ":"]
    assert read == sorted(d for _, d in visible if d not in unsafe)
    for key, (data, problem) in got.items():
        assert (data is None) == (problem is not None)
        if problem:
            assert problem.startswith(key) and "leaves the archive" in problem


def test_store_keeps_rows_of_one_batch(tmp_path):
    """Two rows with the same key in one batch used to drop each other."""
    from personae.corpus import Store, work_row

    store = Store(tmp_path / "out")
    store.add({"works": [work_row("x.txt", "0" * 64, 1, "error", "first")]})
    store.add({"works": [work_row("x.txt", "0" * 64, 1, "error", "second")]})
    store.flush()
    store.close()
    assert duckdb.sql(f"select count(*) from read_parquet('{tmp_path}/out/works/*.parquet')").fetchall()[0][0] == 2


def test_duplicate_members_unsafe_names_and_outside_links_are_rows(tmp_path, client):
    from personae.corpus import run_corpus

    tom = excerpt(EXCERPTS[3], 3000).encode()
    anne = excerpt(EXCERPTS[0], 3000).encode()
    archive = _zip_of(tmp_path / "w.zip", [("dup.txt", tom), ("dup.txt", anne), ("../up.txt", tom)])
    s = run_corpus(archive, tmp_path / "out", client=client)
    rows = duckdb.sql(f"select path, sha256, status, error from read_parquet('{tmp_path}/out/works/*.parquet') order by path").fetchall()
    assert [(p, st) for p, _, st, _ in rows] == [("../up.txt", "error"), ("dup (2).txt", "ok"), ("dup.txt", "ok")]
    assert rows[1][1] != rows[2][1]  # each member's own bytes
    assert (s.ok, s.errors) == (2, 1)
    keys = {p for (p,) in duckdb.sql(f"select distinct path from read_parquet('{tmp_path}/out/characters/*.parquet')").fetchall()}
    assert keys == {"dup.txt", "dup (2).txt"}

    src, secret = tmp_path / "in", tmp_path / "secret.txt"
    src.mkdir()
    secret.write_bytes(anne)
    (src / "own.txt").write_bytes(tom)
    (src / "leak.txt").symlink_to(secret)
    (src / "inside.txt").symlink_to(src / "own.txt")  # a link that stays inside IN is followed
    s = run_corpus(src, tmp_path / "out2", client=client)
    assert statuses(tmp_path / "out2") == {"own.txt": "ok", "inside.txt": "ok", "leak.txt": "error"}
    assert "outside" in s.failures[0][1] and "not followed" in s.failures[0][1]
    quoted = " ".join(t for (t,) in duckdb.sql(f"select text from read_parquet('{tmp_path}/out2/quotes/*.parquet')").fetchall())
    assert not any(q.decode() in quoted for q in anne.split(b'"')[1::2] if len(q) > 20)


def test_corpus_exits_non_zero_when_no_work_succeeded(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import personae.corpus as corpus
    from personae.cli import app
    from personae.corpus import Summary

    (tmp_path / "in").mkdir()
    for summary, code, says in (
        (Summary(inputs=3, errors=3, failures=[("a.txt", "a.txt: bad")] * 3), 1, "no work was analysed successfully"),
        (Summary(inputs=0), 2, "no works found"),
        (Summary(inputs=3, skipped=3), 0, "3 already done"),
        (Summary(inputs=3, ok=1, errors=2), 0, "1 ok"),
    ):
        monkeypatch.setattr(corpus, "run_corpus", lambda *a, s=summary, **kw: s)
        r = CliRunner().invoke(app, ["corpus", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q"])
        assert r.exit_code == code and says in r.output, r.output
