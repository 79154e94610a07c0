"""`flask --app backend check-keys`: entries whose keys today's validation would refuse.

Key validation grew stricter (no public suffixes, no IP literals, ids of the
marketplace's shape: models.keys.canonical_key), but rows listed before stay until a
maintainer looks at them. They can match pages wrongly (a listed `co.uk` would mark
every .co.uk shop), cannot be edited through the API, and make an export that holds
them fail to import. This command lists them; with --delete it removes them, each with
an audit record and a tombstone for /changes, in one transaction.
"""

import click
from flask.cli import with_appcontext

from .curation import list_change
from .db import cli_database
from .models.keys import canonical_key
from .store import audit, entries

_PAGE = 5000


def _problem(entry: dict) -> str | None:
    """Why the entry's key cannot be right today, or None."""
    try:
        canonical = canonical_key(entry["kind"], entry["marketplace"], entry["key"])
    except ValueError as error:
        return str(error)
    if canonical != entry["key"]:
        return f"key is not canonical (would be {canonical!r}), so no page can match it"
    return None


def wrong_keys(db) -> list[tuple[dict, str]]:
    """Every entry whose key fails today's validation, with the reason, in id order."""
    found, after_id = [], 0
    while True:
        page = entries.search(db, after_id=after_id, limit=_PAGE)
        found += [(entry, problem) for entry in page if (problem := _problem(entry))]
        if len(page) < _PAGE:
            return found
        after_id = page[-1]["id"]


@click.command("check-keys")
@click.option("--delete", is_flag=True,
              help="Delete the entries listed (audited, with tombstones for /changes).")
@with_appcontext
def check_keys_command(delete):
    """List entries whose keys today's validation refuses (public suffixes, IP
    addresses, ids of the wrong shape); --delete removes them.

    Example: flask --app backend check-keys
    """
    db = cli_database()
    try:
        found = wrong_keys(db)
        for entry, problem in found:
            where = f" on {entry['marketplace']}" if entry["marketplace"] else ""
            click.echo(f"entry {entry['id']}: {entry['kind']} {entry['key']!r}{where}: {problem}")
        if not found:
            click.echo("Every entry's key passes today's validation.")
            return
        if not delete:
            click.echo(f"{len(found)} entr{'y' if len(found) == 1 else 'ies'} to look at; "
                       "edit or delete them, or run again with --delete.")
            return
        with list_change(db) as version:
            for entry, problem in found:
                entries.delete(db, entry["id"], version)
                audit.record(db, "cli", "entry.delete", f"entry:{entry['id']}",
                             {**entry, "reason": f"check-keys: {problem}"}, None)
        click.echo(f"Deleted {len(found)} entr{'y' if len(found) == 1 else 'ies'}; "
                   f"list version {version}.")
    finally:
        db.conn.close()
