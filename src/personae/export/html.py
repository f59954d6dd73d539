"""The HTML report: one self-contained file a reader opens offline.

Everything is inlined: the page (``templates/report.html``, ``report.css``, ``report.js``), the vendored
libraries (``vendor/``: Cytoscape.js for the network, uPlot for the arcs; rebuilt from the npm lock by
``tools/vendor-js/build.sh``) and the data, as one JSON document. The page makes no request.

The text is rendered here, chapter by chapter, to HTML strings the page inserts only when the reader
opens a chapter: a novel's whole text as live DOM would slow the first paint for nothing.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..model import RELATION_TYPES, Analysis
from .view import View

# The most characters the network shows: more nodes than this are unreadable, and the remainder are
# the least prominent ones (usually named once).
MAX_NODES = 150

# Distinct hues for the most prominent characters (Tableau 10 plus two), so the main voices are told
# apart at a glance; the rest cycle through lighter variants.
PALETTE = [
    "#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2",
    "#edc948", "#ff9da7", "#9c755f", "#bab0ac", "#17becf", "#8c564b",
]
EVIDENCE_CHARS = 280


def _colour(rank: int) -> str:
    if rank < len(PALETTE):
        return PALETTE[rank]
    # Minor characters: muted hues spread by the golden angle, so neighbours in rank differ.
    return f"hsl({(rank * 137.5) % 360:.0f}, 30%, 58%)"


def _asset(name: str) -> str:
    return (files("personae.export") / name).read_text(encoding="utf-8")


# The vendored libraries the page runs, each with its licence file (vendor/, from tools/vendor-js/).
VENDORED = (("cytoscape.min.js", "cytoscape.LICENSE"), ("uPlot.iife.min.js", "uplot.LICENSE"))


def _vendor_js() -> str:
    """The libraries' code, each after its licence text: the MIT licence asks for its notice in every copy,
    and every report is one (uPlot's minified build carries only its URL)."""
    return "\n;\n".join(
        "/*! " + _asset(f"vendor/{lic}").replace("*/", "* /") + " */\n" + _asset(f"vendor/{js}") for js, lic in VENDORED
    )


def _script_safe(s: str) -> str:
    """Our own code or style that sits inside <script>/<style>: no element-closing sequence ends it early."""
    return s.replace("</", "<\\/")


_JSON_IN_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _json_in_script(value: Any) -> str:
    """JSON for a <script type="application/json"> element. The story's own text ends up in it, so no
    markup character is left for the HTML parser to read: "<!--<script" in a chapter title would
    otherwise open a comment-like script state that swallows the rest of the page. The escapes are
    JSON's own, so ``JSON.parse`` gives back the same strings."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_JSON_IN_HTML)


def _csp_hash(script: str) -> str:
    """A Content-Security-Policy source allowing exactly this inline script and no other."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def network_nodes(analysis: Analysis, view: View | None = None) -> list[str]:
    """Ids of the characters the report's network shows, most prominent first: the major and
    intermediate ones, and minor ones linked to someone (a minor character nobody talks to or is
    related to is a dot floating in the margin, and a novel has dozens)."""
    v = view or View(analysis)
    linked = {x for pair in v.pairs() for x in pair}
    ranked = sorted(analysis.characters, key=lambda c: -v.prominence(c))
    return [c.id for c in ranked if c.importance != "minor" or c.id in linked][:MAX_NODES]


def _snippet(text: str, start: int, end: int) -> str:
    s = " ".join(text[start:end].split())
    return s if len(s) <= EVIDENCE_CHARS else s[: EVIDENCE_CHARS - 1] + "…"


def _evidence(v: View, start: int, end: int) -> str:
    """Evidence as a reader can judge it: the span (marked ‹ ›) inside the sentence-sized stretch of its
    paragraph around it. A span is often one word ("wife"); alone it proves nothing to a reader."""
    text = v.text
    p = v.paragraph_at(start)
    lo, hi = (p.start, p.end) if p else (max(0, start - 120), min(len(text), end + 120))
    room = max(0, EVIDENCE_CHARS - (end - start)) // 2
    if hi - lo > EVIDENCE_CHARS:
        lo, hi = max(lo, start - room), min(hi, end + room)
    flat = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731 (layout whitespace out, word breaks kept)
    before, after = flat(text[lo:start]), flat(text[end:hi])
    span = _snippet(text, start, end)
    return f"{'…' if p and lo > p.start else ''}{before}‹{span}›{after}{'…' if p and hi < p.end else ''}".strip()


def _distinct(spans: Any) -> list[Any]:
    """Evidence spans with overlapping repeats dropped (a stage may cite "wife" and "his wife")."""
    out: list[Any] = []
    for e in sorted(spans, key=lambda e: (e.start, -e.end)):
        if not out or e.start >= out[-1].end:
            out.append(e)
    return out


def _finite(x: Any) -> float | None:
    return float(x) if isinstance(x, (int, float)) and math.isfinite(x) else None


def _series(entry: Any) -> list[float | None] | None:
    """A per-chapter series from an arcs entry: either the list itself or ``entry["chapters"]``."""
    if isinstance(entry, dict):
        entry = entry.get("chapters")
    if isinstance(entry, list) and entry and all(x is None or isinstance(x, (int, float)) for x in entry):
        return [_finite(x) for x in entry]
    return None


def _arcs(analysis: Analysis) -> dict[str, Any]:
    """The arcs the page can draw. The arcs stage's dict is read tolerantly: per-chapter series at
    ``story.chapters`` and ``characters[id].chapters``; the story through the text at ``story.smoothed``
    (and ``story.windows``, the raw values), evenly spaced; ``story.shape`` as ``{label, fit}`` or a
    string; a character's overall valence at ``characters[id].mean``. Anything else is skipped."""
    arcs = analysis.arcs or {}
    story = arcs.get("story")
    out: dict[str, Any] = {"story": _series(story), "time": None, "timeRaw": None, "characters": {}, "mean": {}, "shape": None}
    if isinstance(story, dict):
        out["time"] = _series(story.get("smoothed"))
        out["timeRaw"] = _series(story.get("windows"))
        shape = story.get("shape")
        if isinstance(shape, dict):
            out["shape"] = {"label": str(shape.get("label") or shape.get("type") or ""), "fit": _finite(shape.get("fit") or shape.get("score"))}
        elif isinstance(shape, str):
            out["shape"] = {"label": shape, "fit": None}
    chars = arcs.get("characters")
    if isinstance(chars, dict):
        for cid, entry in chars.items():
            s = _series(entry)
            if s is not None and any(x is not None for x in s):
                out["characters"][str(cid)] = s
            if isinstance(entry, dict) and _finite(entry.get("mean")) is not None:
                out["mean"][str(cid)] = _finite(entry.get("mean"))
    return out


def _chapter_html(v: View, ch_index: int) -> str:
    """One chapter's text as HTML: paragraphs, verse, notes, scene breaks, each quote piece a span.q."""
    a = v.a
    ch = a.structure.chapters[ch_index]
    out: list[str] = []
    scene = -2
    # Paragraphs outside every chapter (a title page, end notes) are shown with the chapter they
    # border, so the reader sees the whole text.
    paras = [p for p in a.structure.paragraphs if (p.chapter if p.chapter >= 0 else v.chapter_of(p.start)) == ch_index]
    for p in paras:
        if ch.heading and ch.heading.start <= p.start and p.end <= ch.heading.end:
            continue  # the heading is the chapter's title, shown above the text
        if p.chapter < 0:
            out.append(f'<p class="outside">{_inline(v, p.start, p.end)}</p>')
            continue
        if p.scene != scene:
            if p.scene > 0:
                out.append(f'<hr class="scene-break" id="ch{ch_index}-s{p.scene}" aria-label="Scene {p.scene + 1}">')
            scene = p.scene
        units = v.units(p)
        if not units:
            continue
        kind = units[0].kind
        inner = [_inline(v, u.start, u.end) for u in units]
        if kind == "l":
            out.append('<div class="verse">' + "<br>".join(inner) + "</div>")
        elif kind == "heading":
            out.append(f'<p class="subhead">{inner[0]}</p>')
        else:
            cls = {"author_note": "note author-note", "note": "note", "letter": "letter", "front_matter": "note"}.get(kind)
            out.append(f'<p class="{cls}">{inner[0]}</p>' if cls else f"<p>{inner[0]}</p>")
    return "".join(out)


def _inline(v: View, start: int, end: int) -> str:
    text = v.text
    out = []
    pos = start
    for pc in v.pieces(start, end):
        out.append(html.escape(text[pos : pc.start], quote=False))
        q = pc.quote
        attrs = f'data-q="{html.escape(q.id)}" data-t="{q.type[0]}"'
        if q.speaker:
            attrs += f' data-sp="{html.escape(q.speaker)}"'
        if q.addressees:
            attrs += f' data-ad="{html.escape(" ".join(q.addressees))}"'
        out.append(f'<span class="q" tabindex="-1" {attrs}>{html.escape(text[pc.start : pc.end], quote=False)}</span>')
        pos = pc.end
    out.append(html.escape(text[pos:end], quote=False))
    return "".join(out)


def _aliases(c: Any) -> list[str]:
    """Aliases as a reader should see them: line breaks inside a name flattened, each once, not the name."""
    seen = {" ".join(c.name.split())}
    out = []
    for x in c.aliases:
        x = " ".join(x.split())
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


def _title(a: Analysis) -> str:
    src = a.document.source
    if src.metadata.get("title") or a.structure.title:
        return str(src.metadata.get("title") or a.structure.title)
    if src.path:
        # No title in the text: the file name is what the reader knows it by ("novel_text" says nothing,
        # so its folder's name is used then).
        p = Path(src.path)
        return p.parent.name if p.stem in ("novel_text", "text", "index", "book") and p.parent.name else p.stem
    return "Untitled"


def report_data(analysis: Analysis) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data."""
    a = analysis
    v = View(a)
    n = v.n_chapters
    ranked = sorted(a.characters, key=lambda c: -v.prominence(c))
    colour = {c.id: _colour(i) for i, c in enumerate(ranked)}
    nodes = network_nodes(a, v)
    node_set = set(nodes)

    def rel_json(r: Any) -> dict[str, Any]:
        chapters = [t.chapter for t in r.timeline] + [v.chapter_of(e.start) for e in r.evidence]
        return {
            "a": r.a, "b": r.b, "type": r.type, "detail": r.detail, "directed": r.directed,
            "confidence": round(r.confidence, 3),
            "first": min(chapters) if chapters else 0,
            "conv": v.pair_conversation(r.a, r.b),
            "evidence": [{"ch": v.chapter_of(e.start), "text": _evidence(v, e.start, e.end)} for e in _distinct(r.evidence)[:4]],
            "timeline": [
                {"ch": t.chapter, "state": t.state, "evidence": [_evidence(v, e.start, e.end) for e in _distinct(t.evidence)[:2]]}
                for t in sorted(r.timeline, key=lambda t: t.chapter)
            ],
        }

    edges = []
    for x, y in v.pairs():
        if x in node_set and y in node_set:
            rels = sorted(v.relations_between(x, y), key=lambda r: -r.confidence)
            edges.append({"a": x, "b": y, "conv": v.pair_conversation(x, y), "rels": [rel_json(r) for r in rels]})

    return {
        "title": _title(a),
        "words": a.words(),
        "quotes": len(a.quotes),
        "attributed": sum(1 for q in a.quotes if q.speaker),
        "relationTypes": list(RELATION_TYPES),
        "chapters": [
            {"title": c.title, "scenes": len(c.scenes), "quotes": 0} for c in a.structure.chapters
        ],
        "characters": [
            {
                "id": c.id, "name": c.name, "aliases": _aliases(c), "gender": c.gender,
                "importance": c.importance, "mentions": c.mentions, "lines": v.lines[c.id],
                "share": round(v.share_of_dialogue(c.id), 4), "prominence": v.prominence(c),
                "first": v.first_chapter.get(c.id, 0), "active": v.active_chapters.get(c.id, [0] * n),
                "color": colour[c.id],
            }
            for c in ranked
        ],
        "network": {"nodes": nodes, "edges": edges},
        "relations": [rel_json(r) for r in v.relations if r.a in colour and r.b in colour],
        "arcs": _arcs(a),
        "tags": {k: [str(t) for t in a.tags.get(k, [])][:12] for k in ("relationships", "characters") if isinstance(a.tags.get(k), list)},
        "warnings": list(a.warnings),
    }


def render_html(analysis: Analysis) -> str:
    v = View(analysis)
    data = report_data(analysis)
    chapters_html = [_chapter_html(v, i) for i in range(len(analysis.structure.chapters))]
    for q in analysis.quotes if data["chapters"] else ():
        data["chapters"][v.chapter_of(q.start)]["quotes"] += 1
    page = _asset("templates/report.html")
    parts = {
        "TITLE": html.escape(data["title"]),
        "CSS": _script_safe(_asset("vendor/uPlot.min.css") + "\n" + _asset("templates/report.css")),
        "DATA": _json_in_script(data),
        "TEXT": _json_in_script(chapters_html),
        "VENDOR": _script_safe(_vendor_js()),
        "JS": _script_safe(_asset("templates/report.js")),
    }
    # The page runs its two inline scripts and nothing else (the JSON elements are data, not scripts).
    parts["SCRIPT_HASHES"] = " ".join(_csp_hash(parts[k]) for k in ("VENDOR", "JS"))
    # One pass over the template only: a story that contains "@@JS@@" must not be substituted into.
    return re.sub(r"@@(TITLE|CSS|DATA|TEXT|VENDOR|JS|SCRIPT_HASHES)@@", lambda m: parts[m.group(1)], page)
