"""The seed sync never undoes curation: deletes and edits stick, uncurated seed changes land."""

import csv
import shutil

import pytest

from backend import create_app, db
from backend.store import reference
from tests.conftest import SEED_DIR

API = "/api/v1"
SCAM_DOMAINS = ("11cart-online.com", "11momoshop.com")  # the first lines of the scam list
DEMO_SELLER = ("seller", "amazon", "A0DEMOFAKE0001")
DEMO_AUTHORIZED = ("seller", "amazon", "A0DEMOAUTH0001")


def list_version(client) -> int:
    return client.get(f"{API}/health").get_json()["list_version"]


def over(app, seed_dir):
    """The app over the same database with another seed folder."""
    config = {name: app.config[name] for name in (
        "TESTING", "DATABASE", "REPORTS_DATABASE", "AUTO_INIT_DB", "COMPILE_AT_START",
        "SUBMITTER_SECRET")}
    return create_app({**config, "SEED_DIR": str(seed_dir)})


def start(app, seed_dir=SEED_DIR, *, demo=False):
    """Run init-db as `serve` does on every start, optionally over another seed folder."""
    restarted = over(app, seed_dir)
    result = restarted.test_cli_runner().invoke(args=["init-db", *(["--demo"] if demo else [])])
    assert result.exit_code == 0, result.output
    return result.output


def entry(client, headers, kind, marketplace, key):
    """The entry with this identity, found through the API, or None."""
    query = {"kind": kind, "q": key, **({"marketplace": marketplace} if marketplace else {})}
    items = client.get(f"{API}/entries", headers=headers, query_string=query).get_json()["items"]
    return next((item for item in items if item["key"].lower() == key.lower()), None)


def rule(client, headers, kind, name):
    items = client.get(f"{API}/rules", headers=headers,
                       query_string={"kind": kind, "limit": 200}).get_json()["items"]
    return next((item for item in items if item["name"] == name), None)


def brand(client, headers, name):
    items = client.get(f"{API}/brands", headers=headers, query_string={"q": name}).get_json()
    return next((item for item in items["items"] if item["name"] == name), None)


def floors_of(app, brand_name) -> list[str]:
    connection = db.connect(app.config["DATABASE"])
    try:
        return sorted(floor["product_type"] for floor in reference.price_floors(connection)
                      if floor["brand"] == brand_name)
    finally:
        connection.conn.close()


def seed_status(runner) -> list[str]:
    result = runner.invoke(args=["seed-status"])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def seed_rows(name) -> list[dict]:
    with (SEED_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def curated(client, maintainer, admin):
    """A maintainer deletes one seeded domain and edits another; an admin edits a seeded
    rule and brand (dropping one official domain), deletes a rule and a brand (its
    domains and price floors go with it) and renames a brand (its floors stay on it)."""
    deleted = entry(client, maintainer, "domain", None, SCAM_DOMAINS[0])
    assert client.delete(f"{API}/entries/{deleted['id']}", headers=maintainer).status_code == 200
    edited = entry(client, maintainer, "domain", None, SCAM_DOMAINS[1])
    assert client.patch(f"{API}/entries/{edited['id']}", headers=maintainer,
                        json={"note": "Checked by a maintainer."}).status_code == 200
    reps = rule(client, admin, "replica_phrase", "reps")
    assert client.patch(f"{API}/rules/{reps['id']}", headers=admin,
                        json={"pattern": "reps|repz"}).status_code == 200
    replica = rule(client, admin, "replica_phrase", "replica")
    assert client.delete(f"{API}/rules/{replica['id']}", headers=admin).status_code == 204
    gucci = brand(client, admin, "Gucci")
    assert client.patch(f"{API}/brands/{gucci['id']}", headers=admin,
                        json={"aliases": ["Gucchi", "Guci"], "domains": ["gucci.com"]}
                        ).status_code == 200
    vuitton = brand(client, admin, "Louis Vuitton")
    assert client.delete(f"{API}/brands/{vuitton['id']}", headers=admin).status_code == 204
    rolex = brand(client, admin, "Rolex")
    assert client.patch(f"{API}/brands/{rolex['id']}", headers=admin,
                        json={"name": "Rolex SA"}).status_code == 200
    return list_version(client)


def test_deletes_and_edits_survive_every_start(app, client, maintainer, admin, curated):
    rolex_floors = floors_of(app, "Rolex SA")
    for _ in range(3):
        assert "0 change(s)" in start(app)
        assert list_version(client) == curated

    assert entry(client, maintainer, "domain", None, SCAM_DOMAINS[0]) is None
    assert entry(client, maintainer, "domain", None, SCAM_DOMAINS[1])["note"] \
        == "Checked by a maintainer."
    assert rule(client, admin, "replica_phrase", "reps")["pattern"] == "reps|repz"
    assert rule(client, admin, "replica_phrase", "replica") is None
    gucci = brand(client, admin, "Gucci")
    assert gucci["aliases"] == ["Gucchi", "Guci"] and gucci["domains"] == ["gucci.com"]
    assert brand(client, admin, "Louis Vuitton") is None
    assert floors_of(app, "Louis Vuitton") == []
    assert brand(client, admin, "Rolex") is None
    assert brand(client, admin, "Rolex SA")["domains"] == ["rolex.com", "rolex.org"]
    assert floors_of(app, "Rolex") == [] and floors_of(app, "Rolex SA") == rolex_floors != []
    shop = client.get(f"{API}/check", query_string={"url": f"https://{SCAM_DOMAINS[0]}/"})
    assert shop.get_json()["verdict"] == "unknown"


def test_seed_status_lists_exactly_the_overridden_rows(app, runner, curated):
    start(app)
    lines = seed_status(runner)
    vuitton_domains = next(row["official_domains"] for row in seed_rows("brands.csv")
                           if row["brand"] == "Louis Vuitton").split(";")
    floors = [row for row in seed_rows("price_floors.csv")
              if row["brand"] in ("Louis Vuitton", "Rolex")]
    rows = [line for line in lines if line.startswith("  ")]
    assert sorted(line.split(": ")[0].strip() for line in rows) == sorted([
        f"domain / {SCAM_DOMAINS[0]}", f"domain / {SCAM_DOMAINS[1]}",
        "replica_phrase / reps", "replica_phrase / replica",
        "Gucci", "Louis Vuitton", "Rolex", "gucci.cn", "rolex.com", "rolex.org",
        *vuitton_domains,
        *(f"{row['brand']} / {row['product_type']}" for row in floors),
    ])
    assert f"  domain / {SCAM_DOMAINS[0]}: deleted" in lines
    assert any(line.startswith(f"  domain / {SCAM_DOMAINS[1]}: edited: note "
                               "'Checked by a maintainer.' (seed: 'Listed as a scam")
               for line in lines)
    assert "  rolex.com: edited: brand 'Rolex SA' (seed: 'Rolex')" in lines
    assert "entries: 2 overridden" in lines
    assert lines[-1] == (f"{len(rows)} seed row(s) overridden by curation "
                         f"(5 edited, {len(rows) - 5} deleted).")


def test_seed_status_says_so_when_nothing_is_overridden(runner):
    assert seed_status(runner) == [
        "No seed row is overridden: every seeded row is as the seed last wrote it."]


def test_seed_status_without_a_database_is_one_line(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "none.db"),
                      "AUTO_INIT_DB": False})
    result = app.test_cli_runner().invoke(args=["seed-status"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: No database at {tmp_path / 'none.db'}: run `flask --app backend init-db` first."]


def _rewrite(path, change):
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns, rows = reader.fieldnames, list(reader)
    rows = change(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def test_seed_changes_reach_rows_nobody_curated(app, client, maintainer, admin, tmp_path):
    edited = entry(client, maintainer, *DEMO_SELLER)
    assert client.patch(f"{API}/entries/{edited['id']}", headers=maintainer,
                        json={"note": "Test purchase confirmed."}).status_code == 200
    untouched = entry(client, maintainer, *DEMO_AUTHORIZED)
    version = list_version(client)

    seed_dir = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed_dir)

    def new_notes(rows):
        for row in rows:
            if (row["kind"], row["marketplace"], row["key"]) in (DEMO_SELLER, DEMO_AUTHORIZED):
                row["note"] = "The seed's new note."
        return rows

    _rewrite(seed_dir / "demo" / "entries.csv", new_notes)
    _rewrite(seed_dir / "replica_phrases.csv", lambda rows: [
        {**row, "pattern": "reps|repz"} if row["phrase"] == "reps" else row for row in rows])
    _rewrite(seed_dir / "brands.csv", lambda rows: [
        {**row, "aliases": "Rollex"} if row["brand"] == "Rolex" else row for row in rows
    ] + [{**rows[0], "brand": "Zorblax", "aliases": "", "official_domains": "zorblax.com"}])
    with (seed_dir / "scam-net-shops-ublacklist.txt").open("a", encoding="utf-8") as handle:
        handle.write("*://*.new-scam-shop-example.com/*\n")

    assert "0 change(s)" not in start(app, seed_dir, demo=True)
    assert list_version(client) == version + 1
    assert entry(client, maintainer, *DEMO_SELLER)["note"] == "Test purchase confirmed."
    updated = entry(client, maintainer, *DEMO_AUTHORIZED)
    assert updated["note"] == "The seed's new note." and updated["id"] == untouched["id"]
    assert updated["version"] == version + 1
    assert rule(client, admin, "replica_phrase", "reps")["pattern"] == "reps|repz"
    assert brand(client, admin, "Rolex")["aliases"] == ["Rollex"]
    assert brand(client, admin, "Zorblax")["domains"] == ["zorblax.com"]
    added = entry(client, maintainer, "domain", None, "new-scam-shop-example.com")
    assert added["version"] == version + 1

    changes = client.get(f"{API}/changes", query_string={"since": version}).get_json()
    assert sorted(item["id"] for item in changes["entries"]) == sorted(
        [updated["id"], added["id"]])
    assert "0 change(s)" in start(app, seed_dir, demo=True)
    assert list_version(client) == version + 1


def test_a_database_made_before_seed_records_keeps_audited_curation(
        app, client, maintainer, admin):
    deleted = entry(client, maintainer, "domain", None, SCAM_DOMAINS[0])
    client.delete(f"{API}/entries/{deleted['id']}", headers=maintainer)
    edited = entry(client, maintainer, "domain", None, SCAM_DOMAINS[1])
    client.patch(f"{API}/entries/{edited['id']}", headers=maintainer, json={"note": "Mine."})
    reps = rule(client, admin, "replica_phrase", "reps")
    client.patch(f"{API}/rules/{reps['id']}", headers=admin, json={"pattern": "reps|repz"})
    replica = rule(client, admin, "replica_phrase", "replica")
    client.delete(f"{API}/rules/{replica['id']}", headers=admin)
    gucci = brand(client, admin, "Gucci")
    client.patch(f"{API}/brands/{gucci['id']}", headers=admin, json={"domains": ["gucci.com"]})
    # As an older seed left it: a row that differs from today's seed with no audit record.
    connection = db.connect(app.config["DATABASE"])
    with connection.atomic():
        connection.execute("UPDATE rules SET category = 'older seed' WHERE name = 'super clone'")
        # Before this change: no seed_state table, migration m004 not yet applied.
        connection.execute("DROP TABLE seed_state")
        connection.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_seed_state'")
    connection.conn.close()
    version = list_version(client)

    start(app)
    assert list_version(client) == version + 1  # the older seed row was updated
    assert entry(client, maintainer, "domain", None, SCAM_DOMAINS[0]) is None
    assert entry(client, maintainer, "domain", None, SCAM_DOMAINS[1])["note"] == "Mine."
    assert rule(client, admin, "replica_phrase", "reps")["pattern"] == "reps|repz"
    assert rule(client, admin, "replica_phrase", "replica") is None
    assert brand(client, admin, "Gucci")["domains"] == ["gucci.com"]
    seed_category = next(row["category"] for row in seed_rows("replica_phrases.csv")
                         if row["phrase"] == "super clone")
    assert rule(client, admin, "replica_phrase", "super clone")["category"] == seed_category
    assert "0 change(s)" in start(app)
    assert list_version(client) == version + 1


def test_a_new_seed_brand_never_doubles_a_curated_brand_spelled_otherwise(
        app, client, admin, tmp_path):
    assert client.post(f"{API}/brands", headers=admin,
                       json={"name": "ZORBLAX", "domains": ["zorblax.com"]}).status_code == 201
    seed_dir = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed_dir)
    _rewrite(seed_dir / "brands.csv", lambda rows: rows + [
        {**rows[0], "brand": "Zorblax", "aliases": "", "official_domains": "zorblax.com"}])
    version = list_version(client)

    assert "0 change(s)" in start(app, seed_dir)
    assert list_version(client) == version
    found = client.get(f"{API}/brands", headers=admin, query_string={"q": "zorblax"}).get_json()
    assert [item["name"] for item in found["items"]] == ["ZORBLAX"]
    lines = seed_status(over(app, seed_dir).test_cli_runner())
    assert any(line.startswith("  Zorblax: edited: name 'ZORBLAX' (seed: 'Zorblax')")
               for line in lines)
    assert "  zorblax.com: edited: brand 'ZORBLAX' (seed: 'Zorblax')" in lines


def test_a_seed_row_whose_brand_curation_deleted_is_left_alone(app, client, admin, tmp_path):
    gucci = brand(client, admin, "Gucci")
    assert client.delete(f"{API}/brands/{gucci['id']}", headers=admin).status_code == 204
    seed_dir = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed_dir)

    def move_domain(rows):
        for row in rows:
            if row["brand"] == "Rolex":
                row["official_domains"] = "rolex.com"
            elif row["brand"] == "Gucci":
                row["official_domains"] += ";rolex.org"
        return rows

    _rewrite(seed_dir / "brands.csv", move_domain)
    version = list_version(client)
    assert "0 change(s)" in start(app, seed_dir)
    assert list_version(client) == version
    assert brand(client, admin, "Gucci") is None
    assert brand(client, admin, "Rolex")["domains"] == ["rolex.com", "rolex.org"]
