"""The running order stays numbered 1..N whatever changes it: the edit form, an import, the arrows a clerk or an
organiser reaches with the keyboard. After "Postpone" the desk goes on to the next agreement, and the desk redraws
itself when a door admits a signatory, as the live board does."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import expect
from sqlalchemy import select

from eventdesk.extensions import db
from eventdesk.models import Agreement, AuditEntry, Event
from eventdesk.signing import importer
from tests.factories import make_event, make_staff, sign_in_page
from tests.signing_factories import admit, jetro, make_agreement, post, sichuan, signing_pair

HEADER = "ref,title,kind,amount,currency,position,parties\n"


def running_order(event: Event) -> list[tuple[int, str]]:
    db.session.expire_all()
    return [tuple(row) for row in db.session.execute(
        select(Agreement.position, Agreement.ref).where(Agreement.event_id == event.id)
        .order_by(Agreement.position, Agreement.ref))]


def four(event: Event) -> None:
    for ref in ("CJ-01", "CJ-02", "CJ-03", "CJ-04"):
        make_agreement(event, ref, title=f"Agreement {ref}")


def test_giving_an_agreement_a_place_moves_the_others_without_gaps_or_duplicates(
        app: Flask, organiser_client: FlaskClient) -> None:
    event = make_event()
    four(event)
    form = {"title": "Agreement CJ-04", "kind": "investment", "amount": "", "currency": "CNY",
            "parties": "四川省商务厅: CN\n日本貿易振興機構: JP", "signatories": "", "remote_signatories": ""}
    answer = post(organiser_client, "/events/ceremony/agreements/CJ-04/edit", {**form, "ref": "CJ-04", "position": "2"})
    assert answer.status_code == 302
    assert running_order(event) == [(1, "CJ-01"), (2, "CJ-04"), (3, "CJ-02"), (4, "CJ-03")]
    # A new agreement given place 1 goes first; one given place 99 goes last, as 6.
    post(organiser_client, "/events/ceremony/agreements/new", {**form, "ref": "CJ-05", "position": "1"})
    post(organiser_client, "/events/ceremony/agreements/new", {**form, "ref": "CJ-06", "position": "99"})
    assert running_order(event) == [(1, "CJ-05"), (2, "CJ-01"), (3, "CJ-04"), (4, "CJ-02"), (5, "CJ-03"),
                                    (6, "CJ-06")]


def test_an_import_puts_each_agreement_where_its_row_says(app: Flask) -> None:
    event = make_event()
    sichuan(), jetro()
    rows = "".join(f"CJ-0{n},Agreement {n},investment,,CNY,{place},四川省商务厅:CN; 日本貿易振興機構:JP\n"
                   for n, place in ((1, 3), (2, 2), (3, 1)))
    result = importer.import_agreements(event, (HEADER + rows).encode(), "order.csv", staff=None, dry_run=False)
    assert not result.problems and [row.line for row in result.rows] == [2, 3, 4]
    assert running_order(event) == [(1, "CJ-03"), (2, "CJ-02"), (3, "CJ-01")]


def test_a_clerk_moves_an_agreement_up_and_down_with_the_keyboard(app: Flask, live_server, page) -> None:
    event = make_event()
    four(event)
    sign_in_page(page, live_server, make_staff("clerk", "clerk@protocol.example"))
    page.goto(f"{live_server.url}/events/ceremony/signing")
    expect(page.get_by_role("button", name="Move CJ-01 up")).to_be_disabled()
    page.get_by_role("button", name="Move CJ-03 up").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/signing")
    expect(page.locator(".running-order .n")).to_have_text(["1", "2", "3", "4"])
    expect(page.locator(".running-order .what .meta")).to_contain_text(["CJ-01", "CJ-03", "CJ-02", "CJ-04"])
    expect(page.locator("#move-up-CJ-03")).to_be_focused()  # ready to press again
    page.keyboard.press("Enter")
    expect(page.locator(".running-order .what .meta").first).to_contain_text("CJ-03")
    # First now, it cannot go further up: the focus is on its other arrow.
    expect(page.locator("#move-up-CJ-03")).to_be_disabled()
    expect(page.locator("#move-down-CJ-03")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".running-order .what .meta").nth(1)).to_contain_text("CJ-03")
    assert running_order(event) == [(1, "CJ-01"), (2, "CJ-03"), (3, "CJ-02"), (4, "CJ-04")]
    moves = db.session.scalars(select(AuditEntry.changes).where(AuditEntry.action == "agreement.move")).all()
    assert [m["position"] for m in moves] == [[3, 2], [2, 1], [1, 2]]


def test_an_organiser_moves_an_agreement_on_the_agreements_page(app: Flask, organiser_client: FlaskClient) -> None:
    event = make_event()
    four(event)
    answer = post(organiser_client, "/events/ceremony/signing/CJ-02/move", {"direction": "down", "next": "agreements"})
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/agreements")
    assert running_order(event) == [(1, "CJ-01"), (2, "CJ-03"), (3, "CJ-02"), (4, "CJ-04")]
    refused = post(organiser_client, "/events/ceremony/signing/CJ-02/move", {"direction": "sideways"},
                   follow_redirects=True)
    assert "nothing was changed" in refused.text
    assert running_order(event) == [(1, "CJ-01"), (2, "CJ-03"), (3, "CJ-02"), (4, "CJ-04")]


def test_door_staff_cannot_reorder(app: Flask, door_client: FlaskClient) -> None:
    event = make_event()
    four(event)
    assert post(door_client, "/events/ceremony/signing/CJ-02/move", {"direction": "up"}).status_code == 403
    assert running_order(event)[1] == (2, "CJ-02")


def test_after_postponing_the_desk_goes_on_to_the_next_agreement(app: Flask, clerk_client: FlaskClient) -> None:
    event = make_event()
    signing_pair(event, "CJ-01", title="EV battery plant")
    signing_pair(event, "CJ-02", title="Robotics joint venture")
    answer = post(clerk_client, "/events/ceremony/signing/CJ-01/status", {"action": "postpone"})
    assert answer.headers["Location"].endswith("/events/ceremony/signing")
    current = clerk_client.get(answer.headers["Location"]).text.split('<section class="desk-order"')[0]
    assert "Next to sign" in current and "Robotics joint venture" in current


def test_the_desk_redraws_itself_when_the_door_admits_a_signatory(app: Flask, live_server, page) -> None:
    event = make_event()
    agreement, wang, sato = signing_pair(event)
    admit(sato)
    sign_in_page(page, live_server, make_staff("clerk", "clerk@protocol.example"))
    page.goto(f"{live_server.url}/events/ceremony/signing")
    missing = page.locator(".signatory.missing")
    expect(missing).to_have_count(1)
    expect(missing).to_contain_text("王伟")
    admit(wang)  # at the door, while the desk stays open
    expect(page.locator(".signatory.missing")).to_have_count(0, timeout=15_000)
    expect(page.locator(".running-order .badge-pill")).to_have_text(["ready"])
