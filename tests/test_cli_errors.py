"""CLI commands refuse bad input in one clear line ("Error: ..."), never with a traceback."""

import gzip

import pytest

from backend.listfile import FIELDS

GOOD_ROW = "domain,,fake-acme-outlet.example,counterfeit,,,,,,,"


def _file(tmp_path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


# (case name, arguments given tmp_path, words the one line must hold)
BAD_COMMANDS = [
    ("export to a missing folder",
     lambda tmp: ["export", str(tmp / "no" / "such" / "folder" / "list.csv")], "folder"),
    ("export to a folder",
     lambda tmp: ["export", str(tmp)], "directory"),
    ("export into a file as if a folder",
     lambda tmp: ["export", _file(tmp, "plain", b"x") + "/list.csv"], "list.csv"),
    ("import of a missing file",
     lambda tmp: ["import", str(tmp / "missing.csv")], "missing.csv"),
    ("import of a folder",
     lambda tmp: ["import", str(tmp)], "directory"),
    ("import of a binary file",
     lambda tmp: ["import", _file(tmp, "photo.csv", b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x00")],
     "photo.csv"),
    ("import of CSV with a NUL byte",
     lambda tmp: ["import", _file(tmp, "nul.csv", (",".join(FIELDS) + "\n" + GOOD_ROW
                                                   + "\x00\n").encode())], "line"),
    ("import of a CSV field beyond the csv module's limit",
     lambda tmp: ["import", _file(tmp, "huge.csv", (",".join(FIELDS) + '\n"'
                                                    + "x" * 200_000 + '"\n').encode())], "line"),
    ("import of a truncated gzip file",
     lambda tmp: ["import", _file(tmp, "cut.csv.gz", gzip.compress(
         (",".join(FIELDS) + "\n" + GOOD_ROW + "\n").encode() * 50)[:40])], "cut.csv.gz"),
    ("import of JSON Lines nested too deep",
     lambda tmp: ["import", _file(tmp, "deep.jsonl", b"[" * 100_000 + b"\n")], "line 1"),
    ("import of a JSON array instead of JSON Lines",
     lambda tmp: ["import", _file(tmp, "list.jsonl", b'[{"kind": "domain"},\n{}]\n')],
     "line 1"),
    ("import with a format that does not exist",
     lambda tmp: ["import", _file(tmp, "list.csv", b""), "--format", "xml"], "xml"),
    ("create-token with an empty name", lambda tmp: ["create-token", ""], "token name"),
    ("create-token with a blank name", lambda tmp: ["create-token", "   "], "token name"),
    ("create-token with a newline in the name",
     lambda tmp: ["create-token", "mia\nadmin"], "token name"),
    ("create-token with a NUL in the name", lambda tmp: ["create-token", "mia\x00"], "token name"),
    ("create-token with a tab in the name", lambda tmp: ["create-token", "a\tb"], "token name"),
    ("create-token with a name too long", lambda tmp: ["create-token", "n" * 65], "token name"),
    ("create-token with a role that does not exist",
     lambda tmp: ["create-token", "mia", "--role", "root"], "root"),
    ("revoke-token of no token", lambda tmp: ["revoke-token", "nobody"], "nobody"),
    ("revoke-token with an empty name", lambda tmp: ["revoke-token", ""], "token"),
]


def _assert_one_clean_line(result, words: str):
    assert result.exit_code != 0
    # A clean failure is click's SystemExit; anything else is an uncaught exception.
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.output
    assert words in errors[0], result.output


@pytest.mark.parametrize("case, arguments, words", BAD_COMMANDS,
                         ids=[case[0] for case in BAD_COMMANDS])
def test_bad_input_fails_in_one_line(runner, tmp_path, case, arguments, words):
    _assert_one_clean_line(runner.invoke(args=arguments(tmp_path)), words)


def test_a_refused_token_name_makes_no_token(runner):
    runner.invoke(args=["create-token", ""])
    assert runner.invoke(args=["list-tokens"]).output.strip() == "No tokens."


@pytest.mark.parametrize("name", ["mia", "Mia Maintainer", "ops@acme.example", "zoë", "n" * 64])
def test_printable_token_names_are_accepted(runner, name):
    result = runner.invoke(args=["create-token", name])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["revoke-token", name]).exit_code == 0


DATABASE_PATHS = [
    ("under a file", lambda tmp: _file(tmp, "plain", b"x") + "/radar.db"),
    ("a folder", lambda tmp: str(tmp)),
    ("not a database", lambda tmp: _file(tmp, "notes.db", b"these are my notes, not SQLite" * 99)),
]


@pytest.mark.parametrize("case, path", DATABASE_PATHS, ids=[case[0] for case in DATABASE_PATHS])
@pytest.mark.parametrize("arguments", [["init-db"], ["create-token", "mia"], ["list-tokens"],
                                       ["revoke-token", "mia"], ["export"], ["import", "-"]])
def test_commands_on_a_database_path_they_cannot_use_fail_in_one_line(
        app, runner, tmp_path, case, path, arguments):
    app.config["DATABASE"] = path(tmp_path)
    _assert_one_clean_line(runner.invoke(args=arguments), "")


@pytest.mark.parametrize("arguments", [["create-token", "mia"], ["list-tokens"],
                                       ["revoke-token", "mia"], ["export"], ["import", "-"]])
def test_commands_before_init_db_say_to_run_it_and_make_no_file(app, runner, tmp_path,
                                                                 arguments):
    app.config["DATABASE"] = str(tmp_path / "never-made.db")
    _assert_one_clean_line(runner.invoke(args=arguments, input=""), "init-db")
    assert not (tmp_path / "never-made.db").exists()


@pytest.mark.parametrize("arguments", [["create-token", "mia"], ["list-tokens"],
                                       ["revoke-token", "mia"], ["export"], ["import", "-"]])
def test_commands_on_an_empty_database_file_fail_in_one_line(app, runner, tmp_path, arguments):
    app.config["DATABASE"] = _file(tmp_path, "empty.db", b"")
    _assert_one_clean_line(runner.invoke(args=arguments, input=""), "no such table")
