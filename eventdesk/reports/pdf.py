"""The report as an A4 PDF (ReportLab) in the current language (call inside force_locale): the badges' fonts
embedded, chosen per run of characters as the signing record does, so Han, kana and Latin all draw and the text
can be searched and copied; the charts drawn with ReportLab graphics; the totals of the signing record."""

from __future__ import annotations

import io

from babel.dates import format_skeleton
from flask_babel import gettext as _
from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from eventdesk.door.lookup import Arrivals
from eventdesk.reports import charts, labels
from eventdesk.reports.service import ANSWERS, Group, Report
from eventdesk.rsvp import dates
from eventdesk.signing import money
from eventdesk.signing.labels import AGREEMENT_KINDS, MODES, exact
from eventdesk.signing.report import (
    BRAND,
    MUTED,
    SHADE,
    Para,
    font_chain,
    markup,
    ruled,
    signatory_names,
    styles,
    totals_flowables,
)

MARGIN = 14 * mm
WIDTH = A4[0] - 2 * MARGIN - 12  # 178 mm: the frame keeps 6 pt of padding on either side


def to_pdf(report: Report, language: str) -> bytes:
    chain, base, small, right, title, heading = styles(language)

    def p(text: object, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(markup(str(text), chain), style)

    event, record, overall = report.event, report.signing, report.overall
    story: list[Flowable] = [
        p(_("Post-event report"), small),
        p(event.title_in(language), title),
        p(" · ".join(part for part in (dates.days(event, language), event.venue_in(language) or "",
                                       _("Times in %(timezone)s", timezone=event.timezone)) if part), small),
        Spacer(1, 4 * mm),
        _headline(report, p),
        Spacer(1, 4 * mm),
        _side_by_side(
            ruled([[p(_("Answers"), small), p(_("Guests"), small)]]
                  + [[p(labels.ANSWER_LABELS[k]), p(f"{overall.answers[k]:,}", right)] for k in ANSWERS]
                  + [[p(_("Invited")), p(f"{overall.invited:,}", right)]], [55 * mm, 30 * mm], total=True),
            ruled([[p(labels.attendance(), small), p(_("Guests"), small)]]
                  + [[p(labels.ATTENDANCE_LABELS[k]), p(f"{overall.attendance[k]:,}", right)] for k in report.shown]
                  + [[p(labels.attended()), p(f"{overall.attended:,}", right)]], [55 * mm, 30 * mm], total=True)),
        KeepTogether([p(_("By kind of organisation"), heading),
                      _groups(_("Kind"), [(labels.kind(g.key), g) for g in report.by_kind], report.shown, p, small,
                              right)]),
        p(_("By country"), heading),
        _groups(_("Country"), [(labels.country(g.key, language), g) for g in report.by_country], report.shown, p,
                small, right),
        KeepTogether([p(_("Arrivals at the doors, per %(minutes)s minutes", minutes=report.arrivals.minutes),
                        heading),
                      *_chart(report, report.arrivals, charts.ARRIVALS, chain, p, small, _("Nobody admitted yet."))]),
        KeepTogether([p(_("Online joins (each guest's first), per %(minutes)s minutes",
                          minutes=report.joins.minutes), heading),
                      *_chart(report, report.joins, charts.JOINS, chain, p, small, _("Nobody has joined online."))]),
        p(_("Agreements signed: %(signed)s of %(planned)s", signed=record.totals.count, planned=record.planned),
          heading),
        _agreements(report, language, p, small, right),
    ]
    if not record.signed:
        story.append(p(_("No agreement has been signed yet."), small))
    story += totals_flowables(record.totals, p, right, heading)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=12 * mm,
                            bottomMargin=14 * mm, title=f"{_('Post-event report')} · {event.title_in(language)}",
                            author="eventdesk", lang={"zh": "zh-Hans"}.get(language, language))
    generated = _("Generated %(time)s", time=dates.moment(event.local(report.generated_at), language))

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(chain[1], 7)  # the generated time may be written with Han (2026年5月20日)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 8 * mm, generated)
        canvas.drawRightString(document.pagesize[0] - MARGIN, 8 * mm, str(document.page))
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _headline(report: Report, p: Para) -> Table:
    """The figures a superior asks for first, large."""
    overall, totals = report.overall, report.signing.totals
    big = ParagraphStyle("big", fontName=font_chain("en")[0], fontSize=15, leading=19, textColor=BRAND)
    caption = big.clone("caption", fontSize=8, leading=10, textColor=MUTED)
    figures = [(_("Invited"), f"{overall.invited:,}"), (labels.attended(), f"{overall.attended:,}"),
               (labels.ATTENDANCE_LABELS[report.absent], f"{overall.attendance[report.absent]:,}"),
               (_("Agreements signed"), f"{totals.count} / {report.signing.planned}"),
               (_("Total signed, in CNY"), exact(totals.cny))]
    table = Table([[p(label, caption) for label, _value in figures], [p(value, big) for _label, value in figures]],
                  colWidths=[28 * mm, 28 * mm, 28 * mm, 38 * mm, WIDTH - 122 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), SHADE), ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                               ("TOPPADDING", (0, 0), (-1, 0), 3 * mm), ("BOTTOMPADDING", (0, -1), (-1, -1), 3 * mm),
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return table


def _side_by_side(left: Table, right: Table) -> Table:
    table = Table([[left, right]], colWidths=[WIDTH / 2, WIDTH / 2], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _groups(heading: str, groups: list[tuple[str, Group]], shown: tuple[str, ...], p: Para, small: ParagraphStyle,
            right: ParagraphStyle) -> Table:
    header = [p(heading, small), p(_("Invited"), small), p(labels.attended(), small),
              *(p(labels.ATTENDANCE_LABELS[k], small) for k in shown)]
    rows = [[p(label), p(f"{g.invited:,}", right), p(f"{g.attended:,}", right),
             *(p(f"{g.attendance[k]:,}", right) for k in shown)] for label, g in groups]
    numbers = 2 + len(shown)
    return ruled([header, *rows], [46 * mm, *([(WIDTH - 46 * mm) / numbers] * numbers)])


def _chart(report: Report, counted: Arrivals, colours: tuple[str, str], chain: tuple[str, ...], p: Para,
           small: ParagraphStyle, nothing: str) -> list[Flowable]:
    """The drawing and its caption (a KeepTogether inside another would always start a new page)."""
    chart = charts.layout(report.event, counted, colours, width=WIDTH - 22 * mm, height=38 * mm)
    if chart is None:
        return [p(nothing, small)]
    font = chain[1]  # a CJK font has the digits and the Han of a date (5月20日) alike
    left, bottom = 12 * mm, 7 * mm
    bars, line = (colors.HexColor(c) for c in chart.colours)
    drawing = Drawing(WIDTH, chart.height + bottom + 4 * mm)
    drawing.add(Line(left, bottom, left + chart.width, bottom, strokeColor=MUTED, strokeWidth=0.6))
    for bar in chart.bars:
        drawing.add(Rect(left + bar.x, bottom, bar.width, bar.height, fillColor=bars, strokeColor=None))
    points = [coordinate for x, y in chart.line for coordinate in (left + x, bottom + y)]
    drawing.add(PolyLine(points, strokeColor=line, strokeWidth=1.6))
    for x, label in chart.ticks:
        drawing.add(String(left + x, bottom - 9, label, fontName=font, fontSize=7, fillColor=MUTED,
                           textAnchor="middle"))
    drawing.add(String(left - 2, bottom + chart.height - 6, str(chart.busiest), fontName=font, fontSize=7,
                       fillColor=MUTED, textAnchor="end"))
    drawing.add(String(left + chart.width + 2, bottom + chart.height - 6, str(chart.total), fontName=font,
                       fontSize=7, fillColor=MUTED))
    caption = p(_("Bars: per %(minutes)s minutes (the busiest had %(busiest)s). Line: %(total)s so far.",
                  minutes=counted.minutes, busiest=chart.busiest, total=chart.total), small)
    return [drawing, caption]


def _agreements(report: Report, language: str, p: Para, small: ParagraphStyle,
                right: ParagraphStyle) -> Table:
    event = report.event
    rows = [[p(_("Signed"), small), p(_("Agreement"), small), p(_("Parties"), small), p(_("Signatories"), small),
             p(_("Amount"), small)]]
    for a in report.signing.signed:
        converted = money.in_cny(event, a)
        amount = [p(f"{exact(a.amount, a.currency)} {a.currency}", right)] if a.amount is not None else []
        if a.amount is not None and a.currency != "CNY":
            amount.append(p(f"{exact(converted)} CNY" if converted is not None else _("no rate"), right))
        local = event.local(a.signed_at) if a.signed_at else None
        rows.append([
            [p(format_skeleton("yMMMd", local, locale=language) if local else "", small),
             p(format_skeleton("Hm", local, locale=language) if local else ""),
             p(MODES[a.signing_mode] if a.signing_mode else "", small)],
            [p(a.ref, small), p(a.title_in(language)), p(AGREEMENT_KINDS[a.kind], small)],
            [p(party.organisation.name + (f" ({party.side})" if party.side else "")) for party in a.parties],
            [p(name) for name in signatory_names(a)] or p(""),
            amount or p(""),
        ])
    return ruled(rows, [24 * mm, 44 * mm, 37 * mm, 36 * mm, WIDTH - 141 * mm])  # an amount fits on one line
