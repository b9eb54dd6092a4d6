"""The venue is named in the page's language where the event has that name: on the delegate's page, in the
invitation mail and calendar file, on the organisers' home; the API and the command line carry the names."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from eventdesk.models import Event, Staff
from eventdesk.rsvp import calendar, mails
from tests.factories import bearer, make_delegate, make_event, make_invitation

VENUES = {"zh": "成都高新区会展中心", "ja": "成都ハイテクゾーン展示センター",
          "en": "Chengdu Hi-tech Zone Exhibition Centre"}


def venue_event() -> Event:
    return make_event(venue=VENUES["en"], venues={"zh": VENUES["zh"], "ja": VENUES["ja"]})


def test_each_guest_reads_the_venue_in_their_own_language(app: Flask, client: FlaskClient) -> None:
    event = venue_event()
    for language in ("zh", "ja", "en"):
        invitation = make_invitation(event, make_delegate(language=language, email=f"{language}@example.org"))
        page = client.get(f"/i/{invitation.token}").text
        assert VENUES[language] in page, language
        assert all(VENUES[other] not in page for other in VENUES if other != language)
        ics = calendar.for_invitation(invitation).decode()
        assert VENUES[language] in ics.replace("\r\n ", ""), language
        mail = mails.queue_invitation(invitation)  # the invitation mail names it in the guest's language too
        assert VENUES[language] in mail.body_text and VENUES[language] in mail.body_html, language


def test_organisers_read_the_venue_in_the_language_they_chose(app: Flask, organiser_client: FlaskClient) -> None:
    venue_event()
    assert VENUES["ja"] in organiser_client.get("/?lang=ja").text
    assert VENUES["zh"] in organiser_client.get("/?lang=zh").text
    assert VENUES["en"] in organiser_client.get("/?lang=en").text


def test_the_api_and_the_command_line_carry_the_venues_names(app: Flask, client: FlaskClient, runner,
                                                             organiser: Staff) -> None:
    result = runner.invoke(args=["events", "create", "forum", "--title", "Forum", "--start", "2031-05-20T09:30",
                                 "--end", "2031-05-20T17:00", "--timezone", "Asia/Tokyo", "--venue", "Hall A",
                                 "--venue-in", "ja=Aホール", "--venue-in", "zh=A厅"])
    assert result.exit_code == 0, result.output
    token = bearer(organiser)
    read = client.get("/api/v1/events/forum", headers=token).json
    assert read["venue"] == "Hall A" and read["venues"] == {"ja": "Aホール", "zh": "A厅"}
    changed = client.patch("/api/v1/events/forum", json={"venues": {"ja": " 大ホール ", "zh": ""}}, headers=token)
    assert changed.status_code == 200 and changed.json["venues"] == {"ja": "大ホール"}
    assert changed.json["schedule_sequence"] == 1  # calendar programs take the new name
    refused = client.patch("/api/v1/events/forum", json={"venues": {"fr": "Salle A"}}, headers=token)
    assert refused.status_code == 422 and "venues" in refused.json["error"]["fields"]
    assert client.get("/api/v1/events/forum", headers=token).json["venues"] == {"ja": "大ホール"}
