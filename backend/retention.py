"""Retention: who sent a report is forgotten once it has been decided for a while.

A report's submitter and network are keyed hashes (submitters.py), kept while it is
pending (one report per submitter and target; the `reported` count by network) and for
REPORT_SUBMITTER_RETENTION_DAYS after a maintainer decides it (the track record of a
submitter whose report was approved). Then both are replaced by values that match no
one (store/reports.py DROPPED_*). A report's page snapshot (scrubbed, for test fixtures)
is kept REPORT_SNAPSHOT_RETENTION_DAYS after the report was sent, then dropped; the report
stays. This runs whenever the app starts and init-db runs, and on demand with
`flask --app backend purge-reports` (docs/privacy.md).
"""

import os
import sqlite3

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import db as database
from .store import disputes, reports, transaction


def drop_old_submitters(path, reports_path, days: float) -> int:
    """Drop the submitter hashes of reports decided more than days ago; how many changed.

    Reads first and writes only if there is something to drop, so that processes
    starting together do not queue for the reports file's write lock for nothing.
    """
    connection = database.connect(path, reports_path)
    try:
        # Disputes' contacts and submitters are personal data too: the same retention.
        if not (reports.count_submitters_to_drop(connection, days)
                or disputes.count_personal_to_drop(connection, days)):
            return 0
        # Deferred: the reports file's lock alone, never waiting for an import's.
        with transaction(connection, immediate=False):
            disputes.drop_personal(connection, days)
            return reports.drop_submitters(connection, days)
    finally:
        connection.conn.close()


def drop_old_snapshots(path, reports_path, days: float) -> int:
    """Drop the page snapshots kept for more than days; how many went (reports stay)."""
    connection = database.connect(path, reports_path)
    try:
        if not reports.count_snapshots_to_drop(connection, days):
            return 0
        with transaction(connection, immediate=False):
            return reports.drop_snapshots(connection, days)
    finally:
        connection.conn.close()


def drop_at_start(app: Flask) -> None:
    """What the app does at start: drop expired submitters and snapshots if the files exist."""
    config = app.config
    if os.path.exists(config["DATABASE"]) and os.path.exists(config["REPORTS_DATABASE"]):
        drop_old_submitters(config["DATABASE"], config["REPORTS_DATABASE"],
                            config["REPORT_SUBMITTER_RETENTION_DAYS"])
        drop_old_snapshots(config["DATABASE"], config["REPORTS_DATABASE"],
                           config["REPORT_SNAPSHOT_RETENTION_DAYS"])


@click.command("purge-reports")
@click.option("--days", type=click.FloatRange(min=0), default=None,
              help="Drop submitters of reports decided more than this many days ago "
                   "(default: REPORT_SUBMITTER_RETENTION_DAYS).")
@click.option("--snapshot-days", type=click.FloatRange(min=0), default=None,
              help="Drop the page snapshots of reports sent more than this many days ago "
                   "(default: REPORT_SNAPSHOT_RETENTION_DAYS).")
@with_appcontext
def purge_reports_command(days, snapshot_days):
    """Forget who sent reports decided long ago (their submitter and network hashes), and
    drop old reports' page snapshots.

    Example: flask --app backend purge-reports --days 90 --snapshot-days 30
    """
    config = current_app.config
    days = config["REPORT_SUBMITTER_RETENTION_DAYS"] if days is None else days
    if snapshot_days is None:
        snapshot_days = config["REPORT_SNAPSHOT_RETENTION_DAYS"]
    if not os.path.isfile(config["DATABASE"]):
        raise click.ClickException(
            f"No database at {config['DATABASE']}: run `flask --app backend init-db` first.")
    try:
        dropped = drop_old_submitters(config["DATABASE"], config["REPORTS_DATABASE"], days)
        snapshots = drop_old_snapshots(config["DATABASE"], config["REPORTS_DATABASE"],
                                       snapshot_days)
    except sqlite3.Error as error:
        raise click.ClickException(f"{config['REPORTS_DATABASE']}: {error}.") from None
    click.echo(f"Dropped the submitter of {dropped} report(s) decided more than {days:g} "
               "day(s) ago.")
    click.echo(f"Dropped the page snapshot of {snapshots} report(s) sent more than "
               f"{snapshot_days:g} day(s) ago.")
