"""A delegate opens the personal link and answers: in person, online, or decline; changes the answer until
the RSVP deadline; after it the page shows the final answer. The link is the only key, so it is guarded."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from time_machine import TimeMachineFixture

from eventdesk.errors import Refused
from eventdesk.extensions import db
from eventdesk.models import AuditEntry, Badge, Mode, OnlineAttendance, Status, utcnow
from eventdesk.rsvp import service
from tests.factories import make_delegate, make_event, make_invitation, make_staff
from tests.rsvp_steps import answer, csrf_token, open_page


def test_delegate_answers_in_person_and_gets_badge_links(app: Flask, client: FlaskClient) -> None:
    invitation = make_invitation(make_event(), make_delegate(language="en"))
    response = answer(client, invitation, "in_person", dietary="vegetarian", interpreter="ja")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/i/{invitation.token}/confirmed")
    assert (invitation.status, invitation.mode, invitation.sequence) == (Status.ACCEPTED, Mode.IN_PERSON, 1)
    assert invitation.details == {"dietary": "vegetarian", "interpreter": "ja"}
    assert invitation.answered_at is not None
    assert db.session.query(Badge).filter_by(invitation_id=invitation.id, revoked_at=None).count() == 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Attending in person" in page
    assert f"/i/{invitation.token}/badge.pdf" in page and f"/i/{invitation.token}/badge.png" in page


def test_delegate_answers_online_and_joins_through_the_personal_link(app: Flask, client: FlaskClient,
                                                                   time_machine: TimeMachineFixture) -> None:
    event = make_event()
    event.rsvp_deadline = event.starts_at - timedelta(minutes=10)
    invitation = make_invitation(event, make_delegate(language="en"))
    time_machine.move_to(event.starts_at - timedelta(minutes=20))  # the join link opens 30 minutes ahead
    answer(client, invitation, "online")
    assert (invitation.status, invitation.mode) == (Status.ACCEPTED, Mode.ONLINE)
    confirmed = client.get(f"/i/{invitation.token}/confirmed").get_data(as_text=True)
    assert f"/i/{invitation.token}/join" in confirmed and "badge.pdf" not in confirmed
    joined = client.get(f"/i/{invitation.token}/join")
    assert joined.status_code == 303 and joined.headers["Location"] == "https://meet.example.org/ceremony"
    assert joined.headers["Referrer-Policy"] == "no-referrer"
    assert db.session.query(OnlineAttendance).filter_by(invitation_id=invitation.id, source="link").count() == 1


def test_join_link_says_why_when_the_delegate_is_not_attending_online(app: Flask, client: FlaskClient) -> None:
    invitation = make_invitation(make_event(), make_delegate(language="en"), status="accepted", mode="in_person")
    response = client.get(f"/i/{invitation.token}/join")
    assert response.status_code == 403
    assert "This link is for guests who attend online. Your answer: Attending in person." in response.get_data(
        as_text=True)
    assert db.session.query(OnlineAttendance).count() == 0


def test_delegate_declines_and_may_change_their_mind_before_the_deadline(app: Flask, client: FlaskClient) -> None:
    invitation = make_invitation(make_event(), make_delegate(language="en"))
    answer(client, invitation, "decline", note="Travelling that week")
    assert (invitation.status, invitation.mode, invitation.sequence) == (Status.DECLINED, None, 1)
    answer(client, invitation, "online", note="Plans changed")
    assert (invitation.status, invitation.mode, invitation.sequence) == (Status.ACCEPTED, Mode.ONLINE, 2)
    assert invitation.details == {"note": "Plans changed"}
    page = open_page(client, invitation).get_data(as_text=True)
    assert "Change your answer" in page and re.search(r'<input checked[^>]* value="online"', page)


def test_sending_the_same_answer_again_changes_nothing(app: Flask, client: FlaskClient) -> None:
    invitation = make_invitation(make_event(), make_delegate(language="en"))
    answer(client, invitation, "online")
    answer(client, invitation, "online")
    assert invitation.sequence == 1


def test_after_the_deadline_the_page_shows_the_final_answer_and_refuses_changes(app: Flask,
                                                                                client: FlaskClient) -> None:
    event = make_event()
    invitation = make_invitation(event, make_delegate(language="en"), status="accepted", mode="online")
    csrf = csrf_token(open_page(client, invitation).get_data(as_text=True))
    event.rsvp_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = open_page(client, invitation).get_data(as_text=True)
    assert "Answers are closed" in page and "Your final answer: Attending online." in page
    assert 'name="answer"' not in page
    refused = client.post(f"/i/{invitation.token}", data={"csrf_token": csrf, "answer": "decline"})
    assert refused.status_code == 409
    assert "your answer can no longer be changed" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert (invitation.status, invitation.mode, invitation.sequence) == (Status.ACCEPTED, Mode.ONLINE, 0)


def test_a_post_without_csrf_token_is_refused_and_changes_nothing(app: Flask, client: FlaskClient) -> None:
    invitation = make_invitation(make_event(), make_delegate(language="en"))
    response = client.post(f"/i/{invitation.token}", data={"answer": "decline"})
    assert response.status_code == 400
    db.session.expire_all()
    assert (invitation.status, invitation.sequence) == (Status.INVITED, 0)


def test_too_long_details_are_refused_with_a_message_and_change_nothing(app: Flask, client: FlaskClient) -> None:
    invitation = make_invitation(make_event(), make_delegate(language="en"))
    response = answer(client, invitation, "in_person", note="x" * 1001)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert (invitation.status, invitation.details) == (Status.INVITED, {})


def test_an_unknown_token_gets_a_404_that_says_nothing_more(app: Flask, client: FlaskClient) -> None:
    invitation = make_invitation(make_event(), make_delegate(language="en"))
    near = invitation.token[:-1] + ("B" if invitation.token.endswith("A") else "A")  # one character off
    for path in (f"/i/{near}", "/i/short", f"/i/{near}/calendar.ics", f"/i/{near}/join", f"/i/{near}/confirmed"):
        response = client.get(path)
        body = response.get_data(as_text=True)
        assert response.status_code == 404, path
        assert "Regional Cooperation" not in body and "YAMADA" not in body and "Protocol Office" not in body
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_wrong_links_from_a_venues_shared_address_slow_the_guessing_never_a_delegates_own_link(
        app: Flask, client: FlaskClient) -> None:
    invitation = make_invitation(make_event(), make_delegate(language="en"), status="accepted", mode="in_person")
    venue = {"REMOTE_ADDR": "203.0.113.9"}  # the guesser and every delegate at the venue share it
    for n in range(30):
        assert client.get(f"/i/guess{n:012d}abcdefgh", environ_base=venue).status_code == 404
    slowed = client.get("/i/guess999999999999abcdefgh/badge.png", environ_base=venue)
    assert slowed.status_code == 429 and slowed.headers["Retry-After"] == "600"
    assert "YAMADA" not in slowed.get_data(as_text=True)
    # A delegate behind the same address opens their own page, calendar file and badge as usual.
    for suffix in ("", "/calendar.ics", "/badge.png", "/badge.pdf"):
        response = client.get(f"/i/{invitation.token}{suffix}", environ_base=venue)
        assert response.status_code == 200, suffix
    assert "YAMADA" in client.get(f"/i/{invitation.token}", environ_base=venue).get_data(as_text=True)
    assert client.get("/i/guess000000000001abcdefgh", environ_base=venue).status_code == 429  # still guessing
    other = {"REMOTE_ADDR": "198.51.100.7"}
    assert client.get("/i/guess000000000001abcdefgh", environ_base=other).status_code == 404


def test_token_pages_send_their_address_to_no_other_site_and_load_nothing_from_other_sites(
        app: Flask, client: FlaskClient) -> None:
    invitation = make_invitation(make_event(), make_delegate(language="en"))
    response = open_page(client, invitation)
    # Same-origin: the answer form's post carries the Referer that the CSRF check wants over HTTPS.
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "no-store" in response.headers["Cache-Control"]
    html = response.get_data(as_text=True)
    assert '<meta name="referrer" content="same-origin">' in html
    loaded = re.findall(r'<(?:script|img|iframe|link|source|video|audio)\b[^>]*?(?:src|href)="([^"]+)"', html)
    assert loaded and all(url.startswith("/") and not url.startswith("//") for url in loaded), loaded
    # The map is a plain link to follow, not something the page loads.
    assert 'href="https://www.openstreetmap.org/?mlat=30.57280&amp;mlon=104.06680' in html


def test_the_rules_refuse_bad_answers_whoever_sends_them(app: Flask) -> None:
    invitation = make_invitation(make_event(), make_delegate(language="en"))
    for choice, details, field in (("maybe", {}, "answer"), ("online", {"interpreter": "fr"}, "interpreter"),
                                   ("online", {"dietary": "x" * 201}, "dietary")):
        try:
            service.answer(invitation, choice, details)
        except Refused as e:
            assert e.field == field
        else:
            raise AssertionError(f"{choice} {details} was accepted")
        db.session.rollback()
    assert (invitation.status, invitation.sequence) == (Status.INVITED, 0)


def test_organisers_record_an_answer_after_the_deadline_and_it_is_audited(app: Flask) -> None:
    organiser = make_staff("organiser")
    event = make_event()
    event.rsvp_deadline = utcnow() - timedelta(hours=1)
    db.session.commit()
    invitation = make_invitation(event, make_delegate(language="en"))
    service.answer(invitation, "in_person", {"accessibility": "wheelchair"}, staff=organiser)
    assert (invitation.status, invitation.mode) == (Status.ACCEPTED, Mode.IN_PERSON)
    entry = db.session.query(AuditEntry).filter_by(action="invitation.answer").one()
    assert entry.staff_id == organiser.id and entry.changes["status"] == ["invited", "accepted"]
