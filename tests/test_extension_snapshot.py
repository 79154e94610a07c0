"""Full check mode in real Chromium: nothing about the shopper reaches the backend.

Pages plant personal data where the marketplaces put it (Amazon's "Deliver to" line and
account menu, eBay's "Hi Jane!", Facebook chats and profile links, an order page, a search
in the URL, e-mail and phone in a review, a postcode widget, session ids in links and
attributes, __NEXT_DATA__ with the user's account and cart). The extension talks to the real
backend through a recording proxy: every request it makes is kept, and none may contain a
planted value, while the product's title, price and seller must be there.
"""

import json
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote_plus

import pytest

from backend import marketplaces
from tests.live import backend, chromium, live_backend, playwright_session  # noqa: F401 (fixtures)
from tests.test_extension import EXTENSION, is_web_page, launch

PLANTED = ["Jane", "Springfield", "90210", "jane.doe@example.com", "555-0142", "555 0142",
           "112-1234567-1234567", "secret", "CRIDSECRET", "257-2598488-2643024", "SESSIONCOOKIE",
           "Hello,", "still available", "/messages/", "profile.php", "A1CUSTOMER9", "cartCount",
           "ORDER-SECRET", "Elm Street"]

HEADER = """<div id="nav-tools"><a id="nav-link-accountList" href="/gp/css/homepage.html/ref=nav_youraccount_btn/257-2598488-2643024">
  <span id="nav-link-accountList-nav-line-1">Hello, Jane</span></a>
  <a id="nav-orders" href="/gp/css/order-history?ref_=nav_orders_first&amp;session-id=257-2598488-2643024">Returns &amp; Orders</a></div>
<div id="nav-global-location-slot"><span id="glow-ingress-line1">Deliver to Jane</span>
  <span id="glow-ingress-line2">Springfield 90210</span></div>
<form id="nav-search-bar-form" action="/s"><input id="twotabsearchtextbox" name="field-keywords" value="jane secret"></form>"""

AMAZON_URL = ("https://www.amazon.com/Demo-Diver-Watch/dp/B0DEMO0001/ref=sr_1_1?k=jane+secret"
              "&crid=CRIDSECRET&sprefix=jane+sec&smid=A0DEMOFAKE0001&session-id=257-2598488-2643024#customerReviews")
AMAZON = f"""<!DOCTYPE html><html><head><title>Amazon.com: Demo Luxury Diver Watch</title>
<meta name="description" content="Demo Luxury Diver Watch, Steel">
<meta name="session-token" content="SESSIONCOOKIE">
<link rel="canonical" href="https://www.amazon.com/dp/B0DEMO0001/ref=sr_1_1?k=jane+secret">
<script>var ue_sid = '257-2598488-2643024'; document.cookie = 'session-id=SESSIONCOOKIE';</script>
<script type="application/json" id="customer-state">{{"customerId":"A1CUSTOMER9","name":"Jane Doe","cartCount":3}}</script>
</head><body>{HEADER}
<div id="dp" data-asin="B0DEMO0001" data-sp-cc='{{"customerId":"A1CUSTOMER9","sessionId":"257-2598488-2643024"}}'>
 <span id="productTitle">Demo Luxury Diver Watch, Steel</span>
 <div id="corePrice_feature_div"><span class="a-price"><span class="a-offscreen">$149.99</span></span></div>
 <div id="desktop_buybox"><div id="contextualIngressPt"><span id="contextualIngressPtLabel_deliveryShortLine">Deliver to Jane &#8211; Springfield 90210</span></div>
  <div id="GLUXZipUpdate"><input id="GLUXZipUpdateInput" value="90210"><span>Your postcode: 90210, 12 Elm Street</span></div>
  <form id="addToCart" action="/cart/add?session-id=257-2598488-2643024">
   <input type="hidden" id="ASIN" name="ASIN" value="B0DEMO0001">
   <input type="hidden" id="merchantID" name="merchantID" value="A0DEMOFAKE0001">
   <input type="hidden" name="session-id" value="257-2598488-2643024">
   <input type="hidden" name="anti-csrftoken-a2z" value="SESSIONCOOKIE"></form>
  <div id="merchant-info">Ships from and sold by <a id="sellerProfileTriggerId"
   href="/gp/help/seller/at-a-glance.html/ref=dp_merchant_link/257-2598488-2643024?ie=UTF8&amp;seller=A0DEMOFAKE0001&amp;session-id=257-2598488-2643024">Demo Replica Outlet</a>.</div></div>
 <div id="customerReviews" data-hook="review"><span class="a-profile-name">Jane D.</span>
  <span data-hook="review-body">Fake! Write to jane.doe@example.com or call 555-0142 (+1 212 555 0142). Order 112-1234567-1234567.</span></div>
</div></body></html>"""

ORDERS_URL = "https://www.amazon.com/gp/css/order-history?ref_=nav_orders_first&orderFilter=ORDER-SECRET"
ORDERS = f"""<!DOCTYPE html><html><head><title>Your Orders</title></head><body>{HEADER}
<div class="order-card"><span>Order # 112-1234567-1234567</span><span>Ship to Jane Doe, 12 Elm Street, Springfield 90210</span>
<a href="/dp/B0DEMO0001">Demo Luxury Diver Watch</a></div></body></html>"""

EBAY_URL = "https://www.ebay.com/itm/Demo-Replica-Watch/395000000001?_trkparms=jane&hash=item5c&_nkw=jane+secret"
EBAY = """<!DOCTYPE html><html><head><title>Demo Replica Watch | eBay</title>
<meta property="og:title" content="Demo Replica Watch"></head><body>
<header><div id="gh-ug"><span>Hi Jane!</span> <a href="https://www.ebay.com/mye/myebay/summary">My eBay</a></div></header>
<h1 class="x-item-title__mainTitle"><span class="ux-textspans">Demo Replica Watch</span></h1>
<div class="x-price-primary"><span class="ux-textspans">US $19.99</span></div>
<div class="x-sellercard-atf"><div class="x-sellercard-atf__info__about-seller" title="demo_replica_seller">
 <a href="https://www.ebay.com/str/demoreplicas?_trksid=SESSIONCOOKIE"><span class="ux-textspans ux-textspans--BOLD">demo_replica_seller</span></a></div>
 <a href="https://www.ebay.com/usr/demo_replica_seller?_trksid=SESSIONCOOKIE">Seller's other items</a></div>
<div class="ux-layout-section__textual-display--itemId"><span class="ux-textspans--BOLD">395000000001</span></div>
<div class="x-message"><span>Jane, your offer is still available. Reply to jane.doe@example.com</span></div>
</body></html>"""

FACEBOOK_URL = "https://www.facebook.com/marketplace/item/812345678901234/?ref=search&referral_code=SESSIONCOOKIE&query=jane%20secret"
FACEBOOK = """<!DOCTYPE html><html><head><title>Marketplace – Demo Parka | Facebook</title></head><body>
<div role="banner"><a href="/profile.php?id=100000000000001" aria-label="Jane Doe">Jane Doe</a>
 <a href="/messages/t/100000000000002">Chats</a></div>
<div role="main"><h1><span>Demo Parka Mens Large</span></h1><span>$120</span><span>Listed in Springfield, IL</span>
 <a href="/marketplace/profile/100087654321098/?ref=share">Jordan Miles</a>
 <div role="complementary"><span>Jane: is it still available? Call me 555-0142</span><a href="/messages/t/987654321">Open chat</a></div></div>
</body></html>"""

WALMART_URL = "https://www.walmart.com/ip/Demo-Trainer/55126398?athbdg=L1600&from=/search&query=jane+secret"
WALMART_NEXT_DATA = {"props": {"pageProps": {
    "user": {"name": "Jane Doe", "email": "jane.doe@example.com", "customerId": "A1CUSTOMER9"},
    "account": {"addresses": [{"street": "12 Elm Street", "city": "Springfield", "zip": "90210"}]},
    "initialData": {"data": {
        "cart": {"cartCount": 2, "items": [{"name": "Jane's cart item", "price": 9.99, "usItemId": "999999"}]},
        "product": {"usItemId": "55126398", "name": "Demo Trainer Kit", "brand": "DemoBrand",
                    "catalogSellerId": 101071354, "sellerDisplayName": "Demo Fitness Deals",
                    "priceInfo": {"currentPrice": {"price": 27.99, "currencyUnit": "USD"}}},
    }}}}, "query": {"q": "jane secret"}}
WALMART = f"""<!DOCTYPE html><html><head><title>Demo Trainer Kit - Walmart.com</title></head><body>
<div data-testid="header-account"><span>Hi, Jane</span></div>
<h1 itemprop="name">Demo Trainer Kit</h1>
<script id="__NEXT_DATA__" type="application/json">{json.dumps(WALMART_NEXT_DATA)}</script></body></html>"""

PAGES = [
    # (url, html, what the backend must be told)
    (AMAZON_URL, AMAZON, ["Demo Luxury Diver Watch", "149.99", "A0DEMOFAKE0001", "B0DEMO0001"]),
    (EBAY_URL, EBAY, ["Demo Replica Watch", "19.99", "demo_replica_seller", "395000000001"]),
    (FACEBOOK_URL, FACEBOOK, ["Demo Parka Mens Large", "$120", "100087654321098", "812345678901234"]),
    (WALMART_URL, WALMART, ["Demo Trainer Kit", "27.99", "101071354", "55126398"]),
]


class Recorder:
    """A proxy in front of the backend that keeps every request it forwards."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.requests = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                recorder.requests.append({"method": self.command, "path": self.path,
                                          "headers": dict(self.headers), "body": body})
                headers = {key: value for key, value in self.headers.items()
                           if key.lower() not in ("host", "content-length", "connection")}
                request = urllib.request.Request(recorder.upstream + self.path, data=body or None,
                                                 headers=headers, method=self.command)
                try:
                    with urllib.request.urlopen(request, timeout=20) as response:
                        status, reply, reply_headers = response.status, response.read(), response.headers
                except urllib.error.HTTPError as error:
                    status, reply, reply_headers = error.code, error.read(), error.headers
                self.send_response(status)
                for key, value in reply_headers.items():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply)))
                self.send_header("Connection", "close")  # one request per connection, said plainly
                self.close_connection = True
                self.end_headers()
                self.wfile.write(reply)

            do_GET = do_POST = do_OPTIONS = do_PUT = do_DELETE = forward

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def texts(self, since=0):
        """Every request since index `since` as searchable text (raw, URL-decoded, JSON-decoded)."""
        found = []
        for request in self.requests[since:]:
            body = request["body"].decode("utf-8", "replace")
            parts = [request["path"], unquote_plus(request["path"]), json.dumps(request["headers"]), body]
            try:
                parts.append(json.dumps(json.loads(body), ensure_ascii=False))
            except ValueError:
                pass
            found.append("\n".join(parts))
        return found


@pytest.fixture(scope="module")
def radar(playwright_session, chromium, backend, tmp_path_factory):  # noqa: F811
    """Chromium with the extension in Full check mode, talking to the backend through a Recorder."""
    recorder = Recorder(backend)
    context = launch(playwright_session, chromium, tmp_path_factory.mktemp("profile"))
    routes = {}

    def handle(route):
        html = routes.get(route.request.url.split("?")[0].split("#")[0])
        if html is None:
            route.abort()
        else:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    try:
        worker = context.service_workers[-1] if context.service_workers else context.wait_for_event("serviceworker")
        worker.evaluate("(settings) => chrome.storage.local.set({settings})",
                        {"apiBase": recorder.base, "mode": "full", "modeChosen": True})
        # Routing only the pages (set after the worker runs: requests it makes are not routed).
        context.route(is_web_page, handle)
        yield context, routes, recorder
    finally:
        context.close()
        recorder.server.shutdown()
        recorder.server.server_close()


def visit(radar, url, html, wait_for_check=True):
    """Open url; wait until its POST /check reached the backend (or a few seconds); the requests."""
    context, routes, recorder = radar
    routes[url.split("?")[0].split("#")[0]] = html
    since = len(recorder.requests)
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    # Waiting inside Playwright (not time.sleep): the worker's requests pass its routing, which
    # the sync API serves only while one of its calls runs.
    deadline = time.monotonic() + (20 if wait_for_check else 4)
    while time.monotonic() < deadline:
        if wait_for_check and any(r["method"] == "POST" and "/check" in r["path"] for r in recorder.requests[since:]):
            break
        page.wait_for_timeout(200)
    page.wait_for_timeout(500)  # anything sent right after the check
    page.close()
    return recorder.texts(since)


@pytest.mark.parametrize("url,html,facts", PAGES, ids=["amazon", "ebay", "facebook", "walmart"])
def test_full_check_sends_the_product_and_nothing_about_the_shopper(radar, url, html, facts):
    sent = visit(radar, url, html)
    check = [text for text in sent if "/check" in text.split("\n")[0]]
    assert check, f"the page was not checked; requests: {[text.split(chr(10))[0] for text in sent]}"
    for value in facts:
        assert value in check[0], f"{value} was not sent"
    for text in sent:
        for planted in PLANTED:
            assert planted.lower() not in text.lower(), f"{planted!r} was sent: {text[:3000]}"


def test_order_history_page_sends_nothing_about_it(radar):
    sent = visit(radar, ORDERS_URL, ORDERS, wait_for_check=False)
    for text in sent:
        assert "order-history" not in text and "/check" not in text.split("\n")[0]
        for planted in PLANTED:
            assert planted.lower() not in text.lower(), f"{planted!r} was sent"


def test_the_extension_loads_the_content_scripts_that_read_pages():
    """The manifest injects prices, facts, the marketplaces' registry and then every
    marketplace's module (content/marketplaces/, one per backend module) before the snapshot."""
    scripts = json.loads((EXTENSION / "manifest.json").read_text())["content_scripts"][0]["js"]
    modules = sorted(path.name for path in (EXTENSION / "content" / "marketplaces").glob("*.js"))
    assert modules == sorted(f"{name}.js" for name in marketplaces.MARKETPLACES)
    order = ["content/prices.js", "content/facts.js", "content/marketplace-pages.js"]
    order += [f"content/marketplaces/{name}.js" for name in marketplaces.MARKETPLACES]
    order += ["content/page-data.js", "content/snapshot.js"]
    assert [script for script in scripts if script in order] == order
