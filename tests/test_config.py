"""Settings: every one is documented, and environment variables override defaults."""

from pathlib import Path

from backend import config, create_app

DOCS = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def test_every_setting_is_documented():
    documented = DOCS.read_text(encoding="utf-8")
    missing = [name for name in config.SETTINGS if f"`{name}`" not in documented]
    assert missing == []


def test_flask_prefixed_environment_variables_override_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_DATABASE", str(tmp_path / "env.db"))
    monkeypatch.setenv("FLASK_MAX_URL_LENGTH", "100")
    monkeypatch.setenv("FLASK_AUTO_INIT_DB", "false")
    app = create_app()
    assert app.config["DATABASE"] == str(tmp_path / "env.db")
    assert app.config["MAX_URL_LENGTH"] == 100
    assert app.config["AUTO_INIT_DB"] is False
