"""Bad input: one clear line on stderr, a non-zero exit, no traceback, no output file."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest
from ingest_builders import fanficfare_epub


def _zip(path, files: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


def make_bad(kind: str, tmp_path):
    p = tmp_path
    if kind == "missing":
        return p / "nope.txt"
    if kind == "directory":
        d = p / "folder.txt"
        d.mkdir()
        return d
    if kind == "empty":
        f = p / "empty.txt"
        f.write_bytes(b"")
        return f
    if kind == "whitespace":
        f = p / "blank.txt"
        f.write_bytes(b"\n\n   \r\n\t\n")
        return f
    if kind == "binary":
        f = p / "image.txt"
        f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
        return f
    if kind == "unsupported":
        f = p / "story.pdf"
        f.write_bytes(b"%PDF-1.4 not really")
        return f
    if kind == "truncated_epub":
        good = fanficfare_epub(p / "good.epub").read_bytes()
        f = p / "truncated.epub"
        f.write_bytes(good[: len(good) // 2])
        return f
    if kind == "not_zip_epub":
        f = p / "fake.epub"
        f.write_text("this is plain text pretending to be an epub", encoding="utf-8")
        return f
    if kind == "empty_zip_epub":
        return _zip(p / "hollow.epub", {"readme.txt": b"nothing here"})
    if kind == "epub_missing_opf":
        container = (
            b'<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
            b'<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            b"</rootfiles></container>"
        )
        return _zip(p / "noopf.epub", {"mimetype": b"application/epub+zip", "META-INF/container.xml": container})
    if kind == "epub_no_text":
        good = fanficfare_epub(p / "good.epub")
        src = zipfile.ZipFile(good)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename.endswith(".xhtml") and "nav" not in info.filename:
                    data = b'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><img src="a.png"/></body></html>'
                dst.writestr(info, data)
        f = p / "imageonly.epub"
        f.write_bytes(buf.getvalue())
        return f
    if kind == "empty_html":
        f = p / "empty.html"
        f.write_text("<html><head><title>Nothing</title></head><body>  <div></div><script>var x = 1;</script></body></html>")
        return f
    if kind == "binary_html":
        f = p / "garbage.html"
        f.write_bytes(bytes(range(256)) * 40)
        return f
    raise AssertionError(kind)


BAD = [
    "missing",
    "directory",
    "empty",
    "whitespace",
    "binary",
    "unsupported",
    "truncated_epub",
    "not_zip_epub",
    "empty_zip_epub",
    "epub_missing_opf",
    "epub_no_text",
    "empty_html",
    "binary_html",
]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "personae.cli", *args], capture_output=True, text=True)


@pytest.mark.parametrize("kind", BAD)
def test_bad_input_analyze(kind, tmp_path):
    path = make_bad(kind, tmp_path)
    out = tmp_path / "out" / "a.json"
    r = run("analyze", str(path), "--json", str(out), "--quiet")
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr and lines[0].startswith("personae: ")
    assert str(path.name) in lines[0]  # says which file
    assert r.stdout == ""
    assert not out.exists()
    assert not out.parent.exists() or not any(out.parent.iterdir())


@pytest.mark.parametrize("kind", ["missing", "binary", "truncated_epub", "empty_html"])
def test_bad_input_text_command(kind, tmp_path):
    r = run("text", str(make_bad(kind, tmp_path)))
    assert r.returncode != 0 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
