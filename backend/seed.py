"""Loading seed_data/ (the curated starting list) into the database, idempotently."""

import csv
import json
import re
from pathlib import Path

from sqlite_utils import Database

from .listfile import ListFileError, read_rows
from .store import entries, listmeta, reference

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


def _brands(db: Database, seed_dir: Path) -> int:
    rows = _csv(seed_dir / "brands.csv")
    changed = reference.sync_table(db, "brands", [
        {"name": row["brand"], "aliases": json.dumps(_split(row.get("aliases", ""))),
         "category": row.get("category") or None, "source": row.get("source")}
        for row in rows
    ], key=("name",))
    ids = reference.brand_ids(db)
    changed += reference.sync_table(db, "brand_domains", [
        {"domain": domain.lower(), "brand_id": ids[row["brand"]]}
        for row in rows for domain in _split(row.get("official_domains", ""))
    ], key=("domain",))
    changed += reference.sync_table(db, "price_floors", [
        {"brand_id": ids[row["brand"]], "product_type": row["product_type"],
         "keywords": json.dumps([k.lower() for k in _split(row.get("keywords", ""))]),
         "min_price": float(row["min_price"]), "currency": row["currency"].upper(),
         "source": row.get("source")}
        for row in _csv(seed_dir / "price_floors.csv") if row["brand"] in ids
    ], key=("brand_id", "product_type"))
    return changed


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


def _scam_shops(seed_dir: Path) -> list[dict]:
    path = seed_dir / SCAM_LIST
    if not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _UBLACKLIST_LINE.match(line.strip())
        if match:
            found.append({
                "kind": "domain", "marketplace": None, "key": match.group(1).lower(),
                "status": "counterfeit", "name": None, "title": None, "brand": None,
                "evidence_url": SCAM_LIST_URL, "evidence_level": "published_list",
                "note": "Listed as a scam web shop (takes payment, sends nothing or a fake).",
                "source": SCAM_LIST_SOURCE,
            })
    return found


def load(db: Database, seed_dir, *, demo: bool = False, echo=None) -> str:
    """Load every seed file in one transaction; the list version grows only if anything changed."""
    seed_dir = Path(seed_dir)
    with db.atomic():
        version = listmeta.current_version(db) + 1
        changed = reference.sync_table(db, "marketplace_hosts", _hosts(seed_dir), key=("host",))
        changed += _brands(db, seed_dir)
        changed += reference.sync_table(db, "currencies", _currencies(seed_dir), key=("code",))
        changed += reference.sync_table(db, "rules", _rules(seed_dir), key=("kind", "name"))
        changed += reference.sync_table(
            db, "notorious_markets", _notorious(seed_dir), key=("review_year", "name")
        )
        curated = _list_file(seed_dir / "entries.csv") + _scam_shops(seed_dir)
        if demo:
            curated += _list_file(seed_dir / "demo" / "entries.csv")
        changed += entries.upsert(db, curated, version)
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
