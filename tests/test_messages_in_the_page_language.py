"""What a rule says when it refuses reaches the page in the page's language: the clerk's signing refusals, the
badge batch that matches nobody, a document the desk cannot take, the door's JSON answers and the error pages."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient

from eventdesk.models import utcnow
from eventdesk.signing import service as signing
from tests.factories import make_event, make_invitation
from tests.signing_factories import admit, csrf, post, signing_pair

LANGUAGES = ["zh", "ja"]


def in_language(client: FlaskClient, language: str) -> None:
    """The staff member picks the language once; the session keeps it for every later page and answer."""
    assert client.get(f"/?lang={language}").status_code == 200


def flashes(html: str) -> str:
    return " ".join(unescape(m) for m in re.findall(r'<p class="flash flash-error">([^<]*)</p>', html))


FUTURE = {"zh": "签约时间不能晚于现在", "ja": "署名時刻を未来にすることはできません"}
NOT_ADMITTED = {"zh": "王伟 (Wei WANG)（四川省商务厅）尚未在入口签到入场",
                "ja": "王伟 (Wei WANG)（四川省商务厅）はまだ入口で受付されていません"}
ALREADY = {"zh": "协议 CJ-01 已签约", "ja": "協定 CJ-01 はすでに署名済みです"}
UNSUPPORTED = {"zh": "仅接受 PDF 文件及 PNG、JPEG 或 WebP 图片",
               "ja": "受け付けるのは PDF ファイルと PNG・JPEG・WebP 画像のみです"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_clerk_reads_each_signing_refusal_in_the_page_language(app: Flask, clerk_client: FlaskClient,
                                                                 language: str) -> None:
    event = make_event()
    agreement, wang, sato = signing_pair(event)
    in_language(clerk_client, language)
    admit(sato)
    answer = post(clerk_client, "/events/ceremony/signing/CJ-01/sign", data={"mode": "in_person"},
                  follow_redirects=True)
    assert NOT_ADMITTED[language] in flashes(answer.text)
    admit(wang)
    later = event.local(utcnow() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S")
    answer = post(clerk_client, "/events/ceremony/signing/CJ-01/sign",
                  data={"mode": "in_person", "signed_at": later}, follow_redirects=True)
    assert FUTURE[language] in flashes(answer.text)
    signing.sign(agreement, "in_person")
    answer = post(clerk_client, "/events/ceremony/signing/CJ-01/sign", data={"mode": "remote"},
                  follow_redirects=True)
    assert ALREADY[language] in flashes(answer.text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_organiser_reads_why_a_file_or_a_batch_was_refused_in_the_page_language(
        app: Flask, organiser_client: FlaskClient, language: str) -> None:
    event = make_event()
    signing_pair(event)
    in_language(organiser_client, language)
    answer = post(organiser_client, "/events/ceremony/agreements/CJ-01/documents",
                  data={"file": (io.BytesIO(b"just text"), "scan.txt")},
                  content_type="multipart/form-data", follow_redirects=True)
    assert UNSUPPORTED[language] in flashes(answer.text)
    # No badge was re-issued since it was printed: the batch of changed badges matches nobody.
    answer = post(organiser_client, "/events/ceremony/badges", data={"only": "changed", "organisation": "0"})
    assert answer.status_code == 404
    assert {"zh": "没有符合条件的胸卡", "ja": "該当する名札はありません"}[language] in answer.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_door_hears_its_refusals_in_the_page_language(app: Flask, door_client: FlaskClient,
                                                         language: str) -> None:
    make_event()
    in_language(door_client, language)
    answer = door_client.post("/events/ceremony/door/scan", json={"code": " ", "door": "North door"},
                              headers={"X-CSRFToken": csrf(door_client)})
    assert answer.status_code == 400
    said = {"zh": "请扫描胸卡：码为空", "ja": "名札をスキャンしてください。コードが空です"}[language]
    assert answer.json["error"]["message"] == said


@pytest.mark.parametrize("language", LANGUAGES)
def test_error_pages_say_what_happened_in_the_page_language(app: Flask, organiser_client: FlaskClient,
                                                            client: FlaskClient, language: str) -> None:
    make_invitation(make_event())
    in_language(organiser_client, language)
    missing = organiser_client.get("/events/ceremony/agreements/CJ-99/edit")
    assert missing.status_code == 404
    said = {"zh": "本活动没有协议 'CJ-99'", "ja": "このイベントに協定 'CJ-99' はありません"}[language]
    assert said in unescape(missing.text)
    nowhere = client.get(f"/no-such-page?lang={language}")
    assert nowhere.status_code == 404
    assert {"zh": "网址可能有误", "ja": "アドレスが間違っている"}[language] in nowhere.text
    assert "requested URL" not in nowhere.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_organiser_adding_a_guest_reads_why_an_unknown_country_was_refused(app: Flask, organiser_client: FlaskClient,
                                                                        language: str) -> None:
    make_event()
    in_language(organiser_client, language)
    answer = post(organiser_client, "/events/ceremony/guests/new", {
        "email": "ito@example.jp", "family_name": "伊藤", "organisation": "静岡県庁", "organisation_kind": "government",
        "country": "XX", "language": "ja", "role": "delegate"})
    assert answer.status_code == 400
    said = re.search(r'id="country-error">([^<]*)<', answer.text)[1]
    assert said == {"zh": "不是有效的选择。", "ja": "選択肢が正しくありません。"}[language]
