"""Calendar files (iCalendar, RFC 5545/5546): a delegate's own, and the organisers' programme feed.

A delegate's file keeps its UIDs for ever and raises SEQUENCE (the event's schedule sequence plus the
invitation's) whenever the time, the place or the answer changes, so calendar programs update the entry
instead of adding a copy. Invitations and answers go out as METHOD:REQUEST; a decline or a withdrawn
invitation as METHOD:CANCEL, which removes the entries again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Timezone, vCalAddress
from icalendar import Event as VEvent

from eventdesk.models import Event, Invitation, Mode, ProgrammeItem, Status, utcnow
from eventdesk.rsvp import dates, labels, links

PRODID = "-//eventdesk//RSVP//EN"
PARTSTAT = {Status.INVITED: "NEEDS-ACTION", Status.ACCEPTED: "ACCEPTED", Status.DECLINED: "DECLINED",
            Status.WAITING: "TENTATIVE", Status.WITHDRAWN: "NEEDS-ACTION"}


def method(invitation: Invitation) -> str:
    return "CANCEL" if invitation.status in (Status.DECLINED, Status.WITHDRAWN) else "REQUEST"


def attends_online(invitation: Invitation) -> bool:
    """Online guests, and guests who have not answered but were proposed to join online."""
    return (invitation.mode or invitation.proposed_mode) == Mode.ONLINE


def for_invitation(invitation: Invitation) -> bytes:
    """The delegate's calendar: the ceremony and the programme items they attend, in their language."""
    event, delegate = invitation.event, invitation.delegate
    cancel = method(invitation) == "CANCEL"
    online = attends_online(invitation)
    with force_locale(delegate.language.value):
        title = event.title_in(delegate.language.value)
        sequence = event.schedule_sequence + invitation.sequence
        attendee = vCalAddress.new(delegate.email, cn=delegate.display_name, partstat=PARTSTAT[invitation.status],
                                   role="REQ-PARTICIPANT", rsvp=False)
        stamp = utcnow()
        ceremony = _entry(event, uid(invitation), title, event.starts_at, event.ends_at, sequence, stamp,
                          cancel=cancel, online=online, invitation=invitation, attendee=attendee,
                          language=delegate.language.value)
        ceremony["DESCRIPTION"] = _description(invitation, title, online, delegate.language.value)
        if not cancel:
            ceremony.add_component(_reminder(title, online))
        # A cancellation names every entry the delegate may hold; a request only those they attend.
        items = [item for item in event.programme if cancel or not online or item.streamed]
        entries = [ceremony] + [
            _entry(event, uid(invitation, item), item.title_in(delegate.language.value), item.starts_at,
                   item.ends_at, sequence, stamp, cancel=cancel, online=online, invitation=invitation,
                   attendee=attendee, location=item.location, language=delegate.language.value)
            for item in items]
        return _calendar("CANCEL" if cancel else "REQUEST", entries, f"calendar-{uid(invitation)}").to_ical()


def programme_feed(event: Event, language: str) -> bytes:
    """The whole programme for organisers' calendars (a subscription, METHOD:PUBLISH)."""
    stamp = utcnow()
    title = event.title_in(language)
    entries = [_entry(event, f"eventdesk-{event.id}-ceremony@{_host()}", title, event.starts_at, event.ends_at,
                      event.schedule_sequence, stamp, language=language)]
    entries += [_entry(event, f"eventdesk-{event.id}-programme-{item.id}@{_host()}", item.title_in(language),
                       item.starts_at, item.ends_at, event.schedule_sequence, stamp, location=item.location,
                       streamed=item.streamed, language=language)
                for item in event.programme]
    calendar = _calendar("PUBLISH", entries, f"eventdesk-{event.id}-programme@{_host()}")
    calendar.add("X-WR-CALNAME", title)
    calendar.add("REFRESH-INTERVAL", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    return calendar.to_ical()


def uid(invitation: Invitation, item: ProgrammeItem | None = None) -> str:
    """Stable for ever, and without the token (calendar entries get forwarded and shared)."""
    suffix = f"-item-{item.id}" if item is not None else ""
    return f"eventdesk-{invitation.event_id}-{invitation.id}{suffix}@{_host()}"


def _entry(event: Event, entry_uid: str, summary: str, start: datetime, end: datetime, sequence: int,
           stamp: datetime, *, cancel: bool = False, online: bool = False, invitation: Invitation | None = None,
           attendee: vCalAddress | None = None, location: str | None = None, streamed: bool = False,
           language: str | None = None) -> VEvent:
    tz = event.tz
    entry = VEvent.new(uid=entry_uid, summary=summary, start=start.astimezone(tz), end=end.astimezone(tz),
                       stamp=stamp, sequence=sequence, organizer=_organizer(event),
                       attendees=[attendee] if attendee is not None else None,
                       status="CANCELLED" if cancel else "CONFIRMED")
    if online and invitation is not None:
        join = links.personal_url(invitation, "/join")
        entry["URL"] = join
        entry["LOCATION"] = join
    else:
        place = ", ".join(p for p in (location, event.venue_in(language), event.venue_address) if p)
        if place:
            entry["LOCATION"] = place
        if event.latitude is not None and event.longitude is not None:
            entry.add("GEO", (float(event.latitude), float(event.longitude)))
    if streamed:
        entry.add("CATEGORIES", ["streamed"])
    return entry


def _description(invitation: Invitation, title: str, online: bool, language: str) -> str:
    event = invitation.event
    lines = [title, str(dates.when(event, event.starts_at, event.ends_at)),
             _("Your answer: %(answer)s", answer=labels.answer_label(invitation))]
    if online:
        lines.append(_("Join online: %(url)s", url=links.personal_url(invitation, "/join")))
    elif event.venue_in(language):
        lines.append(_("Venue: %(venue)s",
                       venue=", ".join(p for p in (event.venue_in(language), event.venue_address) if p)))
    if event.programme:
        lines += ["", _("Programme")]
        lines += [f"{times}  {item.title_in(language)}" for times, item in dates.programme(event, event.programme)
                  if not online or item.streamed]
    lines += ["", _("Your invitation, to change your answer: %(url)s", url=links.personal_url(invitation))]
    return "\n".join(lines)


def _reminder(title: str, online: bool) -> Alarm:
    alarm = Alarm.new(description=_("Reminder: %(title)s", title=title))
    alarm.add("ACTION", "DISPLAY")
    alarm.add("TRIGGER", timedelta(minutes=-15 if online else -60))
    return alarm


def _organizer(event: Event) -> vCalAddress:
    address = event.organiser_email or current_app.config["MAIL_FROM"].rpartition("<")[2].strip(">").strip()
    return vCalAddress.new(address, cn=event.organiser_name or None)


def _calendar(method_name: str, entries: list[VEvent], calendar_uid: str) -> Calendar:
    calendar = Calendar.new(method=method_name, prodid=PRODID, uid=calendar_uid, subcomponents=entries)
    # icalendar writes a zone's rules up to 2038 unless told; events are accepted up to 2100.
    last = max(entry.end for entry in entries).date() + timedelta(days=1)
    calendar.add_missing_timezones(last_date=max(Timezone.DEFAULT_LAST_DATE, last))
    return calendar


def _host() -> str:
    return urlsplit(links.base_url()).hostname or "eventdesk.invalid"
