from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FANFIC = SHARED / "samples" / "fanfic-lover-after-me.txt"
PDNC = SHARED / "corpora" / "pdnc"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not present: {path}")
    return path


@pytest.fixture(scope="session")
def fanfic_path() -> Path:
    return need(FANFIC)
