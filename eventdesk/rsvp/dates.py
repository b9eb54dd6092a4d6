"""Dates and times as delegates read them: in the event's timezone, in the page's or e-mail's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.core import get_global
from babel.dates import format_date, format_skeleton, get_timezone_name
from flask_babel import get_locale

from eventdesk.models import Delegate, Event


@dataclass(frozen=True)
class When:
    date: str  # Monday, March 15, 2027
    times: str  # 09:30–17:30
    zone: str  # China Time

    def __str__(self) -> str:
        return f"{self.date} {self.times} ({self.zone})"


def _locale() -> str:
    return str(get_locale() or "en")


def zone_name(tz: ZoneInfo) -> str:
    return get_timezone_name(tz, "long", locale=_locale(), zone_variant="generic")


def when(event: Event, start: datetime, end: datetime, tz: ZoneInfo | None = None) -> When:
    """A span in `tz` (the event's timezone unless given); both dates are shown when it ends another day."""
    tz = tz or event.tz
    locale = _locale()
    if start.astimezone(tz).date() == end.astimezone(tz).date():
        times = f"{format_skeleton('Hm', start, tzinfo=tz, locale=locale)}–" \
                f"{format_skeleton('Hm', end, tzinfo=tz, locale=locale)}"
    else:
        times = f"{format_skeleton('MMMdHm', start, tzinfo=tz, locale=locale)} – " \
                f"{format_skeleton('MMMdHm', end, tzinfo=tz, locale=locale)}"
    return When(format_date(start.astimezone(tz), "full", locale=locale), times, zone_name(tz))


def instant(event: Event, moment: datetime) -> str:
    """One moment (e.g. the RSVP deadline) with its timezone named."""
    locale = _locale()
    day = format_skeleton("yMMMEd", moment, tzinfo=event.tz, locale=locale)
    time = format_skeleton("Hm", moment, tzinfo=event.tz, locale=locale)
    return f"{day} {time} ({zone_name(event.tz)})"


def home_zone(delegate: Delegate, event: Event) -> ZoneInfo | None:
    """The delegate's own timezone when their country has only one and its clock differs from the event's
    (a guest from Tokyo reads 10:30 Japan Time beside 09:30 China Time); else None."""
    country = (delegate.organisation.country or "").upper() if delegate.organisation else ""
    zones = get_global("territory_zones").get(country, [])
    if len(zones) != 1:
        return None
    zone = ZoneInfo(zones[0])
    start = event.starts_at
    return zone if start.astimezone(zone).utcoffset() != start.astimezone(event.tz).utcoffset() else None
