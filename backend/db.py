"""The SQLite connections: one pair per worker thread, opened once and reused.

Volunteers' reports live in a file of their own (REPORTS_DATABASE), attached to every
request's connection as `reports_db`: a bulk import holds the main file's write lock
for minutes, and a report must never wait for it (docs/bulk.md).

Opening a connection (its PRAGMAs and the ATTACH) cost a request 0.4 ms, so each
thread keeps a read-only connection for checks and a read-write one for the rest,
and ends whatever transaction a request left open before the next one uses them.
A thread reopens them when DATABASE names another file (a swapped list copy,
docs/decisions.md).
"""

import contextlib
import fcntl
import os
import sqlite3
import threading
import time

import click
import sqlite_utils
from flask import current_app, g, has_request_context
from flask.cli import with_appcontext

from . import lookups, schema, schema_reports, seed
from .store import files
from .matching.signatures import register as register_title_functions

REPORTS_SCHEMA = "reports_db"  # the name the reports file is attached under
# Prepared statements each connection keeps (sqlite3's default is 128; the app has over a
# hundred distinct statements, and a reused connection should never prepare one twice).
CACHED_STATEMENTS = 512


def reports_path_beside(path) -> str:
    """The default reports file for a main database: instance/radar.db -> radar-reports.db."""
    stem, extension = os.path.splitext(str(path))
    return f"{stem}-reports{extension or '.db'}"


def raw_connection(path, **options) -> sqlite3.Connection:
    """sqlite3.connect with the SQL functions the schema's triggers and indexes call.

    Without them a connection cannot write entries or even check the file's integrity.
    """
    connection = sqlite3.connect(path, **options)
    register_title_functions(connection)  # title_bands(), for the listing_bands triggers
    lookups.register(connection)  # key_prefix(), for the entries_key_prefix index
    return connection


def connect(path, reports=None, *, wait_seconds: float = 10,
            read_only: bool = False) -> sqlite_utils.Database:
    """Open the database at path with the settings every connection needs.

    reports, if given, is the reports file to attach as `reports_db`. wait_seconds
    is how long a write waits for another writer's lock before failing as busy.
    read_only connections refuse every write (PRAGMA query_only), to either file.
    """
    connection = raw_connection(path, timeout=wait_seconds, check_same_thread=False,
                                cached_statements=CACHED_STATEMENTS)
    database = sqlite_utils.Database(connection, execute_plugins=False)
    database.execute("PRAGMA foreign_keys = ON")
    # NORMAL is safe in WAL mode (a crash can lose the last commit, never corrupt).
    database.execute("PRAGMA synchronous = NORMAL")
    database.execute(f"PRAGMA busy_timeout = {int(wait_seconds * 1000)}")
    if reports:
        database.execute(f"ATTACH DATABASE ? AS {REPORTS_SCHEMA}", [str(reports)])
        database.execute(f"PRAGMA {REPORTS_SCHEMA}.synchronous = NORMAL")
    if read_only:
        # Rather than mode=ro, which refuses writes alike but cannot open a WAL file
        # whose -shm is missing unless it may create it (a copy in a read-only folder).
        database.execute("PRAGMA query_only = ON")
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


class ThreadConnections:
    """Each thread's two connections to one app's files, opened on first use and reused.

    reader() is read-only (checks, /health); writer() writes (curation, reports). At
    most every swap_check_seconds, the first connection a request asks for looks at
    which file `path` names now (os.stat): when an operator has swapped the list copy
    (a symlink flipped to a new file), the thread closes both and opens the new file,
    between two requests; requests in flight on other threads finish on the old one.
    """

    def __init__(self, path, reports, *, wait_seconds: float, swap_check_seconds: float):
        self.path, self.reports = path, reports
        self.wait_seconds, self.swap_check_seconds = wait_seconds, swap_check_seconds
        self._local = threading.local()

    def lend(self, read_only: bool, first_in_request: bool) -> sqlite_utils.Database:
        """This thread's reader or writer, reopened first if the file was swapped."""
        local = self._local
        if first_in_request:
            now = time.monotonic()
            if now - getattr(local, "checked_at", -1e9) >= self.swap_check_seconds:
                local.checked_at = now
                self._reopen_if_swapped(local)
        name = "reader" if read_only else "writer"
        database = getattr(local, name, None)
        if database is None:
            local.file_id = getattr(local, "file_id", None) or _file_id(self.path)
            database = connect(self.path, self.reports, wait_seconds=self.wait_seconds,
                               read_only=read_only)
            setattr(local, name, database)
            self._keep_few_per_thread()
        return database

    def _keep_few_per_thread(self):
        """Close the connections of apps this thread used long ago (a test run makes
        hundreds of apps in one thread; a server has one)."""
        owners = _THREAD_OWNERS.__dict__.setdefault("owners", [])
        if self in owners:
            owners.remove(self)
        owners.append(self)
        while len(owners) > APPS_PER_THREAD:
            owners.pop(0).close_thread()

    def _reopen_if_swapped(self, local):
        file_id = _file_id(self.path)
        # A missing file is a swap under way (or an operator's mistake): keep serving
        # from the open one rather than let sqlite3 create an empty database there.
        if file_id is None or file_id == getattr(local, "file_id", None):
            return
        self.close_thread()
        local.file_id = file_id

    def close_thread(self):
        """Close this thread's connections (they reopen on next use)."""
        for name in ("reader", "writer"):
            database = getattr(self._local, name, None)
            if database is not None:
                setattr(self._local, name, None)
                database.conn.close()
        self._local.file_id = None


APPS_PER_THREAD = 4
# Per thread: the ThreadConnections that opened a connection in it, oldest first.
_THREAD_OWNERS = threading.local()


def _file_id(path):
    """Which file path names now (device and inode, through symlinks), or None."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def get_db() -> sqlite_utils.Database:
    """The request's read-write connection (reports file attached)."""
    return _lend("db", read_only=False)


def get_reader() -> sqlite_utils.Database:
    """The request's read-only connection (reports file attached): checks and /health."""
    return _lend("read_db", read_only=True)


def _lend(name: str, read_only: bool) -> sqlite_utils.Database:
    database = g.get(name)
    if database is not None:
        return database
    if has_request_context():
        first = g.get("db") is None and g.get("read_db") is None
        database = current_app.extensions["radar_connections"].lend(read_only, first)
    else:
        # Outside a request (start-up, CLI, a test's app context): a connection of its
        # own, closed with the context, so none outlives a fork (gunicorn --preload).
        config = current_app.config
        database = connect(config["DATABASE"], config["REPORTS_DATABASE"],
                           wait_seconds=config["WRITE_WAIT_SECONDS"], read_only=read_only)
        g.setdefault("own_connections", []).append(database)
    setattr(g, name, database)
    return database


def close_db(_error=None):
    """End the request's transactions: roll back whatever is open, close own connections.

    A request that raised inside a transaction must not hand it (or its locks) to the
    next request on this thread.
    """
    for name in ("db", "read_db"):
        database = g.pop(name, None)
        if database is not None and database.conn.in_transaction:
            try:
                database.conn.rollback()
            except sqlite3.Error:  # a connection in a state no one should reuse
                current_app.extensions["radar_connections"].close_thread()
    for database in g.pop("own_connections", ()):
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


def upgrade_if_needed(path, reports):
    """upgrade() when migrations are pending or reports are still in main, else only make
    sure the reports file exists; processes starting together take turns (a file lock)."""
    with contextlib.ExitStack() as stack:
        try:
            fcntl.flock(stack.enter_context(open(f"{path}.lock", "a")), fcntl.LOCK_EX)
        except OSError:
            pass  # a read-only folder (a host serving a read copy): nobody migrates there
        database = connect(path)
        try:
            stale = (bool(schema.migrations.pending(database))
                     or files.has_table(database, "reports"))
        finally:
            database.conn.close()
        if stale:
            upgrade(path, reports)
        else:
            prepare_reports(reports)


def _move_reports_out_of_main(path, reports):
    """Move reports kept in the main file (before they had their own) to the reports file.

    Two commits, copy then drop: a transaction over two WAL files is not atomic across
    them, so a crash in between leaves the rows in both, and the next run copies
    nothing new (same ids) and drops the old table.
    """
    database = connect(path, reports)
    try:
        if files.has_table(database, "reports"):
            schema_reports.move_out_of_main(database, REPORTS_SCHEMA)
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
    app.extensions["radar_connections"] = ThreadConnections(
        app.config["DATABASE"], app.config["REPORTS_DATABASE"],
        wait_seconds=app.config["WRITE_WAIT_SECONDS"],
        swap_check_seconds=app.config["SWAP_CHECK_SECONDS"])
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
    app.cli.add_command(seed.seed_status_command)
    # Imported here: bulk_commands needs connect() from this module.
    from .bulk_commands import export_command, import_command

    app.cli.add_command(import_command)
    app.cli.add_command(export_command)
    from .backup import backup_command, restore_command
    from .keycheck import check_keys_command

    app.cli.add_command(check_keys_command)

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    from .retention import drop_at_start, purge_reports_command

    app.cli.add_command(purge_reports_command)
    from .fixture import fixture_command

    app.cli.add_command(fixture_command)
    if app.config["AUTO_INIT_DB"] and not os.path.exists(app.config["DATABASE"]):
        initialize(app.config["DATABASE"], app.config["SEED_DIR"],
                   reports=app.config["REPORTS_DATABASE"])
    elif os.path.exists(app.config["DATABASE"]):
        # A database of an older release is brought up to date before serving: serve runs
        # init-db first, a bare gunicorn or systemd start may not. Otherwise (and for a
        # test's fresh reports file) only the reports file is made.
        upgrade_if_needed(app.config["DATABASE"], app.config["REPORTS_DATABASE"])
    drop_at_start(app)  # submitters of reports decided long ago (docs/privacy.md)
