"""The character network as a networkx graph, and as GEXF (Gephi) or GraphML (Cytoscape, yEd).

Nodes are characters (id = personae character id) with attributes ``label``, ``aliases`` (joined by
" | "), ``gender``, ``importance``, ``mentions``, ``lines`` (quotes spoken), ``words`` (words spoken),
``prominence`` (mentions + lines) and ``first_chapter`` (1-based; 0 when never seen).
Edges join two characters who speak to each other or hold a relation, once per pair, with
``conversation`` (quotes either way), ``a_to_b``/``b_to_a`` (quotes each way, a and b in sorted id order),
``weight`` (= conversation, at least 1 so layout tools see relation-only edges), ``relation`` (the most
confident relation type, or "conversation"), ``relations`` (every type;detail, joined by " | "),
``confidence`` and ``timeline`` ("chapter:state" in chapter order, joined by " | "; 1-based chapters).
GEXF and GraphML hold only scalar attributes, hence the joined strings.
"""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from ..document import InputError
from ..model import Analysis
from ..output import xml_safe
from .view import View


def character_graph(analysis: Analysis, view: View | None = None) -> nx.Graph:
    v = view or View(analysis)
    g = nx.Graph(name=analysis.structure.title or analysis.document.source.path or "personae")
    for c in analysis.characters:
        g.add_node(
            c.id,
            label=c.name,
            aliases=" | ".join(c.aliases),
            gender=c.gender,
            importance=c.importance,
            mentions=c.mentions,
            lines=v.lines[c.id],
            words=v.quote_words[c.id],
            prominence=v.prominence(c),
            first_chapter=v.first_chapter.get(c.id, -1) + 1,
        )
    for a, b in v.pairs():
        rels = sorted(v.relations_between(a, b), key=lambda r: -r.confidence)
        ab = sum(v.conversation.get((a, b), ()))
        ba = sum(v.conversation.get((b, a), ()))
        timeline = sorted((t.chapter, t.state) for r in rels for t in r.timeline)
        g.add_edge(
            a,
            b,
            conversation=ab + ba,
            a_to_b=ab,
            b_to_a=ba,
            weight=max(ab + ba, 1),
            relation=rels[0].type if rels else "conversation",
            relations=" | ".join(f"{r.type};{r.detail or ''}" for r in rels),
            confidence=round(rels[0].confidence, 3) if rels else 0.0,
            timeline=" | ".join(f"{ch + 1}:{state}" for ch, state in timeline),
        )
    return g


def _xml_safe_graph(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` whose every string (ids, attribute values, the graph's name) XML can hold: a control
    character in a title, a name or a file name would make the file unreadable or the writer fail."""

    def clean(value):
        return xml_safe(value) if isinstance(value, str) else value

    out = nx.Graph(**{k: clean(v) for k, v in g.graph.items()})
    out.add_nodes_from((clean(n), {k: clean(v) for k, v in d.items()}) for n, d in g.nodes(data=True))
    out.add_edges_from((clean(a), clean(b), {k: clean(v) for k, v in d.items()}) for a, b, d in g.edges(data=True))
    return out


def render_graph(analysis: Analysis, path: str | Path) -> bytes:
    """The network in the format ``path``'s suffix names (.gexf or .graphml), as bytes to write."""
    suffix = Path(path).suffix.lower()
    g = _xml_safe_graph(character_graph(analysis))
    buf = io.BytesIO()
    if suffix == ".gexf":
        nx.write_gexf(g, buf)
    elif suffix == ".graphml":
        nx.write_graphml(g, buf)
    else:
        raise InputError(f"--graph {path}: unknown graph format {suffix or '(none)'}; name the file .gexf or .graphml")
    return buf.getvalue()
