"""tei export (placeholder until the report/exports work lands)."""

from __future__ import annotations

from ..document import InputError
from ..model import Analysis


def render_tei(analysis: Analysis) -> str:
    raise InputError("the tei export is not available in this version yet; use --json")
