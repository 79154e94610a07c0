"""The store packages: a Chrome Web Store zip and a Firefox .xpi of extension/ (docs/extension.md).

    python3 tasks.py package    (or: python -m backend.package [--out DIR] [--source DIR])

Both carry pyproject.toml's version, which `gen-extension` writes into manifest.json; a
manifest with another version is refused. Both hold the extension's shipped files only
(no dotfiles, no source maps) as a reproducible zip: entries sorted, timestamps and
permissions fixed, so the same tree gives the same bytes. The .xpi is what `web-ext build`
selects, repacked the same way. web-ext comes from tests/extension (npm ci when missing);
nothing here downloads a browser.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .extension_gen import EXTENSION, MANIFEST, ROOT, project_version

DIST = ROOT / "dist"
NODE_TOOLS = ROOT / "tests" / "extension"
NAME = "counterfeit-radar"
# Zip's earliest date: the entries' timestamps never depend on the checkout.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# Not the extension's: editor and OS droppings, source maps, web-ext's own outputs.
EXCLUDED_SUFFIXES = (".map", ".zip", ".xpi", ".orig", ".rej", "~")


class PackageError(Exception):
    """The packages cannot be built (one line for the command's error)."""


def shipped_files(extension: Path = EXTENSION) -> list[str]:
    """The extension's files as sorted POSIX paths: no dotfiles or dot-folders, no source maps."""
    files = []
    for path in extension.rglob("*"):
        relative = path.relative_to(extension)
        if (path.is_file() and not any(part.startswith(".") for part in relative.parts)
                and not path.name.endswith(EXCLUDED_SUFFIXES)):
            files.append(relative.as_posix())
    return sorted(files)


def write_zip(source: Path, files: list[str], target: Path) -> None:
    """A reproducible zip of source's files: sorted entries, fixed timestamps and modes."""
    with zipfile.ZipFile(target, "w") as archive:
        for name in sorted(files):
            entry = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o100644 << 16
            entry.create_system = 3  # Unix, whichever system builds it
            archive.writestr(entry, (source / name).read_bytes(), compresslevel=9)


def node_tools() -> Path:
    """tests/extension/node_modules (web-ext), installed as the tests do when missing."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        # Debian machines, as root, like the tests (tests/live.py apt_install).
        subprocess.run(["apt-get", "update"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "nodejs", "npm"], check=True,
                       stdout=subprocess.DEVNULL,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    modules = NODE_TOOLS / "node_modules"
    if not (modules / ".bin" / "web-ext").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=NODE_TOOLS, check=True,
                       stdout=subprocess.DEVNULL)
    return modules


def web_ext_files(extension: Path, work: Path) -> list[str]:
    """The files `web-ext build` puts in the .xpi (its own ignore rules, plus source maps)."""
    web_ext = node_tools() / ".bin" / "web-ext"
    result = subprocess.run(
        [str(web_ext), "build", "--source-dir", str(extension), "--artifacts-dir", str(work),
         "--filename", "build.zip", "--overwrite-dest", "--no-config-discovery",
         "--ignore-files", "**/*.map"],
        cwd=NODE_TOOLS, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise PackageError(f"web-ext build failed: {(result.stderr or result.stdout).strip()[-500:]}")
    with zipfile.ZipFile(work / "build.zip") as built:
        return sorted(name for name in built.namelist() if not name.endswith("/"))


def build(out: Path = DIST, extension: Path = EXTENSION) -> dict[str, Path]:
    """Write the Chrome zip and the Firefox .xpi into out; their paths by store."""
    version = project_version()
    manifest_version = json.loads((extension / MANIFEST).read_text(encoding="utf-8"))["version"]
    if manifest_version != version:
        raise PackageError(f"manifest.json has version {manifest_version}, pyproject.toml "
                           f"{version}: run python3 tasks.py gen-extension")
    files = shipped_files(extension)
    out.mkdir(parents=True, exist_ok=True)
    chrome = out / f"{NAME}-{version}-chrome.zip"
    firefox = out / f"{NAME}-{version}-firefox.xpi"
    write_zip(extension, files, chrome)
    with tempfile.TemporaryDirectory() as work:
        xpi_files = web_ext_files(extension, Path(work))
    # web-ext keeps what its rules keep; ours are the stricter (dotfiles anywhere, backups).
    write_zip(extension, [name for name in xpi_files if name in files], firefox)
    return {"chrome": chrome, "firefox": firefox}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DIST,
                        help="the directory to write the packages into (default: dist/)")
    parser.add_argument("--source", type=Path, default=EXTENSION,
                        help="the extension folder to package (default: extension/)")
    arguments = parser.parse_args(argv)
    try:
        packages = build(arguments.out, arguments.source)
    except (PackageError, subprocess.CalledProcessError, OSError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    for store, path in packages.items():
        print(f"wrote {path} ({store})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
