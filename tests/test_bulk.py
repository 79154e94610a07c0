"""Bulk import and export: flask import / export and GET /export (docs/bulk.md)."""

import csv
import gzip
import io
import json

import pytest

from backend import bulk, db
from backend.listfile import FIELDS
from backend.matching import signatures
from backend.store import listmeta

HEADER = ",".join(FIELDS)
GOOD_ROWS = [
    "seller,amazon,a0testauth0001,authorized,Acme Official Store,,Acme,"
    "https://acme.example/authorized,,,rights_holder",
    "listing,ebay,0123456789,counterfeit,,Fake Acme watch,Acme,,,,test_purchase",
    "domain,,WWW.Acme-Outlet-Sale.com,counterfeit,,,Acme,,lookalike shop,,",
    'listing,amazon,B0TESTLIST,counterfeit,,"Acme ""replica"" bag, grade AAA",Acme,,,,',
]
METHODS = ["rebuild", "merge"]


def write(path, rows, header=HEADER):
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def connection(app):
    return db.connect(app.config["DATABASE"])


def snapshot(app):
    """Everything an import may touch: the entries (all columns), list version, audit size."""
    database = connection(app)
    try:
        return {
            "entries": database.execute("SELECT * FROM entries ORDER BY id").fetchall(),
            "bands": database.execute(
                "SELECT band_key, entry_id FROM listing_bands ORDER BY 1, 2").fetchall(),
            "version": listmeta.current_version(database),
            "audit": database.execute("SELECT count(*) FROM audit").fetchone()[0],
            "indexes": database.execute(
                "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'entries' ORDER BY name"
            ).fetchall(),
        }
    finally:
        database.conn.close()


def expected_bands(app):
    """The listing_bands rows the entries call for (matching/signatures.py)."""
    database = connection(app)
    try:
        ids, keys = signatures.band_rows(database.execute(
            "SELECT id, marketplace, title FROM entries WHERE kind = 'listing' "
            "AND status = 'counterfeit' AND title IS NOT NULL").fetchall())
    finally:
        database.conn.close()
    return set(zip(keys.ravel().tolist(), ids.repeat(signatures.BANDS).tolist()))


def entry(app, kind, marketplace, key):
    database = connection(app)
    try:
        rows = database.execute(
            "SELECT * FROM entries WHERE kind = ? AND marketplace IS ? AND key = ?",
            [kind, marketplace, key]).fetchall()
        names = [column[0] for column in database.execute("SELECT * FROM entries").description]
        return dict(zip(names, rows[0])) if rows else None
    finally:
        database.conn.close()


def run_import(runner, path, *options):
    return runner.invoke(args=["import", str(path), *options])


@pytest.mark.parametrize("method", METHODS)
def test_import_adds_entries_canonical_with_one_version_and_one_audit_record(
        app, runner, tmp_path, method):
    before = snapshot(app)
    result = run_import(runner, write(tmp_path / "list.csv", GOOD_ROWS), "--method", method)
    assert result.exit_code == 0, result.output
    assert "4 rows read: added 4, updated 0" in result.output
    after = snapshot(app)
    assert after["version"] == before["version"] + 1
    assert after["audit"] == before["audit"] + 1
    assert len(after["entries"]) == len(before["entries"]) + 4
    seller = entry(app, "seller", "amazon", "A0TESTAUTH0001")  # Amazon ids upper-case
    assert seller["status"] == "authorized" and seller["version"] == after["version"]
    assert entry(app, "listing", "ebay", "123456789")["title"] == "Fake Acme watch"
    assert entry(app, "domain", None, "acme-outlet-sale.com")["note"] == "lookalike shop"
    assert entry(app, "listing", "amazon", "B0TESTLIST")["title"] == 'Acme "replica" bag, grade AAA'
    # Title bands kept in step: one listing has a title long enough to compare.
    assert len(after["bands"]) == len(before["bands"]) + signatures.BANDS
    assert set(after["bands"]) == expected_bands(app)
    assert after["indexes"] == before["indexes"]


def test_audit_record_names_the_import(app, runner, tmp_path):
    run_import(runner, write(tmp_path / "acme.csv", GOOD_ROWS), "--source", "Acme Corp")
    database = connection(app)
    actor, action, after = database.execute(
        "SELECT actor, action, after FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    database.conn.close()
    assert (actor, action) == ("cli:import", "import")
    assert json.loads(after) | {"file": "acme.csv", "added": 4, "source": "Acme Corp"} \
        == json.loads(after)


BROKEN = [
    # (rows after the header, line named, words the message must hold)
    (GOOD_ROWS + ["seller,amazon,A0X,maybe,,,,,,,"], 6, ["status"]),
    (GOOD_ROWS[:1] + ["listing,shopee,123,counterfeit,,,,,,,"] + GOOD_ROWS[1:], 3,
     ["marketplace"]),
    (GOOD_ROWS + ["listing,ebay,,counterfeit,,,,,,,"], 6, ["key"]),
    (GOOD_ROWS + ["listing,ebay,123456785,counterfeit,,,,ftp://x.example/,,,"], 6, ["evidence_url"]),
    (GOOD_ROWS + ["listing,ebay,123456785,counterfeit,,,,,,,,extra"], 6, ["more cells"]),
    (GOOD_ROWS + ["domain,ebay,x.example,counterfeit,,,,,,,"], 6, ["marketplace"]),
    (GOOD_ROWS + ["listing,ebay,123456785,counterfeit,,,,,,,gossip"], 6, ["evidence_level"]),
    (["seller,amazon,A0X,counterfeit,%s,,,,,," % ("n" * 301)], 2, ["name", "300"]),
]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("rows, line, words", BROKEN)
def test_a_broken_row_anywhere_imports_nothing_and_names_line_and_field(
        app, runner, tmp_path, method, rows, line, words):
    before = snapshot(app)
    result = run_import(runner, write(tmp_path / "broken.csv", rows), "--method", method)
    assert result.exit_code == 1
    assert f"line {line}:" in result.output
    assert all(word in result.output for word in words), result.output
    assert "Nothing was imported" in result.output
    assert snapshot(app) == before


def test_unknown_columns_are_named(app, runner, tmp_path):
    result = run_import(runner, write(tmp_path / "x.csv", ["a"], header=HEADER + ",reporter"))
    assert result.exit_code == 1 and "line 1: unknown column(s): reporter" in result.output


@pytest.mark.parametrize("method", METHODS)
def test_a_broken_row_after_many_batches_still_rolls_everything_back(
        app, runner, tmp_path, method):
    rows = [f"listing,ebay,{100_000_000 + n},counterfeit,,Acme fake {n},Acme,,,,"
            for n in range(1, 25_001)]
    rows.append("listing,ebay,100025001,counterfeit,,,,,,,not_a_level")
    before = snapshot(app)
    result = run_import(runner, write(tmp_path / "big.csv", rows), "--method", method)
    assert result.exit_code == 1 and "line 25002: evidence_level" in result.output
    assert snapshot(app) == before


def test_broken_json_lines_name_the_line(app, runner, tmp_path):
    good = json.dumps({"kind": "domain", "key": "fake-acme.example", "status": "counterfeit"})
    path = tmp_path / "list.jsonl"
    path.write_text(good + "\n\n{not json\n", encoding="utf-8")
    before = snapshot(app)
    result = run_import(runner, path)
    assert result.exit_code == 1 and "line 3: not valid JSON" in result.output
    path.write_text(good + '\n{"kind": "domain", "key": "x.example", "status": 1}\n')
    result = run_import(runner, path)
    assert result.exit_code == 1 and "line 2: status must be a string" in result.output
    assert snapshot(app) == before


def test_dry_run_reports_and_changes_nothing(app, runner, tmp_path):
    before = snapshot(app)
    result = run_import(runner, write(tmp_path / "list.csv", GOOD_ROWS), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would add 4, would update 0" in result.output and "dry run" in result.output
    assert snapshot(app) == before


@pytest.mark.parametrize("method", METHODS)
def test_reimporting_the_same_file_changes_nothing(app, runner, tmp_path, method):
    path = write(tmp_path / "list.csv", GOOD_ROWS)
    assert run_import(runner, path).exit_code == 0
    before = snapshot(app)
    result = run_import(runner, path, "--method", method)
    assert result.exit_code == 0, result.output
    assert "added 0, updated 0, 4 unchanged" in result.output
    assert snapshot(app) == before


@pytest.mark.parametrize("method", METHODS)
def test_changed_rows_get_the_new_version_and_later_duplicates_win(app, runner, tmp_path, method):
    assert run_import(runner, write(tmp_path / "a.csv", GOOD_ROWS)).exit_code == 0
    first = entry(app, "listing", "ebay", "123456789")
    unchanged = entry(app, "seller", "amazon", "A0TESTAUTH0001")
    rows = [
        GOOD_ROWS[0],
        "listing,ebay,123456789,counterfeit,,Fake Acme watch v2,Acme,,,,test_purchase",
        "listing,ebay,777000777,counterfeit,,First title,Acme,,,,",
        "listing,ebay,777000777,counterfeit,,Acme second title,Acme,,,,",
        # Twice the same identity, the last equal to the list: no change at all.
        "domain,,acme-outlet-sale.com,authorized,,,Acme,,lookalike shop,,",
        "domain,,acme-outlet-sale.com,counterfeit,,,Acme,,lookalike shop,,",
    ]
    result = run_import(runner, write(tmp_path / "b.csv", rows), "--method", method)
    assert result.exit_code == 0, result.output
    assert "6 rows read: added 1, updated 1, 2 unchanged, 2 overridden" in result.output
    version = snapshot(app)["version"]
    changed = entry(app, "listing", "ebay", "123456789")
    assert changed["id"] == first["id"] and changed["created_at"] == first["created_at"]
    assert (changed["title"], changed["version"]) == ("Fake Acme watch v2", version)
    assert entry(app, "seller", "amazon", "A0TESTAUTH0001") == unchanged
    assert entry(app, "listing", "ebay", "777000777")["title"] == "Acme second title"
    assert entry(app, "domain", None, "acme-outlet-sale.com")["version"] == version - 1
    # The updated listing's title now has bands (under its old id), the old title's are gone.
    assert set(snapshot(app)["bands"]) == expected_bands(app)
    assert {entry_id for _key, entry_id in snapshot(app)["bands"]} >= {first["id"]}


def test_both_methods_give_the_same_list(app, runner, tmp_path):
    rows = GOOD_ROWS + ["listing,ebay,123456789,counterfeit,,Other,Acme,,,,",
                        "seller,ebay,Acme-Fakes,counterfeit,Acme Fakes,,,,,,"]
    exports = []
    for method in METHODS:
        path = tmp_path / f"{method}.db"
        db.initialize(str(path), tmp_path / "no-seed")
        app.config["DATABASE"] = str(path)
        assert run_import(runner, write(tmp_path / "a.csv", GOOD_ROWS)).exit_code == 0
        assert run_import(runner, write(tmp_path / "b.csv", rows), "--method", method
                          ).exit_code == 0
        exports.append(runner.invoke(args=["export"]).output)
    assert exports[0] == exports[1]


def test_source_fills_only_rows_without_one(app, runner, tmp_path):
    rows = GOOD_ROWS[:2] + ["seller,ebay,acme-reseller,authorized,,,Acme,,,Own source,"]
    assert run_import(runner, write(tmp_path / "a.csv", rows), "--source", "Acme Corp"
                      ).exit_code == 0
    assert entry(app, "seller", "amazon", "A0TESTAUTH0001")["source"] == "Acme Corp"
    assert entry(app, "seller", "ebay", "acme-reseller")["source"] == "Own source"


def test_gzip_json_lines_and_stdin(app, runner, tmp_path):
    lines = "".join(json.dumps(dict(zip(FIELDS, next(csv.reader([row]))))) + "\n"
                    for row in GOOD_ROWS)
    path = tmp_path / "list.jsonl.gz"
    path.write_bytes(gzip.compress(lines.encode()))
    result = run_import(runner, path)
    assert result.exit_code == 0 and "added 4" in result.output, result.output
    result = runner.invoke(args=["import", "-", "--format", "jsonl"], input=lines)
    assert result.exit_code == 0 and "4 unchanged" in result.output, result.output


def test_an_imported_authorized_seller_checks_as_authorized(app, runner, client, tmp_path):
    assert run_import(runner, write(tmp_path / "a.csv", GOOD_ROWS)).exit_code == 0
    url = "https://www.amazon.com/dp/B0ANYTHING1?smid=A0TESTAUTH0001"
    body = client.post("/api/v1/check", json={"url": url}).json
    assert body["verdict"] == "authorized"
    assert [r["code"] for r in body["reasons"]] == ["authorized_seller"]
    assert body["reasons"][0]["evidence_url"] == "https://acme.example/authorized"
    # A high reason still wins: the seller's own listing is a known counterfeit.
    url = "https://www.amazon.com/dp/B0TESTLIST?smid=A0TESTAUTH0001"
    body = client.post("/api/v1/check", json={"url": url}).json
    assert body["verdict"] == "counterfeit"
    assert {"authorized_seller", "listed_listing"} <= {r["code"] for r in body["reasons"]}


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_then_import_into_an_empty_database_gives_the_same_list(
        app, runner, tmp_path, fmt):
    assert run_import(runner, write(tmp_path / "a.csv", GOOD_ROWS)).exit_code == 0
    exported = tmp_path / f"list.{fmt}.gz"
    assert runner.invoke(args=["export", str(exported)]).exit_code == 0
    original = runner.invoke(args=["export", "--format", fmt]).output
    app.config["DATABASE"] = str(tmp_path / "empty.db")
    db.initialize(app.config["DATABASE"], tmp_path / "no-seed")
    result = run_import(runner, exported)
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["export", "--format", fmt]).output == original
    assert original.count("\n") > 10


def export_of(client, **params):
    return client.get("/api/v1/export", query_string=params)


def test_get_export_is_cacheable_and_revalidates(client, runner, tmp_path):
    first = export_of(client)
    assert first.status_code == 200 and first.mimetype == "text/csv"
    assert first.headers["Cache-Control"] == "public, max-age=300"
    etag = first.headers["ETag"]
    version = first.headers["X-List-Version"]
    assert etag == f'"{version}-csv"'
    again = client.get("/api/v1/export", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    other_format = export_of(client, format="jsonl")
    assert other_format.headers["ETag"] != etag
    other_format.close()
    assert run_import(runner, write(tmp_path / "a.csv", GOOD_ROWS)).exit_code == 0
    changed = client.get("/api/v1/export", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_get_export_and_changes_hold_the_list_and_no_reporter_data(client, make_token):
    secret = "reporter-private-detail-0x5eed"
    reported = client.post("/api/v1/reports", json={
        "url": "https://www.ebay.com/usr/Shady-Seller-0x5eed", "reason": "counterfeit",
        "details": secret, "evidence_urls": ["https://example.org/receipt-0x5eed"]})
    assert reported.status_code == 201, reported.json
    report_id = reported.json["id"]
    decided = client.post(f"/api/v1/reports/{report_id}/decision", headers=make_token(),
                          json={"decision": "approve", "note": "Photos show a fake"})
    assert decided.status_code == 200, decided.json
    csv_body = export_of(client, format="csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(csv_body)))
    assert tuple(rows[0]) == FIELDS
    counts = client.get("/api/v1/health").json["counts"]
    assert len(rows) == counts["sellers"] + counts["listings"] + counts["domains"]
    listed = [row for row in rows if row["key"] == "shady-seller-0x5eed"]
    assert listed and listed[0]["source"] == "volunteer reports"
    jsonl_body = export_of(client, format="jsonl").get_data(as_text=True)
    assert all(set(json.loads(line)) == set(FIELDS) for line in jsonl_body.splitlines())
    changes_body = client.get("/api/v1/changes?since=0").get_data(as_text=True)
    for body in (csv_body, jsonl_body, changes_body):
        assert secret not in body and report_id not in body


def test_get_export_rejects_an_unknown_format(client):
    response = export_of(client, format="xml")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_input"
    assert "format" in response.json["error"]["message"]


def test_openapi_describes_export(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert set(paths["/api/v1/export"]["get"]["responses"]) >= {"200", "304", "400"}


def test_auto_method_rebuilds_for_small_lists_and_merges_small_files_into_big_ones(app):
    database = connection(app)
    try:
        assert bulk.choose_method(database, None, False) == "rebuild"
        bulk.SMALL_LIST, saved = 0, bulk.SMALL_LIST
        try:
            count = database.execute("SELECT count(*) FROM entries").fetchone()[0]
            assert bulk.choose_method(database, 10 * 150, False) == "merge"
            assert bulk.choose_method(database, count * 150, False) == "rebuild"
            assert bulk.choose_method(database, None, False) == "merge"
        finally:
            bulk.SMALL_LIST = saved
    finally:
        database.conn.close()


def test_progress_goes_to_stderr(app, runner, tmp_path):
    result = run_import(runner, write(tmp_path / "list.csv", GOOD_ROWS), "--progress")
    assert result.exit_code == 0, result.output
    assert "4 rows, 100% of the file" in result.stderr and "rows/s" in result.stderr
    assert "rows/s" not in result.stdout
