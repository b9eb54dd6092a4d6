"""Every page of the app passes axe-core's WCAG 2 A and AA rules in Chromium, in Chinese, Japanese and English:
organiser, door, clerk and delegate pages, the live board, error pages and the sign-in page, with forms in their
error state and the door showing an answer. The pages are read from the app's own routes, so a page added later
is checked too. axe-core is vendored in tests/vendor/axe-core (MPL-2.0) and injected by the test alone: the app
never serves it, and its CSP (no inline scripts) stays on."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from eventdesk.badges import service as badges
from eventdesk.door import service as door
from eventdesk.models import Mode
from eventdesk.rsvp import registration
from eventdesk.signing import service as signing
from tests.conftest import sqlite_leg_only
from tests.factories import make_delegate, make_event, make_invitation, make_staff, sign_in_page
from tests.signing_factories import guest, jetro, make_agreement, sichuan

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
RUN_AXE = """async () => {
  // Colours are judged as they end up, not halfway through an entrance animation.
  await Promise.all(document.getAnimations().filter(a => a.effect.getComputedTiming().endTime !== Infinity)
                                            .map(a => a.finished.catch(() => null)));
  const result = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]},
                                          resultTypes: ["violations"], preload: false});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").split("\\n")[1])}));
}"""
NOT_VISITED = {"static"}  # the app's files, not pages
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?(\w+)>")


def seed() -> dict[str, Any]:
    """One event with something in every list, and a value for each argument a page's address takes."""
    event = make_event(open_registration=True)
    sichuan_guest = guest(event, "王 芳", "Fang WANG", sichuan(), email="wang@example.cn")
    japanese_guest = guest(event, "佐藤 健", "Ken SATO", jetro(), language="ja", email="sato@example.jp")
    signed = make_agreement(event, "CJ-01", titles={"zh": "新能源电池工厂项目", "ja": "EV電池工場",
                                                   "en": "EV battery plant"},
                            signatories=[(sichuan_guest.delegate, False), (japanese_guest.delegate, False)])
    make_agreement(event, "CJ-02", title="Port logistics", amount="86000000", currency="JPY")
    signing.postpone(make_agreement(event, "CJ-03", title="Tourism exchange", amount=None))
    for invitation in (sichuan_guest, japanese_guest):
        door.scan(event, badges.code_for(badges.issue(invitation)), door="North door", staff=None)
    signing.sign(signed, "in_person")
    invited = make_invitation(event, make_delegate("山田 花子", "Hanako YAMADA"), proposed_mode=Mode.IN_PERSON)
    tokens = [invited.token, sichuan_guest.token]
    for status, mode in (("accepted", "online"), ("declined", None), ("waiting", "in_person")):
        tokens.append(make_invitation(event, make_delegate(language="en"), status=status, mode=mode).token)
    registration.request_place(event, {"email": "li@example.cn", "family_name": "李", "given_name": "雷",
                                       "organisation": "成都市投资促进局", "language": "zh", "mode": "in_person"},
                               "192.0.2.1")
    return {"slug": event.slug, "token": invited.token, "tokens": tokens, "invitation_id": invited.id,
            "ref": "CJ-01", "request_id": 1, "document_id": 1, "kind": "pdf", "format": "pdf",
            "badge": badges.code_for(badges.issue(make_invitation(event, status="accepted", mode="in_person")))}


def page_addresses(app: Flask, values: dict[str, Any]) -> list[str]:
    """Every GET route of the app with sample arguments; those answering something other than HTML are skipped
    when visited, so a new page needs nothing here unless its address takes an argument not seen before."""
    addresses = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_VISITED or rule.rule.startswith(("/api/", "/i/")):
            continue
        unknown = {name for name in rule.arguments if name not in values and not name.endswith("_id")}
        assert not unknown, f"{rule.rule}: give a sample value for {unknown} in seed()"
        addresses.append(ARGUMENT.sub(lambda m: str(values.get(m[1], 1)), rule.rule))  # ids: 1, or its 404
    return sorted(set(addresses))


def delegate_addresses(app: Flask, values: dict[str, Any]) -> list[str]:
    """A delegate's page for a guest in each state of the answer, and their other pages (every route under /i/)
    for a guest who has not answered and one who attends in person."""
    routes = [rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/i/") and "GET" in rule.methods]
    return [f"/i/{token}" for token in values["tokens"]] + [
        ARGUMENT.sub(lambda m, token=token: str({**values, "token": token}.get(m[1], 1)), route)
        for token in values["tokens"][:2] for route in sorted(routes) if route != "/i/<token>"]


def with_language(address: str, language: str) -> str:
    return f"{address}{'&' if '?' in address else '?'}lang={language}"


class Checker:
    """Runs axe on the page in the tab, collecting violations by page."""

    def __init__(self, page: Any, base: str, language: str) -> None:
        self.page, self.base, self.language, self.found = page, base, language, []

    def visit(self, address: str) -> None:
        url = self.base + with_language(address, self.language)
        if not self.page.request.get(url).headers.get("content-type", "").startswith("text/html"):
            return  # a file, a feed or JSON: not a page (and a download would stop the tab's navigation)
        self.page.goto(url)
        self.check(address)

    def check(self, label: str) -> None:
        self.page.evaluate(AXE)  # through the DevTools protocol, which the page's CSP does not govern
        for violation in self.page.evaluate(RUN_AXE):
            self.found.append(f"{label} [{self.language}] {violation['id']} ({violation['impact']}): "
                              f"{violation['help']}\n      " + "\n      ".join(violation["nodes"]))


@sqlite_leg_only
@pytest.mark.parametrize("language", ["zh", "ja", "en"])
def test_every_page_passes_the_accessibility_rules(app: Flask, live_server, chromium, language: str) -> None:
    values = seed()
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    try:
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        checker = Checker(tab, live_server.url, language)
        # Signed out: the sign-in page (also sent empty), a 404, the delegate pages.
        checker.visit("/login")
        tab.get_by_role("button").last.click()
        checker.check("/login (sent empty)")
        checker.visit("/no-such-page")
        for address in delegate_addresses(app, values):
            checker.visit(address)
        tab.goto(f"{live_server.url}/i/{values['token']}")
        tab.locator(".rsvp-form button[type=submit]").click()
        checker.check("/i/<token> (no answer chosen)")
        # Door staff: a page they may not open. (Signing in goes through the English form: a fresh session.)
        context.clear_cookies()
        sign_in_page(tab, live_server, make_staff("door", f"door-{language}@venue.example"))
        checker.visit("/events/ceremony/guests")
        context.clear_cookies()
        # An organiser: every page.
        sign_in_page(tab, live_server, make_staff("organiser", f"lin-{language}@protocol.example"))
        for address in page_addresses(app, values):
            checker.visit(address)
        for address, button in (("/events/ceremony/guests/new", "form.guest-form button[type=submit]"),
                                ("/events/ceremony/door/choose", "#door-choose-form button[type=submit]")):
            tab.goto(with_language(live_server.url + address, language))
            tab.locator(button).first.click()
            tab.wait_for_load_state()
            checker.check(f"{address} (sent empty)")
        # The door: the scanner's answer and the lookup's list, on a held clock so the answer stays up.
        tab.clock.install()
        tab.locator("#door-name").fill("North door")
        tab.locator("#door-choose-form button[type=submit]").click()
        tab.wait_for_url("**/events/ceremony/door")
        tab.locator("#scanner-input").fill(values["badge"])
        tab.locator("#scanner-input").press("Enter")
        tab.locator("#result.result-green").wait_for()
        tab.locator("#lookup-input").fill("王")
        tab.locator("#lookup-input").press("Enter")
        tab.locator("#lookup-list li").first.wait_for()
        checker.check("/events/ceremony/door (answer shown)")
    finally:
        context.close()
    assert not checker.found, f"{len(checker.found)} accessibility problems:\n" + "\n".join(checker.found)
