"""Delegates fetch their own badge through the personal link; organisers download the print batch on the web
or from the command line, and re-issue a lost badge there."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select

from eventdesk.badges import codec, service
from eventdesk.extensions import db
from eventdesk.models import AuditEntry, Badge, Invitation
from tests.factories import make_delegate, make_event, make_invitation, make_organisation

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")


def attending(event, name: str = "髙橋 さくら", latin: str = "Sakura TAKAHASHI", **fields) -> Invitation:
    return make_invitation(event, make_delegate(name=name, latin=latin, **fields), status="accepted",
                           mode="in_person")


def private(response) -> bool:
    return (response.headers["Referrer-Policy"] == "no-referrer"
            and response.headers["Cache-Control"] == "private, no-store")


@needs_poppler
def test_a_guest_attending_in_person_gets_a_badge_pdf_whose_qr_reads_back(app: Flask, client: FlaskClient,
                                                                          tmp_path: Path) -> None:
    invitation = attending(make_event())
    response = client.get(f"/i/{invitation.token}/badge.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert private(response)
    (tmp_path / "badge.pdf").write_bytes(response.data)
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(tmp_path / "badge.pdf"), str(tmp_path / "page")],
                   check=True)
    [page] = tmp_path.glob("page*.png")
    [barcode] = zxingcpp.read_barcodes(Image.open(page))
    code = codec.verify(barcode.text, app.config)
    assert (code.event_id, code.invitation_id) == (invitation.event_id, invitation.id)
    assert code.serial == service.current(invitation).serial


def test_the_phone_png_has_the_same_code_as_the_pdf(app: Flask, client: FlaskClient) -> None:
    invitation = attending(make_event())
    client.get(f"/i/{invitation.token}/badge.pdf")
    response = client.get(f"/i/{invitation.token}/badge.png")
    assert response.status_code == 200 and response.mimetype == "image/png" and private(response)
    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.data)))
    assert barcode.text == service.code_for(service.current(invitation))
    assert len(db.session.scalars(select(Badge).where(Badge.invitation_id == invitation.id)).all()) == 1


@pytest.mark.parametrize("status, mode, reason", [
    ("accepted", "online", "You will attend online"),
    ("declined", None, "You declined"),
    ("invited", None, "You have not answered"),
    ("waiting", "in_person", "waiting list"),
])
def test_no_badge_for_a_guest_not_attending_in_person_and_the_page_says_why(
        app: Flask, client: FlaskClient, status: str, mode: str | None, reason: str) -> None:
    invitation = make_invitation(make_event(), status=status, mode=mode)
    for suffix in ("pdf", "png"):
        response = client.get(f"/i/{invitation.token}/badge.{suffix}?lang=en")
        assert response.status_code == 404 and private(response)
        assert reason in response.get_data(as_text=True)
    assert db.session.scalar(select(Badge.id)) is None


def test_moving_online_revokes_the_badge_and_the_link_then_says_why(app: Flask, client: FlaskClient) -> None:
    invitation = attending(make_event())
    assert client.get(f"/i/{invitation.token}/badge.png").status_code == 200
    invitation.mode = invitation.mode.ONLINE
    service.sync(invitation)
    db.session.commit()
    response = client.get(f"/i/{invitation.token}/badge.pdf?lang=en")
    assert response.status_code == 404 and "You will attend online" in response.get_data(as_text=True)
    assert service.current(invitation) is None


def test_an_unknown_token_is_a_plain_404(app: Flask, client: FlaskClient) -> None:
    attending(make_event())
    response = client.get("/i/not-a-real-token-at-all/badge.pdf")
    assert response.status_code == 404 and private(response)
    assert "attend" not in response.get_data(as_text=True)


def test_organiser_downloads_only_new_badges_of_one_organisation(app: Flask,
                                                                 organiser_client: FlaskClient) -> None:
    event = make_event()
    jetro = make_organisation("日本貿易振興機構", name_latin="JETRO")
    ours = [attending(event, organisation=jetro, email=f"j{i}@example.jp") for i in range(2)]
    attending(event, name="张 伟", latin="Wei ZHANG", language="zh")
    page = organiser_client.get(f"/events/{event.slug}/badges")
    assert page.status_code == 200 and "日本貿易振興機構" in page.get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))[1]
    response = organiser_client.post(f"/events/{event.slug}/badges", data={
        "csrf_token": token, "only": "new", "organisation": str(jetro.id)})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/pdf" and private(response)
    assert response.data.startswith(b"%PDF-")
    printed = db.session.scalars(select(Badge.invitation_id).where(Badge.printed_at.is_not(None))).all()
    assert sorted(printed) == sorted(i.id for i in ours)
    again = organiser_client.post(f"/events/{event.slug}/badges", data={
        "csrf_token": token, "only": "new", "organisation": str(jetro.id)})
    assert again.status_code == 404 and "No badges match" in again.get_data(as_text=True)


def test_door_staff_may_not_download_the_batch(app: Flask, door_client: FlaskClient) -> None:
    event = make_event()
    assert door_client.get(f"/events/{event.slug}/badges").status_code == 403


@needs_poppler
def test_badges_command_writes_the_batch_pdf(app: Flask, runner, tmp_path: Path) -> None:
    event = make_event()
    for i, name in enumerate(["张 伟", "王 芳", "髙橋 さくら", "김 민준", "李 娜"]):
        attending(event, name=name, latin=f"Guest {i} NAME", email=f"g{i}@example.org")
    output = tmp_path / "badges.pdf"
    result = runner.invoke(args=["badges", event.slug, "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "Wrote 5 badges" in result.output
    info = subprocess.run(["pdfinfo", str(output)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"Pages:\s+2\n", info)


def test_badges_reissue_command_gives_a_new_serial_and_revokes_the_old(app: Flask, runner) -> None:
    event = make_event()
    invitation = attending(event, email="Sakura@Example.jp")
    old = service.issue(invitation)
    result = runner.invoke(args=["badges", "reissue", event.slug, "SAKURA@example.jp"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    new = service.current(invitation)
    assert new.serial == old.serial + 1
    assert f"No. {new.serial}" in result.output and f"No. {old.serial} is revoked" in result.output
    assert db.session.get(Badge, old.id).revoked_at is not None
    old_code = codec.verify(codec.encode(event.id, invitation.id, old.serial, app.config), app.config)
    assert service.lookup(old_code).state == service.BadgeState.REVOKED
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "badge.reissue"))


@pytest.mark.parametrize("args, message", [
    (["badges", "nope", "-o", "x.pdf"], "no event with slug 'nope'"),
    (["badges", "reissue", "nope", "a@example.jp"], "no event with slug 'nope'"),
    (["badges", "reissue", "ceremony", "nobody@example.jp"], "'nobody@example.jp' is not invited"),
    (["badges", "ceremony", "-o", "x.pdf", "--organisation", "Nobody Inc"], "no organisation named"),
])
def test_badges_commands_refuse_unknown_slugs_and_people(app: Flask, runner, tmp_path: Path, args: list[str],
                                                         message: str) -> None:
    attending(make_event())
    result = runner.invoke(args=[a.replace("x.pdf", str(tmp_path / "x.pdf")) for a in args])
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_badges_command_needs_an_output_file(app: Flask, runner) -> None:
    assert runner.invoke(args=["badges", "ceremony"]).exit_code == 2


def test_guessing_badge_links_is_slowed_like_guessing_invitation_links(app: Flask, client: FlaskClient) -> None:
    invitation = attending(make_event())
    guesser = {"REMOTE_ADDR": "203.0.113.9"}
    for n in range(30):
        assert client.get(f"/i/guess{n:012d}abcdefgh/badge.pdf", environ_base=guesser).status_code == 404
    assert client.get("/i/guess999999999999abcdefgh/badge.png", environ_base=guesser).status_code == 429
    # The delegate's own badge is served even from the guesser's address (a venue's shared network).
    assert client.get(f"/i/{invitation.token}/badge.png", environ_base=guesser).status_code == 200
