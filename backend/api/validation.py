"""Reading request bodies and fields; every failure names the field it is about."""

import math
import re

from flask import current_app, request

from ..check import CheckRequest
from ..errors import InvalidInput, UnsupportedMediaType
from ..page import Price
from ..urls import InvalidUrl, canonicalize

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def json_body() -> dict:
    """The request's JSON object; 415 if it is not JSON, 400 if malformed."""
    if not request.is_json:
        raise UnsupportedMediaType("Send the body as JSON (Content-Type: application/json).")
    try:
        body = request.get_json(silent=True)
        if body is None:
            raise InvalidInput("The body is not valid JSON.", code="malformed_json")
        if not isinstance(body, dict):
            raise InvalidInput("The body must be a JSON object.")
        return _well_formed(body)
    except RecursionError:
        # Arrays in arrays a thousand deep: the parser (and _well_formed) give up.
        raise InvalidInput("The body is nested too deeply.") from None


def _well_formed(value):
    """value with lone surrogates (JSON escapes such as \\ud800) replaced by U+FFFD.

    They are not text UTF-8 can hold, so SQLite and the extractors fail on them; yet a
    client that cuts a string by UTF-16 units (as the extension cuts titles) sends one
    whenever the cut splits an emoji. U+FFFD is what a browser's own encoder makes of it.
    """
    if isinstance(value, str):
        if value.isascii():
            return value
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return _LONE_SURROGATE.sub("\ufffd", value)
        return value
    if isinstance(value, dict):
        return {_well_formed(key): _well_formed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_well_formed(item) for item in value]
    return value


def url_field(body: dict, field: str = "url", required: bool = True) -> str | None:
    """An http(s) URL of at most MAX_URL_LENGTH characters."""
    value = body.get(field)
    if value is None or value == "":
        if required:
            raise InvalidInput(f"`{field}` is required.")
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"`{field}` must be a string.")
    limit = current_app.config["MAX_URL_LENGTH"]
    if len(value) > limit:
        raise InvalidInput(f"`{field}` is longer than {limit} characters.")
    try:
        canonicalize(value)
    except InvalidUrl:
        raise InvalidInput(f"`{field}` must be an absolute http(s) URL.") from None
    return value.strip()


def text_field(body: dict, field: str, limit: int, required: bool = False) -> str | None:
    """A string of at most limit characters; None when absent or empty."""
    value = body.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput(f"`{field}` is required.")
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"`{field}` must be a string.")
    if len(value) > limit:
        raise InvalidInput(f"`{field}` is longer than {limit} characters.")
    return value.strip()


def choice_field(body: dict, field: str, choices: tuple[str, ...], required: bool = True):
    """One of choices."""
    value = body.get(field)
    if value is None and not required:
        return None
    if value not in choices:
        raise InvalidInput(f"`{field}` must be one of: {', '.join(choices)}.")
    return value


def seller_field(body: dict) -> tuple[str | None, str | None]:
    """(id, name) from the optional `seller` object."""
    seller = body.get("seller")
    if seller is None:
        return None, None
    if not isinstance(seller, dict):
        raise InvalidInput("`seller` must be an object with `id` and/or `name`.")
    unknown = sorted(set(seller) - {"id", "name"})
    if unknown:
        raise InvalidInput(f"`seller` has unknown field(s): {', '.join(unknown)}.")
    seller_id = text_field(seller, "id", 200)
    name = text_field(seller, "name", 300)
    return seller_id, name


def price_field(body: dict) -> Price | None:
    """The optional `price` object: a non-negative finite amount and an ISO 4217 code."""
    price = body.get("price")
    if price is None:
        return None
    if not isinstance(price, dict):
        raise InvalidInput("`price` must be an object with `amount` and `currency`.")
    amount = price.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, (int, float)):
        raise InvalidInput("`price.amount` must be a number.")
    # Bounds first: math.isfinite cannot take an int too large for a float (10**400).
    if amount < 0 or amount > 1e12 or not math.isfinite(amount):
        raise InvalidInput("`price.amount` must be a non-negative finite number.")
    currency = price.get("currency")
    if not isinstance(currency, str) or not _CURRENCY.match(currency.strip().upper()):
        raise InvalidInput("`price.currency` must be a three-letter ISO 4217 code.")
    return Price(float(amount), currency.strip().upper())


def html_field(body: dict) -> str | None:
    """The optional page snapshot, at most MAX_HTML_BYTES of UTF-8."""
    html = body.get("html")
    if html is None:
        return None
    if not isinstance(html, str):
        raise InvalidInput("`html` must be a string.")
    limit = current_app.config["MAX_HTML_BYTES"]
    # Cheap bound first: a str of n characters is at least n bytes in UTF-8.
    if len(html) > limit or len(html.encode("utf-8")) > limit:
        raise InvalidInput(
            f"`html` is larger than {limit // (1024 * 1024)} MB.", code="payload_too_large",
            status=413,
        )
    return html


def page_fields(body: dict) -> CheckRequest:
    """The page a check or a report is about: url, title, seller, price, brand, html."""
    seller_id, seller_name = seller_field(body)
    return CheckRequest(
        url=url_field(body),
        title=text_field(body, "title", 1000),
        seller_id=seller_id,
        seller_name=seller_name,
        price=price_field(body),
        brand=text_field(body, "brand", 100),
        html=html_field(body),
    )
