"""Maintainers' bearer tokens: the CLI, hashes at rest, 401 for bad tokens, 403 for roles."""

import pytest

from backend.db import connect

MAINTAINER_ENDPOINTS = [
    ("get", "/api/v1/review/queue"),
    ("post", "/api/v1/reports/x/decision"),
    ("get", "/api/v1/entries"),
    ("post", "/api/v1/entries"),
    ("get", "/api/v1/entries/1"),
    ("patch", "/api/v1/entries/1"),
    ("delete", "/api/v1/entries/1"),
    ("get", "/api/v1/brands"),
    ("get", "/api/v1/brands/1"),
    ("get", "/api/v1/rules"),
    ("get", "/api/v1/rules/1"),
    ("get", "/api/v1/audit"),
]
ADMIN_ENDPOINTS = [
    ("post", "/api/v1/brands"),
    ("patch", "/api/v1/brands/1"),
    ("delete", "/api/v1/brands/1"),
    ("post", "/api/v1/rules"),
    ("patch", "/api/v1/rules/1"),
    ("delete", "/api/v1/rules/1"),
]


def _call(client, method, path, headers):
    return getattr(client, method)(path, headers=headers, json={})


@pytest.mark.parametrize("method, path", MAINTAINER_ENDPOINTS + ADMIN_ENDPOINTS)
def test_missing_wrong_or_revoked_token_is_401(client, runner, make_token, method, path):
    revoked = make_token("gone", "admin")
    assert runner.invoke(args=["revoke-token", "gone"]).exit_code == 0
    for headers in ({}, {"Authorization": "Bearer not-a-token"},
                    {"Authorization": "Basic bWlhOnB3"}, revoked):
        response = _call(client, method, path, headers)
        assert response.status_code == 401, (headers, response.get_json())
        assert response.get_json()["error"]["code"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("method, path", ADMIN_ENDPOINTS)
def test_maintainers_may_not_change_brands_or_rules(client, maintainer, method, path):
    response = _call(client, method, path, maintainer)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("method, path", MAINTAINER_ENDPOINTS)
def test_admins_may_do_what_maintainers_do(client, admin, method, path):
    assert _call(client, method, path, admin).status_code not in (401, 403)


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
