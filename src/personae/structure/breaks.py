"""Scene breaks: ornament lines ("* * *", "o0o", "~Line Break~") and unusually long runs of blank lines."""

from __future__ import annotations

import re
import statistics

from .lines import Para
from .settings import StructureSettings

# Scene-break lines: rows of ornament characters ("* * *", "~*~*~*~", "#", "-----", centred dingbats) or
# the letter ornaments fan fiction uses ("o0o", "xXx", "-x-").
_ORNAMENT = set("*~#=_-\u2013\u2014\u2022\u00b7\u00b0\u25ca\u2666\u2756\u00a7\u2020\u2021\u203b\u2766\u2767\u2726\u2727\u2605\u2606\u2665\u2661\u25c6\u25c7\u25a0\u25a1\u25aa\u25ab\u25cb\u25cf\u25e6\u2042^.:")
_LETTER_BREAK = re.compile(
    r"^[\W_]*(?:[oO0]*0[oO0]*|(?=\w*o)(?=\w*O)[oO]{3,}|(?=\w*x)(?=\w*X)[xX]{3,})[\W_]*$|^[-~=*_.]+\s*[xXoO0]\s*[-~=*_.]+$"
    # "x-x-x-x", "-o-o-o-" (ornament marks only between the letters: '"O--O--O!"' is a cry)
    r"|^[-~=*_.+#:<>|]*[xXoO0](?:[-~=*_.+#:<>|]+[xXoO0]){2,}[-~=*_.+#:<>|]*$"
)
# Archives that strip rules and symbol-only lines taught writers to spell the break out: "~Line Break~",
# "[scene break]", "-Time Skip-". A bare "break" counts only set off by symbols.
_TEXT_BREAK = re.compile(r"^[\W_]*(?:(?P<q>line|scene|page|section|time|pov)[\s_-]*(?:break|skip|change|switch)|break)[\W_]*$", re.I)
_BOX_EDGE = re.compile(r"^[+|][-=_]{3,}[+|]$")
# Marks a line of speech can consist of ("...", "?!", a lone dash of interrupted speech).
_SPEECH_MARKS = set(".,:;!?\u2026'\"\u201c\u201d\u2018\u2019()[]")
_DASHES = set("-\u2013\u2014_")


def is_break_line(s: str, cfg: StructureSettings) -> bool:
    """A (stripped, non-blank) line that is a scene-break ornament rather than text."""
    m = _TEXT_BREAK.match(s)
    if m and (m.group("q") or not s[0].isalnum()):
        return True
    if s[0].isalnum() and s[0] not in "oOxX0":
        return False
    compact = s.replace(" ", "").replace("\u00a0", "").replace("\t", "")
    if not compact:
        return False
    if all(c in _ORNAMENT for c in compact) or not any(c.isalnum() for c in compact):
        # Any row of symbols is typography ("+++", "<><>", "/ / /"), except what speech is made of.
        if set(compact) <= _SPEECH_MARKS:
            return False  # an ellipsis is speech trailing off
        if set(compact) <= _DASHES and len(compact) < cfg.rule_min_length:
            return False  # a dash or two is interrupted speech
        if _BOX_EDGE.match(compact):
            return False  # the top or bottom edge of a card or sign drawn in text
        return True
    return bool(len(compact) <= cfg.letter_ornament_max_length and _LETTER_BREAK.match(compact) and not compact.isdigit())


def mark_blank_run_breaks(paras: list[Para], cfg: StructureSettings) -> None:
    """A run of blank lines is a scene break when it is clearly longer than this chapter's usual
    gap between paragraphs (some writers put six blank lines between every paragraph)."""
    gaps = [p.gap for p in paras[1:] if not p.scene_break_before]
    if len(gaps) < cfg.blank_break_min_gaps:
        return
    usual = statistics.median(gaps)
    # With no blank line between paragraphs, a single blank line is already deliberate.
    limit = 1 if usual == 0 else max(cfg.blank_break_min_lines, cfg.blank_break_gap_factor * usual + 1)
    wide = [p for p in paras[1:] if p.gap >= limit and not p.scene_break_before]
    if wide and len(wide) <= cfg.blank_break_max_share * len(gaps):
        for p in wide:
            p.scene_break_before = True
