"""The one-screen human summary printed by ``personae analyze``."""

from __future__ import annotations

from .model import Analysis
from .output import terminal_safe


def summary_lines(a: Analysis) -> list[str]:
    s = a.structure
    meta = a.document.source.metadata
    title = meta.get("title") or s.title or (a.document.source.path or "(text)")
    scenes = sum(len(c.scenes) for c in s.chapters)
    lines = [
        f"{title}",
        f"  {a.words():,} words · {len(s.chapters)} chapters · {scenes} scenes · {len(a.quotes):,} quotes",
    ]
    for c in s.chapters[:12]:
        lines.append(f"  {c.index + 1:>3}. {c.title or '(untitled)'}  [{len(c.scenes)} scene{'s' if len(c.scenes) != 1 else ''}]")
    if len(s.chapters) > 12:
        lines.append(f"       … and {len(s.chapters) - 12} more chapters")
    kinds: dict[str, int] = {}
    for b in s.blocks:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    if kinds:
        lines.append("  blocks: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    if a.characters:
        total = sum(c.quotes for c in a.characters) or 1
        lines.append("  cast:")
        for c in a.characters[:10]:
            share = f"{100 * c.quotes / total:4.0f}% of dialogue" if c.quotes else ""
            lines.append(f"    {c.name:<24} {c.gender}  {c.importance:<12} {share}")
    lines.extend(_relation_lines(a))
    lines.extend(_arc_lines(a))
    for key in ("relationships", "characters"):
        if a.tags.get(key):
            lines.append(f"  tags ({key}): " + ", ".join(a.tags[key][:8]))
    for w in a.warnings:
        lines.append(f"  warning: {w}")
    # Titles and names come from the story: nothing in them may reach the terminal as a control sequence.
    return [terminal_safe(line) for line in lines]


def _chapter_name(a: Analysis, index: int) -> str:
    ch = next((c for c in a.structure.chapters if c.index == index), None)
    if ch is not None and ch.title and len(ch.title) <= 24:
        return ch.title
    return f"ch {index + 1}"


def _relation_lines(a: Analysis, limit: int = 12) -> list[str]:
    """The strongest relations shown to a reader, one line each: who, what, and (for couples) how it
    changes by chapter."""
    from .relations import shown

    rels = [r for r in shown(a.relations) if r.type != "acquaintance"][:limit]
    if not rels:
        return []
    name = {c.id: c.name for c in a.characters}
    out = ["  relationships:"]
    for r in rels:
        arrow = " → " if r.directed else " – "
        what = r.type + (f" ({r.detail})" if r.detail else "")
        line = f"    {name.get(r.a, r.a) + arrow + name.get(r.b, r.b):<28} {what:<32} {r.confidence:.2f}"
        if len(r.timeline) > 1 or (r.timeline and r.timeline[0].state != "together"):
            steps = []
            for t in r.timeline:
                if steps and steps[-1][0] == t.state:
                    continue
                steps.append((t.state, _chapter_name(a, t.chapter)))
            line += "   " + " → ".join(f"{st} ({ch})" for st, ch in steps)
        out.append(line)
    return out


_SPARK = "▁▂▃▄▅▆▇█"


def _spark(values: list[float]) -> str:
    vals = [v for v in values if v is not None]
    if not vals:
        return ""
    lo, hi = min(vals), max(vals)
    span = (hi - lo) or 1.0
    return "".join(" " if v is None else _SPARK[min(7, int((v - lo) / span * 8))] for v in values)


def _arc_lines(a: Analysis) -> list[str]:
    story = (a.arcs or {}).get("story")
    if not story:
        return []
    shape = story.get("shape") or {}
    line = f"  arc: {_spark(story.get('smoothed') or [])}"
    if shape.get("label"):
        line += f"  {shape['label']} (fit {shape['fit']:.2f})"
    out = [line]
    chars = a.arcs.get("characters") or {}
    name = {c.id: c.name for c in a.characters}
    moods = [f"{name.get(cid, cid)} {v['mean']:+.2f}" for cid, v in chars.items() if v.get("mean") is not None]
    if moods:
        out.append("  valence by character: " + ", ".join(moods[:8]))
    return out
