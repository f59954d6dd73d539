"""TEI P5 XML: the text with its structure, its people and who says what to whom.

- ``teiHeader/profileDesc/particDesc/listPerson``: one ``<person xml:id sex role>`` per character
  (``role`` = importance), one ``<persName>`` for the name and one per alias; the relations follow as
  ``<listRelation>`` of ``<relation name=TYPE active passive>`` (directed) or ``mutual`` (not),
  ``subtype`` = detail, ``cert`` = confidence, a ``<desc>`` with the per-chapter timeline.
- ``text/front``: paragraphs before the first chapter; ``text/back``: paragraphs outside any chapter
  after it; ``text/body``: ``<div type="chapter" n>`` with
  ``<head>`` (the chapter title) and ``<div type="scene" n>`` inside.
- Paragraphs are ``<p>``; verse is ``<lg type="verse">`` of ``<l>``; author's notes are
  ``<note type="author">``; letters and notes ``<p rend="letter|note">``.
- Each quote is ``<said who="#speaker" toWhom="#a #b" n=QUOTE_ID ana="#qt-explicit" cert>`` around the
  words inside the marks. A quote interrupted by a speech tag, or running over a paragraph break, is
  several ``<said>`` with the same ``n`` chained by ``next``/``prev``.
- Each mention of a character (in narration and inside ``<said>``) is ``<persName ref="#id">`` when it
  is a name and ``<rs ref="#id" type="pronoun|description">`` otherwise (the narrator's I/me/my are
  pronouns): the mentions of the JSON, each pointing to its ``<person>``.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from ..model import Analysis
from ..output import xml_safe
from .view import View

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
_QUOTE_PART = re.compile(r"^Q\d+\.\d+$")
_GENDER = {"F": "F", "M": "M", "X": "X", "U": "U"}
_QUOTE_TYPES = {
    "explicit": "the speaker is named in the speech tag",
    "anaphoric": "the speech tag refers to the speaker by a pronoun or description",
    "implicit": "no speech tag: the speaker follows from the conversation",
}


def tei_id(cid: str) -> str:
    """A character id as an xml:id (an NCName): kept when it is one, else made one reversibly enough
    for humans (invalid characters become '_', a leading digit gets 'c')."""
    if _NCNAME.match(cid):
        return cid
    s = re.sub(r"[^\w.\-]", "_", cid)
    return s if _NCNAME.match(s) else f"c{s}"


def person_ids(cids: list[str]) -> dict[str, str]:
    """Each character id's xml:id, distinct even where two ids read the same once made NCNames
    ("a b" and "a_b"): a later one gets "-2", "-3"…"""
    out: dict[str, str] = {}
    # The file's other xml:ids: the quote-type taxonomy and the pieces of interrupted quotes ("Q3.1").
    taken: set[str] = {"quote-types", *(f"qt-{t}" for t in _QUOTE_TYPES)}
    for cid in cids:
        base = tei_id(cid)
        xid, n = base, 1
        while xid in taken or _QUOTE_PART.match(xid):
            n += 1
            xid = f"{base}-{n}"
        taken.add(xid)
        out[cid] = xid
    return out


def _el(parent: Any, tag: str, text: str | None = None, **attrs: Any) -> Any:
    # Every string that enters the XML is made one XML 1.0 can hold (a story may contain control characters).
    e = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}", {k: xml_safe(str(v)) for k, v in attrs.items() if v is not None})
    if text is not None:
        e.text = xml_safe(text)
    return e



def render_tei(analysis: Analysis) -> str:
    a = analysis
    v = View(a)
    ids = person_ids([c.id for c in a.characters])

    def ref(cid: str) -> str:
        return "#" + ids.get(cid, tei_id(cid))

    tei = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    header = _header(tei, a)
    if a.characters:
        _cast(header, a, ids, ref)
    _text(tei, a, v, ref)
    _link_parts(tei)
    return etree.tostring(tei, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def _header(tei: Any, a: Analysis) -> Any:
    """The teiHeader: title, source, and the quote types ``<said ana>`` points to."""
    header = _el(tei, "teiHeader")
    fd = _el(header, "fileDesc")
    title = a.document.source.metadata.get("title") or a.structure.title or a.document.source.path or "Untitled"
    _el(_el(fd, "titleStmt"), "title", xml_safe(str(title)))
    _el(_el(fd, "publicationStmt"), "p", "Encoded by personae from the source below; offsets and attributions are machine-made.")
    src = a.document.source
    _el(_el(fd, "sourceDesc"), "p", xml_safe(f"{src.path or '(text)'} ({src.format}, sha256 {src.sha256})"))

    # Declared so that every pointer in the file resolves.
    tax = _el(_el(_el(header, "encodingDesc"), "classDecl"), "taxonomy")
    tax.set(XML_ID, "quote-types")
    for qt, gloss in _QUOTE_TYPES.items():
        cat = _el(tax, "category")
        cat.set(XML_ID, f"qt-{qt}")
        _el(cat, "catDesc", gloss)
    return header


def _cast(header: Any, a: Analysis, ids: dict[str, str], ref: Any) -> None:
    """listPerson (a person per character, a persName per alias) and listRelation."""
    lp = _el(_el(_el(header, "profileDesc"), "particDesc"), "listPerson")
    for c in a.characters:
        # @sex, not @gender: TEI added @gender to <person> only in P5 4.5.0, while @sex is valid in every
        # P5 release and is what literary TEI corpora use for characters' (grammatical) gender.
        person = _el(lp, "person", sex=_GENDER.get(c.gender, "U"), role=c.importance)
        person.set(XML_ID, ids[c.id])
        _el(person, "persName", xml_safe(c.name), type="main")
        for alias in c.aliases:
            if alias != c.name:
                _el(person, "persName", xml_safe(alias), type="alias")
    if a.relations:
        lr = _el(lp, "listRelation")
        for r in a.relations:
            attrs: dict[str, Any] = {"name": r.type, "subtype": r.detail, "cert": f"{r.confidence:.3f}"}
            if r.directed:
                attrs.update(active=ref(r.a), passive=ref(r.b))
            else:
                attrs["mutual"] = f"{ref(r.a)} {ref(r.b)}"
            rel = _el(lr, "relation", **attrs)
            if r.timeline:
                _el(rel, "desc", "; ".join(f"chapter {t.chapter + 1}: {t.state}" for t in r.timeline))


def _text(tei: Any, a: Analysis, v: View, ref: Any) -> None:
    """The text: front, a div per chapter (and per scene), back."""
    body_el = _el(tei, "text")
    paras = a.structure.paragraphs
    # Paragraphs outside every chapter: before the first one they are the front (title, author's
    # notes), after it the back (end notes).
    first = a.structure.chapters[0].start if a.structure.chapters else len(a.text)
    front_paras = [p for p in paras if p.chapter < 0 and p.start < first]
    back_paras = [p for p in paras if p.chapter < 0 and p.start >= first]
    if front_paras:
        fdiv = _el(_el(body_el, "front"), "div", type="front")
        for p in front_paras:
            _paragraph(fdiv, v, p, ref)
    body = _el(body_el, "body")
    by_chapter: dict[int, list[Any]] = {}
    for p in paras:
        if p.chapter >= 0:
            by_chapter.setdefault(p.chapter, []).append(p)
    for ch in a.structure.chapters:
        _chapter(body, v, ch, by_chapter.get(ch.index, []), ref)
    if len(body) == 0:
        _el(body, "p")
    if back_paras:
        bdiv = _el(_el(body_el, "back"), "div", type="back")
        for p in back_paras:
            _paragraph(bdiv, v, p, ref)


def _chapter(body: Any, v: View, ch: Any, paras: list[Any], ref: Any) -> None:
    div = _el(body, "div", type="chapter", n=ch.index + 1)
    if ch.title:
        _el(div, "head", xml_safe(ch.title))
    ps = [p for p in paras if not (ch.heading and ch.heading.start <= p.start and p.end <= ch.heading.end)]
    if not ch.scenes:
        for p in ps:
            _paragraph(div, v, p, ref)
    for sc in ch.scenes or ():
        sdiv = _el(div, "div", type="scene", n=sc.index + 1)
        for p in ps:
            if p.scene == sc.index or (p.scene < 0 and sc.start <= p.start < sc.end):
                _paragraph(sdiv, v, p, ref)
        if len(sdiv) == 0:
            _el(sdiv, "p")  # TEI divs may not be empty; an empty scene is still a scene
    if len(div) == 0:
        _el(div, "p")


def _paragraph(parent: Any, v: View, p: Any, ref: Any) -> None:
    units = v.units(p)
    if not units:
        return
    kind = units[0].kind
    if kind == "l":
        lg = _el(parent, "lg", type="verse")
        for u in units:
            _inline(_el(lg, "l"), v, u.start, u.end, ref)
        return
    if kind == "heading":
        return  # chapter headings are the chapter's <head>
    if kind == "author_note":
        target = _el(_el(parent, "note", type="author"), "p")
    else:
        target = _el(parent, "p", rend=kind if kind in ("letter", "note", "front_matter") else None)
    _inline(target, v, p.start, p.end, ref)


def _inline(el: Any, v: View, start: int, end: int, ref: Any) -> None:
    """Fill ``el`` with text[start:end], each quote piece wrapped in ``<said>``, the mentions inside."""
    pos = start
    for pc in v.pieces(start, end):
        _marked(el, v, pos, pc.start, ref)
        q = pc.quote
        attrs: dict[str, Any] = {"n": q.id, "ana": f"#qt-{q.type}", "cert": f"{q.confidence:.3f}"}
        if q.speaker:
            attrs["who"] = ref(q.speaker)
        if q.addressees:
            attrs["toWhom"] = " ".join(ref(x) for x in q.addressees)
        _marked(_el(el, "said", **attrs), v, pc.start, pc.end, ref)
        pos = pc.end
    _marked(el, v, pos, end, ref)


def _marked(el: Any, v: View, start: int, end: int, ref: Any) -> None:
    """Append text[start:end] to ``el``, each mention in it wrapped: a name in ``<persName ref>``, a
    pronoun or description in ``<rs ref type>``. A mention cut by a quote's edge is left unwrapped."""
    text = v.text
    pos = start
    for m in v.mentions_in(start, end):
        _append(el, xml_safe(text[pos : m.start]))
        kind = m.output_kind
        if kind == "name":
            _el(el, "persName", xml_safe(text[m.start : m.end]), ref=ref(m.character))
        else:
            _el(el, "rs", xml_safe(text[m.start : m.end]), ref=ref(m.character), type=kind)
        pos = m.end
    _append(el, xml_safe(text[pos:end]))


def _append(el: Any, s: str) -> None:
    """Append text after ``el``'s last child (or inside it, when it has none)."""
    if len(el):
        el[-1].tail = (el[-1].tail or "") + s
    else:
        el.text = (el.text or "") + s


def _link_parts(tei: Any) -> None:
    """Chain the ``<said>`` pieces of one quote with xml:id/next/prev, in document order."""
    groups: dict[str, list[Any]] = {}
    for s in tei.iter(f"{{{TEI_NS}}}said"):
        groups.setdefault(s.get("n"), []).append(s)
    for qid, els in groups.items():
        if len(els) < 2:
            continue
        base = tei_id(qid)
        xids = [f"{base}.{i + 1}" for i in range(len(els))]
        for i, e in enumerate(els):
            e.set(XML_ID, xids[i])
            if i:
                e.set("prev", "#" + xids[i - 1])
            if i + 1 < len(els):
                e.set("next", "#" + xids[i + 1])
