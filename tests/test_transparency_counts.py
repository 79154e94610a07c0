"""The transparency page's entry counts (entry_counts, schema m010) stay equal to a count of
the entries after every kind of write: the API, the console, report approvals, upheld
disputes, imports (rebuild, merge, dry run), seed syncs, and random mixes of store writes."""

import datetime
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend import db, schema, transparency
from backend.store import bulk, entries, transaction
from backend.store import transparency as queries
from tests.conftest import SEED_DIR, from_address
from tests.test_bulk import write
from tests.test_console import csrf_of, sign_in
from tests.test_seed import start

API = "/api/v1"


def counts_of(path) -> tuple[list, list]:
    """(the kept counts, a count of the entries) in the database at path."""
    database = db.connect(path)
    try:
        return queries.listed_entries(database), queries.counted_entries(database)
    finally:
        database.conn.close()


def assert_counts_match(app):
    """The kept counts equal a count of the entries, and so does what the API publishes."""
    kept, counted = counts_of(app.config["DATABASE"])
    assert kept == counted
    app.config["TRANSPARENCY_CACHE_SECONDS"] = 0
    published = app.test_client().get(f"{API}/transparency").get_json()["entries"]
    by_marketplace, by_level = {}, {}
    for marketplace, level, count in counted:
        by_marketplace[marketplace] = by_marketplace.get(marketplace, 0) + count
        by_level[level] = by_level.get(level, 0) + count
    assert published["by_marketplace"] == dict(
        sorted(by_marketplace.items(), key=lambda item: -item[1]))
    assert published["by_evidence_level"] == dict(
        sorted(by_level.items(), key=lambda item: -item[1]))
    return counted


def add(client, maintainer, **fields) -> dict:
    response = client.post(f"{API}/entries", headers=maintainer, json=fields)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def patch(client, maintainer, entry_id, **fields):
    response = client.patch(f"{API}/entries/{entry_id}", headers=maintainer, json=fields)
    assert response.status_code == 200, response.get_json()


def test_api_writes_keep_the_counts(app, client, maintainer):
    assert_counts_match(app)  # as the migration counted the seeded list
    seller = add(client, maintainer, kind="seller", marketplace="etsy", key="FakesRUs",
                 status="counterfeit", evidence_level="test_purchase")
    authorized = add(client, maintainer, kind="seller", marketplace="etsy", key="RealShop",
                     status="authorized", evidence_level="rights_holder")
    shop = add(client, maintainer, kind="domain", key="replica-counts-shop.example",
               status="counterfeit", evidence_level="published_list")
    assert_counts_match(app)
    patch(client, maintainer, seller["id"], status="authorized")
    patch(client, maintainer, authorized["id"], status="counterfeit")
    patch(client, maintainer, authorized["id"], evidence_level="seller_admission")
    patch(client, maintainer, shop["id"], evidence_level="pattern")
    patch(client, maintainer, shop["id"], status="authorized")
    patch(client, maintainer, authorized["id"], marketplace="ebay")
    patch(client, maintainer, authorized["id"], note="Only a note: the counts stay.")
    counted = assert_counts_match(app)
    assert any(row[:2] == ("ebay", "seller_admission") for row in counted)
    for entry in (seller, authorized, shop):
        assert client.delete(f"{API}/entries/{entry['id']}",
                             headers=maintainer).status_code in (200, 204)
    assert_counts_match(app)


def test_console_edits_and_delisting_keep_the_counts(app, client, maintainer):
    listed = add(client, maintainer, kind="seller", marketplace="ebay", key="console-fakes",
                 status="counterfeit", evidence_level="volunteer_reports")
    assert sign_in(client, maintainer).status_code == 303
    page = client.get(f"/curate/entries/{listed['id']}")
    edited = client.post(f"/curate/entries/{listed['id']}", data={
        "csrf_token": csrf_of(page.text), "status": "counterfeit",
        "evidence_level": "test_purchase"})
    assert edited.status_code == 303
    assert client.get(f"{API}/entries/{listed['id']}",
                      headers=maintainer).get_json()["evidence_level"] == "test_purchase"
    assert_counts_match(app)
    page = client.get(f"/curate/entries/{listed['id']}")
    delisted = client.post(f"/curate/entries/{listed['id']}/delist",
                           data={"csrf_token": csrf_of(page.text)})
    assert delisted.status_code == 303
    assert client.get(f"{API}/entries/{listed['id']}", headers=maintainer).status_code == 404
    assert_counts_match(app)


def test_report_approvals_and_upheld_disputes_keep_the_counts(app, client, maintainer):
    sent = client.post(f"{API}/reports", json={
        "url": "https://www.ebay.com/usr/CountedFakes9", "reason": "counterfeit"},
        **from_address("203.0.113.40"))
    assert sent.status_code == 201, sent.get_json()
    decided = client.post(f"{API}/reports/{sent.get_json()['id']}/decision",
                          headers=maintainer, json={"decision": "approve"})
    assert decided.status_code == 200, decided.get_json()
    counted = assert_counts_match(app)
    assert any(row[:2] == ("ebay", "volunteer_reports") for row in counted)

    listed = add(client, maintainer, kind="seller", marketplace="ebay", key="disputed-seller",
                 status="counterfeit", evidence_level="test_purchase")
    filed = client.post(f"{API}/disputes", json={
        "entry_id": listed["id"], "statement": "We sell genuine stock; invoices attached."},
        **from_address("203.0.113.41"))
    assert filed.status_code == 201, filed.get_json()
    upheld = client.post(f"{API}/disputes/{filed.get_json()['id']}/decision",
                         headers=maintainer, json={"decision": "uphold"})
    assert upheld.status_code == 200, upheld.get_json()
    assert client.get(f"{API}/entries/{listed['id']}", headers=maintainer).status_code == 404
    assert_counts_match(app)


IMPORT_ROWS = [
    "seller,etsy,ImportFakes1,counterfeit,,,,,,,test_purchase",
    "seller,etsy,ImportFakes2,counterfeit,,,,,,,",
    "seller,etsy,ImportReal1,authorized,,,,,,,rights_holder",
    "domain,,import-counts-shop.example,counterfeit,,,,,,,pattern",
    # a later row with the same identity wins
    "seller,etsy,ImportFakes1,counterfeit,,,,,,,volunteer_reports",
]
# The same entries changed: statuses flipped, levels and marketplaces moved, one new.
CHANGED_ROWS = [
    "seller,etsy,ImportFakes1,authorized,,,,,,,volunteer_reports",
    "seller,etsy,ImportFakes2,counterfeit,,,,,,,seller_admission",
    "seller,etsy,ImportReal1,counterfeit,,,,,,,rights_holder",
    "domain,,import-counts-shop.example,counterfeit,,,,,,,pattern",
    "seller,ebay,import-fakes-3,counterfeit,,,,,,,",
]


def test_imports_keep_the_counts_by_either_method_and_a_dry_run_keeps_them_unchanged(
        app, runner, tmp_path):
    before = assert_counts_match(app)
    dry = runner.invoke(args=["import", str(write(tmp_path / "a.csv", IMPORT_ROWS)),
                              "--dry-run", "--method", "rebuild"])
    assert dry.exit_code == 0, dry.output
    assert assert_counts_match(app) == before
    for method, rows in (("rebuild", IMPORT_ROWS), ("rebuild", IMPORT_ROWS),
                         ("rebuild", CHANGED_ROWS), ("merge", IMPORT_ROWS),
                         ("merge", CHANGED_ROWS), ("rebuild", IMPORT_ROWS)):
        result = runner.invoke(args=["import", str(write(tmp_path / "b.csv", rows)),
                                     "--method", method])
        assert result.exit_code == 0, result.output
        after = assert_counts_match(app)
    dry = runner.invoke(args=["import", str(write(tmp_path / "c.csv", CHANGED_ROWS)),
                              "--dry-run", "--method", "merge"])
    assert dry.exit_code == 0, dry.output
    assert "would update 3" in dry.output
    assert assert_counts_match(app) == after


def test_an_import_into_an_empty_list_counts_what_it_loaded(tmp_path):
    path = str(tmp_path / "empty.db")
    db.upgrade(path, str(tmp_path / "empty-reports.db"))
    database = db.connect(path)
    try:
        with transaction(database):
            bulk.load(database, [_entry(number) for number in range(200)], version=1,
                      method="rebuild")
        assert queries.listed_entries(database) == queries.counted_entries(database)
        assert sum(count for _, _, count in queries.listed_entries(database)) == 100
    finally:
        database.conn.close()


def test_a_seed_sync_keeps_the_counts(app, tmp_path):
    seed_dir = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed_dir)
    blocklist = seed_dir / "scam-net-shops-ublacklist.txt"
    lines = blocklist.read_text(encoding="utf-8").splitlines(keepends=True)
    # Drop some seeded shops, add one: the sync deletes and inserts entries.
    kept = [line for line in lines if not line.startswith("*://*.")] + [
        line for line in lines if line.startswith("*://*.")][20:]
    blocklist.write_text("".join(kept) + "*://*.seed-counts-shop.example/*\n", encoding="utf-8")
    start(app, seed_dir, demo=True)
    assert_counts_match(app)


def database_before_the_counts(path: str):
    """A database migrated up to m010 (no entry_counts) with 50 entries, 25 of them listed."""
    old = db.connect(path)
    old.enable_wal()
    schema.migrations.apply(old, stop_before="m010_entry_counts")
    with transaction(old):
        entries.upsert(old, [_entry(number) for number in range(50)], 1)
    return old


def test_a_database_made_before_the_counts_is_counted_when_migrated(tmp_path):
    path = str(tmp_path / "old.db")
    database_before_the_counts(path).conn.close()
    db.upgrade(path, str(tmp_path / "old-reports.db"))
    kept, counted = counts_of(path)
    assert kept == counted and sum(count for _, _, count in kept) == 25


def test_a_copy_made_before_the_counts_and_never_migrated_still_answers(tmp_path):
    """A read-only copy is not migrated (db.py): without entry_counts the figures are counted."""
    old = database_before_the_counts(str(tmp_path / "old.db"))
    try:
        assert queries.listed_entries(old) == queries.counted_entries(old)
        assert sum(count for _, _, count in queries.listed_entries(old)) == 25
    finally:
        old.conn.close()


def test_the_answer_reads_no_entry_and_only_bounded_parts_of_big_tables(app):
    database = db.connect(app.config["DATABASE"], app.config["REPORTS_DATABASE"])
    try:
        traced = []
        database.conn.set_trace_callback(traced.append)
        try:
            transparency.compute(database, datetime.datetime.now(datetime.UTC))
        finally:
            database.conn.set_trace_callback(None)
        plans = {statement: str(database.execute(f"EXPLAIN QUERY PLAN {statement}").fetchall())
                 for statement in traced if statement.lstrip().upper().startswith("SELECT")
                 and "sqlite_master" not in statement}
    finally:
        database.conn.close()
    read = " ".join(plans.values())
    assert "SCAN entry_counts" in read
    assert "entries" not in read.replace("entry_counts", "")
    # Reports: 26 weeks by index (tests/test_transparency.py); disputes: their status index.
    assert "SCAN reports_db.reports" not in read
    assert "COVERING INDEX disputes_status" in read


# Random mixes of every store-level write, each in its own transaction, on a small list.

MARKETPLACES = ("amazon", "ebay", "etsy", None)
LEVELS = ("test_purchase", "pattern", None)


def _entry(number, kind="seller", marketplace="ebay", status=None, level="pattern") -> dict:
    return {"kind": "domain" if marketplace is None else kind, "marketplace": marketplace,
            "key": f"k{number}.example" if marketplace is None else f"k{number}",
            "status": status or ("counterfeit" if number % 2 else "authorized"),
            "name": None, "title": None, "brand": None, "evidence_url": None,
            "evidence_level": level, "note": None, "source": None}


entry_strategy = st.builds(
    _entry, st.integers(0, 12), st.just("seller"), st.sampled_from(MARKETPLACES),
    st.sampled_from(("counterfeit", "authorized")), st.sampled_from(LEVELS))
operation = st.one_of(
    st.tuples(st.just("insert"), entry_strategy),
    st.tuples(st.just("update"), st.integers(0, 30), entry_strategy),
    st.tuples(st.just("delete"), st.integers(0, 30)),
    st.tuples(st.just("upsert"), st.lists(entry_strategy, max_size=6)),
    st.tuples(st.just("rebuild"), st.lists(entry_strategy, max_size=8)),
    st.tuples(st.just("merge"), st.lists(entry_strategy, max_size=8)),
)


def _apply(database, step, version):
    ids = [row[0] for row in database.execute("SELECT id FROM entries ORDER BY id")]
    name = step[0]
    try:
        with transaction(database):
            if name == "insert":
                if entries.find(database, step[1]["kind"], step[1]["marketplace"],
                                step[1]["key"]) is None:
                    entries.insert(database, step[1], version)
            elif name == "update" and ids:
                entries.update(database, ids[step[1] % len(ids)], step[2], version)
            elif name == "delete" and ids:
                entries.delete(database, ids[step[1] % len(ids)], version)
            elif name == "upsert":
                entries.upsert(database, step[1], version)
            elif name in ("rebuild", "merge"):
                bulk.load(database, step[1], version=version, method=name)
    except Exception as error:  # an update onto another entry's identity: rolled back
        if "UNIQUE" not in str(error):
            raise


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=1, max_size=12))
def test_any_mix_of_store_writes_keeps_the_counts(steps):
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "mix.db")
        database = db.connect(path)
        try:
            schema.migrate(database)
            for version, step in enumerate(steps, start=1):
                _apply(database, step, version)
                assert queries.listed_entries(database) == queries.counted_entries(database), \
                    step
        finally:
            database.conn.close()


# Takedown figures are sums in SQL: the same as the per-row reading they replaced.

def _figures_row_by_row(rows, today):
    """The takedown figures as transparency.py computed them before, row by row."""
    def day(value):
        return datetime.date.fromisoformat(value[:10]) if value else None
    rows = [(day(reported), outcome, day(answered)) for reported, outcome, answered in rows]
    limit = datetime.timedelta(days=transparency.STILL_FOR_SALE_DAYS)
    old = [row for row in rows if today - row[0] >= limit]
    still = [row for row in old
             if not (row[1] == "removed" and row[2] is not None and row[2] - row[0] <= limit)]
    return {
        "reported": len(rows),
        "removed": sum(row[1] == "removed" for row in rows),
        "refused": sum(row[1] == "refused" for row in rows),
        "no_answer": sum(row[1] == "no_answer" for row in rows),
        "median_days_to_removal": transparency.median(
            (row[2] - row[0]).days for row in rows if row[1] == "removed" and row[2]),
        "still_for_sale_after_30_days": round(len(still) / len(old), 3) if old else None,
        "reported_30_days_ago_or_more": len(old),
    }


TODAY = datetime.date(2026, 12, 2)
day_strategy = st.integers(-1, 120).map(lambda back: TODAY - datetime.timedelta(days=back))
takedown_strategy = st.builds(
    lambda reported, outcome, after, stamped: (
        reported.isoformat() + ("T10:00:00Z" if stamped else ""), outcome,
        None if after is None else (reported + datetime.timedelta(days=after)).isoformat()),
    day_strategy, st.sampled_from(("removed", "refused", "no_answer", None)),
    st.one_of(st.none(), st.integers(0, 70)), st.booleans())


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(takedown_strategy, max_size=15))
def test_takedown_figures_equal_a_row_by_row_reading(app, rows):
    database = db.connect(app.config["DATABASE"])  # the table is emptied for each example
    try:
        with transaction(database):
            database.execute("DELETE FROM takedowns")
            database.conn.executemany(
                "INSERT INTO takedowns (entry_id, channel, reported_at, outcome, answered_at, "
                "recorded_by, created_at, updated_at) VALUES (1, 'email', ?, ?, ?, 'test', "
                "'x', 'x')", rows)
        figures = transparency.takedowns(database, TODAY)
    finally:
        database.conn.close()
    assert figures == _figures_row_by_row(rows, TODAY)
    assert json.dumps(figures) == json.dumps(_figures_row_by_row(rows, TODAY))
