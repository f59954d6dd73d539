"""Writing output files whole or not at all."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: a crash never leaves half a file."""
    p = Path(path)
    for folder in (p.parent, *p.parent.parents):
        if folder.exists() and not folder.is_dir():
            # mkdir would report "File exists", which does not say what is wrong.
            raise NotADirectoryError(errno.ENOTDIR, "is a file, not a folder", str(folder))
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        # mkstemp creates the file private (0600); an output file gets the permissions any new file would.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
