"""The `backup` and `restore` commands: the whole state (both SQLite files) out and back.

A backup is a folder holding radar.db (entries, brands, rules, floors, tokens, audit,
seed state), radar-reports.db (volunteers' reports) and backup.json (what and when).
It is taken online with SQLite's backup API inside one read transaction over both
files: writers go on while it runs, and each copy is one consistent snapshot.
"""

import json
import os
import sqlite3
from datetime import datetime, timezone

import click
from flask import current_app
from flask.cli import with_appcontext

from . import db
from .store import files, listmeta, read_snapshot, transaction

MAIN_FILE, REPORTS_FILE, MANIFEST = "radar.db", "radar-reports.db", "backup.json"


class BackupError(Exception):
    """A backup that could not be made or a folder that cannot be restored; says why."""


def backup(path, reports, destination) -> dict:
    """Copy the database at path and its reports file into the folder destination.

    Files are written as *.partial and renamed when checked, so an interrupted
    backup never looks complete. Returns the manifest written beside them.
    """
    os.makedirs(destination, exist_ok=True)
    source = db.connect(path, reports)
    try:
        with read_snapshot(source):
            # Reading both files starts the read transaction on each: the copies below
            # see these snapshots however many writes commit meanwhile.
            version = listmeta.current_version(source)
            counts = files.table_counts(source, (
                "main.entries", "main.brands", "main.rules", "main.price_floors",
                "main.tokens", "main.audit", f"{db.REPORTS_SCHEMA}.reports"))
            for schema_name, filename in (("main", MAIN_FILE),
                                          (db.REPORTS_SCHEMA, REPORTS_FILE)):
                _copy_checked(source.conn, schema_name, os.path.join(destination, filename))
    finally:
        source.conn.close()
    for filename in (MAIN_FILE, REPORTS_FILE):
        final = os.path.join(destination, filename)
        os.replace(final + ".partial", final)
    manifest = {
        "created_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "list_version": version,
        "counts": {table.split(".")[-1]: count for table, count in counts.items()},
        "files": [MAIN_FILE, REPORTS_FILE],
    }
    with open(os.path.join(destination, MANIFEST), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2)
    return manifest


def _copy_checked(source: sqlite3.Connection, schema_name: str, target_path: str):
    partial = target_path + ".partial"
    if os.path.exists(partial):
        os.remove(partial)
    target = db.raw_connection(partial)
    try:
        source.backup(target, name=schema_name)
        # One self-contained file (no -wal beside it) that can be copied anywhere.
        files.make_self_contained(target)
        result = files.integrity(target)
    finally:
        target.close()
    if result != "ok":
        raise BackupError(f"the copy of {schema_name} failed its integrity check: {result}")


def check_backup(source) -> dict:
    """The manifest of the backup folder source, after checking both files; BackupError."""
    if not os.path.isdir(source):
        raise BackupError(f"{source} is not a folder")
    for filename, table in ((MAIN_FILE, "entries"), (REPORTS_FILE, "reports")):
        path = os.path.join(source, filename)
        if not os.path.isfile(path):
            raise BackupError(f"{source} holds no {filename}; is it a backup folder?")
        try:
            connection = db.raw_connection(f"file:{path}?mode=ro", uri=True)
            try:
                result = files.integrity(connection)
                has_table = files.has_table(connection, table)
            finally:
                connection.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a readable SQLite database ({error})") from None
        if result != "ok":
            raise BackupError(f"{path} failed its integrity check: {result}")
        if not has_table:
            raise BackupError(f"{path} has no {table} table; is it a backup of this app?")
    try:
        with open(os.path.join(source, MANIFEST), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def restore(source, path, reports, *, wait_seconds: float = 5) -> int:
    """Put the backup in folder source back at path and reports; returns the list version.

    The copy goes through the backup API into the live files, under their write lock,
    so a running server sees the old state or the new one, never a mix of pages. The
    list version then moves past the one it replaced: it never goes backwards, and
    every running server recompiles its catalog.
    """
    check_backup(source)
    replaced = _list_version(path)
    for filename, target_path in ((MAIN_FILE, path), (REPORTS_FILE, reports)):
        os.makedirs(os.path.dirname(os.path.abspath(target_path)), exist_ok=True)
        backup_file = db.raw_connection(f"file:{os.path.join(source, filename)}?mode=ro", uri=True)
        target = db.connect(target_path, wait_seconds=wait_seconds)
        try:
            backup_file.backup(target.conn)
        except sqlite3.OperationalError as error:
            raise BackupError(f"{target_path} is busy ({error}); stop the import or "
                              "writer and retry") from None
        finally:
            target.conn.close()
            backup_file.close()
    db.upgrade(path, reports)  # a backup from an older version gets today's schema
    database = db.connect(path)
    try:
        with transaction(database):
            return listmeta.raise_version_past(database, replaced)
    finally:
        database.conn.close()


def _list_version(path) -> int:
    if not os.path.exists(path):
        return 0
    connection = db.raw_connection(f"file:{path}?mode=ro", uri=True)
    try:
        return listmeta.current_version(connection)
    except sqlite3.DatabaseError:
        return 0  # not a database of ours: whatever it held is replaced
    finally:
        connection.close()


@click.command("backup")
@click.argument("destination", type=click.Path(file_okay=False))
@with_appcontext
def backup_command(destination):
    """Copy the whole state (list, brands, rules, tokens, audit, reports) into a folder.

    Safe while the server runs and writes: SQLite's backup API copies one snapshot.
    DESTINATION is created if missing; files already there are replaced.

    \b
    Example: flask --app backend backup /var/backups/radar/2026-12-01
    """
    config = current_app.config
    try:
        manifest = backup(config["DATABASE"], config["REPORTS_DATABASE"], destination)
    except (BackupError, OSError, sqlite3.Error) as error:
        raise click.ClickException(f"Backup failed: {error}") from None
    counts = ", ".join(f"{count:,} {table}" for table, count in manifest["counts"].items())
    click.echo(f"Backed up list version {manifest['list_version']} ({counts}) to "
               f"{os.path.abspath(destination)}")


@click.command("restore")
@click.argument("source", type=click.Path())
@click.option("--yes", is_flag=True, help="Do not ask before replacing the current state.")
@with_appcontext
def restore_command(source, yes):
    """Replace the whole state with a backup folder made by `backup`.

    Both files are checked first (present, intact, of this app); anything wrong
    stops the restore before it changes anything.

    \b
    Example: flask --app backend restore /var/backups/radar/2026-12-01
    """
    config = current_app.config
    try:
        manifest = check_backup(source)
    except BackupError as error:
        raise click.ClickException(f"Cannot restore: {error}.") from None
    taken = manifest.get("created_at", "at an unknown time")
    if not yes:
        click.confirm(f"Replace {config['DATABASE']} and {config['REPORTS_DATABASE']} with "
                      f"the backup taken {taken}?", abort=True)
    try:
        version = restore(source, config["DATABASE"], config["REPORTS_DATABASE"],
                          wait_seconds=config["WRITE_WAIT_SECONDS"])
    except (BackupError, OSError, sqlite3.Error) as error:
        raise click.ClickException(f"Restore failed: {error}") from None
    click.echo(f"Restored the backup taken {taken} from {os.path.abspath(source)}; "
               f"list version is now {version}.")
