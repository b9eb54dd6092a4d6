"""Factories: valid data with defaults, so a test says only what matters to it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskClient

from eventdesk.extensions import db
from eventdesk.models import (
    Delegate,
    Event,
    Invitation,
    Language,
    Mode,
    Organisation,
    OrganisationKind,
    Role,
    Staff,
    Status,
)
from eventdesk.staff import service as staff_service

PASSWORD = "correct horse battery"


def make_staff(role: str = "organiser", email: str | None = None, password: str = PASSWORD) -> Staff:
    return staff_service.create(email or f"{role}-{uuid.uuid4().hex[:6]}@eventdesk.test", role,
                                name=f"Test {role}", password=password)


def event_day(timezone: str = "Asia/Shanghai") -> tuple[datetime, datetime]:
    """09:30–17:30 local, 14 days after today's date in `timezone`: one day wherever the wall clock stands."""
    zone = ZoneInfo(timezone)
    day = datetime.now(zone).date() + timedelta(days=14)
    return (datetime.combine(day, time(9, 30), zone).astimezone(UTC),
            datetime.combine(day, time(17, 30), zone).astimezone(UTC))


def make_event(slug: str = "ceremony", **fields: Any) -> Event:
    timezone = fields.get("timezone", "Asia/Shanghai")
    start, end = event_day(timezone)
    start = fields.get("starts_at", start)  # the RSVP deadline follows a start given by the test
    values: dict[str, Any] = {
        "title": "中日地方合作推介会", "titles": {"zh": "中日地方合作推介会", "ja": "日中地方協力推進会",
                                                 "en": "China–Japan Regional Cooperation Promotion"},
        "timezone": timezone, "starts_at": start, "ends_at": end,
        "rsvp_deadline": start - timedelta(hours=72), "venue": "Chengdu Hi-tech Zone Exhibition Centre",
        "venue_address": "天府大道中段1号, 成都", "latitude": 30.5728, "longitude": 104.0668,
        "capacity": 400, "online_url": "https://meet.example.org/ceremony",
        "organiser_name": "Protocol Office", "organiser_email": "protocol@eventdesk.test",
        "schedule_sequence": 0, "exchange_rates": {}, "open_registration": False,
    }
    values.update(fields)
    event = Event(slug=slug, **values)
    db.session.add(event)
    db.session.commit()
    return event


def make_organisation(name: str = "四川省商务厅", **fields: Any) -> Organisation:
    org = db.session.query(Organisation).filter_by(name=name).one_or_none()
    if org is None:
        org = Organisation(name=name, name_latin=fields.pop("name_latin", "Sichuan Department of Commerce"),
                           kind=fields.pop("kind", OrganisationKind.GOVERNMENT),
                           country=fields.pop("country", "CN"), **fields)
        db.session.add(org)
        db.session.flush()
    return org


def make_delegate(name: str = "山田 太郎", latin: str = "Taro YAMADA", language: str = "ja",
                  email: str | None = None, organisation: Organisation | None = None,
                  role: str = "delegate", **fields: Any) -> Delegate:
    family, _, given = name.partition(" ")
    given_latin, _, family_latin = latin.partition(" ")
    delegate = Delegate(email=(email or f"{uuid.uuid4().hex[:8]}@example.jp").lower(), family_name=family,
                        given_name=given or None, family_name_latin=family_latin.title() or None,
                        given_name_latin=given_latin or None, language=Language(language), role=Role(role),
                        organisation=organisation or make_organisation(), **fields)
    db.session.add(delegate)
    db.session.commit()
    return delegate


def make_invitation(event: Event, delegate: Delegate | None = None, status: str = "invited",
                    mode: str | None = None, **fields: Any) -> Invitation:
    invitation = Invitation(event=event, delegate=delegate or make_delegate(), status=Status(status),
                            mode=Mode(mode) if mode else None, details={}, sequence=0, **fields)
    db.session.add(invitation)
    db.session.commit()
    return invitation


def signed_in(app: Flask, staff: Staff) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = staff.get_id()
        session["_fresh"] = True
    return client


def bearer(staff: Staff) -> dict[str, str]:
    return {"Authorization": f"Bearer {staff_service.issue_token(staff)}"}


def sign_in_page(page: Any, server: Any, staff: Staff, password: str = PASSWORD) -> None:
    """Sign in through the real form, as staff do."""
    page.goto(f"{server.url}/login")
    page.get_by_label("E-mail").fill(staff.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
