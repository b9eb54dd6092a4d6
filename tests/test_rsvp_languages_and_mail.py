"""The page opens in the delegate's own language and switches with ?lang=; every e-mail arrives (through a
real SMTP server on loopback) in the delegate's language with the calendar file attached."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from eventdesk.extensions import db
from eventdesk.mail import sender
from eventdesk.models import Organisation
from eventdesk.rsvp import mails
from tests.factories import make_delegate, make_event, make_invitation
from tests.rsvp_steps import answer, calendar_part, open_page


def test_a_japanese_delegates_page_is_in_japanese_whatever_the_browser_and_switches_to_chinese(
        app: Flask, client: FlaskClient) -> None:
    invitation = make_invitation(make_event(), make_delegate("山田 太郎", "Taro YAMADA", language="ja"))
    page = client.get(f"/i/{invitation.token}", headers={"Accept-Language": "en-GB,en;q=0.9"})
    html = page.get_data(as_text=True)
    assert '<html lang="ja">' in html
    assert "日中地方協力推進会" in html and "ご出席いただけますか？" in html
    assert "山田太郎 (Taro YAMADA) 様" in html
    chinese = open_page(client, invitation, "?lang=zh").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in chinese and "中日地方合作推介会" in chinese and "您是否出席？" in chinese
    # The choice is remembered for the rest of the visit.
    assert "您是否出席？" in open_page(client, invitation).get_data(as_text=True)


def test_the_invitation_email_arrives_in_japanese_with_the_link_and_the_calendar(app: Flask, smtp) -> None:
    delegate = make_delegate("山田 太郎", "Taro YAMADA", language="ja", email="yamada@example.jp",
                             organisation=_japanese_organisation())
    invitation = make_invitation(make_event(), delegate)
    mails.queue_invitation(invitation)
    db.session.commit()
    assert invitation.invited_at is not None
    sender.deliver(sender.pending_ids())
    [message] = smtp.to("yamada@example.jp")
    assert message["Subject"] == "ご招待：日中地方協力推進会"
    text = message.get_body(("plain",)).get_content()
    assert "山田太郎 (Taro YAMADA) 様" in text
    assert f"http://eventdesk.test/i/{invitation.token}" in text
    assert "日本時間" in text  # the guest's own clock beside the event's
    html = message.get_body(("html",)).get_content()
    assert '<html lang="ja">' in html and f'href="http://eventdesk.test/i/{invitation.token}"' in html
    calendar = calendar_part(message)
    assert calendar.get_param("method") == "REQUEST" and calendar.get_filename() == "invitation.ics"
    assert "SUMMARY:日中地方協力推進会" in calendar.get_content()
    assert "PARTSTAT=NEEDS-ACTION" in calendar.get_content()


def test_a_chinese_delegate_gets_a_chinese_confirmation_with_the_calendar(app: Flask, client: FlaskClient,
                                                                          smtp) -> None:
    delegate = make_delegate("张 伟", "Wei ZHANG", language="zh", email="zhang@example.cn")
    invitation = make_invitation(make_event(), delegate)
    answer(client, invitation, "online", interpreter="ja")
    sender.deliver(sender.pending_ids())
    [message] = smtp.to("zhang@example.cn")
    assert message["Subject"] == "您对中日地方合作推介会的答复"
    text = message.get_body(("plain",)).get_content()
    assert "尊敬的张伟 (Wei ZHANG)：" in text
    assert "感谢您：您将在线出席。" in text and f"/i/{invitation.token}/join" in text
    assert "同声传译语言: 日语" in text
    calendar = calendar_part(message)
    assert calendar.get_param("method") == "REQUEST" and "PARTSTAT=ACCEPTED" in calendar.get_content()


def test_the_confirmation_leaves_as_soon_as_the_answer_page_has_been_sent(app: Flask, client: FlaskClient,
                                                                           smtp) -> None:
    invitation = make_invitation(make_event(), make_delegate(language="en", email="quick@example.org"))
    response = answer(client, invitation, "online")
    assert smtp.to("quick@example.org") == []
    response.close()  # what the WSGI server does once the response is out
    [message] = smtp.to("quick@example.org")
    assert message["Subject"] == "Your answer to China–Japan Regional Cooperation Promotion"


def test_a_decline_is_confirmed_with_a_calendar_cancellation(app: Flask, client: FlaskClient, smtp) -> None:
    delegate = make_delegate("Anna Smith", "Anna SMITH", language="en", email="anna@example.org")
    invitation = make_invitation(make_event(), delegate, status="accepted", mode="in_person")
    answer(client, invitation, "decline")
    sender.deliver(sender.pending_ids())
    [message] = smtp.to("anna@example.org")
    assert message["Subject"] == "Your answer to China–Japan Regional Cooperation Promotion"
    assert "cannot attend" in message.get_body(("plain",)).get_content()
    calendar = calendar_part(message)
    assert calendar.get_param("method") == "CANCEL" and "PARTSTAT=DECLINED" in calendar.get_content()


def _japanese_organisation() -> Organisation:
    organisation = Organisation(name="日本貿易振興機構", name_latin="JETRO", country="JP")
    db.session.add(organisation)
    db.session.flush()
    return organisation
