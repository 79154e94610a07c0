"""A page snapshot parsed once (lxml), with the cheap lookups extractors need.

Every lookup is a single pass in C (an XPath) or a dictionary built from one;
nothing here walks the tree in Python, which is what keeps a 1 MB page cheap.
"""

import json
import re
from functools import cached_property

import lxml.html
from lxml import etree

from ..text import clean_text

MAX_HTML_CHARS = 4 * 1024 * 1024  # the API allows 2 MB; anything else is cut here
MAX_JSON_CHARS = 3 * 1024 * 1024  # one JSON-LD or page-data script
MAX_JSON_SCRIPTS = 30
_PARSER = lxml.html.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True,
    default_doctype=False,
)
_XPATHS: dict[str, etree.XPath] = {}
_BY_ID = etree.XPath("id($id)")
# Text a shopper sees: not the code or styles an element may hold.
_VISIBLE_TEXT = "descendant::text()[not(parent::script or parent::style or parent::noscript)]"


def xpath_of(expression: str) -> etree.XPath:
    """The compiled XPath for expression (compiled once per process)."""
    compiled = _XPATHS.get(expression)
    if compiled is None:
        compiled = _XPATHS[expression] = etree.XPath(expression, smart_strings=False)
    return compiled


def load_json(text: str | None):
    """Parsed JSON, or None for anything that is not (bounded in size, never raises)."""
    if not text or len(text) > MAX_JSON_CHARS:
        return None
    text = text.strip()
    if text.startswith("<!--"):
        text = text[4:].rsplit("-->", 1)[0]
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None


def parse_tree(data: bytes):
    """The lxml tree of an HTML page's bytes (the parser this package reads pages with), or
    None when nothing in it can be parsed."""
    try:
        return lxml.html.document_fromstring(data, parser=_PARSER)
    except (etree.ParserError, ValueError, TypeError):
        return None


class Document:
    """One parsed page plus what the URL said about it (domain, marketplace)."""

    def __init__(self, root, html: str, domain: str | None = None, host: str | None = None):
        self.root = root
        self.html = html
        self.domain = domain
        self.host = host

    @classmethod
    def parse(cls, html: str, domain: str | None = None, host: str | None = None):
        """The Document for html, or None when nothing in it can be parsed."""
        if not html or not isinstance(html, str):
            return None
        html = html[:MAX_HTML_CHARS]
        # Lone surrogates (legal in JSON strings) and NULs would stop the parser.
        root = parse_tree(html.encode("utf-8", "replace").replace(b"\x00", b""))
        return cls(root, html, domain, host) if root is not None else None

    # -- lookups ---------------------------------------------------------------

    def xpath(self, expression: str, element=None) -> list:
        """Results of an XPath from the root (or element); [] on any error."""
        try:
            return xpath_of(expression)(self.root if element is None else element)
        except (etree.XPathError, ValueError, TypeError):
            return []

    def first(self, expression: str, element=None):
        """The first result of an XPath, or None."""
        found = self.xpath(expression, element)
        return found[0] if found else None

    def by_id(self, element_id: str) -> list:
        """[the element with this id] or [].

        XPath's id() reads the parser's id table: a hash lookup, where
        //*[@id='x'] would walk the whole tree. Of repeated ids (Amazon repeats
        some per offer) the table keeps the first, which is the one on show.
        """
        try:
            return _BY_ID(self.root, id=element_id)
        except (etree.XPathError, ValueError, TypeError):
            return []

    def first_id(self, *element_ids: str):
        """The element carrying the first of these ids that the page has."""
        for element_id in element_ids:
            found = self.by_id(element_id)
            if found:
                return found[0]
        return None

    @cached_property
    def _meta(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for element in self.xpath("//meta[@content]"):
            key = element.get("property") or element.get("name") or element.get("itemprop")
            if key:
                found.setdefault(key.strip().lower(), element.get("content"))
        return found

    def meta(self, *keys: str) -> str | None:
        """The content of the first meta tag (property, name or itemprop) among keys."""
        for key in keys:
            value = clean_text(self._meta.get(key))
            if value:
                return value
        return None

    @property
    def canonical_url(self) -> str | None:
        """The page's own address as it declares it (link rel=canonical, og:url)."""
        link = self.first("//link[@rel='canonical']/@href")
        return clean_text(link, 2048) or self.meta("og:url")

    @cached_property
    def json_ld(self) -> list:
        """Every JSON-LD block that parses, in document order."""
        blocks = []
        scripts = [script for script in self.xpath("//script[@type]")
                   if "ld+json" in script.get("type").lower()]
        for script in scripts[:MAX_JSON_SCRIPTS]:
            data = load_json(script.text)
            if data is not None:
                blocks.append(data)
        return blocks

    def script_json(self, script_id: str):
        """The JSON inside <script id=script_id> (Next.js's __NEXT_DATA__), or None."""
        script = self.first_id(script_id)
        return load_json(script.text) if script is not None and script.tag == "script" else None

    def mentions(self, *words: str) -> bool:
        """Whether the raw HTML contains any of words: a cheap test before an XPath scan."""
        return any(word in self.html for word in words)

    @cached_property
    def _itemprops(self) -> dict[str, list]:
        by_name: dict[str, list] = {}
        if "itemprop" in self.html:
            for element in self.xpath("//*[@itemprop]"):
                for name in (element.get("itemprop") or "").split():
                    by_name.setdefault(name, []).append(element)
        return by_name

    def by_itemprop(self, name: str) -> list:
        """Every element with this microdata itemprop, in document order."""
        return self._itemprops.get(name, [])

    def search(self, pattern: re.Pattern, anchor: str, window: int = 4000, before: int = 0):
        """A regex match near the first occurrence of anchor in the raw HTML, or None.

        For values pages keep only in inline JSON. Finding the literal anchor
        first is several times faster than letting the regex scan a big page.
        """
        found = self.html.find(anchor)
        if found < 0:
            return None
        return pattern.search(self.html, max(0, found - before), found + window)

    # -- text ------------------------------------------------------------------

    @staticmethod
    def text(element, limit: int = 500) -> str | None:
        """The element's visible text, whitespace collapsed; None if empty."""
        if element is None:
            return None
        if isinstance(element, str):
            return clean_text(element, limit)
        pieces = []
        size = 0
        for piece in xpath_of(_VISIBLE_TEXT)(element):
            pieces.append(piece)
            size += len(piece)
            if size > limit * 4:
                break
        return clean_text("".join(pieces), limit)

    @staticmethod
    def own_text(element, limit: int = 500) -> str | None:
        """Only the text directly inside element, not inside its child elements."""
        if element is None:
            return None
        pieces = [element.text or ""] + [child.tail or "" for child in element]
        return clean_text("".join(pieces), limit)

    def first_text(self, *expressions: str, limit: int = 500) -> str | None:
        """The first non-empty text among the XPaths' results."""
        for expression in expressions:
            for found in self.xpath(expression)[:5]:
                text = self.text(found, limit)
                if text:
                    return text
        return None

    def first_text_in(self, element, expressions, limit: int = 500) -> str | None:
        """The first non-empty text among the XPaths' results under element."""
        for expression in expressions:
            for found in self.xpath(expression, element)[:5]:
                text = self.text(found, limit)
                if text:
                    return text
        return None
