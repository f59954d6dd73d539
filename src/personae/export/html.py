"""html export (placeholder until the report/exports work lands)."""

from __future__ import annotations

from ..document import InputError
from ..model import Analysis


def render_html(analysis: Analysis) -> str:
    raise InputError("the html export is not available in this version yet; use --json")
