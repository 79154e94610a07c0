"""Settings: every one is documented, and environment variables override defaults."""

import json
import re
from pathlib import Path

from backend import config, create_app

DOCS = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"
_ROW = re.compile(r"^\| `([A-Z0-9_]+)` \| (.*?) \| (.*) \|$", re.MULTILINE)
_BYTES = re.compile(r"(\d+) (KB|MB)")


def _documented_rows() -> dict[str, tuple[str, str]]:
    """docs/configuration.md's table: setting -> (default cell, what it does)."""
    rows = _ROW.findall(DOCS.read_text(encoding="utf-8"))
    assert len(rows) >= 20, "the settings table of docs/configuration.md was not found"
    return {name: (default, help_text) for name, default, help_text in rows}


def _documented_value(cell: str):
    """A default cell as a value: `true`, `*`, 5, 3 MB, none; None when it is described."""
    literal = re.fullmatch(r"`([^`]*)`", cell)
    if literal:
        try:
            return json.loads(literal.group(1))
        except ValueError:
            return literal.group(1)
    if re.fullmatch(r"-?\d+(?:\.\d+)?", cell):
        return json.loads(cell)
    size = _BYTES.fullmatch(cell)
    if size:
        return int(size.group(1)) * (1024 if size.group(2) == "KB" else 1024 * 1024)
    if cell == "none":
        return []
    return None


def test_every_setting_is_documented():
    documented = _documented_rows()
    assert sorted(documented) == sorted(config.SETTINGS)


def test_documented_defaults_are_the_defaults():
    """Each default in docs/configuration.md's table is the one backend/config.py sets."""
    for name, (cell, _what) in _documented_rows().items():
        default, help_text = config.SETTINGS[name]
        if isinstance(default, str) and default.startswith(str(config.PROJECT_ROOT)):
            relative = Path(default).relative_to(config.PROJECT_ROOT).as_posix()
            assert cell == f"`{relative}/` of the checkout", name
        elif default is None:
            # Worked out at start (a path beside another, a generated secret): the table
            # and the help text describe the same default.
            assert "default:" in help_text, name
            for term in re.findall(r"`([^`]+)`", cell):
                assert term in help_text, (name, term)
        else:
            value = _documented_value(cell)
            assert value == default, (name, cell, default)
            assert isinstance(value, bool) == isinstance(default, bool), (name, cell, default)


def test_flask_prefixed_environment_variables_override_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_DATABASE", str(tmp_path / "env.db"))
    monkeypatch.setenv("FLASK_MAX_URL_LENGTH", "100")
    monkeypatch.setenv("FLASK_AUTO_INIT_DB", "false")
    app = create_app()
    assert app.config["DATABASE"] == str(tmp_path / "env.db")
    assert app.config["MAX_URL_LENGTH"] == 100
    assert app.config["AUTO_INIT_DB"] is False
