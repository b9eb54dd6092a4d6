"""Open registration: someone not on the guest list asks to attend, organisers approve (the personal link
goes out) or reject. The form answers the same whoever asks, catches bots in a honeypot, and slows floods."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event as event_api

from eventdesk.extensions import db
from eventdesk.mail import sender
from eventdesk.models import AuditEntry, Invitation, Mode, OutboxMessage, RegistrationRequest, RequestStatus, Status
from eventdesk.rsvp import throttle
from tests.factories import make_delegate, make_event, make_invitation
from tests.rsvp_steps import csrf_token

REQUEST = {"email": "Kenji.Ito@Example.JP", "family_name": "伊藤", "given_name": "健二", "family_name_latin": "Ito",
           "given_name_latin": "Kenji", "organisation": "静岡県庁", "position": "課長", "language": "ja",
           "answer": "in_person", "dietary": "", "accessibility": "", "interpreter": "zh", "note": "",
           "website": ""}


def ask(client: FlaskClient, slug: str = "ceremony", address: str = "192.0.2.10", **changes: str) -> object:
    form = client.get(f"/events/{slug}/register", environ_base={"REMOTE_ADDR": address})
    data = {**REQUEST, **changes, "csrf_token": csrf_token(form.get_data(as_text=True))}
    response = client.post(f"/events/{slug}/register", data=data, environ_base={"REMOTE_ADDR": address})
    db.session.expire_all()
    return response


def test_someone_not_on_the_list_asks_to_attend_and_an_organiser_approves(
        app: Flask, client: FlaskClient, organiser_client: FlaskClient, smtp) -> None:
    event = make_event(open_registration=True)
    response = ask(client)
    assert response.status_code == 303 and response.headers["Location"].endswith("/events/ceremony/register/thanks")
    request = db.session.query(RegistrationRequest).one()
    assert (request.email, request.mode, request.status) == ("kenji.ito@example.jp", Mode.IN_PERSON,
                                                             RequestStatus.PENDING)
    assert request.details == {"interpreter": "zh"}
    listed = organiser_client.get(f"/events/{event.slug}/registrations").get_data(as_text=True)
    assert "伊藤健二 (Kenji ITO)" in listed and "静岡県庁" in listed
    decided = organiser_client.post(f"/events/{event.slug}/registrations/{request.id}/approve",
                                    data={"csrf_token": csrf_token(listed)})
    assert decided.status_code == 303
    db.session.expire_all()
    invitation = db.session.query(Invitation).one()
    assert (invitation.status, invitation.proposed_mode, invitation.details) == (Status.INVITED, Mode.IN_PERSON,
                                                                                {"interpreter": "zh"})
    assert request.status == RequestStatus.APPROVED and request.invitation_id == invitation.id
    assert db.session.query(AuditEntry).filter_by(action="registration.approve").count() == 1
    sender.deliver(sender.pending_ids())
    [message] = smtp.to("kenji.ito@example.jp")
    assert message["Subject"] == "ご招待：日中地方協力推進会"
    assert f"http://eventdesk.test/i/{invitation.token}" in message.get_body(("plain",)).get_content()
    # The personal page offers the answer they asked for, ready to confirm.
    page = client.get(f"/i/{invitation.token}").get_data(as_text=True)
    assert 'checked id="answer-0"' in page or '<input checked id="answer-0"' in page


def test_an_organiser_rejects_a_request_and_the_person_is_told_kindly(
        app: Flask, client: FlaskClient, organiser_client: FlaskClient, smtp) -> None:
    event = make_event(open_registration=True)
    ask(client, email="someone@example.org", language="en")
    request = db.session.query(RegistrationRequest).one()
    listed = organiser_client.get(f"/events/{event.slug}/registrations").get_data(as_text=True)
    organiser_client.post(f"/events/{event.slug}/registrations/{request.id}/reject",
                          data={"csrf_token": csrf_token(listed)})
    db.session.expire_all()
    assert request.status == RequestStatus.REJECTED and db.session.query(Invitation).count() == 0
    sender.deliver(sender.pending_ids())
    [message] = smtp.to("someone@example.org")
    assert "cannot offer you a place" in message.get_body(("plain",)).get_content()
    again = organiser_client.post(f"/events/{event.slug}/registrations/{request.id}/approve",
                                  data={"csrf_token": csrf_token(listed)})
    assert "already been decided" in organiser_client.get(again.headers["Location"]).get_data(as_text=True)


def test_the_form_answers_the_same_for_guests_on_the_list_and_strangers_and_sends_no_mail(
        app: Flask, client: FlaskClient) -> None:
    event = make_event(open_registration=True)
    make_invitation(event, make_delegate(email="guest@example.jp"))
    known = ask(client, email="GUEST@example.jp", address="192.0.2.1")
    unknown = ask(client, email="stranger@example.jp", address="192.0.2.2")
    assert (known.status_code, known.headers["Location"]) == (unknown.status_code, unknown.headers["Location"])
    assert client.get(known.headers["Location"]).get_data() == client.get(unknown.headers["Location"]).get_data()
    # An anonymous form sends nobody mail, so nobody can make it mail a listed guest again and again.
    assert db.session.query(OutboxMessage).count() == 0
    assert sorted(r.email for r in db.session.query(RegistrationRequest)) == ["guest@example.jp",
                                                                             "stranger@example.jp"]


def test_the_form_does_the_same_work_for_a_guest_on_the_list_and_a_stranger(app: Flask, client: FlaskClient,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Timing told them apart (building the guest's mail took ~14 ms): both now run the same statements."""
    monkeypatch.setattr(throttle.random, "random", lambda: 1.0)  # no purge of old hits (1 in 50) in either post
    event = make_event(open_registration=True)
    make_invitation(event, make_delegate(email="guest@example.jp"))

    def statements(email: str, address: str) -> list[str]:
        form = client.get("/events/ceremony/register", environ_base={"REMOTE_ADDR": address})
        data = {**REQUEST, "email": email, "csrf_token": csrf_token(form.get_data(as_text=True))}
        seen: list[str] = []

        def record(_conn, _cursor, statement, *_args) -> None:
            seen.append(statement)

        engine = db.engine
        event_api.listen(engine, "before_cursor_execute", record)
        try:
            response = client.post("/events/ceremony/register", data=data, environ_base={"REMOTE_ADDR": address})
        finally:
            event_api.remove(engine, "before_cursor_execute", record)
        assert response.status_code == 303
        return seen

    assert statements("guest@example.jp", "192.0.2.1") == statements("stranger@example.jp", "192.0.2.2")


def test_a_stranger_posting_someones_address_leaves_their_pending_request_unchanged(
        app: Flask, client: FlaskClient) -> None:
    make_event(open_registration=True)
    ask(client, address="192.0.2.1")
    before = db.session.query(RegistrationRequest).one()
    kept = {c: getattr(before, c) for c in ("family_name", "given_name", "organisation", "position", "mode",
                                            "details", "language", "created_at")}
    again = ask(client, address="203.0.113.66", family_name="偽", given_name="者", organisation="Mallory Ltd",
                position="", answer="online", interpreter="", note="call me at +1 555", language="en")
    assert again.status_code == 303 and again.headers["Location"].endswith("/events/ceremony/register/thanks")
    after = db.session.query(RegistrationRequest).one()
    assert {c: getattr(after, c) for c in kept} == kept
    assert (after.family_name, after.organisation, after.status) == ("伊藤", "静岡県庁", RequestStatus.PENDING)
    assert db.session.query(OutboxMessage).count() == 0


def test_a_guest_on_the_list_who_asks_again_gets_the_link_once_an_organiser_approves(
        app: Flask, client: FlaskClient, organiser_client: FlaskClient, smtp) -> None:
    event = make_event(open_registration=True)
    guest = make_invitation(event, make_delegate(email="guest@example.jp", language="en"))
    ask(client, email="guest@example.jp", language="en")
    assert db.session.query(OutboxMessage).count() == 0
    request = db.session.query(RegistrationRequest).one()
    listed = organiser_client.get(f"/events/{event.slug}/registrations").get_data(as_text=True)
    assert "On the guest list already" in listed
    organiser_client.post(f"/events/{event.slug}/registrations/{request.id}/approve",
                          data={"csrf_token": csrf_token(listed)})
    db.session.expire_all()
    assert db.session.query(Invitation).count() == 1 and request.invitation_id == guest.id
    sender.deliver(sender.pending_ids())
    [message] = smtp.to("guest@example.jp")
    assert f"http://eventdesk.test/i/{guest.token}" in message.get_body(("plain",)).get_content()


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_stored(app: Flask, client: FlaskClient) -> None:
    make_event(open_registration=True)
    response = ask(client, website="http://spam.example")
    assert response.status_code == 303 and response.headers["Location"].endswith("/register/thanks")
    assert db.session.query(RegistrationRequest).count() == 0


def test_too_many_requests_from_one_address_are_refused(app: Flask, client: FlaskClient) -> None:
    make_event(open_registration=True)
    for n in range(5):
        assert ask(client, email=f"person{n}@example.org").status_code == 303
    refused = ask(client, email="person5@example.org")
    assert refused.status_code == 429
    assert db.session.query(RegistrationRequest).count() == 5
    assert ask(client, email="person6@example.org", address="198.51.100.1").status_code == 303


def test_bad_input_gets_a_clear_message_and_stores_nothing(app: Flask, client: FlaskClient) -> None:
    make_event(open_registration=True)
    response = ask(client, email="not-an-address", family_name="", family_name_latin="")
    assert response.status_code == 400
    assert db.session.query(RegistrationRequest).count() == 0


def test_an_event_without_open_registration_has_no_form(app: Flask, client: FlaskClient) -> None:
    make_event(open_registration=False)
    assert client.get("/events/ceremony/register").status_code == 404
    assert client.get("/events/nothing/register").status_code == 404


def test_only_organisers_see_the_requests(app: Flask, client: FlaskClient, door_client: FlaskClient) -> None:
    make_event(open_registration=True)
    assert door_client.get("/events/ceremony/registrations").status_code == 403
    assert client.get("/events/ceremony/registrations").status_code == 302  # to the sign-in page
