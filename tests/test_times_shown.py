"""Delegates and organisers read an event's times as their language writes them, whatever the span: one
across midnight, one over three days, one through the spring DST change, in English, Chinese and Japanese,
on the personal page, in the mails, in the calendar file and from the command line; a guest abroad reads the
date of their own day; zones without a place are named; calendar files stay right after 2037; the audit log
takes any date."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject
from dateutil import tz
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from time_machine import TimeMachineFixture

from eventdesk import audit
from eventdesk.extensions import db
from eventdesk.mail import sender
from eventdesk.models import Event, ProgrammeItem
from eventdesk.rsvp import dates
from tests.factories import make_delegate, make_event, make_invitation, make_organisation
from tests.rsvp_steps import answer, calendar_part, open_page
from tests.test_badges_printing import batch_pdf, needs_poppler, pdf_tool
from tests.test_signing_report import pdf_text

SHANGHAI, MADRID = ZoneInfo("Asia/Shanghai"), ZoneInfo("Europe/Madrid")
BEFORE_THE_DEADLINE = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
SPANS = {  # start, end (local), the same in UTC
    "across_midnight": (datetime(2027, 3, 15, 18, 0, tzinfo=SHANGHAI), datetime(2027, 3, 16, 1, 30, tzinfo=SHANGHAI),
                        "2027-03-15 10:00", "2027-03-15 17:30"),
    "three_days": (datetime(2027, 3, 15, 9, 30, tzinfo=SHANGHAI), datetime(2027, 3, 17, 17, 30, tzinfo=SHANGHAI),
                   "2027-03-15 01:30", "2027-03-17 09:30"),
    # Madrid's clocks go from 02:00 to 03:00 on the last Sunday of March: four hours on the clock, three lived.
    "through_dst_change": (datetime(2027, 3, 28, 1, 0, tzinfo=MADRID), datetime(2027, 3, 28, 5, 0, tzinfo=MADRID),
                           "2027-03-28 00:00", "2027-03-28 03:00"),
}
SHOWN = {  # what the reader sees: the day(s), then the span (thin and narrow spaces read as spaces)
    ("across_midnight", "en"): ("Mon, Mar 15 – Tue, Mar 16, 2027",
                                "Mar 15, 2027, 18:00 – Mar 16, 2027, 01:30"),
    ("across_midnight", "zh"): ("2027年3月15日周一 – 3月16日周二", "2027年3月15日 18:00 – 2027年3月16日 01:30"),
    ("across_midnight", "ja"): ("2027年3月15日(月)～16日(火)", "2027年3月15日 18:00～2027年3月16日 1:30"),
    ("three_days", "en"): ("Mon, Mar 15 – Wed, Mar 17, 2027", "Mar 15, 2027, 09:30 – Mar 17, 2027, 17:30"),
    ("three_days", "zh"): ("2027年3月15日周一 – 3月17日周三", "2027年3月15日 09:30 – 2027年3月17日 17:30"),
    ("three_days", "ja"): ("2027年3月15日(月)～17日(水)", "2027年3月15日 9:30～2027年3月17日 17:30"),
    ("through_dst_change", "en"): ("Sunday, March 28, 2027", "01:00 – 05:00"),
    ("through_dst_change", "zh"): ("2027年3月28日星期日", "01:00–05:00"),
    ("through_dst_change", "ja"): ("2027年3月28日日曜日", "1時00分～5時00分"),
}
ZONES = {"en": ("China Time", "Central European Time"), "zh": ("中国时间", "中欧时间"),
         "ja": ("中国時間", "中央ヨーロッパ時間")}
CASES = pytest.mark.parametrize("span, language", sorted(SHOWN))


def plain(text: str) -> str:
    return text.replace("\u2009", " ").replace("\u202f", " ")


def event_over(span: str, **fields: object) -> Event:
    start, end, *_ = SPANS[span]
    return make_event(starts_at=start, ends_at=end, rsvp_deadline=start - timedelta(days=3),
                      timezone=str(start.tzinfo), **fields)


def guest_of(event: Event, language: str, country: str = "CN", **fields: object) -> object:
    organisation = make_organisation(f"Organisation {country}", name_latin=None, country=country)
    delegate = make_delegate(language=language, email=f"guest-{language}-{country.lower()}@example.org",
                             organisation=organisation)
    return make_invitation(event, delegate, **fields)


def assert_shows(text: str, span: str, language: str, with_days: bool = True) -> None:
    days, times = SHOWN[span, language]
    zone = ZONES[language][span == "through_dst_change"]
    assert not with_days or days in plain(text), days
    assert times in plain(text), times
    assert zone in text, zone


@pytest.fixture
def before_the_deadline(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(BEFORE_THE_DEADLINE)


@CASES
def test_a_delegate_opens_their_page_and_reads_when(app: Flask, client: FlaskClient, before_the_deadline: None,
                                                     span: str, language: str) -> None:
    invitation = guest_of(event_over(span), language)
    page = open_page(client, invitation)
    assert page.status_code == 200
    assert_shows(page.get_data(as_text=True), span, language)


@CASES
def test_a_delegate_answers_and_the_confirmation_mail_says_when(app: Flask, client: FlaskClient, smtp,
                                                                before_the_deadline: None, span: str,
                                                                language: str) -> None:
    invitation = guest_of(event_over(span), language)
    assert answer(client, invitation, "in_person").status_code == 303
    sender.deliver(sender.pending_ids())
    [message] = smtp.to(invitation.delegate.email)
    assert_shows(message.get_body(("plain",)).get_content(), span, language)
    assert_shows(message.get_body(("html",)).get_content(), span, language)
    assert_calendar_holds(calendar_part(message).get_content(), span)


@CASES
def test_a_delegate_downloads_the_calendar_file(app: Flask, client: FlaskClient, before_the_deadline: None,
                                                span: str, language: str) -> None:
    invitation = guest_of(event_over(span), language)
    response = client.get(f"/i/{invitation.token}/calendar.ics")
    assert response.status_code == 200
    entry = assert_calendar_holds(response.get_data(as_text=True), span)
    assert_shows(entry.description.value, span, language, with_days=False)


def assert_calendar_holds(ics: str, span: str) -> object:
    """Read back with independent parsers: the start and end are the right instants."""
    *_, start, end = SPANS[span]
    [entry] = vobject.readOne(ics).vevent_list
    assert utc(ics, entry.dtstart).strftime("%Y-%m-%d %H:%M") == start
    assert utc(ics, entry.dtend).strftime("%Y-%m-%d %H:%M") == end
    return entry


def utc(ics: str, moment: Any) -> datetime:
    """The instant a calendar program reads: the wall time (vobject) under the file's own VTIMEZONE rules
    (dateutil, which reads every RDATE of an observance; vobject keeps only the first)."""
    zone = tz.tzical(io.StringIO(ics)).get(moment.params["X-VOBJ-ORIGINAL-TZID"][0])
    return moment.value.replace(tzinfo=zone).astimezone(UTC)


@CASES
def test_organisers_send_the_invitations_from_the_command_line(app: Flask, runner, smtp, before_the_deadline: None,
                                                               span: str, language: str) -> None:
    invitation = guest_of(event_over(span), language)
    result = runner.invoke(args=["invitations", "send", "ceremony"])
    assert result.exit_code == 0, result.output
    assert "sent 1 message(s)" in result.output
    [message] = smtp.to(invitation.delegate.email)
    assert_shows(message.get_body(("plain",)).get_content(), span, language)


def test_organisers_open_the_registration_pages_of_a_three_day_event(app: Flask, before_the_deadline: None,
                                                                     client: FlaskClient,
                                                                     organiser_client: FlaskClient) -> None:
    event_over("three_days", open_registration=True)
    public = client.get("/events/ceremony/register?lang=en")
    assert public.status_code == 200
    assert_shows(public.get_data(as_text=True), "three_days", "en")
    staff = organiser_client.get("/events/ceremony/registrations?lang=zh")
    assert staff.status_code == 200
    days, times = SHOWN["three_days", "zh"]
    assert days in plain(staff.get_data(as_text=True)) and times in plain(staff.get_data(as_text=True))


def test_a_programme_over_three_days_shows_each_items_day(app: Flask, client: FlaskClient,
                                                          before_the_deadline: None) -> None:
    event = event_over("three_days")
    start = SPANS["three_days"][0]
    event.programme.extend([
        ProgrammeItem(kind="signing", title="Signing of agreements", titles={"ja": "協定調印式"},
                      starts_at=start + timedelta(hours=1), ends_at=start + timedelta(hours=2), streamed=True),
        ProgrammeItem(kind="visit", title="Site visit", titles={"ja": "視察"},
                      starts_at=start + timedelta(days=2), ends_at=start + timedelta(days=2, hours=3), streamed=False)])
    db.session.commit()
    invitation = guest_of(event, "ja")
    page = plain(open_page(client, invitation).get_data(as_text=True))
    assert "2027年3月15日月曜日 10時30分～11時30分" in page
    assert "2027年3月17日水曜日 9時30分～12時30分" in page
    description = plain(vobject.readOne(client.get(f"/i/{invitation.token}/calendar.ics").get_data(as_text=True))
                        .vevent_list[0].description.value)
    assert "2027年3月17日水曜日 9時30分～12時30分  視察" in description


def test_a_one_day_programme_shows_times_only(app: Flask, client: FlaskClient, before_the_deadline: None) -> None:
    start = datetime(2027, 3, 15, 9, 30, tzinfo=SHANGHAI)
    event = make_event(starts_at=start, ends_at=start + timedelta(hours=8), rsvp_deadline=start - timedelta(days=3))
    event.programme.append(ProgrammeItem(kind="lunch", title="Networking lunch", titles={}, streamed=False,
                                         starts_at=start + timedelta(hours=3), ends_at=start + timedelta(hours=4)))
    db.session.commit()
    page = plain(open_page(client, guest_of(event, "en")).get_data(as_text=True))
    assert '<span class="programme-time">12:30 – 13:30</span>' in page


def confirmation_abroad(client: FlaskClient, smtp, start: datetime, length: timedelta, language: str,
                        country: str) -> Any:
    """A guest of an organisation in `country` answers; the confirmation they receive."""
    event = make_event(starts_at=start, ends_at=start + length, rsvp_deadline=start - timedelta(days=3))
    invitation = guest_of(event, language, country=country)
    assert answer(client, invitation, "in_person").status_code == 303
    sender.deliver(sender.pending_ids())
    [message] = smtp.to(invitation.delegate.email)
    return message


def test_a_guest_in_bogota_reads_the_day_before_beside_their_own_time(app: Flask, client: FlaskClient, smtp,
                                                                      before_the_deadline: None) -> None:
    start = datetime(2027, 3, 15, 9, 30, tzinfo=SHANGHAI)  # 20:30 on Sunday the 14th in Bogotá
    message = confirmation_abroad(client, smtp, start, timedelta(hours=1, minutes=30), "en", "CO")
    line = "In your time zone: Sunday, March 14, 2027 20:30 – 22:00 (Colombia Time)"
    assert line in plain(message.get_body(("plain",)).get_content())
    assert line in plain(message.get_body(("html",)).get_content())


def test_a_guest_in_tokyo_answers_an_evening_event_that_ends_after_midnight_their_time(
        app: Flask, client: FlaskClient, smtp, before_the_deadline: None) -> None:
    start = datetime(2027, 3, 15, 18, 0, tzinfo=SHANGHAI)  # 19:00–00:30 in Tokyo
    message = confirmation_abroad(client, smtp, start, timedelta(hours=5, minutes=30), "ja", "JP")
    text = plain(message.get_body(("plain",)).get_content())
    assert "18時00分～23時30分 (中国時間)" in text
    assert "お住まいの地域の時刻：2027年3月15日 19:00～2027年3月16日 0:30（日本時間）" in text


def test_a_guest_abroad_on_the_same_day_reads_the_times_only(app: Flask, client: FlaskClient, smtp,
                                                             before_the_deadline: None) -> None:
    start = datetime(2027, 3, 15, 9, 30, tzinfo=SHANGHAI)  # 10:30–12:00 in Tokyo, the same day
    message = confirmation_abroad(client, smtp, start, timedelta(hours=1, minutes=30), "en", "JP")
    assert "In your time zone: 10:30 – 12:00 (Japan Time)" in plain(message.get_body(("plain",)).get_content())


@pytest.mark.parametrize("zone, language, name", [
    ("UTC", "en", "Coordinated Universal Time"), ("UTC", "zh", "协调世界时"), ("Etc/UTC", "ja", "協定世界時"),
    ("Etc/GMT", "en", "Greenwich Mean Time"), ("Etc/GMT-5", "en", "GMT+05:00"), ("Etc/GMT-5", "zh", "GMT+05:00"),
    ("Etc/GMT+3", "ja", "GMT-03:00"), ("Asia/Shanghai", "zh", "中国时间"),
])
def test_zones_without_a_place_are_named_in_each_language(app: Flask, zone: str, language: str, name: str) -> None:
    with app.test_request_context(), force_locale(language):
        assert dates.zone_name(ZoneInfo(zone)) == name


def test_a_delegate_reads_a_utc_event_with_its_zone_named(app: Flask, client: FlaskClient,
                                                          before_the_deadline: None) -> None:
    start = datetime(2027, 3, 15, 9, 30, tzinfo=UTC)
    event = make_event(timezone="UTC", starts_at=start, ends_at=start + timedelta(hours=2),
                       rsvp_deadline=start - timedelta(days=3))
    html = open_page(client, guest_of(event, "zh")).get_data(as_text=True)
    assert "(协调世界时)" in html and "未知" not in html


def test_a_madrid_event_in_july_2040_keeps_its_hour_in_the_calendar_file(app: Flask, client: FlaskClient,
                                                                         time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(datetime(2040, 6, 1, tzinfo=UTC))
    start = datetime(2040, 7, 10, 10, 0, tzinfo=MADRID)
    event = make_event(timezone="Europe/Madrid", starts_at=start, ends_at=start + timedelta(hours=2),
                       rsvp_deadline=start - timedelta(days=3))
    invitation = guest_of(event, "en")
    ics = client.get(f"/i/{invitation.token}/calendar.ics").get_data(as_text=True)
    [entry] = vobject.readOne(ics).vevent_list
    assert utc(ics, entry.dtstart) == datetime(2040, 7, 10, 8, 0, tzinfo=UTC)
    assert utc(ics, entry.dtend) == datetime(2040, 7, 10, 10, 0, tzinfo=UTC)


@needs_poppler
def test_a_badge_of_a_three_day_event_carries_its_days(app: Flask, tmp_path: Path, before_the_deadline: None) -> None:
    event = event_over("three_days")
    guest_of(event, "ja", status="accepted", mode="in_person")
    text = pdf_tool("pdftotext", batch_pdf(event), tmp_path)
    assert "2027年3月15日～17日" in text


def test_the_signing_report_of_a_three_day_event_names_its_days(app: Flask, before_the_deadline: None,
                                                                organiser_client: FlaskClient, tmp_path: Path) -> None:
    event_over("three_days")
    pdf = organiser_client.get("/events/ceremony/agreements/report.pdf?lang=ja")
    assert pdf.status_code == 200
    assert "2027年3月15日～17日" in pdf_text(pdf.data, tmp_path)
    english = organiser_client.get("/events/ceremony/agreements/report.pdf?lang=en")
    assert "Mar 15 – 17, 2027" in plain(pdf_text(english.data, tmp_path))


@pytest.mark.parametrize("query, listed", [
    ("to=9999-12-31", True), ("from=0001-01-01", True), ("from=0001-01-01&to=9999-12-31", True),
    ("from=9999-12-31", False), ("to=0001-01-01", False),
    ("event=ceremony&from=0001-01-01", True), ("event=ceremony&to=9999-12-31", True),
])
def test_organisers_filter_the_audit_log_from_the_calendars_first_day_to_its_last(
        app: Flask, organiser_client: FlaskClient, query: str, listed: bool) -> None:
    event = make_event()
    audit.record("event.renamed", "event", event.id, event=event)
    db.session.commit()
    response = organiser_client.get(f"/audit?{query}")
    assert response.status_code == 200
    assert ("<code>event.renamed</code>" in response.get_data(as_text=True)) is listed
