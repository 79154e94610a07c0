"""Maintainers' bearer tokens: the CLI, hashes at rest, 401 for bad tokens, 403 for roles."""

import re

from backend.cors import PUBLIC_READS, route_key
from backend.db import connect

# Writes anyone may make (the contract's anonymous writes; POST /check is a read with a body,
# among PUBLIC_READS). Every other route of the API, and every write anywhere, needs a token.
PUBLIC_WRITES = frozenset({("POST", "/reports"), ("POST", "/disputes")})
# Anonymous writes outside the API: the public dispute form (CSRF: a signed double submit).
PUBLIC_PAGE_WRITES = frozenset({("POST", "/dispute")})
# What only an admin may do (docs/curation.md, "Roles"): change brands and rules.
ADMIN_ONLY = frozenset({
    ("POST", "/brands"), ("PATCH", "/brands/<id>"), ("DELETE", "/brands/<id>"),
    ("POST", "/rules"), ("PATCH", "/rules/<id>"), ("DELETE", "/rules/<id>"),
})
# The console's admin-only forms (backend/console/reference.py, imports.py), as walked.
CONSOLE_ADMIN_ONLY = frozenset(
    ("POST", f"/curate/{kind}{tail}") for kind in ("rules", "brands")
    for tail in ("", "/1", "/1/delete")) | {("POST", "/curate/import"),
                                            ("POST", "/curate/import/x/apply")}
_READS = {"GET", "HEAD", "OPTIONS"}


def _protected_routes(app) -> list[tuple[str, str, tuple]]:
    """(method, a path to call, route key) of every route that must ask for a token,
    walked from the app's URL map: a route added later is in it."""
    found = []
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>",
                      lambda match: "1" if match.group(1) == "int" else "x", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            key = route_key(method, rule.rule)
            public = (key in PUBLIC_READS or key in PUBLIC_WRITES if key
                      else method in _READS  # pages and static files outside the API
                      or (method, rule.rule) in PUBLIC_PAGE_WRITES)
            if not public:
                found.append((method, path, key))
    assert len(found) >= 18, found  # the walk found the maintainer routes at all
    return found


def _call(client, method, path, headers):
    return client.open(path, method=method, headers=headers, json={})


def test_every_route_but_the_public_ones_is_401_without_a_valid_token(
        app, client, runner, make_token):
    revoked = make_token("gone", "admin")
    assert runner.invoke(args=["revoke-token", "gone"]).exit_code == 0
    wrong = []
    for method, path, _key in _protected_routes(app):
        for headers in ({}, {"Authorization": "Bearer not-a-token"},
                        {"Authorization": "Basic bWlhOnB3"}, revoked):
            response = _call(client, method, path, headers)
            if (response.status_code != 401
                    or response.get_json()["error"]["code"] != "unauthorized"
                    or not response.headers.get("WWW-Authenticate", "").startswith("Bearer")):
                wrong.append((method, path, headers, response.status_code))
    assert wrong == []


def test_maintainers_may_not_change_brands_or_rules(app, client, maintainer):
    refused = {key or (method, path) for method, path, key in _protected_routes(app)
               if _call(client, method, path, maintainer).status_code == 403}
    assert refused == ADMIN_ONLY | CONSOLE_ADMIN_ONLY


def test_admins_may_do_what_maintainers_do(app, client, admin):
    refused = [(method, path, status) for method, path, _key in _protected_routes(app)
               if (status := _call(client, method, path, admin).status_code) in (401, 403)]
    assert refused == []


def test_tokens_are_stored_only_as_hashes(app, runner, make_token):
    header = make_token("hashy", "maintainer")
    token = header["Authorization"].split()[1]
    database = connect(app.config["DATABASE"])
    stored = database.execute("SELECT name, role, token_hash FROM tokens").fetchall()
    database.conn.close()
    assert stored[0][:2] == ("hashy", "maintainer")
    assert token not in repr(stored) and len(stored[0][2]) == 64
    listing = runner.invoke(args=["list-tokens"]).output
    assert "hashy" in listing and token not in listing and stored[0][2] not in listing


def test_token_cli_refuses_duplicates_and_unknown_names(runner, make_token):
    make_token("twin")
    duplicate = runner.invoke(args=["create-token", "twin"])
    assert duplicate.exit_code != 0 and "revoke it first" in duplicate.output
    assert runner.invoke(args=["revoke-token", "nobody"]).exit_code != 0
    assert runner.invoke(args=["revoke-token", "twin"]).exit_code == 0
    assert runner.invoke(args=["create-token", "twin"]).exit_code == 0  # name free again
    bad_role = runner.invoke(args=["create-token", "x", "--role", "owner"])
    assert bad_role.exit_code != 0
