"""Letters and notes quoted in the story: a salutation ... a signature, or a written thing a sentence
announces ("the note on her pillow read:")."""

from __future__ import annotations

import re

from .lines import Page, Para
from .paragraphs import deliberate_breaks
from .settings import StructureSettings

_SALUTATION = re.compile(
    r"^[\"'\u201c\u2018_*]*(?:(?:my\s+)?(?:dear(?:est)?|darling|beloved)\b[^!?]{0,30}|sir|madam|gentlemen|to whom it may concern)[,:!]\s*[\"'\u201d\u2019_*]*$",
    re.I,
)
_CLOSING_WORDS = r"(?:yours|ever yours|love|with love|all my love|sincerely|faithfully|affectionately|your[s]? (?:truly|ever|always|sincerely)|your \w+(?: \w+)?)\b.{0,30}[,.]?"
_SIGNOFF = re.compile(rf"^(?:[-\u2013\u2014~]+\s*\S.{{0,30}}|{_CLOSING_WORDS})$", re.I)
# "Yours ever," on a line of its own: the close of a letter (with the quotation marks of a quoted one).
CLOSING = re.compile(rf"^[\"'\u201c\u2018_]*{_CLOSING_WORDS}[\"'\u201d\u2019_]*$", re.I)
# What announces a written text: a writing noun or verb in the sentence that ends with a colon.
_INTRO = re.compile(
    r"\b(?:note|letter|card|message|telegram|postcard|inscription|inscribed|wrote|written|scrawled|penned|printed|typed|read|reads|as follows)\b[^.!?]{0,80}:[-\u2014]*\s*$",
    re.I,
)
# "A note was pinned to the door. It said:": a written thing named, then "it" says what it says.
_WRITTEN_THING = re.compile(r"\b(?:a|the|this|that|his|her|their|my|your|its)\s+(?:\w+\s+)?(?:note|letter|card|message|telegram|postcard|sign|notice|inscription)\b", re.I)
_SAYS = re.compile(r"\b(?:it|which|this|that)\s+(?:said|says|read|reads|ran)\s*:$", re.I)
_QUOTES_AND_EMPHASIS = "\"'\u201c\u201d\u2018\u2019_ "
_CRY = re.compile(r"[!?]")
_NOT_IN_A_NAME = re.compile(r"[!?:;]")


def salutes(page: Page, p: Para) -> bool:
    """A salutation on one of the first lines ("WINDSOR-JULY." / "MY DEAR MADAM,")."""
    last = min(p.last, p.first + page.cfg.salutation_within_lines - 1)
    return any(_SALUTATION.match(page.lines[k].text) for k in range(p.first, last + 1))


def announces(tail: str) -> bool:
    """The end of a paragraph that announces a written text ("the note on her pillow read:")."""
    t = tail.rstrip("-\u2014 \t")
    return t.endswith(":") and (bool(_INTRO.search(t)) or (bool(_SAYS.search(t)) and bool(_WRITTEN_THING.search(t))))


def signature(s: str, cfg: StructureSettings) -> bool:
    """A closing line: "-Buffy", "Yours ever,", "WILLIAM COLLINS." (a name in capitals)."""
    t = s.strip(_QUOTES_AND_EMPHASIS)
    if _SIGNOFF.match(t):
        return True
    letters = [c for c in t if c.isalpha()]
    # A shouted line of speech ("NO!") is not a signature.
    return (
        bool(letters)
        and len(t) <= cfg.signature_max_length
        and all(c.isupper() for c in letters)
        and len(t.split()) <= cfg.signature_max_words
        and not _CRY.search(t)
    )


def name_line(s: str, cfg: StructureSettings) -> bool:
    """A line that can be a signature's name: a few capitalised words ("Hermione", "Mr. J. Smith")."""
    words = s.strip("_*" + _QUOTES_AND_EMPHASIS).split()
    return (
        0 < len(words) <= cfg.signed_name_max_words
        and len(s) <= cfg.signature_max_length
        and all(w[0].isupper() for w in words)
        and not _NOT_IN_A_NAME.search(s)
    )


def letter_start(page: Page, paras: list[Para], i: int) -> int:
    """Letters in print are set off by indentation: the address and date above the salutation go too."""
    lines, cfg = page.lines, page.cfg
    ind = lines[paras[i].first].indent
    k = i
    if len(ind) > len(page.layout.indent):
        while (
            k > 0
            and i - k < cfg.letter_heading_max_paras
            and lines[paras[k - 1].first].indent == ind
            and paras[k - 1].last - paras[k - 1].first < cfg.letter_heading_max_lines
        ):
            k -= 1
    return k


def letter_end(page: Page, paras: list[Para], i: int) -> int | None:
    """The last paragraph of the letter or note that starts at paragraph ``i``, or None if it is none."""
    lines, cfg = page.lines, page.cfg
    ind = lines[paras[i].first].indent
    indented = len(ind) > len(page.layout.indent)
    # Indented letters end where the indentation does; others must reach their signature soon.
    limit = min(len(paras), i + (cfg.indented_letter_max_paras if indented else cfg.letter_max_paras))
    for k in range(i, limit):
        if k > i and paras[k].scene_break_before:
            break
        p = paras[k]
        if indented and k > i and len(lines[p.first].indent) <= len(page.layout.indent):
            return k - 1  # the narrative's own margin again: the letter has ended
        last = lines[p.last].text
        # "Love," then the writer's name on the line below: the close and its signature.
        closed = p.last > p.first and bool(CLOSING.match(lines[p.last - 1].text)) and name_line(last, cfg)
        if (k > i or p.last > p.first) and (signature(last, cfg) or closed):
            if k + 1 < len(paras) and not paras[k + 1].scene_break_before and paras[k + 1].last == paras[k + 1].first:
                name = lines[paras[k + 1].first].text
                if signature(name, cfg) or (CLOSING.match(last) and name_line(name, cfg)):
                    return k + 1  # "Yours ever," then the name
            return k
    if indented:
        return limit - 1
    # No signature: a short note of a few lines, broken where the writer broke them.
    p = paras[i]
    if p.last > p.first and deliberate_breaks(page, p) >= cfg.note_min_deliberate_share:
        return i
    return None
