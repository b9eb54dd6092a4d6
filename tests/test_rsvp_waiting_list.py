"""A full hall: in-person answers wait in line and are offered online; a freed place goes to the first in
line, who is told by e-mail; organisers withdraw and override; two answers at once never overfill the hall."""

from __future__ import annotations

import threading
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from eventdesk.extensions import db
from eventdesk.mail import sender
from eventdesk.models import AuditEntry, Invitation, Mode, Status, utcnow
from eventdesk.rsvp import service
from tests.factories import make_delegate, make_event, make_invitation, make_staff
from tests.rsvp_steps import answer, calendar_part, open_page


def test_a_full_hall_puts_an_in_person_answer_on_the_waiting_list_and_offers_online(app: Flask,
                                                                                   client: FlaskClient) -> None:
    event = make_event(capacity=1)
    make_invitation(event, status="accepted", mode="in_person")
    invitation = make_invitation(event, make_delegate("Li Wei", "Wei LI", language="en"))
    answer(client, invitation, "in_person", dietary="halal")
    assert (invitation.status, invitation.mode) == (Status.WAITING, Mode.IN_PERSON)
    assert invitation.waiting_since is not None and invitation.details == {"dietary": "halal"}
    page = open_page(client, invitation).get_data(as_text=True)
    assert "you are on the waiting list for a place (number 1)" in page
    assert "Attend online instead" in page
    # Taking the offer keeps the details given with the first answer.
    answer(client, invitation, "online", keep_details="1")
    assert (invitation.status, invitation.mode, invitation.waiting_since) == (Status.ACCEPTED, Mode.ONLINE, None)
    assert invitation.details == {"dietary": "halal"}


def test_a_decline_gives_the_place_to_the_first_in_line_who_is_told_by_email(app: Flask, client: FlaskClient,
                                                                            smtp) -> None:
    event = make_event(capacity=1)
    seated = make_invitation(event, make_delegate(language="en"), status="accepted", mode="in_person")
    now = utcnow()
    second = make_invitation(event, make_delegate("佐藤 花子", "Hanako SATO", language="ja", email="sato@example.jp"),
                             status="waiting", mode="in_person", waiting_since=now - timedelta(hours=1))
    third = make_invitation(event, make_delegate("王 芳", "Fang WANG", language="zh", email="wang@example.cn"),
                            status="waiting", mode="in_person", waiting_since=now - timedelta(minutes=5))
    answer(client, seated, "decline")
    db.session.expire_all()
    assert (second.status, second.mode, second.waiting_since, second.sequence) == (Status.ACCEPTED,
                                                                                   Mode.IN_PERSON, None, 1)
    assert third.status == Status.WAITING and service.waiting_position(third) == 1
    sender.deliver(sender.pending_ids())
    [promotion] = smtp.to("sato@example.jp")
    assert promotion["Subject"] == "ホールのお席をご用意しました：日中地方協力推進会"
    assert "佐藤花子 (Hanako SATO) 様" in promotion.get_body(("plain",)).get_content()
    calendar = calendar_part(promotion)
    assert calendar.get_param("method") == "REQUEST" and "PARTSTAT=ACCEPTED" in calendar.get_content()
    assert smtp.to("wang@example.cn") == []


def test_changing_to_online_frees_the_place_for_the_next_in_line(app: Flask, client: FlaskClient) -> None:
    event = make_event(capacity=1)
    seated = make_invitation(event, make_delegate(language="en"), status="accepted", mode="in_person")
    waiting = make_invitation(event, status="waiting", mode="in_person", waiting_since=utcnow())
    answer(client, seated, "online")
    db.session.expire_all()
    assert (seated.mode, waiting.status, waiting.mode) == (Mode.ONLINE, Status.ACCEPTED, Mode.IN_PERSON)


def test_nobody_overtakes_the_waiting_list_when_places_open(app: Flask, client: FlaskClient) -> None:
    event = make_event(capacity=1)
    first = make_invitation(event, status="waiting", mode="in_person", waiting_since=utcnow() - timedelta(days=1))
    newcomer = make_invitation(event, make_delegate(language="en"))
    event.capacity = 2  # raised by the organisers; the waiting list has not moved yet
    db.session.commit()
    answer(client, newcomer, "in_person")
    db.session.expire_all()
    assert first.status == Status.ACCEPTED and newcomer.status == Status.ACCEPTED
    event.capacity = 3
    db.session.commit()
    later = make_invitation(event, status="waiting", mode="in_person", waiting_since=utcnow())
    outcome = service.fill_places(event)
    assert [i.id for i in outcome.promoted] == [later.id] and len(outcome.mail_ids) == 1


def test_organisers_withdraw_an_invitation_cancel_its_calendar_and_promote_the_next(app: Flask, smtp) -> None:
    organiser = make_staff("organiser")
    event = make_event(capacity=1)
    seated = make_invitation(event, make_delegate(language="en", email="seated@example.org"),
                             status="accepted", mode="in_person")
    waiting = make_invitation(event, status="waiting", mode="in_person", waiting_since=utcnow())
    outcome = service.withdraw(seated, organiser)
    assert [i.id for i in outcome.promoted] == [waiting.id]
    assert (seated.status, waiting.status) == (Status.WITHDRAWN, Status.ACCEPTED)
    entry = db.session.query(AuditEntry).filter_by(action="invitation.withdraw").one()
    assert entry.staff_id == organiser.id and entry.changes["status"] == ["accepted", "withdrawn"]
    sender.deliver(sender.pending_ids())
    [cancellation] = smtp.to("seated@example.org")
    assert cancellation["Subject"].startswith("Invitation withdrawn:")
    calendar = calendar_part(cancellation)
    assert calendar.get_param("method") == "CANCEL" and "STATUS:CANCELLED" in calendar.get_content()


def test_organisers_may_seat_a_guest_although_the_hall_is_full(app: Flask) -> None:
    organiser = make_staff("organiser")
    event = make_event(capacity=1)
    make_invitation(event, status="accepted", mode="in_person")
    minister = make_invitation(event, status="waiting", mode="in_person", waiting_since=utcnow())
    service.override(minister, "accepted", "in_person", organiser)
    assert (minister.status, minister.mode, minister.sequence) == (Status.ACCEPTED, Mode.IN_PERSON, 1)
    accepted = db.session.query(Invitation).filter_by(event_id=event.id, status=Status.ACCEPTED).count()
    assert accepted == 2
    assert db.session.query(AuditEntry).filter_by(action="invitation.override", staff_id=organiser.id).count() == 1


def test_two_answers_at_the_same_moment_never_overfill_the_hall(app: Flask) -> None:
    event = make_event(capacity=3)
    ids = [make_invitation(event).id for _ in range(6)]
    start = threading.Barrier(len(ids))
    errors: list[BaseException] = []

    def answer_in_person(invitation_id: int) -> None:
        with app.app_context():
            try:
                invitation = db.session.get(Invitation, invitation_id)
                start.wait(timeout=10)
                service.answer(invitation, "in_person")
            except BaseException as e:  # reported below, not swallowed
                errors.append(e)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=answer_in_person, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    db.session.expire_all()
    statuses = sorted(db.session.get(Invitation, i).status.value for i in ids)
    assert statuses == ["accepted"] * 3 + ["waiting"] * 3


def test_raising_the_capacity_promotes_the_waiting_list_in_order(app: Flask) -> None:
    from eventdesk.events import service as events
    from eventdesk.models import OutboxMessage

    event = make_event(capacity=1)
    make_invitation(event, status="accepted", mode="in_person")
    now = utcnow()
    first = make_invitation(event, status="waiting", mode="in_person", waiting_since=now - timedelta(hours=2))
    second = make_invitation(event, status="waiting", mode="in_person", waiting_since=now - timedelta(hours=1))
    events.update(event, capacity=2)
    db.session.expire_all()
    assert (first.status, second.status) == (Status.ACCEPTED, Status.WAITING)
    assert db.session.query(OutboxMessage).filter_by(invitation_id=first.id, kind="promotion").count() == 1
