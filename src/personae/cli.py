"""The ``personae`` command line. Its help text is its documentation: ``personae --help``."""

from __future__ import annotations

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


def fail(message: str, code: int = 2) -> None:
    """One line on stderr, non-zero exit, no traceback."""
    typer.echo(f"personae: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def analyze(
    file: Annotated[Path, typer.Argument(help="The story: .txt (any encoding, Gutenberg or not), .html/.htm (AO3, FanFicFare) or .epub.")],
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Write the personae/1 JSON here.")] = None,
    html_out: Annotated[Optional[Path], typer.Option("--html", help="Write the self-contained HTML report here.")] = None,
    tei_out: Annotated[Optional[Path], typer.Option("--tei", help="Write TEI P5 XML here.")] = None,
    graph_out: Annotated[Optional[Path], typer.Option("--graph", help="Write the character network here: PATH.gexf (Gephi) or PATH.graphml.")] = None,
    tables_out: Annotated[Optional[Path], typer.Option("--tables", help="Write CSV tables (characters, quotes, relations, chapters) and BookNLP-style .quotes/.book files into this folder.")] = None,
    characters: Annotated[Optional[Path], typer.Option("--characters", help="A roster JSON [{id, name, aliases, gender}] to use as the cast.")] = None,
    lexicon: Annotated[Optional[Path], typer.Option("--lexicon", help="A valence lexicon for the arcs: word<TAB>score or word,score lines (default: VADER).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
) -> None:
    """Analyse one story and print a one-screen summary; write the outputs asked for."""
    from .output import write_atomic
    from .pipeline import STAGES, analyze as run
    from .roster import load_roster
    from .summary import summary_lines

    try:
        # Check what can be checked before the long analysis.
        if graph_out and graph_out.suffix.lower() not in (".gexf", ".graphml"):
            raise InputError(f"--graph {graph_out}: name the file .gexf or .graphml")
        for flag, out in (("--json", json_out), ("--html", html_out), ("--tei", tei_out), ("--graph", graph_out)):
            if out is not None and out.is_dir():
                raise InputError(f"{flag} {out}: is a directory; give a file name")
        if tables_out is not None and tables_out.exists() and not tables_out.is_dir():
            raise InputError(f"--tables {tables_out}: is a file; give a folder")
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
        # Render every output before writing any, so a failure leaves no partial set behind.
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
        written: list[Path] = []
        try:
            for path, data in outputs:
                write_atomic(path, data)
                written.append(path)
        except OSError:
            # One output could not be written (full disk, a read-only folder): take back the others of
            # this run, so no half set of outputs is left behind.
            for path in written:
                path.unlink(missing_ok=True)
            raise
    except InputError as e:
        fail(str(e))
    except OSError as e:
        fail(f"{e.filename or file}: {e.strerror or e}; check the path and permissions")
    if not quiet:
        typer.echo("\n".join(summary_lines(result)))
        for path, _ in outputs:
            typer.echo(f"  wrote {path}")


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
        typer.echo(f"  error  {message if message.startswith(path) else path + ': ' + message}")
    if len(result.failures) > 10:
        typer.echo(f"  … and {len(result.failures) - 10} more errors (see {out}/works)")
    typer.echo(f"personae corpus: {result.line(out)}")


@app.command()
def version() -> None:
    """Print the personae version."""
    typer.echo(f"personae {__version__}")


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
