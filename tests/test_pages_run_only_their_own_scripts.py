"""Pages run only the site's own script files: every HTML answer's Content-Security-Policy allows scripts from
'self' alone (no 'unsafe-inline', no 'unsafe-eval'), no page or template carries an inline script or an inline
event handler, and Chromium reports no violation of the policy on the pages that run scripts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from eventdesk.extensions import db
from eventdesk.models import Agreement
from eventdesk.paths import TEMPLATES
from eventdesk.signing import documents
from tests.factories import make_staff, sign_in_page, signed_in
from tests.route_walk import World, build_world, paths

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def world(app: Flask) -> World:
    return build_world()


class InlineScripts(HTMLParser):
    """Collects what a policy without 'unsafe-inline' would block: script elements with a body and no src
    (JSON data blocks are not run, so they may stay), on* attributes, and javascript: addresses."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._open_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "script" and "src" not in named and named.get("type") != "application/json":
            self._open_script = f"<script {named}>"

    def handle_data(self, data: str) -> None:
        if self._open_script and data.strip():
            self.found.append(self._open_script + data.strip()[:60])

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open_script = None


def inline_scripts(html: str) -> list[str]:
    parser = InlineScripts()
    parser.feed(html)
    return parser.found


def script_sources(policy: str) -> list[str]:
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    return directives.get("script-src", directives.get("default-src", ["*"]))


def test_every_page_allows_only_the_sites_own_scripts(app: Flask, world: World) -> None:
    organiser = signed_in(app, world.staff["organiser"])
    with organiser.session_transaction() as cookie:
        cookie["doors"] = {"ceremony": "North door"}  # so the door scanner opens, not the door chooser
    pages = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        for path in paths(rule, world, "organiser"):
            answer = organiser.get(path)
            if answer.mimetype != "text/html":
                continue
            pages += 1
            assert script_sources(answer.headers["Content-Security-Policy"]) == ["'self'"], path
            assert inline_scripts(answer.get_data(as_text=True)) == [], path
    assert pages > 30  # the walk reached the pages


def test_error_pages_allow_only_the_sites_own_scripts(app: Flask, client: Any) -> None:
    for path in ("/no-such-page", "/events/nowhere/board", "/i/" + "A" * 43):
        answer = client.get(path)
        assert answer.status_code == 404 and answer.mimetype == "text/html"
        assert script_sources(answer.headers["Content-Security-Policy"]) == ["'self'"]
        assert inline_scripts(answer.get_data(as_text=True)) == []


@pytest.mark.parametrize("template", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")))
def test_no_template_carries_an_inline_script_or_handler(template: str) -> None:
    """Also the pages and states the walk above does not reach (form errors, mails are not pages but may
    carry no script either)."""
    source = (TEMPLATES / template).read_text(encoding="utf-8")
    # Jinja's own syntax may nest quotes inside an attribute: each expression stands for a value, tags for nothing.
    html = re.sub(r"{#.*?#}|{%.*?%}", "", re.sub(r"{{.*?}}", "x", source, flags=re.S), flags=re.S)
    assert inline_scripts(html) == []


def test_a_signed_documents_image_is_shown_with_nothing_else_allowed(app: Flask, world: World) -> None:
    agreement = db.session.scalars(select(Agreement).where(Agreement.ref == "CJ-01")).one()
    image = documents.attach(agreement, "signed.png", PNG)
    answer = signed_in(app, world.staff["clerk"]).get(f"/events/ceremony/agreements/CJ-01/documents/{image.id}")
    assert answer.status_code == 200 and answer.mimetype == "image/png"
    policy = answer.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy


VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def test_chromium_reports_no_policy_violation_on_the_pages_that_run_scripts(app: Flask, world: World,
                                                                          live_server: Any, page: Any) -> None:
    page.add_init_script(VIOLATIONS)
    token = world.values["token"]
    for path in (f"/i/{token}", f"/i/{token}/join", "/events/ceremony/board"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__violations") == [], path
    sign_in_page(page, live_server, make_staff("organiser", "lin@protocol.example"))
    page.goto(f"{live_server.url}/events/ceremony/door/choose")
    page.get_by_label("Door name").fill("North door")
    page.get_by_role("button", name="Open the scanner").click()
    page.wait_for_url(f"{live_server.url}/events/ceremony/door")
    for path in ("/events/ceremony/door", "/events/ceremony/door/dashboard", "/events/ceremony/signing",
                 "/events/ceremony/invitations", "/events/ceremony/guests", "/events/ceremony/dashboard"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__violations") == [], path
