"""Scans of signed documents: checked by their first bytes (not by name or the browser's word), kept in the
instance folder under a random name, listed on the agreement, served only to staff."""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from eventdesk import audit
from eventdesk.errors import NotFound, Refused
from eventdesk.extensions import db
from eventdesk.models import Agreement, AgreementDocument, Staff

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# (magic bytes at offset 0, extra check, content type, extension)
SIGNATURES = (
    (b"%PDF-", None, "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", None, "image/png", "png"),
    (b"\xff\xd8\xff", None, "image/jpeg", "jpg"),
    (b"RIFF", (8, b"WEBP"), "image/webp", "webp"),
)


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) when the bytes are a PDF or an image we accept."""
    for magic, extra, content_type, extension in SIGNATURES:
        if data.startswith(magic) and (extra is None or data[extra[0]:extra[0] + len(extra[1])] == extra[1]):
            return content_type, extension
    return None


def folder() -> Path:
    return Path(current_app.instance_path) / "agreement-documents"


def attach(agreement: Agreement, filename: str, data: bytes, *, staff: Staff | None = None) -> AgreementDocument:
    limit = current_app.config.get("AGREEMENT_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES)
    if not data:
        raise Refused("empty_file", _("the file is empty"), field="file")
    if len(data) > limit:
        raise Refused("file_too_large", _("the file is %(size)s; at most %(limit)s is accepted",
                                          size=_size(len(data)), limit=_size(limit)),
                      status=413, field="file")
    kind = sniff(data)
    if kind is None:
        raise Refused("unsupported_file", _("only PDF files and PNG, JPEG or WebP images are accepted "
                                            "(checked by the file's content, not its name)"), status=415, field="file")
    content_type, extension = kind
    stored = f"{secrets.token_hex(16)}.{extension}"
    target = folder() / stored
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    document = AgreementDocument(agreement_id=agreement.id, filename=_clean_name(filename, extension),
                                 content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                                 stored_name=stored, uploaded_by_id=staff.id if staff else None)
    db.session.add(document)
    try:
        db.session.flush()
        audit.record("agreement.document", "agreement", agreement.id, staff=staff, event=agreement.event,
                     changes={"document": [None, document.filename], "sha256": [None, document.sha256]})
        db.session.commit()
    except Exception:
        db.session.rollback()
        target.unlink(missing_ok=True)
        raise
    return document


def get(agreement: Agreement, document_id: int) -> tuple[AgreementDocument, Path]:
    document = db.session.scalar(select(AgreementDocument).where(AgreementDocument.id == document_id,
                                                                 AgreementDocument.agreement_id == agreement.id))
    path = folder() / document.stored_name if document else None
    if document is None or path is None or not path.is_file():
        raise NotFound("document", _("This document is not attached to the agreement."))
    return document, path


def _size(count: int) -> str:
    return f"{count / 1048576:.1f} MiB" if count >= 1048576 else f"{count / 1024:.0f} KiB"


def _clean_name(filename: str, extension: str) -> str:
    """A name to show and to offer on download: no path, no control characters, the right extension."""
    name = re.sub(r"[\x00-\x1f\x7f/\\]", "", Path(filename or "").name).strip()[:200] or "document"
    endings = (".jpg", ".jpeg") if extension == "jpg" else (f".{extension}",)
    return name if name.lower().endswith(endings) else f"{name}.{extension}"
