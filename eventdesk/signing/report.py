"""The record of what was signed: a PDF (ReportLab, CJK fonts embedded) and a CSV, from the same rows.

Signed agreements in the order they were signed, with parties, signatories, signing time (in the event's
timezone) and mode, amounts; then totals by currency, in CNY at the event's rates, by kind of agreement and by
kind of organisation. Call inside `force_locale(language)`: headings follow the current language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from eventdesk.badges import fonts
from eventdesk.models import Agreement, Event, utcnow
from eventdesk.rsvp import dates
from eventdesk.signing import money, service
from eventdesk.signing.labels import AGREEMENT_KINDS, MODES, ORGANISATION_KINDS, exact, plain
from eventdesk.tabular import guard


@dataclass(frozen=True)
class Record:
    event: Event
    signed: list[Agreement]  # in signing order
    planned: int
    totals: money.Totals


def record(event: Event) -> Record:
    board = service.board(event)
    return Record(event, board.signed, board.planned, board.totals)


def signatory_names(agreement: Agreement) -> list[str]:
    by_video = _("by video")
    return [s.delegate.display_name + (f" ({by_video})" if s.remote else "")
            for party in agreement.parties for s in party.signatories]


def parties_text(agreement: Agreement) -> str:
    return "; ".join(p.organisation.name + (f" ({p.side})" if p.side else "") for p in agreement.parties)


# CSV


CSV_COLUMNS = ["ref", "position", "title", "title_zh", "title_ja", "title_en", "kind", "parties",
               "organisation_kinds", "signatories", "signed_at", "mode", "amount", "currency", "rate_to_cny",
               "amount_cny"]


def to_csv(data: Record) -> bytes:
    """UTF-8 with BOM (so spreadsheet programs read the Han and kana right); agreements, then the totals."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def write(cells: list[object]) -> None:
        writer.writerow([guard(c) for c in cells])  # titles and names come from people: no formula runs

    write(CSV_COLUMNS)
    event = data.event
    for a in data.signed:
        rate = money.rate(event, a.currency)
        write([
            a.ref, a.position, a.title, *((a.titles or {}).get(lang, "") for lang in ("zh", "ja", "en")),
            a.kind.value, parties_text(a), ", ".join(sorted({p.organisation.kind.value for p in a.parties})),
            "; ".join(signatory_names(a)), event.local(a.signed_at).isoformat() if a.signed_at else "",
            a.signing_mode.value if a.signing_mode else "", plain(a.amount, a.currency), a.currency,
            "" if rate is None else str(rate), plain(money.in_cny(event, a))])
    totals = data.totals
    write([])
    write(["total", "what", "count", "amount", "currency"])
    write(["signed", "agreements", totals.count, "", ""])
    write(["planned", "agreements", data.planned, "", ""])
    for currency, amount in totals.by_currency.items():
        write(["by_currency", currency, "", plain(amount, currency), currency])
    write(["in_cny", "all convertible amounts", totals.count, plain(totals.cny), "CNY"])
    for currency, amount in totals.unconverted.items():
        write(["no_exchange_rate", currency, "", plain(amount, currency), currency])
    for kind, line in totals.by_agreement_kind.items():
        write(["by_agreement_kind", kind.value, line.count, plain(line.cny), "CNY"])
    for kind, line in totals.by_organisation_kind.items():
        write(["by_organisation_kind", kind.value, line.count, plain(line.cny), "CNY"])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


# PDF

Para = Callable[..., Paragraph]  # text (and a style) to a Paragraph in the report's fonts
INK, MUTED, LINE, BRAND, SHADE = (colors.HexColor(c) for c in ("#17202b", "#5b6675", "#c9d2dc", "#13315c",
                                                                "#eef2f7"))


def font_chain(language: str) -> tuple[str, ...]:
    """The badge fonts in the order a text in `language` tries them (the post-event report's PDF uses them too)."""
    fonts.registered()
    return fonts.chain_for(language)


def markup(text: str | None, chain: tuple[str, ...]) -> str:
    """Text as Paragraph markup with a font per run of characters, so Latin, Han and kana all have glyphs."""
    registered = fonts.registered()
    runs: list[tuple[str, str]] = []
    for char in fonts.clean(text):
        name = next((n for n in chain if ord(char) in registered[n].face.charToGlyph), chain[-1])
        if char == " " and runs:
            name = runs[-1][0]
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + char)
        else:
            runs.append((name, char))
    return "".join(f'<font name="{name}">{escape(part)}</font>' for name, part in runs)


class Styles(NamedTuple):
    """The record's fonts and paragraph styles in a language (the post-event report's PDF uses them too)."""

    chain: tuple[str, ...]
    base: ParagraphStyle
    small: ParagraphStyle
    right: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle


def styles(language: str) -> Styles:
    chain = font_chain(language)
    base = ParagraphStyle("base", fontName=chain[0], fontSize=8.5, leading=11, textColor=INK)
    return Styles(chain, base, ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=MUTED),
                  ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
                  ParagraphStyle("title", parent=base, fontSize=17, leading=22, textColor=BRAND, spaceAfter=2 * mm),
                  ParagraphStyle("heading", parent=base, fontSize=11.5, leading=15, textColor=BRAND,
                                 spaceBefore=5 * mm, spaceAfter=2 * mm))


def to_pdf(data: Record, language: str) -> bytes:
    chain, base, small, right, title, heading = styles(language)

    def p(text: object, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(markup(str(text), chain), style)

    event = data.event
    totals = data.totals
    story: list[Flowable] = [
        p(_("Signed agreements"), small),
        p(event.title_in(language), title),
        p(" · ".join(part for part in (dates.days(event, language), event.venue_in(language) or "",
                                       _("Times in %(timezone)s", timezone=event.timezone)) if part), small),
        Spacer(1, 4 * mm),
        _summary_table(data, p, right),
    ]
    header = [p(_("Signed"), small), p(_("Ref."), small), p(_("Agreement"), small), p(_("Parties"), small),
              p(_("Signatories"), small), p(_("Amount"), small), p(_("In CNY"), small)]
    rows = [header]
    for a in data.signed:
        local = event.local(a.signed_at) if a.signed_at else None
        rows.append([
            [p(local.strftime("%H:%M") if local else ""), p(MODES[a.signing_mode] if a.signing_mode else "", small)],
            p(a.ref),
            [p(a.title_in(language)), p(AGREEMENT_KINDS[a.kind], small)],
            [p(party.organisation.name + (f" ({party.side})" if party.side else "")) for party in a.parties],
            [p(name) for name in signatory_names(a)] or p(""),
            p(f"{exact(a.amount, a.currency)} {a.currency}" if a.amount is not None else "", right),
            p(exact(money.in_cny(event, a)) or _("no rate"), right),
        ])
    story += [p(_("Agreements, in the order they were signed"), heading),
              ruled(rows, [17 * mm, 22 * mm, 62 * mm, 52 * mm, 46 * mm, 40 * mm, 34 * mm])]
    if not data.signed:
        story.append(p(_("No agreement has been signed yet."), small))
    story += totals_flowables(totals, p, right, heading)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                            bottomMargin=14 * mm, title=f"{_('Signed agreements')} · {event.title_in(language)}",
                            author="eventdesk", lang={"zh": "zh-Hans"}.get(language, language))
    generated = _("Generated %(time)s", time=event.local(utcnow()).strftime("%Y-%m-%d %H:%M"))

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(chain[0], 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(12 * mm, 8 * mm, generated)
        canvas.drawRightString(document.pagesize[0] - 12 * mm, 8 * mm, str(document.page))
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _summary_table(data: Record, p: Para, right: ParagraphStyle) -> Table:
    big = ParagraphStyle("big", fontName=right.fontName, fontSize=15, leading=19, textColor=BRAND)
    totals = data.totals
    cells = [
        [p(_("Agreements signed"), big.clone("l", fontSize=8, leading=10, textColor=MUTED)),
         p(_("Total signed, in CNY"), big.clone("l2", fontSize=8, leading=10, textColor=MUTED))],
        [p(f"{totals.count} / {data.planned}", big), p(f"{exact(totals.cny)} CNY", big)],
    ]
    table = Table(cells, colWidths=[70 * mm, 120 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), SHADE), ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                               ("TOPPADDING", (0, 0), (-1, 0), 3 * mm), ("BOTTOMPADDING", (0, -1), (-1, -1), 3 * mm)]))
    return table


def totals_flowables(totals: money.Totals, p: Para, right: ParagraphStyle, heading: ParagraphStyle) -> list[Flowable]:
    left = ParagraphStyle("left", parent=right, alignment=0)
    by_currency = [[p(_("Currency"), left), p(_("Amount"), right), p(_("Rate to CNY"), right), p(_("In CNY"), right)]]
    for currency, amount in totals.by_currency.items():
        rate = totals.rates.get(currency)
        by_currency.append([p(currency), p(exact(amount, currency), right),
                            p(str(rate) if rate else _("no rate"), right),
                            p(exact(totals.cny_by_currency[currency]) if rate else "—", right)])
    by_currency.append([p(_("Total in CNY")), p(""), p(""), p(exact(totals.cny) + " CNY", right)])
    currency_block = [p(_("Totals by currency"), heading),
                      ruled(by_currency, [30 * mm, 55 * mm, 35 * mm, 55 * mm], total=True)]
    if totals.unconverted:
        missing = ", ".join(f"{exact(amount, currency)} {currency}" for currency, amount in totals.unconverted.items())
        currency_block.append(p(_("Not in the CNY total, for want of an exchange rate: %(amounts)s",
                                  amounts=missing)))
    kinds = [[p(_("Kind of agreement")), p(_("Agreements"), right), p(_("In CNY"), right)]]
    kinds += [[p(AGREEMENT_KINDS[k]), p(line.count, right), p(exact(line.cny), right)]
              for k, line in totals.by_agreement_kind.items()]
    organisations = [[p(_("Kind of organisation among the parties")), p(_("Agreements"), right),
                      p(_("In CNY"), right)]]
    organisations += [[p(ORGANISATION_KINDS[k]), p(line.count, right), p(exact(line.cny), right)]
                      for k, line in totals.by_organisation_kind.items()]
    # Each heading stays with its table; the blocks may fall on different pages.
    story = [KeepTogether(currency_block),
             KeepTogether([p(_("By kind of agreement"), heading), ruled(kinds, [65 * mm, 30 * mm, 55 * mm])]),
             KeepTogether([p(_("By kind of organisation"), heading),
                           ruled(organisations, [65 * mm, 30 * mm, 55 * mm]), Spacer(1, 2 * mm),
                           p(_("An agreement counts once for each kind of organisation among its parties, so these "
                               "lines overlap and add up to more than the total."), left)])]
    return story


def ruled(rows: list, widths: list[float], total: bool = False) -> Table:
    """A table as this record and the post-event report draw them: a rule under the header and between rows."""
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, BRAND),
             ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE), ("TOPPADDING", (0, 0), (-1, -1), 3),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 4), ("LEFTPADDING", (0, 0), (-1, -1), 3),
             ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    if total:
        style.append(("BACKGROUND", (0, -1), (-1, -1), SHADE))
    table.setStyle(TableStyle(style))
    return table
