"""GET /api/v1/rulefile: private mode's rules as a public, cached, rate-limited read; and every
list pattern translated to JavaScript that matches what RE2 matches."""

import gzip
import json
import logging
import subprocess
from pathlib import Path

import pytest
import re2

from backend.matching import patterns
from backend.matching.catalog import TitleRule, TitleRules
from backend.rulefile import compile_rulefile
from backend.rulefile_patterns import Untranslatable, translate
from backend.text import match_form
from test_rules import GENUINE_TITLES, NOT_PROHIBITED_TITLES, PROHIBITED_TITLES, REPLICA_TITLES

API = "/api/v1"
FOREIGN = "https://some-shop.example"
REGEX_JS = Path(__file__).resolve().parent.parent / "extension" / "lib" / "rules-regex.js"


def _catalog(app):
    from backend.db import get_db

    with app.app_context():
        return app.extensions["radar_catalog"].get(get_db())


# --- the endpoint ----------------------------------------------------------------------------

def test_rulefile_is_a_public_read_compiled_from_the_list(client):
    response = client.get(f"{API}/rulefile", headers={"Origin": FOREIGN})
    assert response.status_code == 200
    body = response.json
    assert body["format"] == 1
    assert body["list_version"] == client.get(f"{API}/health").json["list_version"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    names = {brand["name"] for brand in body["brands"]}
    assert {"Rolex", "Nike"} <= names and body["sites"]["official"]["rolex.com"] is not None
    assert body["price"]["units_per_usd"]["JPY"] == 144
    assert body["reasons"]["severity"]["prohibited_item"] == "high"


def test_if_none_match_answers_304_until_the_list_changes(client, admin):
    first = client.get(f"{API}/rulefile")
    etag = first.headers["ETag"]
    again = client.get(f"{API}/rulefile", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    created = client.post(f"{API}/rules", headers=admin, json={
        "kind": "replica_phrase", "name": "zorb-clone", "pattern": "zorb clone"})
    assert created.status_code == 201
    changed = client.get(f"{API}/rulefile", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.json["list_version"] > first.json["list_version"]
    assert "zorb-clone" in [rule["name"] for rule in changed.json["title_rules"]["replica_phrase"]]


def test_the_file_is_gzipped_for_clients_that_accept_it(client):
    plain = client.get(f"{API}/rulefile")
    zipped = client.get(f"{API}/rulefile", headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) <= 200 * 1024  # the budget for the seed catalog


def test_the_file_is_compiled_once_per_list_version(app, client):
    client.get(f"{API}/rulefile")
    cache = app.extensions["radar_rulefile"]
    from backend.db import get_reader

    with app.app_context():
        assert cache.get(get_reader(), app.extensions["radar_catalog"]) is cache.get(
            get_reader(), app.extensions["radar_catalog"])


@pytest.mark.parametrize("path", ["/rulefile", "/prefixes", "/hashes/0a1b2c3d"])
def test_web_pages_may_revalidate_public_reads_with_if_none_match(client, path):
    preflight = client.options(f"{API}{path}", headers={
        "Origin": FOREIGN, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match"})
    assert preflight.status_code == 200
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("setting, paths", [
    ("RULEFILE_RATE_LIMIT", ["/rulefile"]),
    ("LOOKUPS_RATE_LIMIT", ["/prefixes", "/hashes/0a1b2c3d"]),
])
def test_lookups_and_the_rulefile_are_rate_limited_per_endpoint(app, client, setting, paths):
    app.config[setting] = "2 per minute"
    for path in paths:  # each endpoint counts on its own
        statuses = [client.get(f"{API}{path}").status_code for _ in range(3)]
        assert statuses[:2] in ([200, 200], [200, 304]) and statuses[2] == 429, (path, statuses)
        refused = client.get(f"{API}{path}")
        assert refused.json["error"]["code"] == "rate_limited" and "Retry-After" in refused.headers
    assert client.get(f"{API}/health").status_code == 200


def test_the_defaults_are_generous(app):
    assert app.config["LOOKUPS_RATE_LIMIT"] == "1200 per minute"
    assert app.config["RULEFILE_RATE_LIMIT"] == "300 per minute"


def test_openapi_describes_the_rulefile(client):
    document = client.get(f"{API}/openapi.json").json
    operation = document["paths"]["/api/v1/rulefile"]["get"]
    assert {"200", "304", "429"} <= set(operation["responses"])


# --- the patterns ----------------------------------------------------------------------------

def _subjects():
    titles = REPLICA_TITLES + GENUINE_TITLES + PROHIBITED_TITLES + NOT_PROHIBITED_TITLES + [
        "line one\nline two", "tab\there", "ＡＡＡ+ quality", "x" * 200, "", "ΑΑΑ Greek",
        "a{2} literal brace", "Q&A: is it 1:1?", "über straße", "AAAA++ Quality"]
    return titles + [match_form(title.translate(patterns.SPACES)) for title in titles]


def _node(script: str, payload) -> list:
    completed = subprocess.run(["node", "--input-type=module", "-e", script],
                               input=json.dumps(payload), capture_output=True, text=True,
                               timeout=300, check=False)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


# Node matches each translated pattern with the browser's RegExp and with rules-regex.js.
MATCHER = """
import { Pattern, codePoints } from %s;
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { patterns, subjects } = JSON.parse(input);
const results = patterns.map((spec) => {
  const native = new RegExp(spec.source, spec.flags);
  const mine = new Pattern(spec);
  return subjects.map((subject) => {
    const found = native.exec(subject);
    const codes = codePoints(subject);
    const own = mine.search(codes);
    return [found ? found[0] : null, own ? codes.slice(own.start, own.end).join('') : null];
  });
});
process.stdout.write(JSON.stringify(results));
""" % json.dumps(REGEX_JS.as_uri())

# RE2 syntax the translator must carry over (beyond what the seed uses).
EXTRA_PATTERNS = [
    (r"line.two", True), (r"(?s)line.two", True), (r"(?m)^line two$", True), (r"\Qa{2}\E", True),
    (r"[[:upper:]]{3}\+", True), (r"[[:^alpha:][:digit:]]+", True), (r"\pL+\s\PL", True),
    (r"\p{Greek}+", True), (r"\x{3A3}|\x41", False), (r"a\{2\}", False), (r"\bQ\b", True),
    (r"t\x09h", False), (r"(?P<first>[a-z]+)\s+\w+", False), (r"(?i)aaaa\+\+", True),
    (r"[\d\s]+", False), (r"[^\S\n]+", False), (r"\Aline|two\z", False), (r"über|stra(?:ß|ss)e", False),
]


def test_every_seed_pattern_translates_and_matches_what_re2_matches(app):
    catalog = _catalog(app)
    body = compile_rulefile(catalog)
    rules = list(catalog.prohibited_rules) + list(catalog.phrase_rules)
    shipped = body["title_rules"]["prohibited_item"] + body["title_rules"]["replica_phrase"]
    assert [rule["name"] for rule in shipped] == [rule.name for rule in rules]  # none left out
    cases = []  # (RE2 pattern, case-sensitive, translation)
    for rule, compiled in zip(rules, shipped):
        cases.append((rule.pattern, rule.case_sensitive, compiled["pattern"]))
        if rule.except_pattern is not None:
            cases.append((rule.except_pattern.pattern, False, compiled["except"]))
    for pattern, case_sensitive in EXTRA_PATTERNS:
        cases.append((pattern, case_sensitive,
                      translate(pattern, dialect="re2", case_sensitive=case_sensitive)))
    subjects = _subjects()
    results = _node(MATCHER, {"patterns": [case[2] for case in cases], "subjects": subjects})
    differ = []
    for (pattern, case_sensitive, translated), rows in zip(cases, results):
        compiled = re2.compile(pattern, patterns.options(case_sensitive))
        for subject, (native, own) in zip(subjects, rows):
            found = compiled.search(subject)
            expected = found.group(0) if found else None
            if not expected == native == own:
                differ.append((pattern, translated["source"], subject, expected, native, own))
    assert differ == [], differ[:5]


def test_the_fixed_python_patterns_translate(app):
    body = compile_rulefile(_catalog(app))
    specs = [body["price"][name] for name in ("second_hand", "accessory", "included")]
    assert all("(?<!" in spec["source"] for spec in specs)
    fits = body["compatibility"]
    assert all(fits[name]["flags"] == "u" for name in ("opener", "list_step", "wording_first"))


@pytest.mark.parametrize("pattern, case_sensitive", [
    (r"(?i:zorb)", True),       # a case-insensitive group in a case-sensitive rule
    (r"\pC", False),            # RE2's C is not JavaScript's
    (r"(?U)a+", False),         # ungreedy mode
    (r"\C", False),             # any byte
    (r"a\1", False),
])
def test_patterns_javascript_cannot_mean_are_refused(pattern, case_sensitive):
    with pytest.raises(Untranslatable):
        translate(pattern, dialect="re2", case_sensitive=case_sensitive)


def test_an_untranslatable_rule_is_left_out_of_the_file_with_a_warning(app, caplog):
    catalog = _catalog(app)
    row = {"kind": "replica_phrase", "name": "mixed-case", "pattern": "(?i:zorb)x",
           "needs_brand": 0, "case_sensitive": 1, "category": None, "evidence_url": None,
           "except_pattern": None}
    catalog.phrase_rules = TitleRules([TitleRule(row), *catalog.phrase_rules])
    with caplog.at_level(logging.WARNING, logger="backend.rulefile"):
        body = compile_rulefile(catalog)
    names = [rule["name"] for rule in body["title_rules"]["replica_phrase"]]
    assert "mixed-case" not in names and len(names) == len(catalog.phrase_rules) - 1
    assert "mixed-case" in caplog.text and "case sensitivity" in caplog.text
