"""Door staff choose their door once, scan on the door page, find a guest who forgot the badge, admit with one
tap and take back a mistaken admission; organisers watch arrivals on the dashboard."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from eventdesk.badges import service as badges
from eventdesk.extensions import db
from eventdesk.models import AuditEntry, CheckIn, Event, Invitation, OrganisationKind, ScanResult
from tests.factories import make_delegate, make_event, make_invitation, make_organisation, make_staff, signed_in

DOOR = "/events/ceremony/door"


def guest(event: Event, name: str = "山田 太郎", latin: str = "Taro YAMADA", status: str = "accepted",
          mode: str | None = "in_person", **fields: Any) -> Invitation:
    return make_invitation(event, make_delegate(name=name, latin=latin, **fields), status=status, mode=mode)


def at_the_door(client: FlaskClient, door: str = "North door") -> str:
    """Choose the door, open the scanner page and return its CSRF token, as the page's script does."""
    page = client.get(f"{DOOR}/choose")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    chosen = client.post(f"{DOOR}/choose", data={"door": door, "csrf_token": token})
    assert chosen.status_code == 302 and chosen.headers["Location"].endswith(DOOR)
    scanner = client.get(DOOR)
    assert scanner.status_code == 200
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', scanner.get_data(as_text=True)).group(1)


def scan(client: FlaskClient, token: str, code: str, door: str = "North door", scan_id: str | None = None) -> Any:
    return client.post(f"{DOOR}/scan", json={"code": code, "door": door, "scan_id": scan_id},
                       headers={"X-CSRFToken": token})


def test_the_door_page_asks_for_the_door_once_then_shows_the_scanner(door_client) -> None:
    event = make_event()
    first = door_client.get(DOOR)
    assert first.status_code == 302 and first.headers["Location"].endswith(f"{DOOR}/choose")
    at_the_door(door_client, "  North   door ")
    page = door_client.get(DOOR).get_data(as_text=True)
    assert 'data-door="North door"' in page
    assert 'aria-live="assertive"' in page and 'id="scanner-input"' in page
    assert "/static/vendor/jsqr/jsQR.js" in page and "/static/js/door.js" in page
    assert "<script>" not in page and " onclick=" not in page  # the CSP allows scripts from files only
    assert event.title_in("en") in page or event.title in page


def test_an_empty_door_name_is_refused_with_a_message(door_client) -> None:
    make_event()
    page = door_client.get(f"{DOOR}/choose").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    refused = door_client.post(f"{DOOR}/choose", data={"door": "   ", "csrf_token": token})
    assert refused.status_code == 400 and "Name the door" in refused.get_data(as_text=True)


def test_a_scan_shows_green_then_amber_with_time_and_door_in_the_events_timezone(app, door_client) -> None:
    event = make_event()  # Asia/Shanghai
    company = make_organisation("株式会社テスト", name_latin="Test KK", kind=OrganisationKind.CORPORATE, country="JP")
    code = badges.code_for(badges.issue(guest(event, organisation=company, role="signatory")))
    token = at_the_door(door_client)

    green = scan(door_client, token, code, scan_id="web-1")
    assert green.status_code == 200
    view = green.get_json()["view"]
    assert (view["tone"], view["headline"]) == ("green", "Admitted")
    assert view["guest"] == {"name": "山田太郎", "name_latin": "Taro YAMADA", "organisation": "株式会社テスト",
                             "organisation_latin": "Test KK", "role": "Signatory"}

    admitted = db.session.scalars(select(CheckIn)).one()
    local = admitted.scanned_at.astimezone(event.tz).strftime("%H:%M")
    amber = scan(door_client, token, code, door="South door").get_json()["view"]
    assert amber["tone"] == "amber"
    assert amber["headline"] == f"Already admitted at {local}, North door"

    again = scan(door_client, token, "something else", scan_id="web-1").get_json()
    assert again["view"]["tone"] == "green"  # a resent scan gets its first answer back
    assert len(db.session.scalars(select(CheckIn)).all()) == 2


@pytest.mark.parametrize("case, reason", [
    ("replaced", "replaced or withdrawn"), ("other", "another event"), ("garbage", "Not one of our badges"),
])
def test_a_refused_badge_shows_red_with_the_reason_in_words(door_client, case: str, reason: str) -> None:
    event = make_event()
    invitation = guest(event)
    code = {"replaced": lambda: badges.code_for(badges.issue(invitation)),
            "other": lambda: badges.code_for(badges.issue(guest(make_event(slug="other"), name="李 娜",
                                                                  latin="Na LI"))),
            "garbage": lambda: "hello"}[case]()
    if case == "replaced":
        badges.reissue(invitation)
    token = at_the_door(door_client)
    view = scan(door_client, token, code).get_json()["view"]
    assert view["tone"] == "red" and view["headline"] == "Not admitted"
    assert reason in view["reason"]


def test_the_door_speaks_the_pages_language(door_client) -> None:
    event = make_event()
    code = badges.code_for(badges.issue(guest(event)))
    token = at_the_door(door_client)
    door_client.get(f"{DOOR}?lang=ja")
    assert scan(door_client, token, code).get_json()["view"]["headline"] == "入場OK"
    door_client.get(f"{DOOR}?lang=zh")
    assert scan(door_client, token, "nope").get_json()["view"]["headline"] == "不予入场"


def test_a_scan_without_the_csrf_header_is_refused_and_records_nothing(door_client) -> None:
    event = make_event()
    code = badges.code_for(badges.issue(guest(event)))
    at_the_door(door_client)
    refused = door_client.post(f"{DOOR}/scan", json={"code": code, "door": "North door"})
    assert refused.status_code == 400
    assert db.session.scalars(select(CheckIn)).all() == []


@pytest.mark.parametrize("body", [{"code": "", "door": "North door"}, {"code": "X", "door": ""},
                                  {"code": ["X"], "door": "North door"}, "not an object"])
def test_a_bad_scan_request_gets_a_clear_json_answer(door_client, body: Any) -> None:
    make_event()
    token = at_the_door(door_client)
    answer = door_client.post(f"{DOOR}/scan", json=body, headers={"X-CSRFToken": token})
    assert answer.status_code == 400 and answer.get_json()["error"]["message"]


def test_a_guest_without_badge_is_found_by_part_of_a_kana_name_and_admitted_with_one_tap(door_client) -> None:
    event = make_event()
    found = guest(event, name="さくら ゆい", latin="Yui SAKURA")
    guest(event, name="佐藤 花子", latin="Hanako SATO", status="accepted", mode="online")
    token = at_the_door(door_client)

    listed = door_client.get(f"{DOOR}/guests?q=サク").get_json()["items"]
    assert [(g["name"], g["admissible"], g["admitted"]) for g in listed] == [("さくらゆい", True, None)]
    assert listed[0]["status"] == "Accepted, in person"
    online = door_client.get(f"{DOOR}/guests?q=hanako").get_json()["items"]
    assert [(g["status"], g["admissible"]) for g in online] == [("Accepted, online", False)]
    assert door_client.get(f"{DOOR}/guests?q=+").get_json()["items"] == []

    admitted = door_client.post(f"{DOOR}/guests/{found.id}/admit", json={"door": "North door"},
                                headers={"X-CSRFToken": token})
    assert admitted.get_json()["view"]["tone"] == "green"
    row = db.session.scalars(select(CheckIn)).one()
    assert row.manual and row.result == ScanResult.ADMITTED and row.invitation_id == found.id
    again = door_client.get(f"{DOOR}/guests?q=sakura").get_json()["items"][0]
    assert again["admissible"] is False and again["admitted"].endswith("North door")


def test_a_guest_of_another_event_cannot_be_admitted_by_id(door_client) -> None:
    make_event()
    stranger = guest(make_event(slug="other"))
    token = at_the_door(door_client)
    refused = door_client.post(f"{DOOR}/guests/{stranger.id}/admit", json={"door": "North door"},
                               headers={"X-CSRFToken": token})
    assert refused.status_code == 404
    assert db.session.scalars(select(CheckIn)).all() == []


def test_door_staff_take_back_their_own_last_admission_and_it_is_logged(app, door_client) -> None:
    event = make_event()
    first, second = guest(event), guest(event, name="李 娜", latin="Na LI")
    colleague = signed_in(app, make_staff("door", "south@eventdesk.test"))
    token, other = at_the_door(door_client), at_the_door(colleague, "South door")
    scan(door_client, token, badges.code_for(badges.issue(first)))
    scan(colleague, other, badges.code_for(badges.issue(second)), door="South door")

    undone = door_client.post(f"{DOOR}/undo", headers={"X-CSRFToken": token})
    assert undone.status_code == 200 and "山田太郎" in undone.get_json()["message"]
    db.session.expire_all()
    rows = {c.invitation_id: c for c in db.session.scalars(select(CheckIn))}
    assert rows[first.id].undone_at is not None and rows[second.id].undone_at is None
    assert db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("checkin.%"))).all() == [
        "checkin.undo"]
    nothing = door_client.post(f"{DOOR}/undo", headers={"X-CSRFToken": token})
    assert nothing.status_code == 409 and nothing.get_json()["error"]["message"]
    assert scan(door_client, token, badges.code_for(badges.issue(first))).get_json()["view"]["tone"] == "green"


def test_the_door_counts_admitted_of_expected_here_and_at_every_door(door_client) -> None:
    event = make_event()
    codes = [badges.code_for(badges.issue(guest(event, name=f"王 {n}", latin=f"Wei {n}"))) for n in range(3)]
    token = at_the_door(door_client)
    scan(door_client, token, codes[0])
    scan(door_client, token, codes[1], door="South door")
    counts = door_client.get(f"{DOOR}/stats?door=North+door").get_json()
    assert counts == {"admitted": 2, "expected": 3, "here": 1, "by_door": [["North door", 1], ["South door", 1]]}


def test_organisers_see_arrivals_by_door_kind_and_time(organiser_client, door_client) -> None:
    event = make_event()
    codes = [badges.code_for(badges.issue(guest(event, name=f"王 {n}", latin=f"Wei {n}"))) for n in range(3)]
    token = at_the_door(door_client)
    for code in codes[:2]:
        scan(door_client, token, code)
    scan(door_client, token, "not a badge")

    page = organiser_client.get(f"{DOOR}/dashboard")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "North door" in html and "Government" in html
    assert '<svg class="arrivals"' in html and "2 admitted between" in html
    assert "Not our badge" in html  # the refused scan is listed too
    live = organiser_client.get(f"{DOOR}/dashboard?part=live").get_data(as_text=True)
    assert "<html" not in live and '<svg class="arrivals"' in live
    assert organiser_client.get(f"{DOOR}/dashboard?part=other").status_code == 404


def test_the_staff_home_leads_each_role_to_its_door_page(app, organiser_client, door_client, clerk_client) -> None:
    make_event()
    door_home = door_client.get("/").get_data(as_text=True)
    assert f'href="{DOOR}"' in door_home and f"{DOOR}/dashboard" not in door_home
    organiser_home = organiser_client.get("/").get_data(as_text=True)
    assert f"{DOOR}/dashboard" in organiser_home
    assert f'href="{DOOR}"' not in clerk_client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("method, path", [("GET", DOOR), ("GET", f"{DOOR}/choose"), ("POST", f"{DOOR}/scan"),
                                          ("GET", f"{DOOR}/guests?q=a"), ("GET", f"{DOOR}/stats"),
                                          ("POST", f"{DOOR}/undo")])
def test_clerks_are_refused_the_door(clerk_client, method: str, path: str) -> None:
    make_event()
    home = clerk_client.get("/").get_data(as_text=True)  # the sign-out form carries a valid CSRF token
    token = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
    answer = clerk_client.open(path, method=method, json={"code": "X", "door": "North"}, headers={"X-CSRFToken": token})
    assert answer.status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client) -> None:
    make_event()
    answer = client.get(DOOR)
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
