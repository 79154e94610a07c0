"""Every field of every route, fuzzed with Hypothesis: never a 500, always the error shape on 4xx.

Each test starts from a valid request and replaces fields (one or several, nested ones
too) with values that mix valid-looking input with hostile input: huge numbers, NaN and
1e309 as raw JSON, lone surrogates, NUL, RTL marks, wrong types and nested objects.
Runs are derandomized, so CI sees the same examples every time.
"""

import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

FUZZ = settings(max_examples=80, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.filter_too_much])

# Raw JSON tokens Python's json module reads (and a strict encoder never writes).
RAW_NUMBERS = {"__NaN__": "NaN", "__Inf__": "Infinity", "__-Inf__": "-Infinity",
               "__1e309__": "1e309", "__huge__": "1" + "0" * 400, "__-0__": "-0.0",
               "__digits5000__": "9" * 5000}

HOSTILE_TEXT = [
    "", " ", "\x00", "a\x00b", "\ud800", "\udfff", "x\ud83d", "\u202eevil\u202c", "\u200f",
    "\ufeff", "²", "٣٤", "𝟙𝟚", "\n", "a\nb\r\n", "\t", "'\"<>&", "' OR 1=1 --", "%00", "%",
    "../../etc/passwd", "\\", "null", "true", "0", "-1", "1e309", "NaN", "9" * 30,
    "A" * 3000, "ß" * 600, "😀" * 300, "http://", "https://", "javascript:alert(1)",
    "http://127.0.0.1/", "http://[::1]/x", "https://xn--rlex-gra.com/", "https://co.uk/",
    "https://rоlex-outlet.com/", "https://user:pass@example.com:99999/",
    "https://www.amazon.com/dp/B0057OC5O8", "https://www.ebay.com/itm/123456789012",
    "https://www.amazon.com/sp?seller=A2ZZ X", "co.uk", "127.0.0.1", "amazon", "ebay",
    "counterfeit", "authorized", "seller", "listing", "domain", "approve", "reject",
    "(a+)+b", "[", "(?P<x>", "\\p{L}", "*", "a{99999}",
]
HOSTILE_NUMBERS = [0, -1, 1, 2**31, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30, 0.5,
                   -0.0, 1e308, 5e-324, *RAW_NUMBERS]

hostile_text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=40),
                         st.text(st.characters(codec="utf-8"), max_size=10))
scalars = st.one_of(
    st.none(), st.booleans(), hostile_text, st.sampled_from(HOSTILE_NUMBERS),
    st.integers(), st.floats(allow_nan=False, allow_infinity=False),
)
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)),
    max_leaves=8)


def hostile(valid: list) -> st.SearchStrategy:
    """A field's values: valid-looking ones (given) two times in three, anything else otherwise."""
    return st.one_of(st.sampled_from(valid), st.sampled_from(valid), json_values)


def raw_json(body) -> str:
    """body as JSON text, with RAW_NUMBERS placeholders turned into their raw tokens."""
    text = json.dumps(body)
    for placeholder, token in RAW_NUMBERS.items():
        text = text.replace(f'"{placeholder}"', token)
    return text


def assert_handled(response):
    """Not a server error; a 4xx has exactly the error shape."""
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if response.status_code >= 400:
        body = response.get_json()
        assert set(body) == {"error"}, body
        assert set(body["error"]) == {"code", "message"}, body
        assert isinstance(body["error"]["code"], str) and isinstance(body["error"]["message"], str)


def mutate(data, base: dict, fields: dict[str, st.SearchStrategy]) -> dict:
    """base with some of its fields (dotted paths for nested ones) replaced or removed."""
    body = json.loads(json.dumps(base))
    for path in data.draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=3,
                                   unique=True)):
        *parents, last = path.split(".")
        node = body
        for parent in parents:
            if not isinstance(node.get(parent), dict):
                node[parent] = {}
            node = node[parent]
        if data.draw(st.integers(0, 9)) == 0:
            node.pop(last, None)
        else:
            node[last] = data.draw(fields[path])
    return body


def q(value) -> str:
    """value %-encoded for a path segment or query string (lone surrogates as their bytes)."""
    return quote(str(value).encode("utf-8", "surrogatepass"), safe="")


def send(client, method: str, path: str, body=None, headers=None, address=None):
    kwargs = {"headers": headers or {}}
    if address:
        kwargs["environ_base"] = {"REMOTE_ADDR": address}
    if body is not None:
        kwargs["data"] = raw_json(body).encode("utf-8", "surrogatepass")
        kwargs["content_type"] = "application/json"
    response = client.open(path, method=method, **kwargs)
    assert_handled(response)
    return response


@pytest.fixture
def fuzz_app(app):
    """The app with rate limits out of the way, so every example reaches the handlers."""
    app.config.update(REPORTS_RATE_LIMIT="100000 per minute", CHECK_RATE_LIMIT="100000 per minute")
    return app


@pytest.fixture
def fuzz_client(fuzz_app):
    return fuzz_app.test_client()


addresses = st.one_of(
    st.builds("{}.{}.{}.{}".format, *[st.integers(0, 255)] * 4),
    st.sampled_from(["2001:db8::1", "2001:db8::2", "::1", "fe80::1%eth0", "not-an-address", ""]),
)

# -- /check and /reports: the page fields -------------------------------------------------

URLS = ["https://www.amazon.com/dp/B0057OC5O8", "https://www.ebay.com/itm/123456789012",
        "https://www.amazon.co.uk/dp/B07C8KMQQ6?smid=A3P5ROKL5A1OLE", "https://rolex.com/",
        "https://www.walmart.com/ip/55126398", "https://www.aliexpress.com/item/1005001.html",
        "https://r0lex-outlet.com/shop", "https://rolex.cheap-deals-shop.com/x",
        "HTTPS://WWW.AMAZON.COM/DP/B0057OC5O8#frag", "https://www.etsy.com/listing/123/x"]
URL_TEMPLATES = [
    "https://www.amazon.com/dp/{}", "https://www.amazon.de/sp?seller={}",
    "https://www.amazon.com/s?me={}",
    "https://www.ebay.com/itm/{}", "https://www.ebay.co.uk/usr/{}", "https://www.walmart.com/ip/{}",
    "https://www.walmart.com/seller/{}", "https://www.aliexpress.com/item/{}.html",
    "https://www.aliexpress.com/store/{}", "https://www.etsy.com/shop/{}",
    "https://www.facebook.com/marketplace/item/{}/", "https://www.temu.com/x-g-{}.html",
    "https://www.dhgate.com/store/{}", "https://www.wish.com/merchant/{}", "https://{}/",
    "https://{}.com/rolex", "https://shop.example/{}?q={}#{}",
]
id_parts = st.one_of(st.integers(0, 10**40).map(str), hostile_text,
                     st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", min_size=1, max_size=25))
made_urls = st.builds(lambda template, part: template.replace("{}", part),
                      st.sampled_from(URL_TEMPLATES), id_parts)
HTML = [
    "<html><h1>x</h1></html>",
    "<script type='application/ld+json'>{\"@type\": \"Product\", \"offers\": {\"price\": NaN, "
    "\"lowPrice\": 1e309, \"highPrice\": 1" + "0" * 400 + ", \"priceCurrency\": \"KWD\"}}</script>",
    "<meta property='product:price:amount' content='1e309'>", "<div>" * 500,
    "<span itemprop='price' content='1.299'>1.299,00 €</span>", "\x00\ud800",
]
PAGE_FIELDS = {
    "url": st.one_of(hostile(URLS), made_urls),
    "title": hostile(["Rolex Submariner replica AAA", "Genuine Omega", "x" * 1001]),
    "seller": hostile([{"id": "A2ZZ X"}, {"name": "Shop"}, {}]),
    "seller.id": hostile(["²", "A1B2C3D4E5F6G7", "kicks_vault_usa", "1102345678", "a\nb"]),
    "seller.name": hostile(["Luxe Time Outlet", "\u202eevil", "x" * 301]),
    "price": hostile([{"amount": 12.5, "currency": "KWD"}, {"amount": 1}, []]),
    "price.amount": hostile([0, 12.5, 1e12, 1e13, "__NaN__", "__1e309__", "__huge__", "12"]),
    "price.currency": hostile(["USD", "usd", "KWD", "XXX", "€", "US$", "ZZZZ"]),
    "brand": hostile(["Rolex", "ROLEX", "rolex", "Nike", "x" * 101]),
    "html": hostile(HTML),
}
CHECK_BASE = {"url": URLS[0], "title": "Rolex Submariner", "seller": {"id": "A1B2C3D4E5F6G7",
              "name": "Shop"}, "price": {"amount": 99.0, "currency": "USD"}, "brand": "Rolex"}


@FUZZ
@given(data=st.data())
def test_post_check_every_field(fuzz_client, data):
    send(fuzz_client, "POST", "/api/v1/check", mutate(data, CHECK_BASE, PAGE_FIELDS))


@FUZZ
@given(url=st.one_of(hostile(URLS), made_urls),
       extra=st.dictionaries(hostile_text, hostile_text, max_size=3))
def test_get_check_query_string(fuzz_client, url, extra):
    query = "&".join(f"{q(k)}={q(v)}" for k, v in {"url": url, **extra}.items()
                     if isinstance(v, (str, int, float)))
    send(fuzz_client, "GET", "/api/v1/check?" + query)


@FUZZ
@given(body=json_values)
def test_post_check_any_json(fuzz_client, body):
    send(fuzz_client, "POST", "/api/v1/check", body)


REPORT_BASE = {**CHECK_BASE, "reason": "counterfeit", "details": "Fake", "evidence_urls": [
    "https://example.org/evidence"]}
REPORT_FIELDS = {
    **PAGE_FIELDS,
    "reason": hostile(["counterfeit", "replica_wording", "price_too_low", "other", "Counterfeit"]),
    "details": hostile(["Bought one; fake.", "x" * 2001]),
    "evidence_urls": hostile([[], ["https://example.org/a"] * 6, ["javascript:x"], "https://a.b/"]),
}
INSTALL_IDS = st.one_of(st.none(), st.sampled_from(["", "x" * 201, "install-1", "\x7f"]),
                        st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=30))


@FUZZ
@given(data=st.data(), install_id=INSTALL_IDS, address=addresses)
def test_post_reports_every_field(fuzz_client, data, install_id, address):
    headers = {} if install_id is None else {"X-Install-Id": install_id}
    send(fuzz_client, "POST", "/api/v1/reports", mutate(data, REPORT_BASE, REPORT_FIELDS),
         headers, address)


@FUZZ
@given(report_id=hostile_text)
def test_get_report_by_any_id(fuzz_client, report_id):
    send(fuzz_client, "GET", f"/api/v1/reports/{q(report_id)}")


# -- maintainers' routes --------------------------------------------------------------------

QUERY_VALUES = st.one_of(hostile_text, st.integers().map(str),
                         st.sampled_from(["", "0", "1", "500", "501", "-1", str(2**63),
                                          "1:u:1", "0:d:0", f"{2**63}:u:1", "1.5", " 1"]))


def query_string(data, names: list[str]) -> str:
    chosen = data.draw(st.dictionaries(st.sampled_from(names), QUERY_VALUES, max_size=4))
    return "&".join(f"{name}={q(value)}" for name, value in chosen.items())


LIST_FILTERS = {
    "/api/v1/entries": ["kind", "marketplace", "status", "q", "cursor", "offset", "limit"],
    "/api/v1/brands": ["q", "cursor", "limit"],
    "/api/v1/rules": ["kind", "cursor", "limit"],
    "/api/v1/review/queue": ["limit", "offset"],
    "/api/v1/audit": ["target", "cursor", "limit"],
    "/api/v1/changes": ["since", "limit"],
    "/api/v1/export": ["format"],
}


@FUZZ
@given(data=st.data())
def test_lists_filters_and_cursors(fuzz_client, admin, data):
    route = data.draw(st.sampled_from(sorted(LIST_FILTERS)))
    send(fuzz_client, "GET", f"{route}?{query_string(data, LIST_FILTERS[route])}", headers={
        **admin, "If-None-Match": data.draw(st.sampled_from(['"1-csv"', "*", '"', "W/x"]))})


ENTRY_BASE = {"kind": "seller", "marketplace": "amazon", "key": "A1B2C3D4E5F6G7",
              "status": "counterfeit", "evidence_level": "test_purchase", "name": "Fake Shop",
              "title": None, "brand": "Rolex", "evidence_url": "https://example.org/proof",
              "note": "n", "source": "fuzz"}
ENTRY_FIELDS = {
    "kind": hostile(["seller", "listing", "domain", "Seller"]),
    "marketplace": hostile(["amazon", "ebay", None, "AMAZON", "nowhere"]),
    "key": st.one_of(id_parts, hostile(["A1B2C3D4E5F6G7", "co.uk", "127.0.0.1", "abc",
                                        "rolex-outlet.com",
                    "B0057OC5O8", "²"])),
    "status": hostile(["counterfeit", "authorized", "pending"]),
    "evidence_level": hostile(["test_purchase", "rights_holder", "pattern", None, "x"]),
    **{name: hostile(["x", None, "", "https://example.org/e"])
       for name in ("name", "title", "brand", "evidence_url", "note", "source")},
}
BRAND_BASE = {"name": "Fuzzbrand", "aliases": ["Fuzz"], "category": "watches",
              "domains": ["fuzzbrand.com"], "source": "fuzz"}
BRAND_FIELDS = {
    "name": hostile(["Rolex", "ROLEX", "Fuzzbrand", " ", "x" * 300]),
    "aliases": hostile([[], ["a"] * 100, [None], ["Rolex"]]),
    "category": hostile(["watches", None]),
    "domains": hostile([["co.uk"], ["127.0.0.1"], ["xn--"], ["fuzz.com"] * 50, "fuzz.com"]),
    "source": hostile(["fuzz", None]),
}
RULE_BASE = {"kind": "replica_phrase", "name": "fuzz rule", "pattern": r"\bsuper ?fake\b",
             "except_pattern": None, "needs_brand": False, "case_sensitive": False,
             "category": None, "evidence_url": None, "source": "fuzz"}
RULE_FIELDS = {
    "kind": hostile(["replica_phrase", "prohibited_item", "other"]),
    "name": hostile(["a rule", ""]),
    "pattern": hostile([r"\bfake\b", "[", "(?i)x", r"(\w+)\1", "a" * 5000, "(?<=a)b"]),
    "except_pattern": hostile([None, "genuine", "("]),
    "needs_brand": hostile([True, False, "yes", 1]),
    "case_sensitive": hostile([True, False, "no", 0]),
    **{name: hostile([None, "x", "https://example.org/r"])
       for name in ("category", "evidence_url", "source")},
}
RESOURCES = {"entries": (ENTRY_BASE, ENTRY_FIELDS), "brands": (BRAND_BASE, BRAND_FIELDS),
             "rules": (RULE_BASE, RULE_FIELDS)}


@pytest.mark.parametrize("resource", sorted(RESOURCES))
@FUZZ
@given(data=st.data())
def test_resource_create_change_delete(fuzz_client, admin, resource, data):
    base, fields = RESOURCES[resource]
    # Every draw is made whatever the server answers: Hypothesis replays the same draws.
    other_id = data.draw(st.sampled_from([1, 2, 0, 2**63 - 1, 2**63, 10**30]))
    patch, other_patch = mutate(data, {}, fields), data.draw(json_values)
    created = send(fuzz_client, "POST", f"/api/v1/{resource}", mutate(data, base, fields),
                   admin)
    item_id = created.get_json()["id"] if created.status_code == 201 else other_id
    path = f"/api/v1/{resource}/{item_id}"
    send(fuzz_client, "GET", path, headers=admin)
    send(fuzz_client, "PATCH", path, patch, admin)
    send(fuzz_client, "PATCH", path, other_patch, admin)
    send(fuzz_client, "DELETE", path, headers=admin)


@FUZZ
@given(segment=hostile_text, method=st.sampled_from(["GET", "PATCH", "DELETE"]))
def test_resource_paths_with_any_id(fuzz_client, admin, segment, method):
    for resource in RESOURCES:
        send(fuzz_client, method, f"/api/v1/{resource}/{q(segment)}",
             {} if method == "PATCH" else None, admin)


DECISION_FIELDS = {
    "decision": hostile(["approve", "reject", "maybe"]),
    "note": hostile(["internal", "x" * 2001]),
    "public_note": hostile(["Test purchase", "x" * 2001]),
    "public_evidence_url": hostile(["https://example.org/p", "javascript:x", "ftp://a/"]),
    "name": hostile(["Fake Shop", "x" * 301]),
    "title": hostile(["A title", "x" * 1001]),
}


@FUZZ
@given(data=st.data())
def test_report_then_decision_every_field(fuzz_client, admin, data):
    address, other_id = data.draw(addresses), data.draw(hostile_text)
    decision = mutate(data, {"decision": "approve", "note": "ok"}, DECISION_FIELDS)
    report = send(fuzz_client, "POST", "/api/v1/reports", mutate(data, REPORT_BASE, REPORT_FIELDS),
                  address=address)
    path = q(report.get_json()["id"] if report.status_code in (200, 201) else other_id)
    send(fuzz_client, "GET", f"/api/v1/reports/{path}")
    send(fuzz_client, "POST", f"/api/v1/reports/{path}/decision", decision, admin)
    send(fuzz_client, "GET", "/api/v1/review/queue", headers=admin)


AUTHORIZATIONS = st.one_of(st.sampled_from(["", "Bearer", "Bearer ", "Bearer \x7f", "Basic a:b",
                                            "bearer " + "x" * 5000, "Bearer a b c"]),
                           st.text(st.characters(min_codepoint=32, max_codepoint=255),
                                   max_size=40))


@FUZZ
@given(authorization=AUTHORIZATIONS, route=st.sampled_from(sorted(LIST_FILTERS)),
       content_type=st.sampled_from(["application/json", "text/plain", "application/json; "
                                     "charset=latin-1", "multipart/form-data", ""]))
def test_any_authorization_and_content_type(fuzz_client, authorization, route, content_type):
    send(fuzz_client, "GET", route, headers={"Authorization": authorization})
    response = fuzz_client.post("/api/v1/entries", data=b"{\"kind\": \"\xff\"}",
                                headers={"Authorization": authorization,
                                         "Content-Type": content_type})
    assert_handled(response)


@FUZZ
@given(raw=st.one_of(st.binary(max_size=60), st.sampled_from([
    b"", b"{", b"[]", b"null", b"\"x\"", b"{\"url\": \"\xff\xfe\"}", b"[" * 3000,
    b"{\"a\":" * 3000, b"\xef\xbb\xbf{}", b"{\"url\": 1e999999}", b"{\"url\": \"\\ud800\"}"])),
    route=st.sampled_from(["/api/v1/check", "/api/v1/reports", "/api/v1/entries",
                           "/api/v1/brands", "/api/v1/rules", "/api/v1/reports/x/decision"]))
def test_raw_bodies(fuzz_client, admin, raw, route):
    response = fuzz_client.post(route, data=raw, headers=admin,
                                content_type="application/json")
    assert_handled(response)


def test_fuzz_strategies_produce_hostile_json():
    """The raw tokens really reach the server as NaN / 1e309 / a 400-digit integer."""
    text = raw_json({"a": "__NaN__", "b": ["__1e309__", "__huge__"]})
    assert text == '{"a": NaN, "b": [1e309, 1' + "0" * 400 + "]}"


# Inputs that once answered 500 (issue 8), kept as fixed cases.
ONCE_500 = [
    ("/api/v1/check", {"url": "https://www.walmart.com/ip/55126398", "seller": {"id": "²"}}),
    ("/api/v1/reports", {"url": "https://www.walmart.com/ip/55126398", "seller": {"id": "²"},
                         "reason": "counterfeit"}),
    ("/api/v1/reports", {"url": "https://www.ebay.com/itm/123456789012", "seller": {"id": "٣٤"},
                         "reason": "counterfeit"}),
    ("/api/v1/check", {"url": URLS[0], "price": {"amount": "__huge__", "currency": "USD"}}),
    ("/api/v1/check", {"url": URLS[0], "price": {"amount": "__NaN__", "currency": "USD"}}),
    ("/api/v1/check", {"url": "https://shop.example/p", "html": HTML[1]}),
]


@pytest.mark.parametrize("route, body", ONCE_500)
def test_inputs_that_once_gave_500(fuzz_client, route, body):
    send(fuzz_client, "POST", route, body)
