"""A signatory sits at the signing table though no door scanned them: the clerk marks them present, which admits
them once by hand in the clerk's name (audit log, attendance picture), and then the signing can be recorded. The
agreements API names each signatory's invitation and whether the rules let them sign."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from eventdesk.attendance import picture
from eventdesk.extensions import db
from eventdesk.models import AuditEntry, CheckIn, ScanResult, Staff, Status
from tests.factories import bearer, make_event, make_staff
from tests.signing_factories import admit, post, signing_pair

API = "/api/v1/events/ceremony/agreements"


def admissions(invitation_id: int) -> list[CheckIn]:
    db.session.expire_all()
    return db.session.query(CheckIn).filter_by(invitation_id=invitation_id, result=ScanResult.ADMITTED).all()


def test_the_clerk_marks_a_signatory_present_at_the_table_once_and_it_is_audited(app: Flask,
                                                                                 clerk_client: FlaskClient) -> None:
    event = make_event()
    agreement, wang, sato = signing_pair(event)
    admit(wang)
    desk = clerk_client.get(f"/events/{event.slug}/signing").get_data(as_text=True)
    assert desk.count("Mark present at the table") == 1  # for Sato only: Wang was scanned at a door
    url = f"/events/{event.slug}/signing/{agreement.ref}/present/{sato.delegate_id}"
    response = post(clerk_client, url, {"note": "came through the VIP entrance"})
    assert response.status_code == 303
    page = clerk_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Marked present at the signing table" in page and "Mark present at the table" not in page

    [admission] = admissions(sato.id)
    assert admission.manual and admission.door.name == "Signing table"
    assert admission.note == "CJ-01: came through the VIP entrance"
    clerk = db.session.query(Staff).filter_by(email="clerk@eventdesk.test").one()
    assert admission.staff_id == clerk.id
    entry = db.session.query(AuditEntry).filter_by(action="signatory.present").one()
    assert entry.staff_id == admission.staff_id and entry.entity_id == str(sato.id)
    assert entry.changes["note"] == [None, "CJ-01: came through the VIP entrance"]
    hall = picture.picture(event).of(sato.id).in_hall
    assert (hall.source, hall.door, hall.by) == ("manual_admission", "Signing table", "Test clerk")

    again = post(clerk_client, url, {"note": ""})
    message = clerk_client.get(again.headers["Location"]).get_data(as_text=True)
    assert "佐藤花子 (Hanako SATO) was already admitted at" in message
    assert "(Signing table): there is nothing to mark." in message
    assert len(admissions(sato.id)) == 1
    assert db.session.query(AuditEntry).filter_by(action="signatory.present").count() == 1

    signed = post(clerk_client, f"/events/{event.slug}/signing/{agreement.ref}/sign", {"mode": "in_person"})
    assert "Signed: CJ-01" in clerk_client.get(signed.headers["Location"]).get_data(as_text=True)


def test_a_signatory_a_door_already_admitted_is_refused_with_a_clear_message(app: Flask,
                                                                           clerk_client: FlaskClient) -> None:
    event = make_event()
    agreement, wang, _sato = signing_pair(event)
    admit(wang, door="North")
    response = post(clerk_client, f"/events/{event.slug}/signing/{agreement.ref}/present/{wang.delegate_id}?lang=zh")
    page = clerk_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "王伟 (Wei WANG) 已于" in page and "（North）入场，无需标记。" in page
    assert len(admissions(wang.id)) == 1
    assert db.session.query(AuditEntry).filter_by(action="signatory.present").count() == 0


def test_a_signatory_by_video_or_not_attending_in_person_cannot_be_marked(app: Flask,
                                                                          clerk_client: FlaskClient) -> None:
    event = make_event()
    agreement, wang, sato = signing_pair(event, remote=True)
    by_video = post(clerk_client, f"/events/{event.slug}/signing/{agreement.ref}/present/{sato.delegate_id}")
    assert "signs by video" in clerk_client.get(by_video.headers["Location"]).get_data(as_text=True)
    wang.status = Status.DECLINED
    wang.mode = None
    db.session.commit()
    declined = post(clerk_client, f"/events/{event.slug}/signing/{agreement.ref}/present/{wang.delegate_id}")
    assert "has not accepted to attend in person" in clerk_client.get(declined.headers["Location"]).get_data(
        as_text=True)
    assert admissions(wang.id) == [] and admissions(sato.id) == []
    assert db.session.query(CheckIn).count() == 0  # a refused mark leaves no scan behind


def test_door_staff_cannot_mark_signatories_present(app: Flask, door_client: FlaskClient) -> None:
    event = make_event()
    agreement, _wang, sato = signing_pair(event)
    response = post(door_client, f"/events/{event.slug}/signing/{agreement.ref}/present/{sato.delegate_id}")
    assert response.status_code == 403 and admissions(sato.id) == []


def test_the_agreements_api_names_each_signatorys_invitation_and_presence(app: Flask, client: FlaskClient) -> None:
    event = make_event()
    _agreement, wang, sato = signing_pair(event)
    admit(wang)
    [item] = client.get(API, headers=bearer(make_staff("clerk"))).get_json()["items"]
    assert [(s["invitation_id"], s["name"], s["present"]) for s in item["signatories"]] == [
        (wang.id, "王伟", True), (sato.id, "佐藤花子", False)]
