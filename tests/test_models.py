"""The model layer: one declaration per shape, and everything that follows from it.

Adding a field to an entry is one edit in backend/models/entries.py, plus a migration and
the store's column; the OpenAPI document, the validation errors and list files follow.
test_a_field_added_to_the_entry_model_reaches_the_api_and_list_files proves it on a copy
of the backend with exactly those three edits, run in its own process.
"""

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from backend.models import entries as entry_models
from backend.models.entries import FIELDS, EntryInput
from backend.models.keys import canonical_key

ROOT = Path(__file__).resolve().parent.parent

# The three edits, as a maintainer would make them.
MODEL_EDIT = ('    evidence_level: Literal[EVIDENCE_LEVELS] | None = None\n',
              '    evidence_level: Literal[EVIDENCE_LEVELS] | None = None\n'
              '    ships_from: text(2) = None\n')
STORE_EDIT = ('"evidence_url", "evidence_level", "note", "source",\n',
              '"evidence_url", "evidence_level", "note", "source", "ships_from",\n')
MIGRATION = '''

@migrations()
def m900_entries_ships_from(db: Database):
    """Where a listed seller ships from (a test's field)."""
    db["entries"].add_column("ships_from", str)
'''

# Run inside the edited copy: the document, a wrong type, a list file in and out.
PROBE = textwrap.dedent('''
    import json, sys, tempfile
    sys.path.insert(0, sys.argv[1])
    from backend import create_app
    folder = tempfile.mkdtemp()
    app = create_app({"TESTING": True, "DATABASE": folder + "/radar.db"})
    runner = app.test_cli_runner()
    token = runner.invoke(args=["create-token", "probe", "--role", "maintainer"])
    headers = {"Authorization": "Bearer " + token.output.strip().splitlines()[-1]}
    client = app.test_client()
    document = client.get("/api/v1/openapi.json").get_json()
    entry = {"kind": "seller", "marketplace": "ebay", "key": "far-away-fakes",
             "status": "counterfeit", "evidence_level": "test_purchase"}
    wrong = client.post("/api/v1/entries", headers=headers, json={**entry, "ships_from": 7})
    right = client.post("/api/v1/entries", headers=headers, json={**entry, "ships_from": "CN"})
    with open(folder + "/list.csv", "w") as file:
        file.write("kind,marketplace,key,status,evidence_level,ships_from\\n"
                   "seller,ebay,other-fakes,counterfeit,test_purchase,HK\\n")
    imported = runner.invoke(args=["import", folder + "/list.csv"])
    exported = client.get("/api/v1/export", query_string={"format": "jsonl"}).get_data(True)
    print(json.dumps({
        "input": document["components"]["schemas"]["EntryInput"]["properties"].get("ships_from"),
        "entry": document["components"]["schemas"]["Entry"]["properties"].get("ships_from"),
        "wrong": [wrong.status_code, wrong.get_json()],
        "right": [right.status_code, (right.get_json() or {}).get("ships_from")],
        "imported": [imported.exit_code, imported.output],
        "exported": [json.loads(line).get("ships_from") for line in exported.splitlines()
                     if "fakes" in line],
    }))
''')


@pytest.fixture(scope="module")
def backend_with_a_new_field(tmp_path_factory):
    """A copy of backend/ and seed_data/ whose entries gained `ships_from` by the three edits."""
    copy = tmp_path_factory.mktemp("edited")
    shutil.copytree(ROOT / "backend", copy / "backend",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "seed_data", copy / "seed_data")
    for path, (old, new) in (("backend/models/entries.py", MODEL_EDIT),
                             ("backend/store/entries.py", STORE_EDIT)):
        source = (copy / path).read_text()
        assert source.count(old) == 1, f"{path} no longer reads as this test expects"
        (copy / path).write_text(source.replace(old, new))
    with open(copy / "backend/schema_v2.py", "a") as schema:
        schema.write(MIGRATION)
    return copy


def test_a_field_added_to_the_entry_model_reaches_the_api_and_list_files(
        backend_with_a_new_field, tmp_path):
    run = subprocess.run([sys.executable, "-c", PROBE, str(backend_with_a_new_field)],
                         capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["input"]["anyOf"][0] == {"type": "string", "maxLength": 2}
    assert found["entry"] is not None
    status, body = found["wrong"]
    assert status == 400 and body["error"]["message"] == "`ships_from` must be a string."
    assert found["right"] == [201, "CN"]
    assert found["imported"][0] == 0, found["imported"][1]
    assert sorted(found["exported"]) == ["CN", "HK"]


def test_entry_fields_are_the_list_file_columns():
    assert FIELDS == ("kind", "marketplace", "key", "status", "name", "title", "brand",
                      "evidence_url", "note", "source", "evidence_level")


def test_the_marketplaces_come_from_the_marketplace_modules():
    from backend import marketplaces
    schema = EntryInput.model_json_schema()
    listed = schema["properties"]["marketplace"]["anyOf"][0]["enum"]
    assert listed == list(marketplaces.MARKETPLACES) == list(entry_models.MARKETPLACE_IDS)


@pytest.mark.parametrize("kind, marketplace, key", [
    ("seller", "amazon", "a1cjb5syi9x4xc"), ("listing", "amazon", "b0057oc5o8"),
    ("listing", "ebay", "00123456789"), ("seller", "ebay", "Shady-Seller"),
    ("listing", "walmart", "123456789"), ("seller", "etsy", "OliveCreative"),
])
def test_the_documented_key_patterns_take_what_canonical_key_takes(kind, marketplace, key):
    import re
    canonical_key(kind, marketplace, key)
    branch = next(branch for branch in EntryInput.model_json_schema()["oneOf"]
                  if branch["properties"]["kind"]["const"] == kind
                  and branch["properties"]["marketplace"].get("const") == marketplace)
    assert re.fullmatch(branch["properties"]["key"]["pattern"].strip("^$"), key)


# Pages of every marketplace, and shops off them; reports name sellers in many shapes.
REPORTED_PAGES = [
    "https://www.amazon.com/dp/B0057OC5O8", "https://www.ebay.com/itm/123808916008",
    "https://www.walmart.com/ip/55126398", "https://www.etsy.com/listing/550571276/el-original",
    "https://www.aliexpress.com/item/3256805123456789.html",
    "https://www.facebook.com/marketplace/item/812345678901234/",
    "https://www.alibaba.com/product-detail/Bag_62320522213.html",
    "https://www.wish.com/product/5f1e2d3c4b5a697887766554",
    "https://www.dhgate.com/product/replica-watch/123456789.html",
    "https://www.temu.com/goods.html?goods_id=601099512345678",
    "https://cheap-rolex-outlet.example/p/1", "http://shop.fake-bags.co.uk/item?id=7",
]
SELLER_IDS = [None, "A1CJB5SYI9X4XC", "a1cjb5syi9x4xc", "atvpdkikx0der", "ATVPDKIKX0DER",
              "shady-seller", "Shady.Seller_01", "0001234", "1234", "luxurybags_factory",
              "x" * 64, "  padded  ", "²", "Ünï", "a b"]


@pytest.mark.parametrize("url", REPORTED_PAGES)
def test_every_report_target_accepted_can_be_approved(client, maintainer, url):
    """A report and an entry validate a key the same way (models/keys.py): whatever a
    report is accepted about, approving it lists."""
    for number, seller_id in enumerate(SELLER_IDS):
        body = {"url": url, "reason": "counterfeit"}
        if seller_id is not None:
            body["seller"] = {"id": seller_id}
        response = client.post("/api/v1/reports", json=body,
                               environ_base={"REMOTE_ADDR": f"198.51.{number}.7"})
        assert response.status_code in (200, 201, 400), response.get_json()
        if response.status_code == 400:
            continue
        report = response.get_json()
        if report["status"] != "pending":
            continue  # settled by an earlier approval of the same target
        decided = client.post(f"/api/v1/reports/{report['id']}/decision", headers=maintainer,
                              json={"decision": "approve"})
        assert decided.status_code == 200, (seller_id, report, decided.get_json())
        entry = decided.get_json()["entry"]
        assert (entry["kind"], entry["marketplace"], entry["key"]) == (
            report["target"]["kind"], report["target"]["marketplace"], report["target"]["key"])


@pytest.mark.parametrize("path, body, field", [
    ("/api/v1/rules/{rule}", {"needs_brand": "false"}, "needs_brand"),
    ("/api/v1/rules/{rule}", {"name": 5}, "name"),
    ("/api/v1/brands/{brand}", {"aliases": "Zorb"}, "aliases"),
    ("/api/v1/entries/{entry}", {"note": ["x"]}, "note"),
    ("/api/v1/entries/{entry}", {"kind": None}, "kind"),
])
def test_patch_bodies_of_the_wrong_type_are_400_naming_the_field(client, admin, path, body,
                                                                   field):
    ids = {"rule": client.post("/api/v1/rules", headers=admin, json={
               "kind": "replica_phrase", "name": "zork", "pattern": "zork"}).get_json()["id"],
           "brand": client.post("/api/v1/brands", headers=admin,
                                json={"name": "Zorblax"}).get_json()["id"],
           "entry": client.post("/api/v1/entries", headers=admin, json={
               "kind": "seller", "marketplace": "ebay", "key": "zork-fakes",
               "status": "counterfeit", "evidence_level": "test_purchase"}).get_json()["id"]}
    url = path.format(**ids)
    before = client.get(url, headers=admin).get_json()
    response = client.patch(url, headers=admin, json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith(f"`{field}`")
    assert client.get(url, headers=admin).get_json() == before


def test_a_decision_note_may_be_null_as_documented(client, maintainer):
    report = client.post("/api/v1/reports", json={
        "url": "https://cheap-rolex-outlet.example/p/1", "reason": "counterfeit"}).get_json()
    decided = client.post(f"/api/v1/reports/{report['id']}/decision", headers=maintainer,
                          json={"decision": "reject", "note": None})
    assert decided.status_code == 200
    document = client.get("/api/v1/openapi.json").get_json()
    note = document["components"]["schemas"]["DecisionRequest"]["properties"]["note"]
    assert {"type": "null"} in note["anyOf"]
