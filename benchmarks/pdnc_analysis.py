"""An ``Analysis`` of a PDNC novel built fast from its gold annotations, for exercising the exporters
at full novel size without running the NLP stages: the real ingest and structure stages, PDNC's
characters (with aliases, gender, category) and quotations (spans, speaker, addressees, type), and
for the novels with relationship gold (../shared/gold/relations) those relations.

Not a benchmark of accuracy: the point is a realistic volume of records (Emma: ~157k words,
1,593 quotes, ~50 characters). Used by benchmarks/report_load.py and the browser tests.
"""

from __future__ import annotations

import ast
import csv
import json
import re
from pathlib import Path

from personae import ingest
from personae.document import Span
from personae.model import IMPORTANCE, Analysis, Chapter, Character, Paragraph, Quote, Relation, Scene, Structure
from personae.structure import detect_structure

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PDNC = SHARED / "corpora" / "pdnc"
GOLD_RELATIONS = SHARED / "gold" / "relations"

# Until the structure stage finds chapters, a stand-in so the report has chapters to show: a line that
# is only "CHAPTER <roman or arabic numeral>" (with optional trailing title) starts a chapter.
_CHAPTER = re.compile(r"^[ \t]*(?:CHAPTER|Chapter)[ \t]+([IVXLC]+|\d+)\b[^\n]*$", re.M)


def _structure(doc) -> Structure:
    s = detect_structure(doc)
    if len(s.chapters) > 1:
        return s
    text = doc.text
    starts = [m.start() for m in _CHAPTER.finditer(text)] or [0]
    if starts[0] > 0:
        starts[0] = 0  # the opening before the first heading belongs to chapter 1
    ends = starts[1:] + [len(text)]
    chapters = []
    for i, (a, b) in enumerate(zip(starts, ends)):
        m = _CHAPTER.search(text, a, b)
        heading = Span(m.start(), m.end()) if m else None
        chapters.append(Chapter(i, text[m.start():m.end()].strip() if m else None, a, b, (Scene(0, a, b),), heading))
    paras = []
    for p in s.paragraphs:
        ci = max(i for i, a in enumerate(starts) if a <= p.start)
        paras.append(Paragraph(p.start, p.end, ci, 0))
    return Structure(tuple(chapters), s.blocks, tuple(paras), s.title)


def pdnc_analysis(novel: str) -> Analysis:
    folder = PDNC / novel
    doc = ingest.load(folder / "novel_text.txt")
    structure = _structure(doc)
    chars = []
    by_name: dict[str, str] = {}
    with open(folder / "character_info.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            cid = f"c{row['Character ID']}"
            aliases = tuple(sorted(ast.literal_eval(row["Aliases"]))) if row["Aliases"].strip() else ()
            gender = {"F": "F", "M": "M"}.get(row["Gender"].strip(), "U")
            imp = row["Category"].strip().lower()
            if row["Main Name"].startswith("_"):
                continue  # PDNC's _group and _unknowable are not characters
            chars.append(Character(cid, row["Main Name"], aliases, gender, imp if imp in IMPORTANCE else "minor"))
            by_name[row["Main Name"]] = cid
    quotes = []
    with open(folder / "quotation_info.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            spans = tuple(Span(a, b) for a, b in ast.literal_eval(row["quoteByteSpans"]))
            if not spans:
                continue
            addressees = tuple(by_name[x] for x in ast.literal_eval(row["addressees"] or "[]") if x in by_name)
            quotes.append(Quote(row["quoteID"], spans[0].start, spans[-1].end, spans, by_name.get(row["speaker"]), addressees,
                                row["quoteType"].lower() if row["quoteType"].lower() in ("explicit", "anaphoric", "implicit") else "implicit", 1.0))
    quotes.sort(key=lambda q: q.start)
    lines: dict[str, int] = {}
    for q in quotes:
        if q.speaker:
            lines[q.speaker] = lines.get(q.speaker, 0) + 1
    chars = [Character(c.id, c.name, c.aliases, c.gender, c.importance, 0, lines.get(c.id, 0)) for c in chars]
    chars.sort(key=lambda c: -c.quotes)
    relations = []
    gold = GOLD_RELATIONS / f"{novel}.json"
    if gold.exists():
        for r in json.loads(gold.read_text(encoding="utf-8"))["relations"]:
            if r["a"] in by_name and r["b"] in by_name:
                relations.append(Relation(by_name[r["a"]], by_name[r["b"]], r["type"], r.get("detail") or None, bool(r.get("directed")), 1.0))
    return Analysis(doc, structure, tuple(chars), (), tuple(quotes), tuple(relations))
