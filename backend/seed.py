"""Loading seed_data/ (the curated starting list) into the database, idempotently."""

import csv
import json
import re
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlite_utils import Database

from . import seedsync
from .listfile import ListFileError, read_rows
from .models.keys import canonical_key
from .seedsync import SeedTable
from .store import entries, listmeta, read_snapshot, transaction

SCAM_LIST = "scam-net-shops-ublacklist.txt"
SCAM_LIST_SOURCE = "ublacklist-scam-net-shops (CC0)"
SCAM_LIST_URL = "https://github.com/ublacklist/scam-net-shops"
_UBLACKLIST_LINE = re.compile(r"^\*://\*\.([^/\s]+)/\*?$")


def _csv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            {key: (value or "").strip() for key, value in row.items() if key}
            for row in csv.DictReader(handle)
        ]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _flag(cell: str) -> int:
    return 1 if cell.strip().lower() in ("1", "true", "yes") else 0


def _hosts(seed_dir: Path) -> list[dict]:
    return [
        {"host": row["host"].lower(), "marketplace": row["marketplace"],
         "kind": row.get("kind") or "country", "source": row.get("source")}
        for row in _csv(seed_dir / "marketplaces.csv")
    ]


def _brands(seed_dir: Path) -> list[SeedTable]:
    """Brands, their official domains and price floors; the last two name their brand."""
    rows = _csv(seed_dir / "brands.csv")
    return [
        SeedTable("brands", ("name",), [
            {"name": row["brand"], "aliases": json.dumps(_split(row.get("aliases", ""))),
             "category": row.get("category") or None, "source": row.get("source")}
            for row in rows
        ]),
        SeedTable("brand_domains", ("domain",), [
            {"domain": domain.lower(), "brand": row["brand"]}
            for row in rows for domain in _split(row.get("official_domains", ""))
        ]),
        SeedTable("price_floors", ("brand", "product_type"), [
            {"brand": row["brand"], "product_type": row["product_type"],
             "keywords": json.dumps([k.lower() for k in _split(row.get("keywords", ""))]),
             "min_price": float(row["min_price"]), "currency": row["currency"].upper(),
             "source": row.get("source")}
            for row in _csv(seed_dir / "price_floors.csv")
        ]),
    ]


def _rules(seed_dir: Path) -> list[dict]:
    phrases = [
        {"kind": "replica_phrase", "name": row["phrase"], "pattern": row["pattern"],
         "except_pattern": row.get("except_pattern") or None,
         "needs_brand": _flag(row.get("needs_brand", "")),
         "case_sensitive": _flag(row.get("case_sensitive", "")),
         "category": row.get("category") or None, "evidence_url": None,
         "source": row.get("source")}
        for row in _csv(seed_dir / "replica_phrases.csv")
    ]
    prohibited = [
        {"kind": "prohibited_item", "name": row["name"], "pattern": row["pattern"],
         "except_pattern": row.get("except_pattern") or None, "needs_brand": 0,
         "case_sensitive": 0, "category": row.get("category") or None,
         "evidence_url": row.get("evidence_url") or None, "source": row.get("source")}
        for row in _csv(seed_dir / "prohibited_items.csv")
    ]
    return phrases + prohibited


def _notorious(seed_dir: Path) -> list[dict]:
    return [
        {"review_year": int(row["review_year"]), "release_date": row.get("release_date"),
         "name": row["name"], "marketplace": row.get("marketplace") or None,
         "domains": json.dumps([d.lower() for d in _split(row.get("domains", ""))]),
         "source": row.get("source")}
        for row in _csv(seed_dir / "notorious_markets.csv")
    ]


def _currencies(seed_dir: Path) -> list[dict]:
    return [
        {"code": row["currency"].upper(), "units_per_usd": float(row["units_per_usd"]),
         "date": row.get("date"), "source": row.get("source")}
        for row in _csv(seed_dir / "currencies.csv")
    ]


def _list_file(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        try:
            return [row.entry for row in read_rows(handle, "csv")]
        except ListFileError as error:
            raise ListFileError(f"{path.name}: {error}") from None


def _listable_domain(domain: str) -> bool:
    try:
        canonical_key("domain", None, domain)
    except ValueError:
        return False
    return True


def _scam_shops(seed_dir: Path) -> list[dict]:
    path = seed_dir / SCAM_LIST
    if not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _UBLACKLIST_LINE.match(line.strip())
        # Two lines name public suffixes (gov.br, co.il): keys no entry may have.
        if match and _listable_domain(match.group(1)):
            found.append({
                "kind": "domain", "marketplace": None, "key": match.group(1).lower(),
                "status": "counterfeit", "name": None, "title": None, "brand": None,
                "evidence_url": SCAM_LIST_URL, "evidence_level": "published_list",
                "note": "Listed as a scam web shop (takes payment, sends nothing or a fake).",
                "source": SCAM_LIST_SOURCE,
            })
    return found


def tables(seed_dir, *, demo: bool = False) -> list[SeedTable]:
    """Every seeded table with its rows, in the order a sync writes them (brands first)."""
    seed_dir = Path(seed_dir)
    curated = _list_file(seed_dir / "entries.csv") + _scam_shops(seed_dir)
    if demo:
        curated += _list_file(seed_dir / "demo" / "entries.csv")
    return [
        SeedTable("marketplace_hosts", ("host",), _hosts(seed_dir)),
        *_brands(seed_dir),
        SeedTable("currencies", ("code",), _currencies(seed_dir)),
        SeedTable("rules", ("kind", "name"), _rules(seed_dir)),
        SeedTable("notorious_markets", ("review_year", "name"), _notorious(seed_dir)),
        # As in a list file, a later row wins over an earlier one with the same identity.
        SeedTable("entries", ("kind", "marketplace", "key"),
                  [{field: entry.get(field) for field in entries.ENTRY_FIELDS}
                   for entry in curated], later_wins=True),
    ]


def load(db: Database, seed_dir, *, demo: bool = False, echo=None) -> str:
    """Sync every seed file in one transaction, never undoing curation (backend/seedsync.py);
    the list version grows only if anything changed."""
    seeded = tables(seed_dir, demo=demo)
    with transaction(db):
        version = listmeta.current_version(db) + 1
        changed = seedsync.sync(db, seeded, version)
        if changed:
            listmeta.next_version(db)
    counts = listmeta.counts(db)
    summary = (
        f"{changed} change(s), list version {listmeta.current_version(db)}; "
        f"{counts['sellers']} sellers, {counts['listings']} listings, "
        f"{counts['domains']} domains, {counts['rules']} rules"
    )
    if echo:
        echo(summary)
    return summary


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def describe(outcome: seedsync.Outcome) -> str:
    """One line for seed-status: the row's key and what curation changed."""
    key = " / ".join(str(part) for part in outcome.key if part is not None)
    if outcome.state == "deleted":
        return f"  {key}: deleted"
    changes = "; ".join(
        f"{name} {_shown(now)} (seed: {_shown(seed)})"
        for name, (seed, now) in outcome.differences().items()
    )
    return f"  {key}: edited: {changes}"


@click.command("seed-status")
@click.option("--demo", is_flag=True, help="Also compare the demo entries (seed_data/demo/).")
@with_appcontext
def seed_status_command(demo):
    """List the seed rows that curation has overridden (edited or deleted), per table.

    A seed sync (init-db, run at every start) leaves these rows as curation left them.

    Example: flask --app backend seed-status
    """
    from .db import cli_database  # here: db imports this module

    database = cli_database()
    seeded = tables(current_app.config["SEED_DIR"], demo=demo)
    try:
        with read_snapshot(database):  # one snapshot for every read
            found = seedsync.overridden(database, seeded)
    finally:
        database.conn.close()
    if not found:
        click.echo("No seed row is overridden: every seeded row is as the seed last wrote it.")
        return
    for table in seeded:
        rows = [outcome for outcome in found if outcome.table == table.name]
        if rows:
            click.echo(f"{table.name}: {len(rows)} overridden")
            for outcome in rows:
                click.echo(describe(outcome))
    deleted = sum(outcome.state == "deleted" for outcome in found)
    click.echo(f"{len(found)} seed row(s) overridden by curation "
               f"({len(found) - deleted} edited, {deleted} deleted).")
