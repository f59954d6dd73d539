"""Flat tables for spreadsheets, pandas and R, and BookNLP-style files for users migrating from BookNLP.

``render_tables(analysis)`` returns ``{file name: content}``; ``personae analyze --tables DIR`` writes them.

personae tables (CSV, UTF-8, header row; list cells are JSON so they parse back exactly):

- ``characters.csv``: id, name, aliases (JSON list), gender (F/M/X/U), importance, mentions, lines
  (quotes spoken), words (words spoken), share_of_dialogue (of all attributed quoted words),
  first_chapter (1-based, empty if never seen), names (JSON list of {name, count}: every name form the
  text uses for the character, most frequent first).
- ``quotes.csv``: id, start, end, chapter (1-based), scene (1-based), speaker (id, empty if unknown),
  speaker_name, addressees (JSON list of ids), addressee_names (JSON list), type, confidence,
  parts (JSON list of [start, end]), tag_start, tag_end (the speech tag), text (the parts joined by " … ").
- ``relations.csv``: a, b, a_name, b_name, type, detail, directed, confidence, conversation (quotes
  either way), evidence (JSON list of [start, end]), timeline (JSON list of {chapter (1-based), state}).
- ``chapters.csv``: index (1-based), title, start, end, scenes, words, quotes, speakers (JSON list of the
  ids speaking in it, most lines first).
- ``mentions.csv``: start, end, character (id), character_name, kind (name, description or pronoun; the
  first-person narrator's I/me/my are pronouns), chapter (1-based), text (as written, whitespace made
  single spaces). The mentions of the JSON: every reference resolved to a character, in text order.

Every ``start``/``end`` is a character offset into the decoded text (``personae text FILE``).

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (a chapter title, a quote,
a name) gets a leading ``'``, as OWASP's CSV-injection guidance says, so that no spreadsheet runs it as a
formula; strip that one ``'`` when reading such a cell programmatically. This applies to the CSV tables,
``STEM.quotes`` and ``STEM.entities``.

BookNLP mapping (``STEM.quotes``, ``STEM.entities`` and ``STEM.book``, STEM = the input file's name
without suffix):

- ``STEM.quotes`` is tab-separated with BookNLP's columns ``quote_start quote_end mention_start
  mention_end mention_phrase char_id quote``. BookNLP counts *tokens*; personae has no tokens in its
  output, so every start/end here is a *character offset* (end exclusive), one row per quote (not per
  sub-quotation: quote_start/quote_end cover all its parts, ``quote`` is its parts joined by " … ").
  ``mention_*`` is the speech tag ("she said") when there is one, else empty; ``char_id`` is the
  personae character id of the speaker (BookNLP's integer coreference id has no counterpart), empty when
  unattributed. Addressees have no BookNLP column; they are in quotes.csv.
- ``STEM.entities`` is tab-separated with BookNLP's columns ``COREF start_token end_token prop cat text``,
  one row per mention of mentions.csv. As in ``STEM.quotes``, ``start_token``/``end_token`` are
  *character offsets* with ``end_token`` exclusive (BookNLP's are token indices, end inclusive).
  ``COREF`` is the personae character id; ``prop`` is PROP (name), NOM (description) or PRON (pronoun);
  ``cat`` is always PER (personae finds people only; BookNLP also lists places, organisations and
  vehicles); ``text`` is the mention as written, whitespace made single spaces.
- ``STEM.book`` is JSON shaped like BookNLP's: ``{"characters": [{"id", "count", "mentions": {"proper":
  [{"n": name, "c": count}], "common": [...], "pronoun": [...]}, "g": {"argmax": "she/her" |
  "he/him/his" | "they/them/their" | null, "inference": {}}, "agent": [], "patient": [], "mod": [],
  "poss": []}]}``. ``count`` is mentions + lines; mentions are grouped by the mention's surface text and
  kind (name → proper, description → common, pronoun → pronoun, the narrator's I/me/my included).
  personae does not extract BookNLP's agent/patient/modifier/possession lists; they are empty. Each
  entry adds ``name``, ``aliases``, ``importance`` and personae's ``gender`` letter.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ..model import Analysis
from ..cast.names import written
from ..output import csv_safe
from .view import View, names

_PRONOUNS = {"F": "she/her", "M": "he/him/his", "X": "they/them/their"}
_BOOKNLP_PROP = {"name": "PROP", "description": "NOM", "pronoun": "PRON"}


def _csv(header: list[str], rows: list[list[Any]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(header)
    w.writerows([csv_safe(cell) for cell in row] for row in rows)
    return buf.getvalue()


def _stem(source_path: str | None) -> str:
    return Path(source_path).stem if source_path else "book"


def table_names(source_path: str | None) -> list[str]:
    """The files ``render_tables`` writes for a work read from ``source_path``."""
    stem = _stem(source_path)
    return ["characters.csv", "quotes.csv", "relations.csv", "chapters.csv", "mentions.csv",
            f"{stem}.quotes", f"{stem}.entities", f"{stem}.book"]


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def quote_text(analysis: Analysis, q: Any) -> str:
    return " … ".join(analysis.text[p.start : p.end] for p in q.parts) or analysis.text[q.start : q.end]


def render_tables(analysis: Analysis) -> dict[str, str]:
    """Every table, by file name (see the module docstring for the columns)."""
    a = analysis
    v = View(a)
    mentions = a.character_mentions()
    stem = _stem(a.document.source.path)
    return {
        "characters.csv": _characters(a, v),
        "quotes.csv": _quotes(a, v),
        "relations.csv": _relations(a, v),
        "chapters.csv": _chapters(a, v),
        "mentions.csv": _mentions(a, v, mentions),
        f"{stem}.quotes": _booknlp_quotes(a),
        f"{stem}.entities": _booknlp_entities(a, mentions),
        f"{stem}.book": _booknlp_book(a, v, mentions),
    }


def _characters(a: Analysis, v: View) -> str:
    return _csv(
        ["id", "name", "aliases", "gender", "importance", "mentions", "lines", "words", "share_of_dialogue", "first_chapter",
         "names"],
        [
            [
                c.id, c.name, _j(list(c.aliases)), c.gender, c.importance, c.mentions, v.lines[c.id],
                v.quote_words[c.id], round(v.share_of_dialogue(c.id), 4),
                v.first_chapter[c.id] + 1 if c.id in v.first_chapter else "",
                _j([{"name": n, "count": k} for n, k in c.names]),
            ]
            for c in a.characters
        ],
    )


def _quotes(a: Analysis, v: View) -> str:
    return _csv(
        ["id", "start", "end", "chapter", "scene", "speaker", "speaker_name", "addressees", "addressee_names",
         "type", "confidence", "parts", "tag_start", "tag_end", "text"],
        [
            [
                q.id, q.start, q.end, v.chapter_of(q.start) + 1, v.scene_of(q.start) + 1, q.speaker or "",
                names(a, [q.speaker])[0] if q.speaker else "", _j(list(q.addressees)), _j(names(a, q.addressees)),
                q.type, round(q.confidence, 3), _j([[p.start, p.end] for p in q.parts]),
                q.tag.start if q.tag else "", q.tag.end if q.tag else "", quote_text(a, q),
            ]
            for q in a.quotes
        ],
    )


def _relations(a: Analysis, v: View) -> str:
    return _csv(
        ["a", "b", "a_name", "b_name", "type", "detail", "directed", "confidence", "conversation", "evidence", "timeline"],
        [
            [
                r.a, r.b, *names(a, [r.a, r.b]), r.type, r.detail or "", str(r.directed).lower(), round(r.confidence, 3),
                sum(v.pair_conversation(r.a, r.b)), _j([[e.start, e.end] for e in r.evidence]),
                _j([{"chapter": t.chapter + 1, "state": t.state} for t in r.timeline]),
            ]
            for r in a.relations
        ],
    )


def _chapters(a: Analysis, v: View) -> str:
    per_chapter_quotes: dict[int, list[Any]] = defaultdict(list)
    for q in a.quotes:
        per_chapter_quotes[v.chapter_of(q.start)].append(q)
    words: Counter[int] = Counter()
    for p in a.structure.story_paragraphs():
        words[p.chapter] += len(a.text[p.start : p.end].split())
    return _csv(
        ["index", "title", "start", "end", "scenes", "words", "quotes", "speakers"],
        [
            [
                ch.index + 1, ch.title or "", ch.start, ch.end, len(ch.scenes), words[ch.index],
                len(per_chapter_quotes[ch.index]),
                _j([s for s, _ in Counter(q.speaker for q in per_chapter_quotes[ch.index] if q.speaker).most_common()]),
            ]
            for ch in a.structure.chapters
        ],
    )


def _mentions(a: Analysis, v: View, mentions: list[Any]) -> str:
    name_of = {c.id: c.name for c in a.characters}
    return _csv(
        ["start", "end", "character", "character_name", "kind", "chapter", "text"],
        [
            [m.start, m.end, m.character, name_of[m.character], m.output_kind, v.chapter_of(m.start) + 1, written(a.text, m)]
            for m in mentions
        ],
    )


def _booknlp_quotes(a: Analysis) -> str:
    text = a.text
    return _csv(
        ["quote_start", "quote_end", "mention_start", "mention_end", "mention_phrase", "char_id", "quote"],
        [
            [
                q.start, q.end, q.tag.start if q.tag else "", q.tag.end if q.tag else "",
                text[q.tag.start : q.tag.end] if q.tag else "", q.speaker or "",
                # BookNLP's .quotes is one line per quote: keep newlines out of the cell.
                " ".join(quote_text(a, q).split()),
            ]
            for q in a.quotes
        ],
        delimiter="\t",
    )


def _booknlp_entities(a: Analysis, mentions: list[Any]) -> str:
    return _csv(
        ["COREF", "start_token", "end_token", "prop", "cat", "text"],
        [[m.character, m.start, m.end, _BOOKNLP_PROP[m.output_kind], "PER", written(a.text, m)] for m in mentions],
        delimiter="\t",
    )


def _booknlp_book(a: Analysis, v: View, mentions: list[Any]) -> str:
    kinds = {"name": "proper", "description": "common", "pronoun": "pronoun"}
    surface: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for m in mentions:
        surface[m.character][kinds[m.output_kind]][a.text[m.start : m.end]] += 1
    book = {
        "characters": [
            {
                "id": c.id,
                "name": c.name,
                "aliases": list(c.aliases),
                "importance": c.importance,
                "gender": c.gender,
                "count": v.prominence(c),
                "mentions": {
                    k: [{"n": n, "c": cnt} for n, cnt in surface[c.id][k].most_common()]
                    for k in ("proper", "common", "pronoun")
                },
                "g": {"argmax": _PRONOUNS.get(c.gender), "inference": {}},
                "agent": [], "patient": [], "mod": [], "poss": [],
            }
            for c in a.characters
        ]
    }
    return json.dumps(book, ensure_ascii=False, indent=1)
