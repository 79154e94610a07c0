"""Maintainer bearer tokens: made by the CLI, stored as hashes, checked per request.

Roles: a maintainer reviews reports and edits entries; an admin may also edit
brands and rules and manage tokens (docs/curation.md has the whole matrix).
"""

import functools
import hashlib
import hmac
import secrets
import sqlite3

import click
from flask import g, request
from flask.cli import with_appcontext

from .db import cli_database, cli_error, get_db
from .errors import Forbidden, Unauthorized, is_busy
from .store import audit, files, tokens, transaction

ROLES = ("maintainer", "admin")
_RANK = {"maintainer": 1, "admin": 2}
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="counterfeit-radar"'}


def hash_token(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(db, name: str, role: str, actor: str = "cli") -> str:
    """Make a token for name with role, store its hash, and return the token itself."""
    token = secrets.token_urlsafe(32)
    with transaction(db):
        token_id = tokens.insert(db, name, role, hash_token(token))
        audit.record(db, actor, "token.create", f"token:{token_id}", None,
                     {"name": name, "role": role})
    return token


def authenticate(db, header: str | None) -> dict:
    """The active token named by an Authorization header; Unauthorized if none."""
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send a maintainer token: Authorization: Bearer <token>.",
                           headers=_CHALLENGE)
    presented = hash_token(token.strip())
    found = tokens.active_by_hash(db, presented)
    # The lookup is by hash (a preimage an attacker cannot steer); the final
    # comparison is constant-time all the same.
    if found is None or not hmac.compare_digest(found["token_hash"], presented):
        raise Unauthorized("The token is not valid or has been revoked.", headers=_CHALLENGE)
    return found


def require(role: str):
    """Decorate a view so it needs a valid token of at least role; sets g.actor."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            db = get_db()
            token = authenticate(db, request.headers.get("Authorization"))
            if _RANK[token["role"]] < _RANK[role]:
                raise Forbidden(f"This needs the {role} role; your token is a {token['role']}.")
            if request.method not in _READ_METHODS:
                _note_use(db, token["id"])
            g.actor = token["name"]
            return view(*args, **kwargs)

        wrapped.required_role = role  # read by the OpenAPI document (api/openapi.py)
        return wrapped

    return decorator


_READ_METHODS = ("GET", "HEAD", "OPTIONS")


def _note_use(db, token_id: int):
    """Record the token's last use, on writes only and best effort.

    Reads write nothing (they must work while an import holds the write lock), and
    the bookkeeping never waits for the lock nor fails the request it is part of.
    """
    with files.without_lock_wait(db):
        try:
            tokens.touch(db, token_id)
        except sqlite3.OperationalError as error:
            if not is_busy(error):
                raise


# Token names are the actor in the audit trail and a column in list-tokens.
MAX_TOKEN_NAME = 64


def _check_token_name(name: str) -> None:
    """Refuse token names that are empty, padded, too long or not printable."""
    if not name or name != name.strip() or len(name) > MAX_TOKEN_NAME or not name.isprintable():
        raise click.ClickException(
            f"A token name must be 1 to {MAX_TOKEN_NAME} printable characters, without "
            f"spaces at either end; got {name!r}.")


@click.command("create-token")
@with_appcontext
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="maintainer", show_default=True)
def create_token_command(name, role):
    """Make a maintainer or admin token; prints the token alone on the last line.

    The token is shown once and stored only as a hash: keep it safe.

    Example: flask --app backend create-token alice --role admin
    """
    _check_token_name(name)
    db = cli_database()
    try:
        token = create_token(db, name, role)
    except sqlite3.IntegrityError:
        raise click.ClickException(f"An active token called {name!r} exists; revoke it first.")
    except sqlite3.Error as error:
        raise cli_error(error) from None
    finally:
        db.conn.close()
    click.echo(f"Token for {name} ({role}), shown once:")
    click.echo(token)


@click.command("list-tokens")
@with_appcontext
def list_tokens_command():
    """List tokens: name, role, created, last used, revoked (never the tokens).

    Example: flask --app backend list-tokens
    """
    db = cli_database()
    try:
        rows = tokens.all_tokens(db)
    except sqlite3.Error as error:
        raise cli_error(error) from None
    finally:
        db.conn.close()
    if not rows:
        click.echo("No tokens.")
    for row in rows:
        state = f"revoked {row['revoked_at']}" if row["revoked_at"] else "active"
        click.echo(f"{row['name']}\t{row['role']}\tcreated {row['created_at']}\t"
                   f"last used {row['last_used_at'] or 'never'}\t{state}")


@click.command("revoke-token")
@with_appcontext
@click.argument("name")
def revoke_token_command(name):
    """Revoke the active token called NAME; it stops working at once.

    Example: flask --app backend revoke-token alice
    """
    db = cli_database()
    try:
        with transaction(db):
            if not tokens.revoke(db, name):
                raise click.ClickException(f"No active token called {name!r}.")
            audit.record(db, "cli", "token.revoke", f"token:{name}", {"name": name}, None)
    except sqlite3.Error as error:
        raise cli_error(error) from None
    finally:
        db.conn.close()
    click.echo(f"Revoked {name}.")


def init_app(app):
    """Register the token commands."""
    for command in (create_token_command, list_tokens_command, revoke_token_command):
        app.cli.add_command(command)
