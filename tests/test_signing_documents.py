"""Organisers attach scans of signed documents: PDF or image, checked by content and size, served to staff only."""

from __future__ import annotations

import io
from pathlib import Path

from flask import Flask
from PIL import Image
from sqlalchemy import select

from eventdesk.extensions import db
from eventdesk.models import AgreementDocument, AuditEntry
from tests.factories import make_event
from tests.signing_factories import csrf, make_agreement

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG")
    return out.getvalue()


def upload(client, data: bytes, name: str):
    return client.post("/events/ceremony/agreements/CJ-01/documents",
                       data={"csrf_token": csrf(client), "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True)


def test_a_scan_is_stored_in_the_instance_folder_and_served_to_staff_only(app: Flask, organiser_client, client,
                                                                         door_client, clerk_client) -> None:
    make_agreement(make_event())
    answer = upload(organiser_client, PDF, "CJ-01 signed.pdf")
    assert "Attached CJ-01 signed.pdf" in answer.get_data(as_text=True)
    document = db.session.scalar(select(AgreementDocument))
    stored = Path(app.instance_path) / "agreement-documents" / document.stored_name
    assert stored.read_bytes() == PDF and document.content_type == "application/pdf" and document.size == len(PDF)
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "agreement.document"))

    url = f"/events/ceremony/agreements/CJ-01/documents/{document.id}"
    served = clerk_client.get(url)
    assert served.status_code == 200 and served.data == PDF and served.mimetype == "application/pdf"
    assert "no-store" in served.headers["Cache-Control"]
    assert client.get(url).status_code == 302  # to the sign-in page
    assert door_client.get(url).status_code == 403
    assert organiser_client.get(f"/events/ceremony/agreements/CJ-01/documents/{document.id + 1}").status_code == 404

    upload(organiser_client, png(), "photo.PNG")
    image = db.session.scalars(select(AgreementDocument).order_by(AgreementDocument.id)).all()[-1]
    assert image.content_type == "image/png" and image.filename == "photo.PNG"
    assert "default-src 'none'" in organiser_client.get(
        f"/events/ceremony/agreements/CJ-01/documents/{image.id}").headers["Content-Security-Policy"]


def test_a_file_that_is_not_a_pdf_or_image_or_too_large_is_refused(app: Flask, organiser_client,
                                                                   clerk_client) -> None:
    make_agreement(make_event())
    html = upload(organiser_client, b"<html><script>alert(1)</script></html>", "scan.pdf").get_data(as_text=True)
    assert "only PDF files and PNG, JPEG or WebP images are accepted" in html
    html = upload(organiser_client, b"MZ\x90\x00 not a scan", "scan.png").get_data(as_text=True)
    assert "only PDF files" in html
    app.config["AGREEMENT_DOCUMENT_MAX_BYTES"] = 1024
    html = upload(organiser_client, PDF + b"0" * 2048, "big.pdf").get_data(as_text=True)
    assert "the file is 2 KiB; at most 1 KiB is accepted" in html
    assert db.session.scalar(select(AgreementDocument)) is None
    assert not any((Path(app.instance_path) / "agreement-documents").glob("*"))
    assert upload(clerk_client, PDF, "x.pdf").status_code == 403  # attaching is for organisers
