"""Firefox ESR with the extension as a temporary add-on, driven over Marionette.

Debian's firefox-esr is installed with apt-get when missing; PyPI marionette-driver drives it
(no geckodriver, nothing downloaded). Web pages are served at their real URLs by a local HTTP
proxy the profile points at, which also forwards and records what goes to the backend on
127.0.0.1 (so a test reads all that left the browser). The flags and prefs
were checked on these machines: ../shared/notes/browser-testing.md. Test modules import the
fixtures they use (`from tests.firefox import firefox_esr, marionette_classes`).
"""

import base64
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import warnings
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.live import apt_install, forward, free_port

ROOT = Path(__file__).resolve().parents[1]
GECKO_ID = json.loads((ROOT / "extension" / "manifest.json").read_text())[
    "browser_specific_settings"]["gecko"]["id"]
# A fixed moz-extension:// host, so the tests can open the add-on's pages.
UUID = "5f0c2a9e-8d1b-4c6e-9a37-2b4d6e8f1a03"
EXTENSION_BASE = f"moz-extension://{UUID}"
BANNER = "counterfeit-radar-banner"


def firefox_prefs(marionette_port: int, proxy_port: int) -> dict:
    """A quiet profile that sends http:// through our proxy and never upgrades it to https."""
    return {
        "marionette.port": marionette_port,
        "network.proxy.type": 1,
        "network.proxy.http": "127.0.0.1",
        "network.proxy.http_port": proxy_port,
        # https:// resources of served pages too: refused at once, not left to time out on DNS.
        "network.proxy.ssl": "127.0.0.1",
        "network.proxy.ssl_port": proxy_port,
        "network.proxy.no_proxies_on": "",
        # The backend on 127.0.0.1 is reached through the proxy too, which records it.
        "network.proxy.allow_hijacking_localhost": True,
        "dom.security.https_first": False,
        "dom.security.https_first_schemeless": False,
        "network.stricttransportsecurity.preloadlist": False,
        "extensions.webextensions.uuids": json.dumps({GECKO_ID: UUID}),
        "browser.shell.checkDefaultBrowser": False,
        "browser.aboutwelcome.enabled": False,
        "browser.startup.homepage_override.mstone": "ignore",
        "datareporting.policy.dataSubmissionEnabled": False,
        "toolkit.telemetry.reportingpolicy.firstRun": False,
        "app.update.disabledForTesting": True,
        # permissions.request() grants without the doorhanger nobody could click headless; it
        # still refuses a call made outside a user input handler.
        "extensions.webextOptionalPermissionPrompts": False,
    }


class PageProxy(ThreadingHTTPServer):
    """The profile's HTTP proxy: answers the pages a test serves, forwards what goes to the
    backend on 127.0.0.1 and records every request (`sent`: {method, url, body}), so a test
    can read all that left the browser."""

    daemon_threads = True

    def __init__(self):
        self.routes = {}
        self.sent = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _ProxyHandler)

    def serve(self, url: str, html: str) -> None:
        """Answer url (its query ignored) with html from now on."""
        self.routes[url.split("?")[0]] = html

    def redirect(self, url: str, to: str) -> None:
        """Answer url with a 301 to `to` (a short link) from now on."""
        self.routes[url.split("?")[0]] = _Redirect(to)

    def recorded(self) -> list[dict]:
        with self.lock:
            return list(self.sent)

    def clear(self) -> None:
        with self.lock:
            self.sent.clear()


class _Redirect(str):
    """A route's answer that is a redirect to this URL."""


class _ProxyHandler(BaseHTTPRequestHandler):
    def handle_request(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with self.server.lock:
            self.server.sent.append({"method": self.command, "url": self.path, "body": body})
        if urlsplit(self.path).hostname in ("127.0.0.1", "localhost"):
            forward(self, body)
            return
        html = self.server.routes.get(self.path.split("?")[0])
        if isinstance(html, _Redirect):
            self.send_response(301)
            self.send_header("Location", str(html))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = (html or "not served by the test").encode("utf-8")
        self.send_response(200 if html is not None else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = handle_request

    def do_CONNECT(self):  # noqa: N802: an https:// resource of a served page; none is served
        with self.server.lock:
            self.server.sent.append({"method": "CONNECT", "url": self.path, "body": b""})
        self.send_error(502)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def firefox_esr():
    """Debian's Firefox ESR, installed with apt-get when missing."""
    path = shutil.which("firefox-esr")
    if path is None:
        apt_install("firefox-esr")
        path = shutil.which("firefox-esr")
    return path


@pytest.fixture(scope="session")
def marionette_classes():
    # mozinfo calls distro's deprecated linux_distribution() on import.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from marionette_driver.addons import Addons
        from marionette_driver.marionette import Marionette
    return Marionette, Addons


class Firefox:
    """Firefox with the add-on installed: one tab for web pages, one for the add-on's pages."""

    def __init__(self, marionette, proxy):
        self.m = marionette
        self.proxy = proxy
        self.web_tab = self.m.current_window_handle
        self.extension_tab = self.m.open(type="tab", focus=False)["handle"]

    def extension_page(self, path: str):
        """Show the add-on's page path (e.g. "options.html") in the add-on tab."""
        self.m.switch_to_window(self.extension_tab)
        self.m.navigate(f"{EXTENSION_BASE}/{path}")
        self.wait(lambda: self.m.execute_script("return document.body.dataset.ready === 'true'",
                                                sandbox=None))

    def run(self, script: str, args=()):
        """Run script (a function body; may return a promise) in the add-on tab, with the
        extension API in reach."""
        self.m.switch_to_window(self.extension_tab)
        if not self.m.get_url().startswith(EXTENSION_BASE):
            self.m.navigate(f"{EXTENSION_BASE}/options.html")
        return self.m.execute_script(script, script_args=list(args), sandbox=None)

    def set_settings(self, api_base: str, mode: str) -> None:
        self.run("return browser.storage.local.set({settings: {apiBase: arguments[0], "
                 "mode: arguments[1], modeChosen: true}})", (api_base, mode))

    def open(self, url: str, html: str | None, lands_on: str | None = None) -> dict:
        """Show html at url in the web tab (html None: url is already routed, e.g. a redirect
        to lands_on); returns the add-on's state for the page it lands on once checked."""
        if html is not None:
            self.proxy.serve(url, html)
        since = self.run("return Date.now()")
        self.m.switch_to_window(self.web_tab)
        self.m.navigate(url)
        url = lands_on or url
        return self.wait(lambda: self.run("""
            return browser.storage.session.get(null).then((all) => {
              for (const [key, value] of Object.entries(all)) {
                if (key.startsWith('tab:') && value.url === arguments[0]
                    && value.checkedAt >= arguments[1]) return {tabId: Number(key.slice(4)), ...value};
              }
              return null;
            });""", (url, since)), f"the add-on did not check {url}")

    def banner(self):
        """(verdict, heading) of the banner on the web tab's page; waits for it to appear."""
        self.m.switch_to_window(self.web_tab)
        verdict = self.wait(lambda: self.m.execute_script(
            f"const host = document.querySelector('{BANNER}');"
            "return host && host.getAttribute('data-radar-verdict');"), "no banner")
        host = self.m.find_element("css selector", BANNER)
        # The banner's shadow root is closed to the page; WebDriver reaches it as a user agent.
        heading = host.shadow_root.find_element("css selector", "h2").text
        return verdict, heading

    def screenshot(self, path: Path) -> None:
        self.m.switch_to_window(self.web_tab)
        path.write_bytes(base64.b64decode(self.m.screenshot()))

    @staticmethod
    def wait(probe, message="timed out", timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = probe()
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(message)


@contextmanager
def running_firefox(firefox_path, marionette_classes, profile: Path, addon: Path):
    """Firefox ESR headless with addon installed as a temporary add-on; yields a Firefox."""
    Marionette, Addons = marionette_classes
    proxy = PageProxy()
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    port = free_port()
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "user.js").write_text("".join(
        f"user_pref({json.dumps(name)}, {json.dumps(value)});\n"
        for name, value in firefox_prefs(port, proxy.server_address[1]).items()))
    log = open(profile.parent / "firefox.log", "w")
    process = subprocess.Popen(
        [firefox_path, "-marionette", "-remote-allow-system-access", "-no-remote", "-profile", str(profile)],
        env={**os.environ, "MOZ_HEADLESS": "1"}, stdout=log, stderr=subprocess.STDOUT)
    marionette = None
    try:
        Firefox.wait(lambda: _listening(port), "Marionette did not start", timeout=60)
        marionette = Marionette(host="127.0.0.1", port=port)
        marionette.start_session()
        Addons(marionette).install(str(addon), temp=True)
        yield Firefox(marionette, proxy)
    finally:
        try:
            if marionette is not None and marionette.session_id:
                marionette.delete_session()
        except Exception:  # noqa: BLE001 - a crashed Firefox still has to be stopped
            pass
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        proxy.shutdown()
        proxy.server_close()
        log.close()


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False
