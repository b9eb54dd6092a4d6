"""A platform's attendance report of 3,000 rows imported into an event of 50,000 invitations, against targets.

    .venv/bin/python bench/attendance_import.py                       # SQLite, in a temporary folder
    EVENTDESK_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/attendance_import.py

The report is a Zoom meeting participant export (meeting block, one row per join): most rows carry the guest's
e-mail, some only a name (matched by name, or left for the organisers where namesakes share it), a few
rejoins and second devices, the host, and callers nobody can tell. Targets (2-core machine): the preview
(dry run) and the import each under 5 s, the same file again under 5 s, every guest's online time under 2 s.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import timed  # noqa: E402
from bench.guests import FAMILY_JA, FAMILY_ZH, GIVEN_JA, GIVEN_ZH, database  # noqa: E402

GUESTS = int(os.environ.get("BENCH_ROWS", "50000"))
REPORT_ROWS = int(os.environ.get("BENCH_REPORT_ROWS", "3000"))
TARGETS = {"preview": 5.0, "import": 5.0, "again": 5.0, "tally": 2.0}


def guest_list(count: int, seed: int = 7) -> list[dict[str, str]]:
    """Chinese and Japanese delegates with both name forms; the few names are shared by many (namesakes)."""
    rng = random.Random(seed)
    guests = []
    for n in range(count):
        japanese = n % 2 == 1
        family, family_latin = rng.choice(FAMILY_JA if japanese else FAMILY_ZH)
        given, given_latin = rng.choice(GIVEN_JA if japanese else GIVEN_ZH)
        guests.append({"email": f"guest{n:05d}@{'example.jp' if japanese else 'example.cn'}", "family_name": family,
                       "given_name": given, "family_name_latin": family_latin, "given_name_latin": given_latin,
                       "organisation": f"{'日本' if japanese else '四川'}組織{n % 500:03d}",
                       "country": "JP" if japanese else "CN", "language": "ja" if japanese else "zh"})
    return guests


def as_csv(guests: list[dict[str, str]]) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(guests[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(guests)
    return buffer.getvalue().encode("utf-8-sig")


def zoom_report(guests: list[dict[str, str]], start: datetime, rows: int, seed: int = 11) -> bytes:
    """Zoom's participant export with meeting data, UTF-8 with BOM; times local to Asia/Shanghai."""
    import csv
    import io

    rng = random.Random(seed)
    local = start.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)

    def when(minutes: float) -> str:
        return (local + timedelta(minutes=minutes)).strftime("%m/%d/%Y %I:%M:%S %p")

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Topic", "ID", "Host", "Duration (minutes)", "Start time", "End time", "Participants", ""])
    writer.writerow(["Bench ceremony", "812 3456 7890", "Protocol Office (protocol@bench.example)", "240", when(-10),
                     when(230), str(rows), ""])
    writer.writerow([])
    writer.writerow(["Name (original name)", "Email", "Join time", "Leave time", "Duration (minutes)", "Guest",
                     "Recording disclaimer response", "In waiting room", ""])
    writer.writerow(["Protocol Office", "protocol@bench.example", when(-10), when(230), "240", "No", "OK", "No", ""])
    written = 1
    people = rng.sample(guests, k=rows)
    while written < rows:
        guest = people[written]
        joined = rng.uniform(-5, 60)
        left = joined + rng.uniform(20, 180)
        kind = written % 20
        if kind == 0:  # a caller
            name, email = f"+86 1{rng.randrange(10**9, 10**10)}", ""
        elif kind in (1, 2, 3):  # signed out: a name only, Latin or native, either order
            name = f"{guest['given_name_latin']} {guest['family_name_latin'].upper()}" if kind == 1 \
                else f"{guest['family_name']}{guest['given_name']}"
            email = ""
        else:
            name, email = f"{guest['family_name']} {guest['given_name']}", guest["email"]
        writer.writerow([name, email, when(joined), when(left), str(round(left - joined)), "No", "OK", "No", ""])
        written += 1
        if kind == 5 and written < rows:  # a rejoin after a dropped connection, overlapping a second device
            writer.writerow([name, email, when(left - 3), when(left + 30), "33", "No", "OK", "No", ""])
            written += 1
    return buffer.getvalue().encode("utf-8-sig")


def main() -> None:
    from eventdesk import create_app

    with database() as (url, engine_options), tempfile.TemporaryDirectory() as instance:
        os.environ["EVENTDESK_INSTANCE_PATH"] = instance
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                          "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, **engine_options}})
        # Imported once the app has loaded every area, in the order the app imports them.
        from eventdesk.attendance.imports import import_report
        from eventdesk.attendance.tally import online_by_invitation
        from eventdesk.extensions import db
        from eventdesk.guests import service
        from eventdesk.models import Base, Staff, StaffRole

        with app.app_context():
            Base.metadata.create_all(db.engine)
            from eventdesk.events import service as events

            start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=14)
            event = events.create(slug="bench", title="Bench ceremony", starts_at=start,
                                  ends_at=start + timedelta(hours=6), timezone="Asia/Shanghai", capacity=40_000)
            organiser = Staff(email="bench@example.org", role=StaffRole.ORGANISER, name="Bench")
            db.session.add(organiser)
            db.session.commit()
            guests = guest_list(GUESTS)
            listed = service.import_guests(event, as_csv(guests), "guests.csv", staff=organiser)
            assert listed.created == GUESTS, listed.problems[:5]
            report = zoom_report(guests, start, REPORT_ROWS)
            print(f"database: {db.engine.dialect.name}; {GUESTS:,} invitations; a report of {REPORT_ROWS:,} rows "
                  f"({len(report) // 1024:,} KB)")
            preview = timed(f"attendance import: preview (dry run), {REPORT_ROWS:,} rows", TARGETS["preview"],
                            lambda: import_report(event, report, "participants.csv", staff=organiser, dry_run=True))
            result = timed(f"attendance import: import, {REPORT_ROWS:,} rows", TARGETS["import"],
                           lambda: import_report(event, report, "participants.csv", staff=organiser))
            assert result.written and result.counts == preview.counts, (result.counts, preview.counts)
            print(f"{'':<4}{result.summary()}")
            again = timed("attendance import: the same file again (changes nothing)", TARGETS["again"],
                          lambda: import_report(event, report, "participants.csv", staff=organiser))
            assert again.already_imported
            tallies = timed(f"attendance import: every guest's online time ({GUESTS:,} invitations)", TARGETS["tally"],
                            lambda: online_by_invitation(event.id))
            print(f"{'':<4}{len(tallies):,} guests online, {sum(t.minutes for t in tallies.values()):,} minutes")


if __name__ == "__main__":
    main()
