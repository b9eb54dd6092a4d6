"""Dates and times as delegates read them: in the event's timezone, in the page's or e-mail's language.

A span is one `format_interval` call, so CLDR writes both ends as each language does ("09:30–17:30",
"9時30分～17時30分", "2027年3月15日～17日"). CLDR has no interval pattern for a date with a time: such a span
is its fallback pattern around two moments, each joined as CLDR joins a date and a time ("Mar 15, 2027, 18:00 –
Mar 16, 2027, 01:30"), not Babel's fallback with seconds and, in English, a 12-hour clock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.core import Locale, get_global
from babel.dates import format_date, format_interval, format_skeleton, get_timezone_gmt, get_timezone_name
from babel.lists import format_list
from babel.units import format_unit
from flask_babel import get_locale

from eventdesk.models import Delegate, Event, ProgrammeItem

SAME_DAY = "Hm"


@dataclass(frozen=True)
class When:
    date: str  # Monday, March 15, 2027; for a span over several days: Mon, Mar 15 – Wed, Mar 17, 2027
    times: str  # 09:30–17:30; with both dates when the span ends on another day
    zone: str  # China Time
    dated: str  # the span on its own line: the date and the times, or `times` when that holds the dates

    def __str__(self) -> str:
        return f"{self.dated} ({self.zone})"


def _locale() -> str:
    return str(get_locale() or "en")


def zone_name(tz: ZoneInfo) -> str:
    """"China Time"; a zone without a place (UTC, Etc/GMT-5) by CLDR's name for it or its offset."""
    locale = _locale()
    zone = get_global("zone_aliases").get(tz.key, tz.key)
    if not zone.startswith("Etc/"):
        return get_timezone_name(tz, "long", locale=locale, zone_variant="generic")
    if zone in ("Etc/UTC", "Etc/GMT"):  # Coordinated Universal Time, 协调世界时, 協定世界時
        return get_timezone_name(tz, "long", locale=locale, zone_variant="standard")
    return get_timezone_gmt(datetime(2000, 1, 1, tzinfo=tz), "long", locale=locale)  # GMT+05:00


def when(event: Event, start: datetime, end: datetime, tz: ZoneInfo | None = None) -> When:
    """A span in `tz` (the event's timezone unless given); its dates are shown when it ends another day."""
    tz = tz or event.tz
    locale = _locale()
    first, last = start.astimezone(tz), end.astimezone(tz)
    if first.date() == last.date():
        date = format_date(first, "full", locale=locale)
        times = format_interval(first, last, SAME_DAY, tzinfo=tz, locale=locale)
        return When(date, times, zone_name(tz), f"{date} {times}")
    times = Locale.parse(locale).interval_formats[None].format(moment(first, locale), moment(last, locale))
    return When(format_interval(first.date(), last.date(), "yMMMMEEEEd", locale=locale), times, zone_name(tz), times)


def moment(local: datetime, locale: str) -> str:
    """A local date and time as CLDR joins the two: "Mar 15, 2027, 18:00", "2027年3月15日 18:00"."""
    pattern = Locale.parse(locale).datetime_formats["medium"]
    return pattern.replace("{1}", format_skeleton("yMMMd", local, locale=locale)) \
        .replace("{0}", format_skeleton("Hm", local, locale=locale))


def elsewhere(event: Event, start: datetime, end: datetime, tz: ZoneInfo) -> When:
    """The span on a guest's own clock: its date shown whenever the day there is not the event's day
    (09:30 in Shanghai is the evening before in Bogotá)."""
    there = when(event, start, end, tz)
    if all(m.astimezone(tz).date() == m.astimezone(event.tz).date() for m in (start, end)):
        return there
    return replace(there, times=there.dated)


def programme(event: Event, items: list[ProgrammeItem]) -> list[tuple[str, ProgrammeItem]]:
    """Each item with its span: the times on a one-day programme, with the day when it spans several."""
    several = len({m.astimezone(event.tz).date() for item in items for m in (item.starts_at, item.ends_at)}) > 1
    spans = [(when(event, item.starts_at, item.ends_at), item) for item in items]
    return [(span.dated if several else span.times, item) for span, item in spans]


def days(event: Event, locale: str) -> str:
    """The event's day, or its first and last days: "March 15, 2027", "Mar 15 – 17, 2027"."""
    return _days(event.local(event.starts_at).date(), event.local(event.ends_at).date(), locale)


@lru_cache(maxsize=256)  # every badge of a batch shows it: Babel takes about a millisecond each time
def _days(first: date, last: date, locale: str) -> str:
    return format_interval(first, last, "yMMMMd", locale=locale)


def instant(event: Event, moment: datetime, tz: ZoneInfo | None = None) -> str:
    """One moment (e.g. the RSVP deadline) with its timezone named: the event's, or `tz` (a guest's own)."""
    locale, tz = _locale(), tz or event.tz
    day = format_skeleton("yMMMEd", moment, tzinfo=tz, locale=locale)
    time = format_skeleton("Hm", moment, tzinfo=tz, locale=locale)
    return f"{day} {time} ({zone_name(tz)})"


DURATION_UNITS = (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))


def duration(seconds: int) -> str:
    """A time left, as a countdown says it: "2 hours, 5 minutes", "2小时5分钟", "2 時間 5 分"; seconds only in the
    last hour. static/js/countdown.js says the same with the browser's Intl (both are CLDR)."""
    locale, parts, rest = _locale(), [], max(seconds, 0)
    for unit, size in DURATION_UNITS:
        count, rest = divmod(rest, size)
        if unit == "second" and seconds >= 3600:
            continue
        if count or (unit == "second" and not parts):
            parts.append(format_unit(count, f"duration-{unit}", length="long", locale=locale))
    return format_list(parts, style="unit", locale=locale)


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
