"""The SQLite connections: opened lazily per request, set up for WAL and foreign keys.

Volunteers' reports live in a file of their own (REPORTS_DATABASE), attached to every
request's connection as `reports_db`: a bulk import holds the main file's write lock
for minutes, and a report must never wait for it (docs/bulk.md).
"""

import os
import sqlite3

import click
import sqlite_utils
from flask import current_app, g
from flask.cli import with_appcontext

from . import schema, schema_reports, seed

REPORTS_SCHEMA = "reports_db"  # the name the reports file is attached under


def reports_path_beside(path) -> str:
    """The default reports file for a main database: instance/radar.db -> radar-reports.db."""
    stem, extension = os.path.splitext(str(path))
    return f"{stem}-reports{extension or '.db'}"


def connect(path, reports=None, *, wait_seconds: float = 10) -> sqlite_utils.Database:
    """Open the database at path with the settings every connection needs.

    reports, if given, is the reports file to attach as `reports_db`. wait_seconds
    is how long a write waits for another writer's lock before failing as busy.
    """
    connection = sqlite3.connect(path, timeout=wait_seconds, check_same_thread=False)
    database = sqlite_utils.Database(connection, execute_plugins=False)
    database.execute("PRAGMA foreign_keys = ON")
    # NORMAL is safe in WAL mode (a crash can lose the last commit, never corrupt).
    database.execute("PRAGMA synchronous = NORMAL")
    database.execute(f"PRAGMA busy_timeout = {int(wait_seconds * 1000)}")
    if reports:
        database.execute(f"ATTACH DATABASE ? AS {REPORTS_SCHEMA}", [str(reports)])
        database.execute(f"PRAGMA {REPORTS_SCHEMA}.synchronous = NORMAL")
    return database


def _migrated(path, migrate):
    """Create the file at path if needed, in WAL mode, and run migrate on it."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    database = connect(path)
    try:
        database.enable_wal()
        migrate(database)
    finally:
        database.conn.close()


def prepare_reports(path):
    """Create or migrate the reports file's schema (in WAL mode); idempotent."""
    _migrated(path, schema_reports.migrate)


def get_db() -> sqlite_utils.Database:
    """The request's database connection (reports file attached), opened on first use."""
    if "db" not in g:
        config = current_app.config
        g.db = connect(config["DATABASE"], config["REPORTS_DATABASE"],
                       wait_seconds=config["WRITE_WAIT_SECONDS"])
    return g.db


def close_db(_error=None):
    """Close the request's connection, if one was opened."""
    database = g.pop("db", None)
    if database is not None:
        database.conn.close()


def initialize(path, seed_dir, *, demo=False, echo=None, reports=None):
    """Create or migrate the schema at path (and the reports file) and load the seed list;
    idempotent. reports defaults to the file beside path (reports_path_beside)."""
    reports = reports or reports_path_beside(path)
    upgrade(path, reports)
    database = connect(path)
    try:
        return seed.load(database, seed_dir, demo=demo, echo=echo)
    finally:
        database.conn.close()


def upgrade(path, reports):
    """Create or migrate both files' schemas (WAL mode), moving old reports out of main."""
    _migrated(path, schema.migrate)
    prepare_reports(reports)
    _move_reports_out_of_main(path, reports)


def _move_reports_out_of_main(path, reports):
    """Move reports kept in the main file (before they had their own) to the reports file.

    Two commits, copy then drop: a transaction over two WAL files is not atomic across
    them, so a crash in between leaves the rows in both, and the next run copies
    nothing new (same ids) and drops the old table.
    """
    database = connect(path, reports)
    try:
        if not database.execute(
            "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'reports'"
        ).fetchone():
            return
        columns = ", ".join(schema_reports.MOVED_REPORT_COLUMNS)
        database.conn.execute("BEGIN IMMEDIATE")
        try:
            database.execute(
                f"INSERT OR IGNORE INTO {REPORTS_SCHEMA}.reports ({columns}) "
                f"SELECT {columns} FROM main.reports"
            )
        except BaseException:
            database.conn.rollback()
            raise
        database.conn.commit()
        database.execute("DROP TABLE main.reports")
    finally:
        database.conn.close()


def cli_database() -> sqlite_utils.Database:
    """The app's database for a CLI command, or one clear line saying why there is none."""
    path = current_app.config["DATABASE"]
    # sqlite3 would create an empty file here, and then fail on the missing tables.
    if not os.path.isfile(path):
        raise click.ClickException(
            f"No database at {path}: run `flask --app backend init-db` first.")
    try:
        return connect(path)
    except sqlite3.Error as error:
        raise cli_error(error) from None


def cli_error(error: sqlite3.Error) -> click.ClickException:
    """A database error as a CLI command's one-line failure."""
    return click.ClickException(f"{current_app.config['DATABASE']}: {error}.")


@click.command("init-db")
@click.option("--demo", is_flag=True, help="Also load the fictional demo entries (seed_data/demo/).")
@with_appcontext
def init_db_command(demo):
    """Create the database and load seed_data/; running it again changes nothing.

    Example: flask --app backend init-db
    """
    path = current_app.config["DATABASE"]
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise click.ClickException(f"{path} is a folder; DATABASE must name a file.")
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise click.ClickException(f"{path}: {folder} is a file, not a folder.")
    try:
        summary = initialize(
            path, current_app.config["SEED_DIR"], demo=demo,
            echo=click.echo, reports=current_app.config["REPORTS_DATABASE"],
        )
    except (OSError, sqlite3.Error) as error:  # a folder or file it cannot use: one line
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise click.ClickException(f"{path}: {reason}.") from None
    click.echo(f"Database ready at {path}: {summary}")


def init_app(app):
    """Register teardown and CLI, and create the database on first start if asked to."""
    if not app.config.get("REPORTS_DATABASE"):
        app.config["REPORTS_DATABASE"] = reports_path_beside(app.config["DATABASE"])
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
    app.cli.add_command(seed.seed_status_command)
    # Imported here: bulk_commands needs connect() from this module.
    from .bulk_commands import export_command, import_command

    app.cli.add_command(import_command)
    app.cli.add_command(export_command)
    from .backup import backup_command, restore_command

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    if app.config["AUTO_INIT_DB"] and not os.path.exists(app.config["DATABASE"]):
        initialize(app.config["DATABASE"], app.config["SEED_DIR"],
                   reports=app.config["REPORTS_DATABASE"])
    elif os.path.exists(app.config["DATABASE"]):
        # A new (or a test's fresh) reports file beside an existing database.
        prepare_reports(app.config["REPORTS_DATABASE"])
