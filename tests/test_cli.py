from __future__ import annotations

import json
import subprocess
import sys

from personae.model import validate


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "personae.cli", *args], capture_output=True, text=True, **kw)


def test_analyze_writes_valid_json(tmp_path, fanfic_path):
    out = tmp_path / "a.json"
    r = run("analyze", str(fanfic_path), "--json", str(out))
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    validate(data)
    text = fanfic_path.read_text(encoding="utf-8")
    assert data["source"]["chars"] == len(text)
    for ch in data["chapters"]:
        assert 0 <= ch["start"] < ch["end"] <= len(text)


def test_text_prints_decoded_text(fanfic_path):
    r = run("text", str(fanfic_path))
    assert r.returncode == 0
    assert r.stdout == fanfic_path.read_text(encoding="utf-8")


def one_line_error(r) -> str:
    """The run failed with one line on stderr and no traceback; that line."""
    lines = r.stderr.strip().splitlines()
    assert r.returncode != 0 and len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


def test_version():
    r = run("version")
    assert r.returncode == 0 and r.stdout.startswith("personae ")


def test_missing_file_is_one_line_error(tmp_path):
    out = tmp_path / "x.json"
    r = run("analyze", str(tmp_path / "nope.txt"), "--json", str(out))
    one_line_error(r)
    assert not out.exists()


def test_api_missing_path_is_an_error(tmp_path):
    import pytest

    import personae

    with pytest.raises(personae.InputError):
        personae.analyze(str(tmp_path / "missing.txt"))


def test_api_accepts_text():
    import personae

    a = personae.analyze("“Hello,” she said.\n\n“Goodbye,” he said.")
    assert a.document.source.format == "string"


def test_outputs_are_readable_by_others(tmp_path):
    """Outputs are shared files (a report to open, tables to load), not private temporaries."""
    import os
    import stat

    from personae.output import write_atomic

    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.json").stat().st_mode) == 0o644
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


STORY = (
    "Chapter 1\n\n"
    "\u201cWhere is it?\u201d Harry asked.\n\n"
    "\u201cUnder the bed,\u201d said Hermione. \u201cRon moved it.\u201d\n\n"
    "\u201cI did not,\u201d Ron said. \u201cHarry, tell her.\u201d\n\n"
    "Harry laughed and said nothing.\n"
)


def test_characters_roster_gives_the_ids(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    roster = tmp_path / "roster.json"
    roster.write_text(json.dumps([
        {"id": "HP", "name": "Harry Potter", "aliases": ["Harry"], "gender": "M"},
        {"id": "HG", "name": "Hermione Granger", "aliases": ["Hermione"], "gender": "F"},
        {"id": "RW", "name": "Ron Weasley", "aliases": ["Ron"], "gender": "M"},
    ]), encoding="utf-8")
    out = tmp_path / "a.json"
    r = run("analyze", str(story), "--characters", str(roster), "--json", str(out), "--quiet")
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    validate(data)
    assert {c["id"] for c in data["characters"]} == {"HP", "HG", "RW"}
    speakers = {STORY[q["start"] : q["end"]]: q["speaker"] for q in data["quotes"]}
    assert speakers["Where is it?"] == "HP"  # a quote's span is its words, inside the marks
    assert speakers["I did not,\u201d Ron said. \u201cHarry, tell her."] == "RW"


def test_bad_roster_and_output_paths_are_one_line_errors(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    for args, says in (
        (["--characters", str(bad)], "bad.json"),
        (["--json", str(folder)], "--json"),
        (["--html", str(folder)], "--html"),
        (["--tables", str(story)], "--tables"),
    ):
        r = run("analyze", str(story), *args, "--quiet")
        assert says in one_line_error(r), args
    assert list(folder.iterdir()) == []


def test_a_failed_output_leaves_no_other_outputs(tmp_path):
    """--json can be written but --tei cannot (its folder is a file): neither is left behind."""
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    out = tmp_path / "a.json"
    r = run("analyze", str(story), "--json", str(out), "--tei", str(blocker / "a.tei.xml"), "--quiet")
    assert "blocker: is a file, not a folder" in one_line_error(r)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "story.txt"]
