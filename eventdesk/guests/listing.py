"""The guest list as organisers search it: by any name form, e-mail or organisation; filtered, counted, sorted.

Fast at 50,000 invitations on SQLite and PostgreSQL with two queries a page: one grouping of the matching
invitations gives the total and every filter's counts (the filters are all among its grouped columns, so
the counts for each filter value, given the other filters, are summed here), kept while the database's data
does not change (eventdesk.data_version); one LIMIT query gives the page. Search matches Delegate.search_key,
every name form folded (eventdesk.names), with a single LIKE.
"""

from __future__ import annotations

import operator
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field, fields, replace
from functools import reduce
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Select, Text, and_, case, cast, exists, false, func, or_, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import joinedload

from eventdesk import data_version
from eventdesk.attendance import picture
from eventdesk.database import is_sqlite
from eventdesk.extensions import db
from eventdesk.models import CheckIn, Delegate, Event, Invitation, Mode, Organisation, OrganisationKind, Role, Status
from eventdesk.names import fold

FACETS = ("status", "mode", "kind", "role", "country")
# What delegates told us (Invitation.details): a guest may have several, so this filter counts each one given.
NEEDS = ("dietary", "accessibility", "interpreter", "note")
ATTENDANCE = ("in_person", "online", "both", "no_show")  # no_show: accepted, neither (before the end: not yet)
# At the door: admitted (a live admission), or expected (accepted in person, not admitted yet).
ARRIVALS = ("admitted", "expected")
EMPTY_DETAILS = ("{}", "null")  # Invitation.details as stored when nobody told us anything
NO_MODE = "none"  # the mode filter's value for invitations without an answered mode
# Sort keys as (column, descending), each ending in a unique id (one invitation per delegate and event), so
# pages never overlap; each matches an index (ix_delegates_name_order, ix_delegates_organisation_order, ...).
SORTS: dict[str, tuple[tuple[Any, bool], ...]] = {
    "name": ((Delegate.family_name_latin, False), (Delegate.given_name_latin, False), (Delegate.family_name, False),
             (Delegate.id, False)),
    "organisation": ((Organisation.name, False), (Delegate.family_name_latin, False), (Delegate.id, False)),
    "status": ((Invitation.status, False), (Invitation.id, False)),
    "answered": ((Invitation.answered_at, True), (Invitation.id, True)),
    "waiting": ((Invitation.waiting_since, False), (Invitation.id, False)),
    "email": ((Delegate.email, False), (Delegate.id, False)),
}
DELEGATE_SORTS = {"name", "organisation", "email"}
PER_PAGE = 50
MAX_PER_PAGE = 200
# A search's matches up to this many are sorted on SQLite rather than found by walking the delegates' sort index:
# a name search's matches sit together in name order, so the walk may read most of the index (60 ms at 50,000
# for 'yamaz', against 10 ms sorted).
SORTED_MATCHES = 10_000


@dataclass(frozen=True)
class GuestFilter:
    q: str = ""
    status: str | None = None
    mode: str | None = None
    kind: str | None = None
    role: str | None = None
    country: str | None = None
    needs: str | None = None
    attendance: str | None = None  # in_person, online, both, no_show: the attendance picture's summaries
    arrival: str | None = None  # ARRIVALS
    sort: str = "name"
    page: int = 1
    per_page: int = PER_PAGE

    @classmethod
    def from_args(cls, args: Any) -> GuestFilter:
        """From a query string; values outside their choices are ignored rather than refused."""
        def choice(name: str, allowed: set[str]) -> str | None:
            value = (args.get(name) or "").strip()
            return value if value in allowed else None

        def number(name: str, default: int, largest: int) -> int:
            value = str(args.get(name) or "")
            return min(max(int(value), 1), largest) if value.isdigit() and len(value) < 7 else default

        return cls(q=(args.get("q") or "").strip()[:200], status=choice("status", {s.value for s in Status}),
                   mode=choice("mode", {m.value for m in Mode} | {NO_MODE}),
                   kind=choice("kind", {k.value for k in OrganisationKind}),
                   role=choice("role", {r.value for r in Role}),
                   country=(args.get("country") or "").strip().upper()[:2] or None, needs=choice("needs", set(NEEDS)),
                   attendance=choice("attendance", set(ATTENDANCE)), arrival=choice("arrival", set(ARRIVALS)),
                   sort=choice("sort", set(SORTS)) or "name", page=number("page", 1, 100_000),
                   per_page=number("per_page", PER_PAGE, MAX_PER_PAGE))

    def args(self, **changes: Any) -> dict[str, Any]:
        """The query string of this filter with some values changed (for links), empty values left out."""
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        defaults = GuestFilter()
        return {k: v for k, v in values.items() if v not in (None, "") and v != getattr(defaults, k)}


@dataclass
class GuestPage:
    invitations: list[Invitation]
    total: int  # matching the search and every filter
    counts: dict[str, Counter[str]] = field(default_factory=dict)  # facet (and needs) → value → count, given the
    # other filters
    searched: int = 0  # matching the search alone
    filter: GuestFilter = field(default_factory=GuestFilter)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.filter.per_page))


def guest_page(event: Event, flt: GuestFilter) -> GuestPage:
    search = _search(flt.q)
    groups = _groups(event, search, flt)
    wanted = {name: getattr(flt, name) for name in FACETS}
    counts: dict[str, Counter[str]] = {name: Counter() for name in (*FACETS, "needs")}
    total = searched = 0
    for status, mode, kind, role, country, mask, number in groups:
        values = {"status": _v(status), "mode": _v(mode) or NO_MODE, "kind": _v(kind), "role": _v(role),
                  "country": country or ""}
        given = {need for bit, need in enumerate(NEEDS) if int(mask or 0) >> bit & 1}
        searched += number
        misses = [name for name in FACETS if wanted[name] is not None and values[name] != wanted[name]]
        if flt.needs and flt.needs not in given:
            misses.append("needs")
        if not misses:
            total += number
        for name in FACETS:
            if not misses or misses == [name]:
                counts[name][values[name]] += number
        if not misses or misses == ["needs"]:
            for need in given:
                counts["needs"][need] += number
    flt = replace(flt, page=min(flt.page, max(1, -(-total // flt.per_page))))
    return GuestPage(_page(event, search, flt, total), total, counts, searched, flt)


# Each search's groups, the page's costly part (one GROUP BY over every matching invitation: most of a page's time
# at 50,000), kept while the database's data version stays the same, so paging, sorting and choosing filters
# reuse them; per engine (per database), the latest few searches.
COUNTS_KEPT = 32
_kept: WeakKeyDictionary[Engine, OrderedDict[tuple[Any, ...], tuple[str, list[Any]]]] = WeakKeyDictionary()
_kept_lock = threading.Lock()


def _groups(event: Event, search: Any, flt: GuestFilter) -> list[Any]:
    """(status, mode, kind, role, country, needs mask, count) of the invitations the search, attendance and
    arrival filters match."""
    key, version = (event.id, flt.q, flt.attendance, flt.arrival), data_version.current()
    with _kept_lock:
        kept = _kept.setdefault(db.engine, OrderedDict())
        hit = kept.get(key)
    if version is not None and hit is not None and hit[0] == version:
        return hit[1]
    grouping = _joined(select(), event, search, attendance=flt.attendance, arrival=flt.arrival) \
        .join(Organisation, Organisation.id == Delegate.organisation_id)
    groups = []
    if is_sqlite():
        # Grouped by one number packing status, mode, role and needs: SQLite sorts numbers much faster than text
        # columns (44 ms against 60 at 50,000).
        packed = _needs_mask()
        for column, values in CODED:
            packed = packed * (len(values) + 1) + case({v: i for i, v in enumerate(values)}, value=column,
                                                       else_=len(values))
        for number, kind, country, count in db.session.execute(
                grouping.add_columns(packed, Organisation.kind, Organisation.country, func.count())
                .group_by(packed, Organisation.kind, Organisation.country)):
            status, mode, role, mask = _unpacked(number)
            groups.append((status, mode, kind, role, country, mask, count))
    else:
        # Grouped by the columns and a flag per need: PostgreSQL can tell that their combinations are few, so two
        # processes share the grouping (39 ms against 54 at 50,000). For a packed number it would guess one group
        # per invitation, and group alone.
        columns = (Invitation.status, Invitation.mode, Organisation.kind, Delegate.role, Organisation.country)
        needs = [has_detail(need) for need in NEEDS]
        for status, mode, kind, role, country, *given, count in db.session.execute(
                grouping.add_columns(*columns, *needs, func.count()).group_by(*columns, *needs)):
            mask = sum(1 << bit for bit, flag in enumerate(given) if flag)
            groups.append((status, mode, kind, role, country, mask, count))
    if version is not None:
        with _kept_lock:
            kept[key] = (version, groups)
            kept.move_to_end(key)
            while len(kept) > COUNTS_KEPT:
                kept.popitem(last=False)
    return groups


# The columns packed into the counts' number after the needs mask, each as its position among its values (one
# past the last: NULL).
CODED = ((Invitation.status, tuple(Status)), (Invitation.mode, tuple(Mode)), (Delegate.role, tuple(Role)))


def _unpacked(number: int) -> tuple[Any, ...]:
    """(status, mode, role, needs mask) from the counts' number."""
    values = []
    for _, choices in reversed(CODED):
        number, position = divmod(number, len(choices) + 1)
        values.append(choices[position] if position < len(choices) else None)
    status, mode, role = reversed(values)
    return status, mode, role, number


def _page(event: Event, search: Any, flt: GuestFilter, total: int) -> list[Invitation]:
    """One page of invitations. Only ids go through the sort; a page past the middle is read from the end in
    the reverse order, so a sort never keeps more than half the list. Sorts on the delegate's columns walk the
    delegates in index order and keep those invited (PostgreSQL then needs no sort at all)."""
    offset = (flt.page - 1) * flt.per_page
    if offset >= total:
        return []
    reverse = offset > total // 2
    limit = flt.per_page
    if reverse:
        start = max(0, total - offset - flt.per_page)
        offset, limit = start, total - offset - start
    by_delegate = flt.sort in DELEGATE_SORTS
    columns = [column for column, _ in SORTS[flt.sort]]
    if by_delegate and search is not None and total <= SORTED_MATCHES and is_sqlite():
        columns[0] = columns[0].concat("")  # an expression: no index to walk
    order = [column.desc() if descending != reverse else column.asc()
             for column, (_, descending) in zip(columns, SORTS[flt.sort], strict=True)]
    if by_delegate:
        query = select(Delegate.id).where(exists().where(Invitation.delegate_id == Delegate.id,
                                                         *_invitation_conditions(event, flt)))
        if flt.sort == "organisation":
            query = query.join(Organisation, Organisation.id == Delegate.organisation_id)
        query = query.where(*_delegate_conditions(search, flt))
    else:
        query = _joined(select(Invitation.id), event, search, flt)
    ids = list(db.session.scalars(query.order_by(*order).limit(limit).offset(offset)))
    if reverse:
        ids.reverse()
    key = Invitation.delegate_id if by_delegate else Invitation.id
    loaded = {getattr(i, key.key): i for i in db.session.scalars(
        select(Invitation).where(Invitation.event_id == event.id, key.in_(ids))
        .options(joinedload(Invitation.delegate).joinedload(Delegate.organisation)))} if ids else {}
    return [loaded[i] for i in ids]


def matching_ids(event: Event, flt: GuestFilter) -> list[int]:
    """Every invitation the filter matches (for "select all matching" in bulk actions)."""
    return list(db.session.scalars(_joined(select(Invitation.id), event, _search(flt.q), flt)
                                   .order_by(Invitation.id)))


def _joined(query: Select[Any], event: Event, search: Any, flt: GuestFilter | None = None,
            attendance: str | None = None, arrival: str | None = None) -> Select[Any]:
    """Without `flt`, the search alone (and the attendance filter: it narrows the counts like the search, which
    keeps them one query without looking at every guest's admissions and joins)."""
    query = query.select_from(Invitation).join(Delegate, Delegate.id == Invitation.delegate_id)
    if flt is None:
        # SQLite reads the table in order (+ 0: through no index of (event_id, ...), whose order makes every row
        # a random read): the counts at 50,000 in two thirds of the time; an event sharing the table with others
        # costs a read of theirs too, a few ms at 50,000.
        event_id = Invitation.event_id + 0 if is_sqlite() else Invitation.event_id
        return query.where(event_id == event.id, *([search] if search is not None else []),
                           *_attended(attendance), *_arrived(arrival))
    return query.where(*_invitation_conditions(event, flt), *_delegate_conditions(search, flt))


def _invitation_conditions(event: Event, flt: GuestFilter) -> list[Any]:
    conditions = [Invitation.event_id == event.id]
    if flt.status:
        conditions.append(Invitation.status == flt.status)
    if flt.mode:
        conditions.append(Invitation.mode.is_(None) if flt.mode == NO_MODE else Invitation.mode == flt.mode)
    if flt.needs:
        conditions.append(has_detail(flt.needs))
    return conditions + _attended(flt.attendance) + _arrived(flt.arrival)


def _arrived(arrival: str | None) -> list[Any]:
    if arrival is None:
        return []
    # The literal predicate of the one-admission index, so PostgreSQL answers from the index alone.
    admitted = exists().where(CheckIn.invitation_id == Invitation.id,
                              text("checkins.result = 'admitted' AND checkins.undone_at IS NULL"))
    if arrival == "admitted":
        return [admitted]
    return [Invitation.status == Status.ACCEPTED, Invitation.mode == Mode.IN_PERSON, ~admitted]


def _attended(summary: str | None) -> list[Any]:
    return [picture.condition(summary)] if summary else []


def has_detail(name: str) -> Any:
    """The delegate gave this detail (the JSON key holds a non-empty value), on SQLite and PostgreSQL alike."""
    return and_(cast(Invitation.details, Text).not_in(EMPTY_DETAILS),
                func.coalesce(Invitation.details[name].as_string(), "") != "")


def _needs_mask() -> Any:
    """One number per invitation with a bit for each detail given (bit n: NEEDS[n]), to group by. Most guests
    told us nothing: their empty details are recognised as text first, without reading the JSON four times."""
    bits = reduce(operator.add, [case((has_detail(need), 1 << bit), else_=0) for bit, need in enumerate(NEEDS)])
    return case((cast(Invitation.details, Text).in_(EMPTY_DETAILS), 0), else_=bits)


def _delegate_conditions(search: Any, flt: GuestFilter) -> list[Any]:
    conditions = [] if search is None else [search]
    if flt.role:
        conditions.append(Delegate.role == flt.role)
    if flt.kind or flt.country:  # organisations are few: a subquery, no join
        organisations = select(Organisation.id)
        if flt.kind:
            organisations = organisations.where(Organisation.kind == flt.kind)
        if flt.country:
            organisations = organisations.where(Organisation.country == flt.country)
        conditions.append(Delegate.organisation_id.in_(organisations))
    return conditions


def _search(q: str) -> Any:
    """Names and e-mails through the folded key; organisations (a few hundred) are matched here in Python."""
    folded = fold(q)
    if not folded:
        return None
    organisations = [org_id for org_id, name, latin in db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.name_latin))
        if folded in fold(name) or folded in fold(latin)]
    by_name = Delegate.search_key.contains(folded, autoescape=True)
    by_org = Delegate.organisation_id.in_(organisations) if organisations else false()
    return or_(by_name, by_org)


def _v(value: Any) -> Any:
    return getattr(value, "value", value)
