"""Badge printing against its targets: 500 badges in one PDF under 2 s, and peak memory flat from 500 to
20,000 badges (ReportLab keeps a whole document in memory, so batches are written in chunks that are joined
into one file as they come).

Each size runs in fresh processes on a throwaway database (SQLite, or a schema of its own on PostgreSQL as
bench/guests.py chooses) of guests named in Han, kana, Hangul and accented Latin, through the real path
(`prepare_batch`, then `write_batch` to a file), so the figures include the database, the signing, the QR
codes, the fonts and the joining. The CPU time of the printing process is given beside the wall time.

    .venv/bin/python bench/badges.py              # 500 and 20,000
    .venv/bin/python bench/badges.py --sizes 500 2000
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import figure  # noqa: E402
from bench.guests import database  # noqa: E402

TARGET_SECONDS_500 = 2.0
TARGET_GROWTH = 1.25  # peak memory for 20,000 badges at most this times the peak for 500
NAMES = [  # (family, given, family Latin, given Latin, language)
    ("王", "伟", "Wang", "Wei", "zh"), ("李", "娜", "Li", "Na", "zh"), ("张", "敏", "Zhang", "Min", "zh"),
    ("刘", "洋", "Liu", "Yang", "zh"), ("陈", "静", "Chen", "Jing", "zh"), ("欧阳", "晓峰", "Ouyang", "Xiaofeng", "zh"),
    ("髙橋", "さくら", "Takahashi", "Sakura", "ja"), ("山﨑", "健太", "Yamazaki", "Kenta", "ja"),
    ("佐藤", "陽子", "Sato", "Yoko", "ja"), ("渡邉", "大輔", "Watanabe", "Daisuke", "ja"),
    ("김", "민준", "Kim", "Minjun", "en"), ("박", "서연", "Park", "Seoyeon", "en"),
    (None, None, "Müller-Lüdenscheidt", "José", "en"), (None, None, "Ødegård", "Zoë", "en"),
]
ORGANISATIONS = [("四川省商务厅", "Sichuan Provincial Department of Commerce"),
                 ("日本貿易振興機構（ジェトロ）成都代表処", "JETRO Chengdu"),
                 ("成都高新技术产业开发区管理委员会", "Chengdu Hi-tech Zone Administrative Committee"),
                 ("株式会社みずほ銀行", "Mizuho Bank, Ltd."), ("Deutsch-Chinesische Wirtschaftsvereinigung e.V.", None)]
ROLES = ["delegate"] * 6 + ["vip", "signatory", "press", "staff", "interpreter"]


def app_for(url: str, engine_options: dict):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    from eventdesk import create_app

    seed = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    os.environ.setdefault("EVENTDESK_INSTANCE_PATH", tempfile.gettempdir())
    return create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS":
                       engine_options, "BADGE_SIGNING_KEY": base64.b64encode(seed).decode(), "BADGE_KEY_ID": "B"})


def fill(url: str, engine_options: dict, size: int) -> None:
    """An event with `size` guests attending in person, each with a badge, inserted in bulk."""
    from sqlalchemy import insert

    from eventdesk.extensions import db
    from eventdesk.models import Badge, Base, Delegate, Event, Invitation, Organisation
    from eventdesk.models.invitation import new_token

    with app_for(url, engine_options).app_context():
        Base.metadata.create_all(db.engine)
        start = datetime.now(UTC) + timedelta(days=14)
        event = Event(slug="bench", title="中日地方合作推介会", timezone="Asia/Shanghai", starts_at=start,
                      ends_at=start + timedelta(hours=6), venue="Chengdu Hi-tech Zone Exhibition Centre",
                      titles={"en": "China–Japan Regional Cooperation Promotion", "ja": "日中地方協力推進会"},
                      exchange_rates={}, schedule_sequence=0, open_registration=False)
        db.session.add(event)
        db.session.add_all(Organisation(name=name, name_latin=latin) for name, latin in ORGANISATIONS)
        db.session.commit()
        org_ids = [o.id for o in db.session.query(Organisation).order_by(Organisation.id)]
        db.session.execute(insert(Delegate), [
            {"email": f"guest{i}@example.org", "family_name": NAMES[i % len(NAMES)][0],
             "given_name": NAMES[i % len(NAMES)][1], "family_name_latin": NAMES[i % len(NAMES)][2],
             "given_name_latin": NAMES[i % len(NAMES)][3], "language": NAMES[i % len(NAMES)][4],
             "role": ROLES[i % len(ROLES)], "position": "Director-General" if i % 3 else "副处长",
             "organisation_id": org_ids[i % len(org_ids)]} for i in range(size)])
        delegate_ids = [d for (d,) in db.session.query(Delegate.id).order_by(Delegate.id)]
        db.session.execute(insert(Invitation), [
            {"event_id": event.id, "delegate_id": d, "token": new_token(), "status": "accepted",
             "mode": "in_person", "details": {}, "sequence": 0} for d in delegate_ids])
        invitation_ids = [i for (i,) in db.session.query(Invitation.id).order_by(Invitation.id)]
        db.session.execute(insert(Badge), [{"event_id": event.id, "invitation_id": inv, "serial": n + 1}
                                           for n, inv in enumerate(invitation_ids)])
        db.session.commit()


def run(url: str, engine_options: dict, output: Path) -> dict[str, float]:
    from eventdesk.badges import fonts, service
    from eventdesk.events import service as events

    with app_for(url, engine_options).app_context():
        fonts.registered()
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        event = events.get("bench")
        started, cpu = time.perf_counter(), time.process_time()
        count = service.prepare_batch(event, service.Selection()).count
        prepared = time.perf_counter()
        with output.open("wb") as out:
            written = service.write_batch(event, service.Selection(), out)
        finished, cpu = time.perf_counter(), time.process_time() - cpu
        engine = db_name()
    return {"badges": written, "expected": count, "prepare_s": prepared - started, "write_s": finished - prepared,
            "total_s": finished - started, "cpu_s": cpu, "database": engine, "baseline_mb": baseline,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "file_mb": output.stat().st_size / 2**20}


def db_name() -> str:
    from eventdesk.extensions import db

    return {"postgresql": "PostgreSQL", "sqlite": "SQLite"}[db.engine.dialect.name]


def measure(size: int) -> dict[str, float]:
    with database() as (url, engine_options), tempfile.TemporaryDirectory(prefix="eventdesk-bench-") as folder:
        where = ["--url", url, "--engine-options", json.dumps(engine_options)]
        subprocess.run([sys.executable, __file__, "--fill", str(size), *where], check=True)
        output = str(Path(folder) / "badges.pdf")
        child = subprocess.run([sys.executable, __file__, "--run", *where, "--output", output], check=True,
                               capture_output=True, text=True)
        return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 20_000])
    parser.add_argument("--fill", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--engine-options", type=json.loads, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill:
        fill(args.url, args.engine_options, args.fill)
        return 0
    if args.run:
        print(json.dumps(run(args.url, args.engine_options, args.output)))
        return 0
    results = {}
    for size in args.sizes:
        results[size] = figures = measure(size)
        print(f"{size:>6} badges on {figures['database']}: {figures['total_s']:6.1f} s ({figures['prepare_s']:.1f} s "
              f"checking, {figures['write_s']:.1f} s writing, {figures['total_s'] / size * 1000:.1f} ms a badge; "
              f"cpu {figures['cpu_s']:.1f} s), "
              f"peak memory {figures['peak_mb']:.0f} MB (fonts and app loaded: {figures['baseline_mb']:.0f} MB), "
              f"PDF {figures['file_mb']:.1f} MB", flush=True)
    ok = True
    if 500 in results:
        ok &= figure("500 badges in one PDF", results[500]["total_s"], "s", TARGET_SECONDS_500,
                     note=f"cpu {results[500]['cpu_s']:.2f} s")
    smallest, largest = min(results), max(results)
    if smallest != largest:
        figure(f"{largest:,} badges in one PDF", results[largest]["total_s"], "s", None,
               note=f"cpu {results[largest]['cpu_s']:.1f} s, {results[largest]['file_mb']:.0f} MB")
        ok &= figure(f"badge PDF peak memory, {largest:,} over {smallest:,} badges",
                     results[largest]["peak_mb"] / results[smallest]["peak_mb"], "x", TARGET_GROWTH,
                     note=f"{results[smallest]['peak_mb']:.0f} and {results[largest]['peak_mb']:.0f} MB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
