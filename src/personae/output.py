"""What leaves personae: output files written whole or not at all, and strings from the story made safe
for where they land (XML, a spreadsheet cell, the terminal).

A story is untrusted input: its titles, names and quotes reach every output, so each output neutralises
what its destination would otherwise read as markup, a formula or a terminal command.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path

# --- strings -------------------------------------------------------------------------------------

# XML 1.0 forbids most control characters, lone surrogates and two non-characters; a text may still hold
# them (form feeds in Gutenberg files, &#1; in a web page, a file name that is not UTF-8).
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(s: str) -> str:
    """``s`` with every character XML 1.0 cannot hold replaced by a space (same length)."""
    return _BAD_XML.sub(" ", s)


# OWASP's CSV-injection guidance: a cell beginning with one of these is read as a formula by spreadsheet
# programs, so it gets a leading apostrophe, which they show as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """A table cell that no spreadsheet runs as a formula: strings beginning with = + - @ tab or CR get a
    leading ' (numbers are left alone)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# Bidirectional overrides and isolates reorder what a terminal shows.
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), " ")


def terminal_safe(s: str) -> str:
    """``s`` as one printable line: control characters (ESC sequences that set a window title or move the
    cursor, line breaks) and bidirectional overrides become spaces; the undecodable bytes of a file name
    that is not UTF-8 are shown escaped (``caf\\xe9``)."""
    s = _SURROGATE.sub(_escaped, s)
    return "".join(" " if unicodedata.category(c) == "Cc" else c for c in s.translate(_BIDI))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _escaped(m: re.Match) -> str:
    """A lone surrogate as text: the byte it stands for in a file name that is not UTF-8 (\\xe9), else
    its code point (\\ud800)."""
    code = ord(m.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def shown_path(path: str | os.PathLike) -> str:
    """A path as text every output can hold: the bytes of a name that is not UTF-8 escaped (``caf\\xe9.txt``)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


# --- files ---------------------------------------------------------------------------------------


def check_destination(path: str | Path) -> None:
    """Raise ``OSError`` now if ``path`` cannot become a file: a folder is in its place, a file stands where
    one of its folders should be, or its nearest existing folder is not writable."""
    p = Path(path)
    if p.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder; give a file name", str(p))
    for folder in (p.parent, *p.parent.parents):
        if folder.exists():
            if not folder.is_dir():
                # mkdir would report "File exists", which does not say what is wrong.
                raise NotADirectoryError(errno.ENOTDIR, "is a file, not a folder", str(folder))
            if not os.access(folder, os.W_OK | os.X_OK):
                raise PermissionError(errno.EACCES, "cannot write in this folder", str(folder))
            return


def write_all(outputs: Sequence[tuple[str | Path, str | bytes]]) -> None:
    """Write every ``(path, data)`` or, on failure, none: each is first written to a temporary file beside
    its destination, and only when all of them are written are they renamed into place. A failure before
    that removes the temporary files and the folders this call made, and leaves every existing file as it
    was."""
    made_dirs: list[Path] = []
    temps: list[tuple[str, Path]] = []
    try:
        for path, _ in outputs:
            check_destination(path)
        for path, data in outputs:
            p = Path(path)
            missing = [d for d in (p.parent, *p.parent.parents) if not d.exists()]
            for d in reversed(missing):
                d.mkdir()
                made_dirs.append(d)
            fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", dir=p.parent)
            temps.append((tmp, p))
            with os.fdopen(fd, "wb") as f:
                f.write(data.encode("utf-8") if isinstance(data, str) else data)
            # mkstemp creates the file private (0600); an output file gets the permissions any new file would.
            os.chmod(tmp, 0o666 & ~_umask())
    except BaseException:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        for d in reversed(made_dirs):
            try:
                d.rmdir()
            except OSError:
                pass
        raise
    for tmp, p in temps:
        os.replace(tmp, p)


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: a crash never leaves half a file."""
    write_all([(path, data)])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
