"""The attendance picture of an event of 50,000 invitations (30,000 admissions, 3,000 online rows): the whole
picture, the dashboard's counts, the guest list filtered by attendance, a page of the API and the export.

    .venv/bin/python bench/attendance_picture.py                       # SQLite, in a temporary folder
    EVENTDESK_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/attendance_picture.py

The event is bench/report.py's, its statistics refreshed on PostgreSQL (as autovacuum does after the door's and
the reports' writes; without them PostgreSQL plans the filter for empty tables and a page takes tens of seconds).
Targets (2-core machine): the picture and the counts under 2 s, a filtered guest list page or an API page under
0.5 s, the export under 10 s (as bench/guests.py's). Each line also gives this process's CPU time: on a busy
machine the wall time grows, the CPU time does not.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from bench.figures import timed  # noqa: E402
from bench.guests import database  # noqa: E402
from bench.report import ROWS, _ceremony  # noqa: E402

TARGETS = {"picture": 2.0, "page": 0.5, "export": 10.0}


def main() -> None:
    from eventdesk import create_app
    from eventdesk.extensions import db
    from eventdesk.models import Base, Staff, StaffRole

    with database() as (url, engine_options), tempfile.TemporaryDirectory() as instance:
        os.environ["EVENTDESK_INSTANCE_PATH"] = instance
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                          "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, **engine_options}})
        from eventdesk.attendance import picture  # once the app is made: the areas import one another
        from eventdesk.guests import exporter
        from eventdesk.staff import service as staff
        with app.app_context():
            Base.metadata.create_all(db.engine)
            organiser = Staff(email="bench@example.org", role=StaffRole.ORGANISER, name="Bench")
            db.session.add(organiser)
            db.session.commit()
            event = _ceremony(db)
            if db.engine.dialect.name == "postgresql":  # as autovacuum would, and the guest import does
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.execute(text("VACUUM (ANALYZE)"))
            token = staff.issue_token(organiser)
            print(f"database: {db.engine.dialect.name}; {ROWS:,} invitations")
            found = timed("attendance picture: picture of every guest", TARGETS["picture"],
                          lambda: picture.picture(event))
            counts = timed("attendance picture: counts (dashboard, door)", TARGETS["picture"],
                           lambda: picture.counts(event))
            print(f"  {len(found.in_hall):,} in the hall, {len(found.online):,} online; counts {counts.as_dict()}")
            timed("attendance picture: export CSV (with the picture)", TARGETS["export"],
                  lambda: exporter.to_csv(event))
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = organiser.get_id()
                session["_fresh"] = True
        client.get("/events/bench/guests")  # the first request compiles templates: not what is measured
        client.get("/api/v1/events/bench/invitations?per_page=1", headers={"Authorization": f"Bearer {token}"})
        timed("attendance picture: guest list page, no filter (for comparison)", TARGETS["page"],
              lambda: client.get("/events/bench/guests"))
        for summary in ("in_person", "online", "both", "no_show"):
            response = timed(f"attendance picture: guest list page, attendance={summary}", TARGETS["page"],
                             lambda s=summary: client.get(f"/events/bench/guests?attendance={s}"))
            assert response.status_code == 200
        response = timed("attendance picture: API page of 200 invitations with attendance", TARGETS["page"],
                         lambda: client.get("/api/v1/events/bench/invitations?per_page=200",
                                            headers={"Authorization": f"Bearer {token}"}))
        assert response.status_code == 200, response.get_data(as_text=True)


if __name__ == "__main__":
    main()
