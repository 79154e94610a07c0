"""Reports grow the corpus: a report's page is kept scrubbed for a while, and
`flask fixture` turns it into a test fixture and a manifest row to check by hand."""

import csv
import sqlite3
import zlib
from pathlib import Path
import pytest

from backend import create_app
from backend import db as database_module
from backend.extraction.scrub import scrub_html
from backend.fixture import COLUMNS, ManifestError, read_manifest
from backend.store import reports as report_store
from tests.conftest import corpus_pages, from_address
from tests.test_extraction import PAGE_FACTS, SNAPSHOTS, _page_html

EBAY_URL = "https://www.ebay.com/itm/334455667788"
# What a shopper's own page holds besides the product: none of it may be kept.
PLANTED = {
    "e-mail": "jane.doe@example.com",
    "phone": "+44 20 7946 0958",
    "delivery name": "Zelda Quartermaine",
    "greeting name": "Ottoline",
    "order number": "112-9876543-1234567",
    "session id": "SESSIONSECRET42",
    "typed search": "gift for my wife",
    "account data": "acct-77-secret",
    "comment": "internal comment secret",
    "handler": "stealCookies",
}
PERSONAL_PART = f"""
<div id="nav-bar"><span>Hello,</span> <b>{PLANTED['greeting name']}</b>
  <span>Deliver to {PLANTED['delivery name']}</span></div>
<p>Questions? Write to {PLANTED['e-mail']} or call {PLANTED['phone']}.</p>
<p>Your order {PLANTED['order number']} has shipped.</p>
<a href="https://www.ebay.com/mye/myebay?sessionid={PLANTED['session id']}&amp;_trksid=p1"
   onclick="{PLANTED['handler']}()">My eBay</a>
<form action="/sch"><input name="_nkw" value="{PLANTED['typed search']}"></form>
<!-- {PLANTED['comment']} -->
<iframe src="https://ads.example/frame?u={PLANTED['session id']}"></iframe>
<script>window.user = {{"account": "{PLANTED['account data']}"}};</script>
<script id="__NEXT_DATA__" type="application/json">
  {{"props": {{"user": {{"id": "{PLANTED['account data']}"}}, "item": {{"name": "kept"}}}}}}
</script>
"""


def _ebay_page_with_personal_data() -> str:
    page = (SNAPSHOTS / "ebay_sellercard_atf.html").read_text(encoding="utf-8")
    return page.replace("<body>", "<body>" + PERSONAL_PART, 1)


def _report(client, url=EBAY_URL, html=None, address="198.51.100.20"):
    body = {"url": url, "reason": "counterfeit"}
    if html is not None:
        body["html"] = html
    return client.post("/api/v1/reports", json=body, **from_address(address))


def _stored_snapshots(app) -> dict[str, str]:
    with sqlite3.connect(app.config["REPORTS_DATABASE"]) as connection:
        rows = connection.execute("SELECT report_id, html FROM report_snapshots").fetchall()
    connection.close()
    return {report_id: zlib.decompress(data).decode("utf-8") for report_id, data in rows}


def _report_ids(app) -> list[str]:
    with sqlite3.connect(app.config["REPORTS_DATABASE"]) as connection:
        rows = connection.execute("SELECT id FROM reports").fetchall()
    connection.close()
    return [row[0] for row in rows]


def _manifest(folder: Path) -> list[dict]:
    with (folder / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _assert_nothing_personal(html: str):
    for what, value in PLANTED.items():
        assert value not in html, what
    assert "onclick" not in html and "<iframe" not in html


def test_a_reports_page_is_kept_and_made_a_fixture_without_the_personal_data_in_it(
        app, client, runner, tmp_path):
    raw = _ebay_page_with_personal_data()
    for value in PLANTED.values():
        assert value in raw
    response = _report(client, html=raw)
    assert response.status_code == 201, response.get_json()
    report_id = response.get_json()["id"]
    stored = _stored_snapshots(app)
    assert list(stored) == [report_id]
    _assert_nothing_personal(stored[report_id])

    result = runner.invoke(args=["fixture", "--", report_id, str(tmp_path / "pages")])
    assert result.exit_code == 0, result.output
    page_file = tmp_path / "pages" / "ebay-334455667788.html"
    fixture = page_file.read_text(encoding="utf-8")
    _assert_nothing_personal(fixture)
    # The row is what the check reads from the fixture, and from the page as it was sent.
    [row] = _manifest(tmp_path / "pages")
    for html in (fixture, raw):
        page = client.post("/api/v1/check", json={"url": EBAY_URL, "html": html}).get_json()["page"]
        assert row == {
            "file": "ebay-334455667788.html", "url": EBAY_URL, "marketplace": "ebay",
            "listing_id": page["listing_id"], "seller_id": page["seller_id"],
            "seller_name": page["seller_name"], "title": page["title"],
            "price": f"{page['price']['amount']:g}", "currency": page["price"]["currency"],
            "brand": page["brand"], "checked": "no",
        }
    assert (row["seller_id"], row["price"], row["brand"]) == ("kicks_vault_usa", "189.99", "Jordan")
    assert "checked=no" in result.output and result.output.rstrip().endswith(",no")


def test_a_real_pages_fixture_row_matches_the_hand_checked_manifest(app, client, runner, tmp_path):
    """A corpus page sent with a report: its row agrees with the corpus manifest and the
    hand-read title and price."""
    [row] = [row for row in corpus_pages() if row["file"] == "www.amazon.com_01efbb747904.html.gz"]
    response = _report(client, url=row["url"], html=_page_html(row["file"]))
    assert response.status_code == 201, response.get_json()
    result = runner.invoke(args=["fixture", "--", response.get_json()["id"], str(tmp_path)])
    assert result.exit_code == 0, result.output
    [made] = _manifest(tmp_path)
    title, (amount, currency) = PAGE_FACTS[row["file"]]
    assert {key: made[key] for key in ("url", "marketplace", "listing_id", "seller_id",
                                       "seller_name")} == {key: row[key] for key in (
        "url", "marketplace", "listing_id", "seller_id", "seller_name")}
    assert made["title"].startswith(title)
    assert (float(made["price"]), made["currency"]) == (amount, currency)
    assert made["file"] == f"amazon-{row['listing_id']}.html" and made["checked"] == "no"


def test_fixture_of_a_report_sent_without_html_says_why_in_one_line(client, runner, tmp_path):
    report_id = _report(client).get_json()["id"]
    result = runner.invoke(args=["fixture", "--", report_id, str(tmp_path / "pages")])
    assert result.exit_code == 1
    message = result.output.strip()
    assert message.startswith("Error: ") and "\n" not in message
    assert "without `html`" in message and "REPORT_SNAPSHOT_RETENTION_DAYS" in message
    assert not (tmp_path / "pages").exists()


@pytest.mark.parametrize("case, expected", [
    ("unknown report", "No report nosuchreport."),
    ("dest is a file", "is not a folder"),
    ("page exists", "exists (--force overwrites it)"),
    ("manifest of other columns", "has the columns file,url"),
    ("hand-edited price", "manifest.csv row 3, column price: '12,50' is not a number"),
])
def test_fixture_errors_are_one_line(client, runner, tmp_path, case, expected):
    report_id = _report(client, html=_ebay_page_with_personal_data()).get_json()["id"]
    dest = tmp_path / "pages"
    dest.mkdir()
    if case == "unknown report":
        report_id = "nosuchreport"
    elif case == "dest is a file":
        dest = tmp_path / "a-file"
        dest.write_text("x")
    elif case == "page exists":
        (dest / "ebay-334455667788.html").write_text("mine")
    elif case == "hand-edited price":
        (dest / "manifest.csv").write_text(
            ",".join(COLUMNS) + "\na.html,https://shop.example/a,,,,,A,1.50,EUR,,yes\n"
            "b.html,https://shop.example/b,,,,,B,\"12,50\",EUR,,yes\n")
    else:
        (dest / "manifest.csv").write_text("file,url,marketplace\n")
    result = runner.invoke(args=["fixture", "--", report_id, str(dest)])
    assert result.exit_code == 1 and expected in result.output
    assert result.output.count("\n") == 1
    if case == "page exists":
        assert (dest / "ebay-334455667788.html").read_text() == "mine"
        forced = runner.invoke(args=["fixture", "--force", "--", report_id, str(dest)])
        assert forced.exit_code == 0, forced.output
        assert len(_manifest(dest)) == 1
        again = runner.invoke(args=["fixture", "--force", "--", report_id, str(dest)])
        assert again.exit_code == 0 and len(_manifest(dest)) == 1
    if case in ("manifest of other columns", "hand-edited price"):
        assert not (dest / "ebay-334455667788.html").exists()


def _backdate_snapshot(app, report_id, days):
    with sqlite3.connect(app.config["REPORTS_DATABASE"]) as connection:
        connection.execute(
            "UPDATE report_snapshots SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?) "
            "WHERE report_id = ?", [f"-{days} days", report_id])
    connection.close()


def test_retention_drops_old_snapshots_and_keeps_the_reports(app, client, runner, tmp_path):
    html = _ebay_page_with_personal_data()
    old = _report(client, html=html).get_json()["id"]
    recent = _report(client, html=html, address="203.0.113.30").get_json()["id"]
    _backdate_snapshot(app, old, 91)
    _backdate_snapshot(app, recent, 89)
    result = runner.invoke(args=["purge-reports"])
    assert result.exit_code == 0, result.output
    assert "Dropped the page snapshot of 1 report(s) sent more than 90 day(s) ago." in result.output
    assert list(_stored_snapshots(app)) == [recent]
    assert client.get(f"/api/v1/reports/{old}").get_json()["status"] == "pending"
    missing = runner.invoke(args=["fixture", "--", old, str(tmp_path)])
    assert missing.exit_code == 1 and "dropped 90 day(s) after it was sent" in missing.output
    option = runner.invoke(args=["purge-reports", "--snapshot-days", "30"])
    assert "Dropped the page snapshot of 1 report(s) sent more than 30 day(s) ago." in option.output
    assert _stored_snapshots(app) == {} and sorted(_report_ids(app)) == sorted([old, recent])


def test_no_snapshot_is_kept_with_retention_0_and_the_next_start_drops_those_kept(app, client):
    kept = _report(client, html=_ebay_page_with_personal_data()).get_json()["id"]
    assert list(_stored_snapshots(app)) == [kept]
    config = {**app.config, "REPORT_SNAPSHOT_RETENTION_DAYS": 0}
    create_app({**app.config, "REPORT_SNAPSHOT_RETENTION_DAYS": 90})
    assert list(_stored_snapshots(app)) == [kept]
    no_keeping = create_app(config).test_client()
    assert _stored_snapshots(app) == {}
    response = _report(no_keeping, html=_ebay_page_with_personal_data(), address="203.0.113.31")
    assert response.status_code == 201
    assert _stored_snapshots(app) == {} and len(_report_ids(app)) == 2


def test_a_repeat_report_keeps_the_first_snapshot(app, client):
    first = _report(client, html=_ebay_page_with_personal_data())
    again = _report(client, html=_ebay_page_with_personal_data().replace(
        "<body>", "<body><p>another page</p>"))
    assert (first.status_code, again.status_code) == (201, 200)
    [kept] = _stored_snapshots(app).values()
    assert "another page" not in kept and "kicks_vault_usa" in kept


@pytest.mark.parametrize("html, status, field", [
    ("x" * (2 * 1024 * 1024 + 1), 413, "html"),
    (7, 400, "html"),
])
def test_too_large_or_bad_snapshots_are_refused_as_before_and_nothing_is_kept(
        app, client, html, status, field):
    response = client.post("/api/v1/reports", json={"url": EBAY_URL, "reason": "counterfeit",
                                                    "html": html})
    assert response.status_code == status
    assert f"`{field}`" in response.get_json()["error"]["message"]
    assert _report_ids(app) == [] and _stored_snapshots(app) == {}


def test_a_report_and_its_snapshot_are_stored_together_or_not_at_all(app, client, monkeypatch):
    """A failure while keeping the snapshot (here the reports file busy) leaves no report
    either: the client is told to retry, and the retry stores both."""
    def busy(*_args):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(report_store, "keep_snapshot", busy)
    response = _report(client, html=_ebay_page_with_personal_data())
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert _report_ids(app) == [] and _stored_snapshots(app) == {}
    monkeypatch.undo()
    response = _report(client, html=_ebay_page_with_personal_data())
    assert response.status_code == 201
    assert list(_stored_snapshots(app)) == _report_ids(app) == [response.get_json()["id"]]


def test_snapshot_retention_searches_an_index(app, client):
    _report(client, html=_ebay_page_with_personal_data())
    database = database_module.connect(app.config["DATABASE"], app.config["REPORTS_DATABASE"])
    try:
        for days in (0, 90):
            assert report_store.count_snapshots_to_drop(database, days) == (1 if days == 0 else 0)
        plan = " ".join(row[3] for row in database.execute(
            "EXPLAIN QUERY PLAN DELETE FROM reports_db.report_snapshots WHERE "
            f"{report_store._SNAPSHOT_OLDER}", ["-90 days"]))
        assert "report_snapshots_created" in plan and "SCAN" not in plan
    finally:
        database.conn.close()


# -- pages from reports in tests/pages ----------------------------------------------------

REPORTED_PAGES = Path(__file__).parent / "pages"


def test_every_page_from_a_report_is_checked_and_reads_as_its_row_says(client):
    """tests/pages: one row per page, each checked by hand (flask fixture writes checked=no),
    and the check reads from each page what its row says (the accuracy table counts them)."""
    rows = read_manifest(REPORTED_PAGES)
    assert sorted(row["file"] for row in rows) == sorted(
        path.name for path in REPORTED_PAGES.iterdir() if path.suffix == ".html")
    for row in rows:
        assert row["checked"] == "yes", \
            f"{row['file']}: check its row by hand, then set checked=yes"
        html = (REPORTED_PAGES / row["file"]).read_text(encoding="utf-8")
        assert scrub_html(html, row["url"]) == html, \
            f"{row['file']} is not as flask fixture wrote it"
        response = client.post("/api/v1/check", json={"url": row["url"], "html": html})
        page = response.get_json()["page"]
        assert page == {
            "marketplace": row["marketplace"] or None, "domain": page["domain"],
            "listing_id": row["listing_id"] or None, "seller_id": row["seller_id"] or None,
            "seller_name": row["seller_name"] or None, "title": row["title"] or None,
            "price": row["price"], "brand": row["brand"] or None}, row["file"]


def test_the_fixture_folder_reads_back_as_the_command_wrote_it(client, runner, tmp_path):
    report_id = _report(client, html=_ebay_page_with_personal_data()).get_json()["id"]
    assert runner.invoke(args=["fixture", "--", report_id, str(tmp_path)]).exit_code == 0
    [row] = read_manifest(tmp_path)
    assert row["price"] == {"amount": 189.99, "currency": "USD"} and row["checked"] == "no"
    assert read_manifest(tmp_path / "none") == []


@pytest.mark.parametrize("price", ["12,50", "1.234,50", "EUR 12", "nan"])
def test_a_hand_edited_price_that_is_no_number_names_its_file_row_and_column(tmp_path, price):
    """tests/pages is edited by hand: a price read by read_manifest (the tests/pages test,
    the accuracy table) fails in one line that says where, not with float()'s message."""
    (tmp_path / "manifest.csv").write_text(
        ",".join(COLUMNS) + "\na.html,https://shop.example/a,,,,,A,1.50,EUR,,yes\n"
        f"b.html,https://shop.example/b,,,,,B,\"{price}\",EUR,,yes\n", encoding="utf-8")
    with pytest.raises(ManifestError) as raised:
        read_manifest(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path / 'manifest.csv'} row 3, column price: {price!r} is not a number (write "
        "the amount with a dot and no thousands separator: 1234.50).")


def test_a_report_with_control_characters_in_its_page_is_stored(app, client):
    html = _ebay_page_with_personal_data().replace("<body>", "<body><p>odd\x07\x0c text</p>")
    response = _report(client, html=html)
    assert response.status_code == 201
    [kept] = _stored_snapshots(app).values()
    assert "odd text" in kept and "kicks_vault_usa" in kept
