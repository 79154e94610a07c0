"""The `import` and `export` commands: the list in and out as CSV or JSON Lines files."""

import gzip
import io
import os
import sqlite3
import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from . import bulk, db
from .listfile import ListFileError


class _Progress:
    """A one-line progress report on stderr: rows, share of the file read, rows per second."""

    def __init__(self, binary, size: int | None):
        self.binary, self.size, self.started = binary, size, time.monotonic()

    def __call__(self, rows: int):
        elapsed = max(time.monotonic() - self.started, 1e-6)
        share = ""
        if self.size:
            share = f", {min(self.binary.tell() / self.size, 1.0):.0%} of the file"
        click.echo(f"\r{rows:,} rows{share}, {rows / elapsed:,.0f} rows/s ", nl=False, err=True)

    def done(self):
        click.echo("", err=True)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(bulk.FORMATS),
              help="csv or jsonl; default: from the file name (.jsonl, .ndjson; else csv).")
@click.option("--source", help="Attribution for rows that name no source, e.g. 'Acme Corp'.")
@click.option("--dry-run", is_flag=True, help="Report what would change; change nothing.")
@click.option("--progress/--no-progress", default=None,
              help="Show progress on stderr; default: when stderr is a terminal.")
@click.option("--method", type=click.Choice(["auto", "rebuild", "merge"]), default="auto",
              show_default=True, help="How to load: rebuild indexes after, or merge row by "
              "row; auto picks by file and list size (docs/bulk.md).")
@click.option("--override-dispute", is_flag=True,
              help="List again keys whose dispute was upheld; each such row needs a note "
              "saying why.")
@with_appcontext
def import_command(file, fmt, source, dry_run, progress, method, override_dispute):
    """Add or update list entries from a CSV or JSON Lines file (.gz accepted, - for stdin).

    All or nothing: an invalid row anywhere stops the import, names the line and
    field, and leaves the list as it was. Rows equal to the list change nothing;
    a later row wins over an earlier one with the same kind, marketplace and key.
    A counterfeit row whose key's dispute was upheld is refused unless
    --override-dispute is given and the row has a note.

    \b
    Example: flask --app backend import authorized-sellers.csv --source "Acme Corp"
    """
    fmt = bulk.format_of(file, fmt)
    if progress is None:
        progress = sys.stderr.isatty()
    try:
        binary = sys.stdin.buffer if file == "-" else open(file, "rb")
    except OSError as error:
        raise click.ClickException(f"{file}: {error.strerror}") from None
    size = None if file == "-" else os.fstat(binary.fileno()).st_size
    reporter = _Progress(binary, size) if progress else None
    try:
        database = db.cli_database()
    except click.ClickException:
        if binary is not sys.stdin.buffer:
            binary.close()
        raise
    try:
        stream = bulk.open_text(binary)
        gzipped = isinstance(stream.buffer, gzip.GzipFile)
        summary = bulk.import_list(
            database, stream, fmt, source=source, dry_run=dry_run, method=method,
            size_hint=size, gzipped=gzipped, label=os.path.basename(file), on_batch=reporter,
            reports=current_app.config["REPORTS_DATABASE"], override_dispute=override_dispute,
        )
    except (ListFileError, UnicodeDecodeError, gzip.BadGzipFile, EOFError) as error:
        raise click.ClickException(f"{file}: {error}. Nothing was imported.") from None
    except OSError as error:  # the file became unreadable half-way (a network drive)
        raise click.ClickException(f"{file}: {error.strerror or error}. Nothing was imported."
                                   ) from None
    except sqlite3.Error as error:
        raise db.cli_error(error) from None
    finally:
        if reporter:
            reporter.done()
        database.conn.close()
        if binary is not sys.stdin.buffer:
            binary.close()
    verb = ("would add", "would update") if dry_run else ("added", "updated")
    click.echo(
        f"{summary['rows']:,} rows read: {verb[0]} {summary['added']:,}, {verb[1]} "
        f"{summary['updated']:,}, {summary['unchanged']:,} unchanged, "
        f"{summary['duplicates']:,} overridden by a later row; "
        + (f"{summary['relisted_after_dispute']:,} listed again after an upheld dispute; "
           if "relisted_after_dispute" in summary else "")
        + f"list version {summary['list_version']}"
        + (" (dry run: nothing was changed)" if dry_run else "")
    )


@click.command("export")
@click.argument("file", default="-", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(bulk.FORMATS),
              help="csv or jsonl; default: from the file name, csv for stdout.")
@with_appcontext
def export_command(file, fmt):
    """Write the whole list in the format `import` reads (FILE.gz is gzipped; - is stdout).

    \b
    Example: flask --app backend export list.csv.gz
    """
    fmt = bulk.format_of(file, fmt)
    if file != "-":
        _check_folder(file)
    database = db.cli_database()
    try:
        version, chunks = bulk.export_version_and_chunks(database, fmt)
        if file == "-":
            for chunk in chunks:
                sys.stdout.write(chunk)
            sys.stdout.flush()
        else:
            _write_whole(file, chunks)
            click.echo(f"Wrote list version {version} to {file}", err=True)
    except sqlite3.Error as error:
        raise db.cli_error(error) from None
    finally:
        database.conn.close()


def _check_folder(file: str) -> None:
    """One clear line if file cannot be written where it is to go."""
    folder = os.path.dirname(os.path.abspath(file))
    if not os.path.isdir(folder):
        raise click.ClickException(f"{file}: the folder {folder} does not exist.")
    if not os.access(folder, os.W_OK):
        raise click.ClickException(f"{file}: the folder {folder} is not writable.")


def _write_whole(file: str, chunks) -> None:
    """Write chunks to file through a temporary file beside it: never a half-written list."""
    partial = f"{file}.partial"
    try:
        with open(partial, "wb") as raw:
            # The gzip header names the file as it will be called, not the partial one.
            binary = (gzip.GzipFile(os.path.basename(file)[:-3], "wb", fileobj=raw)
                      if file.endswith(".gz") else raw)
            with io.TextIOWrapper(binary, encoding="utf-8", newline="") as handle:
                for chunk in chunks:
                    handle.write(chunk)
        os.replace(partial, file)
    except OSError as error:
        if os.path.exists(partial):
            os.remove(partial)
        raise click.ClickException(f"{file}: {error.strerror or error}.") from None
