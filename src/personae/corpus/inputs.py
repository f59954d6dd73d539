"""The inputs of a corpus run: every file under IN (a folder or a .zip), one ``Input`` each, and their bytes."""

from __future__ import annotations

import fnmatch
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class Input:
    """One work to analyse: ``path`` is relative to IN (posix), the key of its rows with its sha256."""

    path: str
    size: int
    file: Path  # the file itself, or the .zip holding it
    member: zipfile.ZipInfo | None = None  # the member inside the zip (several may share one name)
    problem: str | None = None  # why it is not analysed, found while listing the inputs

    def read(self) -> bytes:
        if self.member is None:
            return self.file.read_bytes()
        from ..ingest import MAX_BYTES, read_zip_member

        return read_zip_member(_open_zip(self.file), self.member, MAX_BYTES)


# Archives the client has open. Opening a .zip reads its whole central directory: for an archive dump
# of a million works that takes seconds, so each archive is opened once per run, not once per work.
_ZIPS: dict[Path, zipfile.ZipFile] = {}


def _open_zip(path: Path) -> zipfile.ZipFile:
    z = _ZIPS.get(path)
    if z is None:
        z = _ZIPS[path] = zipfile.ZipFile(path)
    return z


def close_zips() -> None:
    while _ZIPS:
        _ZIPS.popitem()[1].close()


def _hidden(rel: str) -> bool:
    # Dot files and macOS resource forks are never works (.DS_Store, __MACOSX/ in zips).
    # A backslash separates folders in names zipped on Windows.
    parts = PurePosixPath(rel.replace("\\", "/")).parts
    return any((part.startswith(".") and part not in (".", "..")) or part == "__MACOSX" for part in parts)


def _leaves_archive(name: str) -> bool:
    """A member name that would land outside the folder the archive is unpacked into."""
    p = PurePosixPath(name.replace("\\", "/"))
    return p.is_absolute() or ".." in p.parts or (len(name) > 1 and name[1] == ":")


def _distinct(name: str, taken: set[str]) -> str:
    """``name``, or ``dir/name (2).txt``, ``(3)``… when an earlier member of the archive has that name
    (the suffix kept: it says how to read the work)."""
    key, n = name, 1
    stem, dot, suffix = name.rpartition(".") if "." in name.rsplit("/", 1)[-1] else (name, "", "")
    while key in taken:
        n += 1
        key = f"{stem} ({n}){dot}{suffix}"
    taken.add(key)
    return key


def _wanted(rel: str, pattern: str | None) -> bool:
    from ..ingest import SUFFIXES

    if _hidden(rel):
        return False
    if pattern is None:
        return PurePosixPath(rel).suffix.lower() in SUFFIXES
    p = PurePosixPath(rel)
    return p.match(pattern) or fnmatch.fnmatch(rel, pattern)


def discover(source: str | Path, pattern: str | None = None) -> list[Input]:
    """The works under ``source`` (a folder, searched recursively, or a .zip), sorted by path.

    Without ``pattern``, files with a suffix personae reads; with it, every file whose path matches it
    (``*.txt``, ``fics/**/*.html``, ``*``), so unreadable ones become ``error`` rows rather than vanish.
    Every file is one input, never dropped without a trace: a link to a file outside IN is not followed
    and a zip member named to leave the archive (``../x.txt``, ``/x.txt``) not read, each an input with
    its ``problem``; zip members sharing a name are keyed ``a.txt``, ``a (2).txt``…
    """
    from ..document import InputError
    from ..output import shown_path

    root = Path(source)
    if not root.exists():
        raise InputError(f"{root}: no such file or folder; give a folder or a .zip of works")
    found: list[Input] = []
    if root.is_dir():
        inside = root.resolve()
        for p in root.rglob("*"):
            # A file name that is not UTF-8 (old archives) reaches Python with surrogate escapes, which no
            # Parquet string can hold: its bytes are shown escaped instead ("caf\xe9.txt"), still one key.
            rel = shown_path(p.relative_to(root).as_posix())
            if p.is_file() and _wanted(rel, pattern):
                if not p.resolve().is_relative_to(inside):
                    problem = f"{rel}: a link to a file outside {shown_path(root)}, not followed; copy the file in to analyse it"
                    found.append(Input(rel, 0, p, problem=problem))
                else:
                    found.append(Input(rel, p.stat().st_size, p))
    elif zipfile.is_zipfile(root):
        with zipfile.ZipFile(root) as z:
            taken: set[str] = set()
            for info in z.infolist():
                if info.is_dir() or not _wanted(info.filename, pattern):
                    continue
                key = _distinct(info.filename, taken)
                problem = None
                if _leaves_archive(info.filename):
                    problem = f"{key}: the member's name leaves the archive (an absolute path or ..), so it is not read; rename it inside the archive"
                found.append(Input(key, info.file_size, root, info, problem))
    else:
        raise InputError(f"{root}: not a folder or a .zip; give a folder (or .zip) of works, or use `personae analyze` for one")
    return sorted(found, key=lambda i: i.path)


def one_line(e: BaseException) -> str:
    msg = " ".join(str(e).split()) or type(e).__name__
    return msg[:2000]


def read_input(item: Input) -> tuple[bytes | None, str | None]:
    """The input's bytes, or why they cannot be analysed (one line): its problem, its size, a read error."""
    from ..ingest import MAX_BYTES

    if item.problem is not None:
        return None, item.problem
    if item.size > MAX_BYTES:
        return None, f"{item.path}: {item.size // 2**20} MB is too large for one work; split it into separate files"
    try:
        return item.read(), None
    except Exception as e:  # noqa: BLE001 - OSError, a bad CRC, zlib.error, EOFError, an unsupported or
        # encrypted member...: whatever stops one input's bytes being read is that input's error row.
        return None, f"{item.path}: cannot read it ({one_line(e)}); check the file and permissions"
