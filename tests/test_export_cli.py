"""`personae analyze` with every export at once: all files written, or none."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
from lxml import etree


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "personae.cli", *args], capture_output=True, text=True)


def test_analyze_writes_every_export(tmp_path, fanfic_path):
    out = {k: tmp_path / n for k, n in (("json", "a.json"), ("html", "r.html"), ("tei", "a.xml"), ("graph", "n.graphml"))}
    r = run("analyze", str(fanfic_path), "-q", "--json", str(out["json"]), "--html", str(out["html"]), "--tei", str(out["tei"]),
            "--graph", str(out["graph"]), "--tables", str(tmp_path / "tables"))
    assert r.returncode == 0, r.stderr
    data = json.loads(out["json"].read_text(encoding="utf-8"))
    assert "<html" in out["html"].read_text(encoding="utf-8")
    etree.parse(str(out["tei"]))
    assert nx.read_graphml(out["graph"]).number_of_nodes() == len(data["characters"])
    names = sorted(p.name for p in (tmp_path / "tables").iterdir())
    assert names == sorted(["characters.csv", "quotes.csv", "relations.csv", "chapters.csv", "mentions.csv",
                            "fanfic-lover-after-me.quotes", "fanfic-lover-after-me.entities", "fanfic-lover-after-me.book"])


def test_unknown_graph_format_fails_before_writing_anything(tmp_path, fanfic_path):
    r = run("analyze", str(fanfic_path), "--json", str(tmp_path / "a.json"), "--graph", str(tmp_path / "n.png"))
    assert r.returncode != 0
    assert len(r.stderr.strip().splitlines()) == 1 and ".gexf or .graphml" in r.stderr and "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []
