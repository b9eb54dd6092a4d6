"""The report as a file in each format, the same for the command and the organisers' downloads."""

from __future__ import annotations

import json

from flask_babel import force_locale

from eventdesk.reports import data, pdf, service, spreadsheet, text

FORMATS = ("text", "json", "pdf", "csv")
MIMETYPES = {"text": "text/plain; charset=utf-8", "json": "application/json", "pdf": "application/pdf",
             "csv": "text/csv; charset=utf-8"}
SUFFIXES = {"text": "txt", "json": "json", "pdf": "pdf", "csv": "csv"}


def render(report: service.Report, format_: str, language: str) -> bytes:
    """Text and PDF in `language`; JSON and CSV carry codes, the same in every language."""
    if format_ == "json":
        return (json.dumps(data.as_dict(report), ensure_ascii=False, indent=2) + "\n").encode()
    if format_ == "csv":
        return spreadsheet.to_csv(report)
    with force_locale(language):
        return text.to_text(report, language).encode() if format_ == "text" else pdf.to_pdf(report, language)
