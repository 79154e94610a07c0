"""`flask fixture`: a report's kept page snapshot becomes a test fixture and a manifest row.

The row is what the extractors read from the page (through the check's own page reading),
in the corpus manifest's columns plus the title, price and brand; it is marked unchecked,
for a maintainer to compare with the page by hand (docs/extraction.md "Adding a page
from a report").
"""

import csv
import io
import math
import re
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from . import check as checking
from .db import get_db
from .extraction.scrub import scrub_html
from .store import reports

# The corpus manifest's columns (../shared/corpus/pages/manifest.csv), then what
# tests/test_extraction.py's PAGE_FACTS holds by hand, then whether a person checked it.
COLUMNS = ("file", "url", "marketplace", "listing_id", "seller_id", "seller_name",
           "title", "price", "currency", "brand", "checked")
UNCHECKED = "no"
MANIFEST = "manifest.csv"


class ManifestError(ValueError):
    """A manifest cell that cannot be read; the message names the file, row and column."""


def _rows(path: Path) -> list[dict]:
    """The rows of the manifest at path, each price checked to be a number (ManifestError)."""
    rows = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            price = (row.get("price") or "").strip()
            if price and not _is_amount(price):
                # reader.line_num: the file's line, header included, as an editor shows it.
                raise ManifestError(
                    f"{path} row {reader.line_num}, column price: {price!r} is not a number "
                    "(write the amount with a dot and no thousands separator: 1234.50).")
            rows.append(row)
    return rows


def _is_amount(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def read_manifest(folder: Path) -> list[dict]:
    """The rows of folder/manifest.csv ([] if there is none), each with its page's expected
    `price` as {"amount", "currency"} or None (tests/pages, tests/accuracy_table.py).

    Raises ManifestError, in one line, for a price that is not a number ("12,50")."""
    path = Path(folder) / MANIFEST
    if not path.exists():
        return []
    rows = _rows(path)
    for row in rows:
        row["price"] = ({"amount": float(row["price"]), "currency": row["currency"]}
                        if row["price"] else None)
    return rows


def manifest_row(report: dict, html: str, file_name: str) -> dict:
    """The manifest row for a page: what the check's page reading finds in url and html."""
    catalog = current_app.extensions["radar_catalog"].get(get_db())
    page = checking.read_page(catalog, checking.CheckRequest(url=report["url"], html=html))
    return {
        "file": file_name, "url": page.url, "marketplace": page.marketplace or "",
        "listing_id": page.listing_id or "", "seller_id": page.seller_id or "",
        "seller_name": page.seller_name or "", "title": page.title or "",
        "price": f"{page.price.amount:g}" if page.price else "",
        "currency": page.price.currency if page.price else "",
        "brand": page.brand or "", "checked": UNCHECKED,
    }


def fixture_name(report: dict) -> str:
    """<marketplace>-<listing id or target key>.html, in characters safe for any file system."""
    marketplace = report["target_marketplace"] or "shop"
    key = report["listing_id"] or report["target_key"]
    return re.sub(r"[^A-Za-z0-9._-]+", "_", f"{marketplace}-{key}")[:120] + ".html"


def _csv_line(row: dict) -> str:
    out = io.StringIO()
    csv.DictWriter(out, COLUMNS, lineterminator="\n").writerow(row)
    return out.getvalue()


def _manifest_with(path: Path, row: dict, replace: bool) -> list[dict]:
    """The rows of the manifest at path with row added (ClickException if it cannot be)."""
    rows = []
    if path.exists():
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise click.ClickException(
                    f"{path} has the columns {','.join(reader.fieldnames or ())}, not "
                    f"{','.join(COLUMNS)}.")
        try:
            rows = _rows(path)
        except ManifestError as error:
            raise click.ClickException(str(error)) from None
    if any(other["file"] == row["file"] for other in rows) and not replace:
        raise click.ClickException(f"{path} already has a row for {row['file']} (--force "
                                   "replaces it).")
    return [other for other in rows if other["file"] != row["file"]] + [row]


def _write_manifest(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _no_snapshot(report: dict) -> click.ClickException:
    """Why a report has no kept snapshot, as one line."""
    days = current_app.config["REPORT_SNAPSHOT_RETENTION_DAYS"]
    return click.ClickException(
        f"Report {report['id']} has no page snapshot kept: it was sent without `html`, "
        "before snapshots were kept, or while REPORT_SNAPSHOT_RETENTION_DAYS was 0, or its "
        f"snapshot was dropped {days:g} day(s) after it was sent (sent {report['created_at']}).")


@click.command("fixture")
@click.argument("report_id")
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite the page and its manifest row in DEST.")
@with_appcontext
def fixture_command(report_id, dest, force):
    """Turn a report's page snapshot into a test fixture and a manifest row to check by hand.

    Writes DEST/<marketplace>-<listing id>.html (scrubbed of personal data again) and adds
    its row, as the extractors read the page, to DEST/manifest.csv, marked checked=no.

    \b
    Example: flask --app backend fixture -- Xq3k9ZLr1aPw2vKc tests/pages
    (-- lets a report id that starts with "-" through.)
    """
    if dest.exists() and not dest.is_dir():
        raise click.ClickException(f"{dest} exists and is not a folder.")
    db = get_db()
    report = reports.get(db, report_id)
    if report is None:
        raise click.ClickException(f"No report {report_id}.")
    kept = reports.snapshot(db, report_id)
    if kept is None:
        raise _no_snapshot(report)
    # Scrubbed again: a snapshot kept by an older release, or rules tightened since.
    html = scrub_html(kept, report["url"])
    if not html:
        raise click.ClickException(f"Report {report_id}'s page snapshot holds no HTML.")
    name = fixture_name(report)
    page_path = dest / name
    if page_path.exists() and not force:
        raise click.ClickException(f"{page_path} exists (--force overwrites it).")
    row = manifest_row(report, html, name)
    try:
        rows = _manifest_with(dest / MANIFEST, row, replace=force)
        dest.mkdir(parents=True, exist_ok=True)
        page_path.write_text(html, encoding="utf-8")
        _write_manifest(dest / MANIFEST, rows)
    except OSError as error:
        raise click.ClickException(f"{dest}: {error.strerror or error}.") from None
    click.echo(f"Wrote {page_path} and its row in {dest / MANIFEST} (checked=no: compare "
               "each value with the page by hand, then set checked=yes):")
    click.echo(",".join(COLUMNS))
    click.echo(_csv_line(row), nl=False)
