"""The report as JSON: stable keys (README, "eventdesk report"), codes rather than words, so it reads the same in
every language; times in the event's timezone with their offset; amounts as decimal strings in major units."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from eventdesk.door.lookup import Arrivals
from eventdesk.models import Agreement
from eventdesk.reports.service import ANSWERS, ATTENDANCE, Group, Report
from eventdesk.signing import money
from eventdesk.signing.labels import plain


def as_dict(report: Report) -> dict[str, Any]:
    event, record = report.event, report.signing
    totals = record.totals

    def local(instant: datetime | None) -> str | None:
        return None if instant is None else event.local(instant).isoformat(timespec="seconds")

    return {
        "event": {"slug": event.slug, "title": event.title, "titles": dict(event.titles or {}),
                  "timezone": event.timezone, "starts_at": local(event.starts_at), "ends_at": local(event.ends_at),
                  "venue": event.venue},
        "generated_at": local(report.generated_at),
        **_group(report.overall),
        "withdrawn": report.withdrawn,
        "online_minutes": report.online_minutes,
        "by_organisation_kind": [{"kind": g.key, **_group(g)} for g in report.by_kind],
        "by_country": [{"country": g.key or None, **_group(g)} for g in report.by_country],
        "arrivals": _chart(report.arrivals, local),
        "online_joins": _chart(report.joins, local),
        "agreements": {
            "signed": totals.count,
            "planned": record.planned,
            "items": [_agreement(report, a, local) for a in record.signed],
            "totals": {"in_cny": plain(totals.cny),
                       "by_currency": {c: plain(amount, c) for c, amount in totals.by_currency.items()},
                       "cny_by_currency": {c: plain(amount) for c, amount in totals.cny_by_currency.items()},
                       "without_rate": {c: plain(amount, c) for c, amount in totals.unconverted.items()},
                       "rates": {c: str(rate) for c, rate in totals.rates.items()}},
        },
    }


def _counts(counter: Counter[str], keys: tuple[str, ...]) -> dict[str, int]:
    return {key: counter[key] for key in keys}


def _group(group: Group) -> dict[str, Any]:
    return {"invited": group.invited, "answers": _counts(group.answers, ANSWERS),
            "attendance": {**_counts(group.attendance, ATTENDANCE), "attended": group.attended}}


def _chart(chart: Arrivals, local: Any) -> dict[str, Any]:
    return {"slot_minutes": chart.minutes, "total": chart.total,
            "slots": [{"from": local(at), "count": n, "so_far": running} for at, n, running in chart.slots]}


def _agreement(report: Report, agreement: Agreement, local: Any) -> dict[str, Any]:
    cny = money.in_cny(report.event, agreement)
    return {
        "ref": agreement.ref, "title": agreement.title, "titles": dict(agreement.titles or {}),
        "kind": agreement.kind.value,
        "parties": [{"organisation": p.organisation.name, "organisation_latin": p.organisation.name_latin,
                     "kind": p.organisation.kind.value, "side": p.side} for p in agreement.parties],
        "signatories": [{"invitation_id": report.invitation_of.get(s.delegate_id), "name": s.delegate.native_name,
                         "name_latin": s.delegate.latin_name or None, "organisation": p.organisation.name,
                         "remote": s.remote} for p in agreement.parties for s in p.signatories],
        "signed_at": local(agreement.signed_at),
        "mode": agreement.signing_mode.value if agreement.signing_mode else None,
        "amount": plain(agreement.amount, agreement.currency) or None, "currency": agreement.currency,
        "amount_cny": plain(cny) or None,
    }
