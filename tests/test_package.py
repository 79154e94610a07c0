"""The store packages (`python3 tasks.py package`, backend/package.py): one version, only the
extension's files, the same bytes from the same tree, and both packages load: the Chrome zip
unpacked in real Chromium, the Firefox .xpi installed in Firefox ESR and through `web-ext lint`."""

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from backend.package import node_tools
from tests.firefox import firefox_esr, marionette_classes, running_firefox  # noqa: F401 (fixtures)
from tests.live import chromium, playwright_session  # noqa: F401 (fixtures are found by name)
from tests.test_extension import EXPECTED_LINT_WARNINGS

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "extension"
# Planted in a copy of the extension: none of them may ship.
JUNK = (".DS_Store", ".web-extension-id", ".git/config", "lib/.hidden.js", "lib/api.js.map",
        "popup.js~")


def package(out: Path, source: Path = EXTENSION) -> subprocess.CompletedProcess:
    """The package command as tasks.py runs it (in this venv: tasks.py would reinstall it)."""
    return subprocess.run([sys.executable, "-m", "backend.package", "--out", str(out),
                           "--source", str(source)], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def built(out: Path) -> dict[str, Path]:
    return {"chrome": next(out.glob("*-chrome.zip")), "firefox": next(out.glob("*-firefox.xpi"))}


def pyproject_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def extension_files(folder: Path) -> list[str]:
    """Every file under folder but dotfiles, files in dot-folders, source maps and backups."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                  if path.is_file()
                  and not any(part.startswith(".") for part in path.relative_to(folder).parts)
                  and not path.name.endswith((".map", "~")))


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A snapshot of extension/ (other work may change the checkout while these tests run)."""
    folder = tmp_path_factory.mktemp("tree") / "extension"
    shutil.copytree(EXTENSION, folder)
    return folder


@pytest.fixture(scope="module")
def packages(tree, tmp_path_factory):
    """The packages of the tree, each unpacked: {store: (package path, unpacked folder)}."""
    node_tools()
    out = tmp_path_factory.mktemp("dist")
    result = package(out, tree)
    assert result.returncode == 0, result.stderr
    unpacked = {}
    for store, path in built(out).items():
        folder = tmp_path_factory.mktemp(store)
        with zipfile.ZipFile(path) as archive:
            archive.extractall(folder)
        unpacked[store] = (path, folder)
    return unpacked


def test_both_packages_carry_the_pyproject_version(packages):
    version = pyproject_version()
    for store, (path, folder) in packages.items():
        assert json.loads((folder / "manifest.json").read_text())["version"] == version, store
        assert path.name == f"counterfeit-radar-{version}-{store}.{path.suffix[1:]}"


def test_both_packages_hold_exactly_the_extensions_shipped_files(packages, tree):
    expected = extension_files(tree)
    assert "manifest.json" in expected and "worker/lookups.js" in expected
    for store, (path, folder) in packages.items():
        with zipfile.ZipFile(path) as archive:
            assert archive.namelist() == expected, store
        assert extension_files(folder) == expected
        for name in expected:
            assert (folder / name).read_bytes() == (tree / name).read_bytes(), name


def test_dotfiles_source_maps_and_backups_are_left_out(tree, tmp_path):
    source = tmp_path / "extension"
    shutil.copytree(tree, source)
    for name in JUNK:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text("not shipped\n")
    result = package(tmp_path / "dist", source)
    assert result.returncode == 0, result.stderr
    for store, path in built(tmp_path / "dist").items():
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
        assert names == extension_files(tree), store
        assert not set(JUNK) & set(names)


def test_the_same_tree_gives_byte_identical_packages(packages, tree, tmp_path):
    # A copy with other timestamps and another path: nothing of the checkout may leak in.
    source = tmp_path / "elsewhere" / "extension"
    shutil.copytree(tree, source, copy_function=shutil.copy)
    for path in source.rglob("*"):
        os.utime(path, (1_900_000_000, 1_900_000_000))
    result = package(tmp_path / "again", source)
    assert result.returncode == 0, result.stderr
    again = built(tmp_path / "again")
    for store, (path, _) in packages.items():
        assert again[store].read_bytes() == path.read_bytes(), store
    with zipfile.ZipFile(again["chrome"]) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_manifest_with_another_version_is_refused(tree, tmp_path):
    source = tmp_path / "extension"
    shutil.copytree(tree, source)
    manifest = json.loads((source / "manifest.json").read_text())
    manifest["version"] = "99.0.0"
    (source / "manifest.json").write_text(json.dumps(manifest))
    result = package(tmp_path / "dist", source)
    assert result.returncode == 1
    assert "gen-extension" in result.stderr and pyproject_version() in result.stderr
    assert not (tmp_path / "dist").exists()


def test_the_chrome_package_runs_in_chromium(packages, playwright_session, chromium, tmp_path):
    _, folder = packages["chrome"]
    context = playwright_session.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=chromium, headless=False,
        args=["--headless=new", f"--disable-extensions-except={folder}",
              f"--load-extension={folder}", "--no-sandbox", "--disable-gpu", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync"])
    try:
        worker = (context.service_workers or [context.wait_for_event("serviceworker")])[-1]
        assert worker.url.startswith("chrome-extension://")
        assert worker.url.endswith("/background.js")
        extension_id = worker.url.split("/")[2]
        errors = []
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"chrome-extension://{extension_id}/options.html")
        # Ready only once the worker answered the page's settings and list-status messages.
        page.wait_for_selector("body[data-ready='true']", timeout=15000)
        assert page.inner_text("h1") == "Counterfeit Radar options"
        assert page.input_value("#api-base").startswith("http")
        assert page.inner_text("#list-status").strip()
        assert errors == []
    finally:
        context.close()


def test_the_firefox_package_installs_and_runs_in_firefox_esr(packages, firefox_esr, marionette_classes,
                                                              tmp_path):
    xpi, _ = packages["firefox"]
    with running_firefox(firefox_esr, marionette_classes, tmp_path / "profile", xpi) as firefox:
        firefox.extension_page("options.html")
        assert firefox.run("return browser.runtime.getManifest().version") == pyproject_version()
        assert firefox.m.find_element("css selector", "h1").text == "Counterfeit Radar options"
        # Ready only once the background answered the page's settings and list-status messages.
        assert firefox.m.find_element("id", "api-base").get_property("value").startswith("http")
        assert firefox.m.find_element("id", "list-status").text.strip()


def test_the_firefox_package_passes_web_ext_lint(packages):
    _, folder = packages["firefox"]
    result = subprocess.run(
        [str(node_tools() / ".bin" / "web-ext"), "lint", "--source-dir", str(folder),
         "--output", "json", "--no-config-discovery"],
        cwd=ROOT / "tests" / "extension", capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout[result.stdout.index("{"):])
    assert report["errors"] == [], report["errors"]
    assert {warning["code"] for warning in report["warnings"]} <= EXPECTED_LINT_WARNINGS, report["warnings"]
    assert report["notices"] == [], report["notices"]
