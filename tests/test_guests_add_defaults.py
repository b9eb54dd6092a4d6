"""'Add a guest' starts from safe choices: the role is delegate, the kind of a new organisation is asked for rather
than assumed "Other", and the country is chosen by its name in the page's language."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import expect
from sqlalchemy import select

from eventdesk.extensions import db
from eventdesk.models import Delegate, Organisation, OrganisationKind, Role
from tests.factories import make_event, make_staff, sign_in_page


def selected(page: str, name: str) -> str:
    select_html = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    chosen = re.search(r'<option selected value="([^"]*)"', select_html)
    return chosen.group(1) if chosen else ""  # none selected: the browser shows the first, blank, option


def test_the_form_starts_as_a_delegate_with_no_kind_and_countries_by_name(app: Flask,
                                                                          organiser_client: FlaskClient) -> None:
    make_event()
    page = organiser_client.get("/events/ceremony/guests/new?lang=en").text
    assert selected(page, "role") == "delegate"
    assert selected(page, "organisation_kind") == "" and ">Choose…</option>" in page
    assert '<option value="JP">Japan</option>' in page
    assert '<option value="JP">日本</option>' in organiser_client.get("/events/ceremony/guests/new?lang=ja").text
    assert '<option value="KR">韩国</option>' in organiser_client.get("/events/ceremony/guests/new?lang=zh").text


def test_a_new_organisation_needs_its_kind_and_nothing_is_written_without(app: Flask,
                                                                          organiser_client: FlaskClient) -> None:
    make_event()
    page = organiser_client.get("/events/ceremony/guests/new?lang=zh").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    values = {"csrf_token": token, "email": "sato@example.jp", "family_name": "佐藤",
              "organisation": "株式会社サンプル", "organisation_kind": "", "country": "JP", "language": "ja",
              "role": "delegate", "mode": ""}
    refused = organiser_client.post("/events/ceremony/guests/new", data=values)
    assert refused.status_code == 400 and "请选择这个新机构的类型。" in refused.text
    assert db.session.scalar(select(Delegate)) is None and db.session.scalar(select(Organisation)) is None
    added = organiser_client.post("/events/ceremony/guests/new", data=values | {"organisation_kind": "corporate"})
    assert added.status_code == 302
    organisation = db.session.scalar(select(Organisation))
    assert (organisation.kind, organisation.country) == (OrganisationKind.CORPORATE, "JP")
    assert db.session.scalar(select(Delegate.role)) == Role.DELEGATE


def test_organiser_adds_a_guest_choosing_japan_by_name(app: Flask, live_server, page) -> None:
    organiser = make_staff("organiser", "lin@protocol.example")
    make_event()
    sign_in_page(page, live_server, organiser)
    page.goto(f"{live_server.url}/events/ceremony/guests/new")
    expect(page.get_by_label("Role")).to_have_value("delegate")
    page.get_by_label("E-mail").fill("sato@example.jp")
    page.get_by_label("Family name (native script)").fill("佐藤")
    page.get_by_label("Organisation", exact=True).fill("株式会社サンプル")
    page.get_by_label("Country").select_option(label="Japan")
    page.get_by_role("button", name="Add to the guest list").click()
    expect(page.get_by_text("Choose the kind of this new organisation.")).to_be_visible()
    page.get_by_label("Kind of organisation").select_option(label="Company")
    page.get_by_role("button", name="Add to the guest list").click()
    expect(page.get_by_text("佐藤 is on the guest list.")).to_be_visible()
    expect(page.locator("table.guests")).to_contain_text("JP")
