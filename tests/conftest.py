"""Shared fixtures: an app over a temporary, seeded database; client; CLI runner; corpus."""

import csv
import gzip
import shutil
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest

from backend import create_app
from backend import db as database_module

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "seed_data"
# CI runs in a fresh clone with shared/ beside it; sessions have it at /work/shared.
CORPUS = next(
    (path for path in (ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus"))
     if path.exists()),
    ROOT.parent / "shared" / "corpus",
)


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory) -> Path:
    """A database seeded once per test run (demo entries included), copied by each test."""
    from backend import db

    path = tmp_path_factory.mktemp("seeded") / "radar.db"
    db.initialize(str(path), SEED_DIR, demo=True)
    return path


@pytest.fixture
def app(tmp_path, seeded_database):
    """The app over a fresh copy of the seeded database."""
    # Seeding takes a quarter of a second; copying the closed (checkpointed) file is instant.
    shutil.copyfile(seeded_database, tmp_path / "radar.db")
    application = create_app({
        "TESTING": True,
        "DATABASE": str(tmp_path / "radar.db"),
        "SEED_DIR": str(SEED_DIR),
        "AUTO_INIT_DB": False,
        "COMPILE_AT_START": False,
        # A fixed key, so tests never write instance/submitter_secret.
        "SUBMITTER_SECRET": "test-submitter-secret",
    })
    return application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_token(runner):
    """make_token(name, role) -> an Authorization header for a new token made by the CLI."""

    def make(name="maintainer-1", role="maintainer"):
        result = runner.invoke(args=["create-token", name, "--role", role])
        assert result.exit_code == 0, result.output
        return {"Authorization": f"Bearer {result.output.strip().splitlines()[-1]}"}

    return make


@pytest.fixture
def maintainer(make_token):
    """An Authorization header of a maintainer's token."""
    return make_token("mia", "maintainer")


@pytest.fixture
def admin(make_token):
    """An Authorization header of an admin's token."""
    return make_token("ada", "admin")


def from_address(address: str) -> dict:
    """Test-client kwargs that make a request come from another client address."""
    return {"environ_base": {"REMOTE_ADDR": address}}


def corpus_pages() -> list[dict]:
    """The manifest of real product pages in ../shared/corpus/pages."""
    with (CORPUS / "pages" / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def corpus_html(filename: str) -> str:
    """One corpus page's HTML, decoded as the browser would (UTF-8, lenient)."""
    return gzip.decompress((CORPUS / "pages" / filename).read_bytes()).decode("utf-8", "replace")


@contextmanager
def traced_sql(app):
    """Yields the list of SQL statements (values bound) that the app's connections run from
    here on: the connections it opens in the block are traced (the open one is closed first)."""
    statements = []
    original = database_module.connect

    def traced(*args, **options):
        connection = original(*args, **options)
        connection.conn.set_trace_callback(statements.append)
        return connection

    with mock.patch.object(database_module, "connect", traced):
        app.extensions["radar_connections"].close_thread()  # the next request opens a traced one
        yield statements
