"""The SQLite connection: opened lazily per request, set up for WAL and foreign keys."""

import os
import sqlite3

import click
import sqlite_utils
from flask import current_app, g
from flask.cli import with_appcontext

from . import schema, seed


def connect(path) -> sqlite_utils.Database:
    """Open the database at path with the settings every connection needs."""
    connection = sqlite3.connect(path, timeout=10, check_same_thread=False)
    database = sqlite_utils.Database(connection, execute_plugins=False)
    database.execute("PRAGMA foreign_keys = ON")
    # NORMAL is safe in WAL mode (a crash can lose the last commit, never corrupt).
    database.execute("PRAGMA synchronous = NORMAL")
    database.execute("PRAGMA busy_timeout = 10000")
    return database


def get_db() -> sqlite_utils.Database:
    """The request's database connection, opened on first use."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(_error=None):
    """Close the request's connection, if one was opened."""
    database = g.pop("db", None)
    if database is not None:
        database.conn.close()


def initialize(path, seed_dir, *, demo=False, echo=None):
    """Create or migrate the schema at path and load the seed list; idempotent."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    database = connect(path)
    try:
        database.enable_wal()
        schema.migrate(database)
        return seed.load(database, seed_dir, demo=demo, echo=echo)
    finally:
        database.conn.close()


@click.command("init-db")
@click.option("--demo", is_flag=True, help="Also load the fictional demo entries (seed_data/demo/).")
@with_appcontext
def init_db_command(demo):
    """Create the database and load seed_data/; running it again changes nothing.

    Example: flask --app backend init-db
    """
    summary = initialize(
        current_app.config["DATABASE"], current_app.config["SEED_DIR"], demo=demo, echo=click.echo
    )
    click.echo(f"Database ready at {current_app.config['DATABASE']}: {summary}")


def init_app(app):
    """Register teardown and CLI, and create the database on first start if asked to."""
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
    # Imported here: bulk_commands needs connect() from this module.
    from .bulk_commands import export_command, import_command

    app.cli.add_command(import_command)
    app.cli.add_command(export_command)
    if app.config["AUTO_INIT_DB"] and not os.path.exists(app.config["DATABASE"]):
        initialize(app.config["DATABASE"], app.config["SEED_DIR"])
