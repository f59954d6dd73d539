"""The ``personae`` command line. Its help text is its documentation: ``personae --help``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .document import InputError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Recover the people in a work of fiction: chapters and scenes, cast, who says what to whom, "
    "relationships and arcs. Offsets in every output index the text `personae text FILE` prints.",
)


def say(message: str, err: bool = False) -> None:
    """Print lines to the terminal with nothing in them it would run: a chapter title, a name or a file
    name holding an ESC sequence must not retitle the window or move the cursor."""
    from .output import terminal_safe

    typer.echo("\n".join(terminal_safe(line) for line in message.split("\n")), err=err)


def fail(message: str, code: int = 2) -> None:
    """One line on stderr, non-zero exit, no traceback."""
    say(f"personae: {' '.join(message.splitlines())}", err=True)
    raise typer.Exit(code)


def _same_file(a: Path, b: Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)  # hard links, or two names of one file on a case-insensitive disk
    except OSError:
        return False


def check_outputs(outputs: list[tuple[str, Path]], inputs: list[tuple[str, Path]]) -> None:
    """Refuse, before anything is read, outputs that would overwrite an input or each other, or that
    cannot be written (a folder in the way, a file where a folder should be, no permission)."""
    from .output import check_destination

    for n, (flag, out) in enumerate(outputs):
        for what, path in inputs:
            if _same_file(out, path):
                raise InputError(f"{flag} {out}: is {what}; give the output another file name")
        for other_flag, other in outputs[:n]:
            if _same_file(out, other):
                raise InputError(f"{flag} {out}: is also the {other_flag} output; give each output its own file")
        check_destination(out)


@app.command()
def analyze(
    file: Annotated[Path, typer.Argument(help="The story: .txt (any encoding, Gutenberg or not), .html/.htm (AO3, FanFicFare) or .epub.")],
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Write the personae/1 JSON here.")] = None,
    html_out: Annotated[Optional[Path], typer.Option("--html", help="Write the self-contained HTML report here.")] = None,
    tei_out: Annotated[Optional[Path], typer.Option("--tei", help="Write TEI P5 XML here.")] = None,
    graph_out: Annotated[Optional[Path], typer.Option("--graph", help="Write the character network here: PATH.gexf (Gephi) or PATH.graphml.")] = None,
    tables_out: Annotated[Optional[Path], typer.Option("--tables", help="Write CSV tables (characters, quotes, relations, chapters, mentions) and BookNLP-style .quotes/.entities/.book files into this folder.")] = None,
    characters: Annotated[Optional[Path], typer.Option("--characters", help="A roster JSON [{id, name, aliases, gender}] to use as the cast.")] = None,
    lexicon: Annotated[Optional[Path], typer.Option("--lexicon", help="A valence lexicon for the arcs: word<TAB>score or word,score lines (default: VADER).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
) -> None:
    """Analyse one story and print a one-screen summary; write the outputs asked for."""
    from .output import shown_path, write_all
    from .pipeline import STAGES, analyze as run
    from .roster import load_roster
    from .summary import summary_lines

    try:
        # Check what can be checked before reading anything and before the long analysis.
        if graph_out and graph_out.suffix.lower() not in (".gexf", ".graphml"):
            raise InputError(f"--graph {graph_out}: name the file .gexf or .graphml")
        for flag, out in (("--json", json_out), ("--html", html_out), ("--tei", tei_out), ("--graph", graph_out)):
            if out is not None and out.is_dir():
                raise InputError(f"{flag} {out}: is a directory; give a file name")
        if tables_out is not None and tables_out.exists() and not tables_out.is_dir():
            raise InputError(f"--tables {tables_out}: is a file; give a folder")
        files = [(flag, out) for flag, out in (("--json", json_out), ("--html", html_out), ("--tei", tei_out), ("--graph", graph_out)) if out]
        if tables_out is not None:
            from .export.tables import table_names

            files += [("--tables", tables_out / name) for name in table_names(shown_path(file))]
        inputs = [("the story being analysed", file), ("the --characters roster", characters), ("the --lexicon", lexicon)]
        check_outputs(files, [(what, path) for what, path in inputs if path is not None])
        roster = load_roster(characters) if characters else None
        if lexicon:
            from .arcs import load_lexicon

            load_lexicon(lexicon)  # a bad lexicon fails before the long part, not after
        if quiet or not sys.stderr.isatty():
            result = run(file, roster=roster, lexicon=lexicon)
        else:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("reading", total=len(STAGES))

                def step(stage: str) -> None:
                    bar.update(task, description=stage, completed=STAGES.index(stage))

                result = run(file, roster=roster, progress=step, lexicon=lexicon)
        # Render every output, then write them all or none (an existing file is replaced only once
        # every new one is written).
        outputs: list[tuple[Path, str | bytes]] = []
        if json_out:
            outputs.append((json_out, result.to_json()))
        if html_out:
            from .export.html import render_html

            outputs.append((html_out, render_html(result)))
        if tei_out:
            from .export.tei import render_tei

            outputs.append((tei_out, render_tei(result)))
        if graph_out:
            from .export.graph import render_graph

            outputs.append((graph_out, render_graph(result, graph_out)))
        if tables_out:
            from .export.tables import render_tables

            outputs.extend((tables_out / name, data) for name, data in render_tables(result).items())
        write_all(outputs)
    except InputError as e:
        fail(str(e))
    except OSError as e:
        fail(f"{e.filename or file}: {e.strerror or e}; check the path and permissions")
    if not quiet:
        say("\n".join(summary_lines(result)))
        for path, _ in outputs:
            say(f"  wrote {path}")


@app.command()
def text(file: Annotated[Path, typer.Argument(help="The story file.")]) -> None:
    """Print the decoded text that every offset in personae's output refers to."""
    from .ingest import load

    try:
        doc = load(file)
    except InputError as e:
        fail(str(e))
    # Exactly the text, whatever the terminal's locale: UTF-8 bytes, no newline translation.
    sys.stdout.flush()
    sys.stdout.buffer.write(doc.text.encode("utf-8"))
    sys.stdout.buffer.flush()


@app.command()
def corpus(
    source: Annotated[Path, typer.Argument(metavar="IN", help="A folder (searched recursively) or a .zip of works.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the Parquet tables works/, characters/, quotes/, relations/, chapters/.")] = Path("corpus-out"),
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="Worker processes of the local cluster (default: one per core).")] = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Address of a running Dask scheduler (tcp://host:8786) to use instead of a local cluster.")] = None,
    pattern: Annotated[Optional[str], typer.Option("--glob", help="Analyse the files whose path matches this pattern (e.g. '*.html', '*' for all); default: every file of a type personae reads (.txt, .html/.htm, .epub, ...).")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds one work may run before it is recorded as an error and its worker restarted.")] = 1200.0,
    memory_limit: Annotated[str, typer.Option("--memory-limit", help="Memory per local worker ('4GiB'; 'auto' = total / workers); a worker past it is restarted and its work recorded as an error.")] = "auto",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Analyse every work in a folder or .zip on Dask, into Parquet tables under OUT (one row per input in
    works/). Rerunning the same command resumes: works already analysed with the same bytes are skipped."""
    import signal

    from .corpus import run_corpus

    def stop(signum, frame):  # SIGTERM: save the finished works, as Ctrl-C does
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        result = run_corpus(
            source, out, workers=workers, scheduler=scheduler, pattern=pattern, timeout=timeout,
            memory_limit=memory_limit, progress=not quiet and sys.stderr.isatty(),
        )
    except InputError as e:
        fail(str(e))
    except OSError as e:
        fail(f"{e.filename or out}: {e.strerror or e}; check the path and permissions")
    except KeyboardInterrupt:
        fail(f"interrupted; the finished works are saved in {out}: rerun the same command to resume", 130)
    for path, message in result.failures[:10]:
        say(f"  error  {message if message.startswith(path) else path + ': ' + message}")
    if len(result.failures) > 10:
        say(f"  … and {len(result.failures) - 10} more errors (see {out}/works)")
    say(f"personae corpus: {result.line(out)}")
    if result.ok + result.skipped == 0:
        if result.inputs == 0:
            fail(f"{source}: no works found; personae reads .txt, .html/.htm/.xhtml, .epub and .md (--glob chooses others)")
        fail(f"no work was analysed successfully ({result.errors} error{'s' if result.errors != 1 else ''}; see {out}/works)", 1)


@app.command()
def version() -> None:
    """Print the personae version."""
    say(f"personae {__version__}")


@app.command()
def demo(out: Annotated[Path, typer.Option(help="Folder for the demo outputs.")] = Path("demo")) -> None:
    """Analyse the bundled public-domain sample and write its outputs to OUT."""
    from importlib.resources import files

    sample = files("personae") / "sample" / "a-scandal-in-bohemia.txt"
    out.mkdir(parents=True, exist_ok=True)
    analyze(
        Path(str(sample)), json_out=out / "analysis.json", html_out=out / "report.html", tei_out=out / "analysis.tei.xml",
        graph_out=out / "network.gexf", tables_out=out / "tables", characters=None, lexicon=None, quiet=False,
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
