"""Names pass one normalisation whichever way they come in (the organisers' guest form, a guest list file,
open registration, a delegate's details, the API): trimmed, NFC, control characters refused with a message
naming them. So whatever is stored exports (CSV and XLSX) and imports back with nothing changed."""

from __future__ import annotations

import io
import unicodedata

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from eventdesk.extensions import db
from eventdesk.guests import exporter, service
from eventdesk.models import Delegate, Event, RegistrationRequest
from tests.factories import bearer, make_delegate, make_event, make_invitation, make_staff
from tests.rsvp_steps import answer, csrf_token

ODD = {"email": " Smith@Example.org ", "family_name": "\u3000史密斯\u200b ", "given_name": " 约翰\u3000",
       "family_name_latin": "Smith ", "given_name_latin": "\u3000John", "honorific": " Dr.",
       "position": "'=Director", "organisation": " Acme\u3000", "organisation_kind": "corporate", "country": "GB",
       "language": "en", "role": "delegate", "phone": " +44 20 7946 0000 ", "mode": "in_person"}


def reimported(client: FlaskClient, event: Event, format_: str) -> service.ImportReport:
    """Download the guest list as the organisers do and import that very file again."""
    response = client.get(f"/events/{event.slug}/guests/export?format={format_}")
    assert response.status_code == 200
    if format_ == "xlsx":  # a real workbook, every name readable
        openpyxl.load_workbook(io.BytesIO(response.data), read_only=True).close()
    return service.import_guests(event, response.data, f"guests.{format_}")


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_a_guest_added_by_the_form_with_odd_spacing_exports_and_imports_back_unchanged(
        organiser_client: FlaskClient, format_: str) -> None:
    event = make_event()
    form = organiser_client.get("/events/ceremony/guests/new").text
    response = organiser_client.post("/events/ceremony/guests/new", data={**ODD, "csrf_token": csrf_token(form)})
    assert response.status_code == 302
    db.session.expire_all()
    smith = db.session.scalar(select(Delegate).where(Delegate.email == "smith@example.org"))
    assert (smith.family_name, smith.given_name, smith.family_name_latin, smith.given_name_latin) == (
        "史密斯", "约翰", "Smith", "John")
    assert (smith.honorific, smith.position, smith.organisation.name, smith.phone) == (
        "Dr.", "=Director", "Acme", "+44 20 7946 0000")
    report = reimported(organiser_client, event, format_)
    assert report.problems == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


def test_editing_a_guest_trims_the_names_the_same_way(organiser_client: FlaskClient) -> None:
    event = make_event()
    invitation = make_invitation(event, make_delegate(email="smith@example.org"))
    form = organiser_client.get(f"/events/ceremony/guests/{invitation.id}").text
    response = organiser_client.post(f"/events/ceremony/guests/{invitation.id}",
                                     data={**ODD, "csrf_token": csrf_token(form)})
    assert response.status_code == 302
    db.session.expire_all()
    assert (invitation.delegate.family_name_latin, invitation.delegate.given_name_latin) == ("Smith", "John")
    assert reimported(organiser_client, event, "csv").updated == 0


def test_the_guest_form_refuses_a_control_character_and_names_it(organiser_client: FlaskClient) -> None:
    make_event()
    form = organiser_client.get("/events/ceremony/guests/new").text
    response = organiser_client.post("/events/ceremony/guests/new", data={
        **ODD, "family_name": "王\x07五", "csrf_token": csrf_token(form)})
    assert response.status_code == 400 and "contains a control character (U+0007)" in response.text
    assert db.session.scalar(select(func.count()).select_from(Delegate)) == 0


def test_a_guest_list_file_with_a_control_character_is_refused_line_and_column_named(app: Flask) -> None:
    event = make_event()
    data = ("email,family_name,organisation\r\n"
            "wang@example.cn,王\x07五,四川省商务厅\r\n").encode()
    report = service.import_guests(event, data, "guests.csv")
    assert report.problems == ["line 2, column family_name: contains a control character (U+0007)"]
    assert db.session.scalar(select(func.count()).select_from(Delegate)) == 0


def register(client: FlaskClient, **changes: str) -> object:
    form = client.get("/events/ceremony/register?lang=zh").get_data(as_text=True)
    data = {"email": "wang.wu@example.cn", "family_name": "王", "given_name": "五", "family_name_latin": "Wang",
            "given_name_latin": "Wu", "organisation": "四川省商务厅", "position": "", "language": "zh",
            "answer": "in_person", "dietary": "", "accessibility": "", "interpreter": "", "note": "", "website": "",
            **changes, "csrf_token": csrf_token(form)}
    response = client.post("/events/ceremony/register?lang=zh", data=data)
    db.session.expire_all()
    return response


def test_registration_with_a_control_character_is_refused_in_the_pages_language(app: Flask,
                                                                                 client: FlaskClient) -> None:
    make_event(open_registration=True)
    response = register(client, given_name="\x07五")
    assert response.status_code == 400
    assert "“名”中有不可见的控制字符（U+0007），请删除。" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(RegistrationRequest)) == 0


def test_registered_names_are_stored_trimmed_in_nfc_and_export_and_import_back(
        app: Flask, client: FlaskClient, organiser_client: FlaskClient) -> None:
    event = make_event(open_registration=True)
    decomposed = unicodedata.normalize("NFD", "José")
    assert register(client, family_name="\u3000王 ", given_name_latin=decomposed,
                    organisation="'=四川省商务厅", note="请安排\x07靠近出口的座位\r\n谢谢").status_code == 303
    asked = db.session.scalar(select(RegistrationRequest))
    assert (asked.family_name, asked.given_name_latin, asked.organisation) == ("王", "José", "=四川省商务厅")
    assert asked.details["note"] == "请安排靠近出口的座位\n谢谢"  # free text: the control character dropped
    listed = organiser_client.get("/events/ceremony/registrations").get_data(as_text=True)
    approved = organiser_client.post(f"/events/ceremony/registrations/{asked.id}/approve",
                                     data={"csrf_token": csrf_token(listed)})
    assert approved.status_code == 303
    for format_ in ("csv", "xlsx"):
        report = reimported(organiser_client, event, format_)
        assert report.problems == [] and (report.updated, report.unchanged) == (0, 1)


def test_a_delegates_details_are_kept_in_nfc_without_control_characters(app: Flask, client: FlaskClient) -> None:
    invitation = make_invitation(make_event())
    decomposed = unicodedata.normalize("NFD", "Café au lait, sans crème")
    response = answer(client, invitation, "online", dietary=f"\u3000{decomposed}\x85 ",
                      note="Seat me near\x07 the exit,\r\nplease.\u200b")
    assert response.status_code == 303
    assert invitation.details == {"dietary": "Café au lait, sans crème", "note": "Seat me near the exit,\nplease."}


def test_names_stored_with_control_characters_before_still_export(organiser_client: FlaskClient) -> None:
    event = make_event()
    make_invitation(event, make_delegate(name="王 \x07五", latin="Wu WANG", email="wang@example.cn"))
    csv = organiser_client.get("/events/ceremony/guests/export?format=csv")
    assert csv.status_code == 200 and "王" in csv.data.decode("utf-8-sig")
    xlsx = organiser_client.get("/events/ceremony/guests/export?format=xlsx")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data), read_only=True).worksheets[0]
    assert "五" in {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    assert exporter.to_csv(event).decode("utf-8-sig").count("wang@example.cn") == 1


def test_event_titles_and_venues_over_the_api_are_trimmed_and_refuse_control_characters(app: Flask,
                                                                                       client: FlaskClient) -> None:
    headers = bearer(make_staff())
    body = {"slug": "signing", "title": "\u3000签约仪式 ", "venue": " 成都\u3000", "timezone": "Asia/Shanghai",
            "starts_at": "2030-05-20T09:30:00", "ends_at": "2030-05-20T12:00:00"}
    refused = client.post("/api/v1/events", json={**body, "title": "签约\x07仪式"}, headers=headers)
    assert refused.status_code == 422 and "U+0007" in refused.get_data(as_text=True)
    created = client.post("/api/v1/events", json=body, headers=headers)
    assert created.status_code == 201, created.get_data(as_text=True)
    assert (created.json["title"], created.json["venue"]) == ("签约仪式", "成都")
