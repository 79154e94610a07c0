"""Every error kind comes out in the contract's one shape: {"error": {"code", "message"}}."""

import json

import pytest


def assert_error_shape(response, status):
    assert response.status_code == status
    assert response.is_json
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"].replace("_", "").isalnum()
    assert body["error"]["code"] == body["error"]["code"].lower()
    assert body["error"]["message"].strip()
    return body["error"]


def test_unknown_route_is_404_in_error_shape(client):
    assert_error_shape(client.get("/api/v1/no-such-thing"), 404)
    assert_error_shape(client.get("/"), 404)


def test_wrong_method_is_405_in_error_shape_with_allow_header(client):
    response = client.delete("/api/v1/check")
    assert_error_shape(response, 405)
    assert "POST" in response.headers["Allow"]
    assert_error_shape(client.post("/api/v1/health"), 405)


def test_malformed_json_is_400(client):
    response = client.post("/api/v1/check", data="{not json", content_type="application/json")
    error = assert_error_shape(response, 400)
    assert "JSON" in error["message"]


def test_non_json_body_is_415(client):
    response = client.post("/api/v1/check", data="url=https://x.com", content_type="text/plain")
    assert_error_shape(response, 415)
    assert_error_shape(client.post("/api/v1/check"), 415)


def test_body_over_the_limit_is_413(app, client):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = client.post("/api/v1/check", data=json.dumps({"url": "https://a.com", "html": big}),
                           content_type="application/json")
    assert_error_shape(response, 413)


def test_html_snapshot_over_2_mb_is_413(app, client):
    html = "é" * (app.config["MAX_HTML_BYTES"] // 2 + 10)  # under the body limit, over 2 MB
    body = json.dumps({"url": "https://a.com", "html": html}, ensure_ascii=False).encode()
    assert len(body) < app.config["MAX_CONTENT_LENGTH"]
    response = client.post("/api/v1/check", data=body, content_type="application/json")
    error = assert_error_shape(response, 413)
    assert "html" in error["message"]


@pytest.mark.parametrize("body, field", [
    ({}, "url"),
    ({"url": ""}, "url"),
    ({"url": 42}, "url"),
    ({"url": "ftp://example.com/x"}, "url"),
    ({"url": "not a url"}, "url"),
    ({"url": "https://a.com/" + "x" * 2100}, "url"),
    ({"url": "https://a.com", "title": 5}, "title"),
    ({"url": "https://a.com", "title": "t" * 1001}, "title"),
    ({"url": "https://a.com", "seller": "bob"}, "seller"),
    ({"url": "https://a.com", "seller": {"id": 7}}, "id"),
    ({"url": "https://a.com", "seller": {"nick": "x"}}, "seller"),
    ({"url": "https://a.com", "price": 12}, "price"),
    ({"url": "https://a.com", "price": {"amount": "12", "currency": "USD"}}, "price.amount"),
    ({"url": "https://a.com", "price": {"amount": -1, "currency": "USD"}}, "price.amount"),
    ({"url": "https://a.com", "price": {"amount": True, "currency": "USD"}}, "price.amount"),
    ({"url": "https://a.com", "price": {"amount": 10**400, "currency": "USD"}}, "price.amount"),
    ({"url": "https://a.com", "price": {"amount": 1, "currency": "dollars"}}, "price.currency"),
    ({"url": "https://a.com", "brand": ["x"]}, "brand"),
    ({"url": "https://a.com", "html": 12}, "html"),
])
def test_invalid_field_is_400_naming_the_field(client, body, field):
    error = assert_error_shape(client.post("/api/v1/check", json=body), 400)
    assert field in error["message"]


def test_json_that_is_not_an_object_is_400(client):
    assert_error_shape(client.post("/api/v1/check", json=["https://a.com"]), 400)


def test_get_check_without_url_is_400(client):
    error = assert_error_shape(client.get("/api/v1/check"), 400)
    assert "url" in error["message"]


def test_nan_price_is_400_not_500(client):
    response = client.post("/api/v1/check", data='{"url": "https://a.com", "price": '
                           '{"amount": NaN, "currency": "USD"}}', content_type="application/json")
    assert_error_shape(response, 400)


def test_json_nested_too_deeply_is_400_not_500(client):
    for body in ("[" * 5000 + "]" * 5000, '{"url": ' + "[" * 900 + "]" * 900 + "}"):
        response = client.post("/api/v1/check", data=body, content_type="application/json")
        assert_error_shape(response, 400)


@pytest.mark.parametrize("path, status, named", [
    ("/api/v1/entries/99999999999999999999", 404, None),
    ("/api/v1/brands/99999999999999999999", 404, None),
    ("/api/v1/rules/99999999999999999999", 404, None),
    ("/api/v1/entries?cursor=99999999999999999999", 400, "cursor"),
    ("/api/v1/entries?offset=99999999999999999999", 400, "offset"),
    ("/api/v1/review/queue?offset=99999999999999999999", 400, "offset"),
    ("/api/v1/audit?cursor=99999999999999999999", 400, "cursor"),
    ("/api/v1/changes?since=99999999999999999999", 400, "since"),
])
def test_integers_beyond_sqlite_are_4xx_not_500(client, make_token, path, status, named):
    error = assert_error_shape(client.get(path, headers=make_token()), status)
    assert named is None or f"`{named}`" in error["message"]


def test_lone_surrogates_become_replacement_characters_not_500(client, make_token):
    # What the extension sends when slicing a title cuts an emoji in half.
    title = '"Watch \\ud83d"'
    checked = client.post("/api/v1/check", content_type="application/json",
                          data='{"url": "https://a.com", "seller": {"id": "\\udc00"}, '
                               f'"title": {title}}}')
    assert checked.status_code == 200
    assert checked.get_json()["page"]["title"] == "Watch \ufffd"
    reported = client.post("/api/v1/reports", content_type="application/json",
                           data=f'{{"url": "https://a.com", "reason": "other", "title": {title}}}')
    assert reported.status_code == 201
    entry = client.post("/api/v1/entries", headers=make_token(), content_type="application/json",
                        data='{"kind": "domain", "key": "a.com", "status": "counterfeit", '
                             '"evidence_level": "pattern", "note": "\\ud800"}')
    assert entry.status_code == 201 and entry.get_json()["note"] == "\ufffd"


def test_unexpected_exception_is_500_in_error_shape(app, client, monkeypatch):
    from backend import check

    def explode(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(check, "run", explode)
    app.logger.disabled = True
    error = assert_error_shape(client.get("/api/v1/check?url=https://a.com"), 500)
    assert "boom" not in error["message"]
