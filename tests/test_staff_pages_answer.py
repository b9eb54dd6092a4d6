"""Any address a visitor types gets a page: query arguments never reach url_for's own arguments, and the error
page itself never fails into a bare 500."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from eventdesk import web


@pytest.mark.parametrize("query", ["_method=DELETE", "_external=1", "_anchor=x", "_scheme=javascript",
                                   "endpoint=auth.logout", "values=1"])
def test_a_visitor_opens_the_sign_in_page_with_odd_query_arguments(app: Flask, client: FlaskClient,
                                                                   query: str) -> None:
    page = client.get(f"/login?{query}&next=/")
    assert page.status_code == 200 and "Staff sign-in" in page.text
    # The language links keep the visitor's arguments as plain query arguments.
    assert f'href="/login?{query}&amp;next=%2F&amp;lang=zh"' in page.text


def test_a_visitor_switches_language_on_a_page_with_arguments(app: Flask, client: FlaskClient) -> None:
    page = client.get("/login?next=/events&lang=en")
    assert 'href="/login?next=%2Fevents&amp;lang=ja"' in page.text


def test_a_failing_page_still_answers_with_the_sites_error_page(app: Flask, client: FlaskClient,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(code: str) -> str:
        raise RuntimeError("the layout cannot be drawn")

    monkeypatch.setattr(web, "url_with_lang", broken)
    answer = client.get("/login")
    assert answer.status_code == 500
    assert answer.mimetype == "text/html" and '<a href="/">eventdesk</a>' in answer.text
    assert "error in the application" in answer.text


def test_no_page_answers_a_server_error_to_url_fors_own_arguments(app: Flask, organiser_client: FlaskClient) -> None:
    query = "_method=DELETE&_external=1&_anchor=x&_scheme=ftp&page=2"
    paths = [rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods and not rule.arguments]
    for client in (app.test_client(), organiser_client):
        for path in paths:
            assert client.get(f"{path}?{query}").status_code < 500, path
