"""The one-screen human summary printed by ``personae analyze``."""

from __future__ import annotations

from .model import Analysis


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
    for key in ("relationships", "characters"):
        if a.tags.get(key):
            lines.append(f"  {key}: " + ", ".join(a.tags[key][:8]))
    for w in a.warnings:
        lines.append(f"  warning: {w}")
    return lines
