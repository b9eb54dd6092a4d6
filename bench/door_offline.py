"""The door's offline bundle at 50,000 guests: its size compressed, the time to build a delta, and the time the
browser takes to decide a scan offline (Debian's Chromium, WebCrypto Ed25519), against the targets.

    .venv/bin/python bench/door_offline.py                       # SQLite, in a temporary folder
    EVENTDESK_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/door_offline.py

On PostgreSQL it works in a schema of its own and drops it afterwards. Targets: the whole bundle under 5 MB
gzipped, a delta (a busy minute: 50 and 500 guests changed) under 50 ms to build, a scan decided offline in
under 20 ms (1,000 scans of distinct badges, one after another, as a door makes them).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import time_machine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import figure  # noqa: E402
from bench.guests import FAMILY_JA, FAMILY_ZH, GIVEN_JA, GIVEN_ZH, KINDS, ROLES, database  # noqa: E402

GUESTS = int(os.environ.get("BENCH_GUESTS", "50000"))
SCANS = 1_000
TARGETS = {"bytes": 5_000_000, "delta_ms": 50.0, "scan_ms": 20.0}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def seed(event: Any) -> list[int]:
    """GUESTS invitations of 2,000 organisations: most accepted in person with a badge (2% re-issued), some
    online, declined or not yet answered; 40% of those in person already admitted at one of four doors, two hours
    ago. Everything is dated two hours ago, so a delta sees only what the bench changes. Returns the ids of
    the admissible guests."""
    from sqlalchemy import insert, select, text

    from eventdesk.extensions import db
    from eventdesk.models import Badge, CheckIn, Delegate, Door, Invitation, Organisation

    rng, then = random.Random(11), datetime.now(UTC) - timedelta(hours=2)
    db.session.execute(insert(Organisation), [
        {"name": f"{'日本' if i % 2 else '四川省'}組織{i:04d}", "name_latin": f"Organisation {i:04d}",
         "kind": KINDS[i % 5], "country": "JP" if i % 2 else "CN", "created_at": then} for i in range(2_000)])
    organisations = db.session.scalars(select(Organisation.id).order_by(Organisation.id)).all()
    delegates = []
    for n in range(GUESTS):
        japanese = n % 2 == 0
        family, family_latin = rng.choice(FAMILY_JA if japanese else FAMILY_ZH)
        given, given_latin = given_name(rng, japanese)
        delegates.append({"email": f"guest{n:05d}@example.org", "family_name": family, "given_name": given,
                          "family_name_latin": family_latin, "given_name_latin": given_latin,
                          "organisation_id": organisations[n % len(organisations)], "language": "ja" if japanese
                          else "zh", "role": rng.choice(ROLES), "created_at": then, "updated_at": then})
    db.session.execute(insert(Delegate), delegates)
    delegate_ids = db.session.scalars(select(Delegate.id).order_by(Delegate.id)).all()
    answers = [("accepted", "in_person")] * 16 + [("accepted", "online"), ("declined", None), ("invited", None),
                                                   ("waiting", None)]
    db.session.execute(insert(Invitation), [
        {"event_id": event.id, "delegate_id": d, "token": f"bench-{d:08d}-token-padding-xx", "status": status,
         "mode": mode, "details": {}, "sequence": 0, "created_at": then, "updated_at": then}
        for d, (status, mode) in zip(delegate_ids, (rng.choice(answers) for _ in delegate_ids), strict=True)])
    in_person = db.session.execute(select(Invitation.id, Invitation.mode).order_by(Invitation.id)).all()
    badges, checkins, admissible = [], [], []
    doors = []
    for name in ("North door", "South door", "East door", "VIP entrance"):
        door = Door(event_id=event.id, name=name, created_at=then)
        db.session.add(door)
        doors.append(door)
    db.session.flush()
    for invitation_id, mode in in_person:
        if mode is None or mode.value != "in_person":
            continue
        if rng.random() < 0.02:
            badges.append({"event_id": event.id, "invitation_id": invitation_id, "serial": invitation_id + 10_000_000,
                           "issued_at": then, "revoked_at": then})
        badges.append({"event_id": event.id, "invitation_id": invitation_id, "serial": invitation_id,
                       "issued_at": then})
        if rng.random() < 0.4:
            checkins.append({"event_id": event.id, "invitation_id": invitation_id, "door_id": rng.choice(doors).id,
                             "result": "admitted", "manual": False, "duplicate_entry": False, "scanned_at": then,
                             "recorded_at": then})
        else:
            admissible.append(invitation_id)
    db.session.execute(insert(Badge), badges)
    db.session.execute(insert(CheckIn), checkins)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # as the guest import does after a large import
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return admissible


SYLLABLES = ("an", "bo", "chen", "da", "fei", "gang", "hao", "hui", "jia", "jun", "ke", "lan", "li", "ling", "mei",
             "min", "na", "ning", "ping", "qi", "qiang", "rong", "shan", "tao", "ting", "wei", "xia", "xin", "yan",
             "yi", "ying", "yu", "zhi", "zhong", "a", "ka", "ki", "ko", "ma", "mi", "na", "ri", "sa", "shi", "ta",
             "to", "yo", "yu", "ha", "ru", "ne", "ji", "ro", "ta", "ya", "su", "ke", "ho")


def given_name(rng: random.Random, japanese: bool) -> tuple[str, str]:
    """A given name as varied as a real guest list's (common names repeat; most do not): one or two Han
    characters, or kana for some Japanese names, with a Latin form of two syllables."""
    latin = "".join(rng.choice(SYLLABLES) for _ in range(2)).title()
    if japanese and rng.random() < 0.3:
        return "".join(chr(rng.randrange(0x3042, 0x3093)) for _ in range(3)), latin
    if rng.random() < 0.2:
        return rng.choice(GIVEN_JA if japanese else GIVEN_ZH)
    return "".join(chr(rng.randrange(0x4E00, 0x9FA6)) for _ in range(rng.choice((1, 2, 2)))), latin


def milliseconds(action: Any, runs: int) -> tuple[float, float, Any]:
    samples, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), max(samples), result


def browser_figures(base_url: str, whole: dict[str, Any], codes: list[str]) -> dict[str, float]:
    """Prepare the bundle and decide the scans in Chromium, timed inside the page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{base_url}/login")  # any page of the app: a secure context (127.0.0.1) under its CSP
            page.add_script_tag(url="/static/js/door-decide.js")
            return page.evaluate("""async ([bundle, codes]) => {
                const decide = window.EventdeskDecide;
                let started = performance.now();
                const index = decide.prepare(bundle);
                const prepare = performance.now() - started;
                await decide.decide(index, codes[0], Date.now(), {});  // the key imported once
                const local = {}, each = [];
                for (const code of codes) {
                    started = performance.now();
                    const decision = await decide.decide(index, code, Date.now(), local);
                    each.push(performance.now() - started);
                    if (decision.result !== "admitted") { throw new Error("unexpected " + decision.result); }
                    local[decision.guest.id] = {at: Date.now(), door: "North door"};
                }
                each.sort((a, b) => a - b);
                started = performance.now();
                const found = decide.find(index, "yamada", 20).length;
                const lookup = performance.now() - started;
                return {prepare, mean: each.reduce((a, b) => a + b) / each.length,
                        p95: each[Math.floor(each.length * 0.95)], max: each[each.length - 1], lookup, found};
            }""", [whole, codes])
        finally:
            browser.close()


def main() -> None:
    from werkzeug.serving import make_server

    from eventdesk import create_app
    from eventdesk.badges import codec
    from eventdesk.door import bundle, service
    from eventdesk.events import service as events
    from eventdesk.extensions import db
    from eventdesk.models import Base

    with database() as (url, engine_options), tempfile.TemporaryDirectory() as instance:
        os.environ["EVENTDESK_INSTANCE_PATH"] = instance
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "SQLALCHEMY_ENGINE_OPTIONS":
                          engine_options, "BADGE_SIGNING_KEY": "nWGxne/9WmC6hEr0kuwsxERJxWl7MDkS4Ie9XmDSNrE=",
                          "BADGE_KEY_ID": "B"})
        with app.app_context():
            Base.metadata.create_all(db.engine)
            start = datetime.now(UTC) + timedelta(hours=1)
            event = events.create(slug="bench", title="Bench ceremony", starts_at=start,
                                  ends_at=start + timedelta(hours=8), timezone="Asia/Shanghai")
            db.session.commit()
            admissible = seed(event)
            engine = db.engine.dialect.name
            print(f"door offline bundle, {GUESTS:,} guests on {engine}")

            build_ms, _, whole = milliseconds(lambda: bundle.build(event), 3)
            body = json.dumps(whole, ensure_ascii=False, separators=(",", ":")).encode()
            sent = len(gzip.compress(body, compresslevel=6, mtime=0))
            figure(f"door offline: whole bundle at {GUESTS:,}, gzip as served", sent / 1e6, "MB",
                   TARGETS["bytes"] / 1e6, note=f"{len(body) / 1e6:.1f} MB raw, built in {build_ms:.0f} ms")

            codes = [codec.encode(event.id, i, i, app.config) for i in admissible[:SCANS + 550]]
            # Each round's changes are made (on a moved clock) past the minute a delta repeats after its cursor,
            # so the delta holds exactly them; the delta is then built on the real clock.
            now, scanned = datetime.now(UTC), 0
            for round_, changed in enumerate((50, 500)):
                cursor_at = now + timedelta(minutes=5 * (round_ + 1))
                with time_machine.travel(cursor_at + timedelta(seconds=61)):
                    for code in codes[scanned:scanned + changed]:
                        service.scan(event, code, door="North door", staff=None)
                scanned += changed
                median, worst, delta = milliseconds(lambda c=bundle.make_cursor(cursor_at): bundle.build(event, c), 20)
                size = len(gzip.compress(json.dumps(delta, ensure_ascii=False, separators=(",", ":")).encode()))
                figure(f"door offline: delta, {changed} guests changed (median of 20)", median, "ms",
                       TARGETS["delta_ms"], note=f"worst {worst:.1f} ms, {len(delta['guests'])} rows, "
                                                 f"{size / 1000:.1f} kB gzip")
            whole = bundle.build(event)

        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            figures = browser_figures(f"http://127.0.0.1:{server.server_port}", whole, codes[scanned:scanned + SCANS])
        finally:
            server.shutdown()
        figure(f"door offline: a scan decided in Chromium (mean of {SCANS:,})", figures["mean"], "ms",
               TARGETS["scan_ms"], note=f"p95 {figures['p95']:.2f} ms, worst {figures['max']:.2f} ms")
        print(f"{'bundle prepared in the page':<46} {figures['prepare']:8.0f} ms")
        print(f"{'lookup by a Latin name in the page':<46} {figures['lookup']:8.1f} ms   ({figures['found']} found)")
        with app.app_context():
            db.engine.dispose()
            app.extensions["eventdesk_autocommit_engine"].dispose()


if __name__ == "__main__":
    main()
