"""Door check-in under load, side by side with the floor and pretix, measured by one load generator.

Serves eventdesk with gunicorn on loopback against PostgreSQL, seeds an event with accepted in-person
guests holding signed badges, then in one sitting runs ../shared/peer/pretix/loadgen.py against eventdesk,
the floor (../shared/peer/floor: a bare Flask endpoint doing only what a check-in must) and pretix
(../shared/peer/pretix), and an open-loop run at a steady rate. Prints the figures against the targets:

- 20 doors scanning distinct badges back to back: at least 0.75 x the floor's scans/s, first and repeat pass;
- one door alone: p50 at most 1.25 x the floor's; at a steady 100 scans/s sent on a clock, p99 under 50 ms;
- zero errors, every badge admitted exactly once, exactly one `admitted` in every race round;
- beside them, the server's CPU per scan (gunicorn's master and workers, read from /proc), eventdesk's and
  the floor's: on a machine busy with other work the rates move, the CPU per scan much less.

usage: .venv/bin/python bench/checkin.py [--runs 3] [--workers 3] [--threads 0] [--no-peers]
A peer that is not set up yet is set up first with its own setup.sh (pretix takes a few minutes; see their
READMEs); one that cannot run is named in the figures with the reason. The database server is the one of
EVENTDESK_BENCH_DATABASE_URL (else 127.0.0.1:5432), in a database of its own. All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.figures import figure, number  # noqa: E402

PEERS = ROOT.parent / "shared" / "peer"
LOADGEN = PEERS / "pretix" / "loadgen.py"
CPU = PEERS / "floor" / "cpu.py"
WORK = Path(os.environ.get("EVENTDESK_BENCH_DIR", "/tmp/eventdesk-bench"))
# Any database of the server will do to create the bench's own.
ADMIN_DSN = (os.environ.get("EVENTDESK_BENCH_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres") \
    .replace("postgresql+psycopg://", "postgresql://", 1)
DB_NAME = os.environ.get("EVENTDESK_BENCH_DB_NAME", "eventdesk_bench")
DB_URL = urlsplit(ADMIN_DSN)._replace(path=f"/{DB_NAME}").geturl()
TARGETS = {"scans_per_s": 0.75, "p50": 1.25, "open_loop_p99": 50.0}
PORT = 8365
SLUG = "bench"
GUESTS = 2_400  # 1,020 for the 20-door passes and race rounds, 300 for one door, 1,000 for the open loop


def sh(*args: str, env: dict | None = None, check: bool = True, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, env={**os.environ, **(env or {})}, check=check, text=True, **kw)


def app_env() -> dict[str, str]:
    return {"EVENTDESK_INSTANCE_PATH": str(WORK / "instance"), "EVENTDESK_DATABASE_URL": DB_URL}


def prepare() -> str:
    """A fresh database with the schema, one event, its guests and badges; returns a door staff token."""
    import psycopg

    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "instance").mkdir(exist_ok=True)
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    sh(str(ROOT / ".venv/bin/eventdesk"), "init", env=app_env(), stdout=subprocess.DEVNULL)
    os.environ.update(app_env())
    from datetime import UTC, datetime, timedelta

    from flask import current_app
    from sqlalchemy import insert

    from eventdesk import create_app
    from eventdesk.badges import codec
    from eventdesk.events import service as events
    from eventdesk.extensions import db
    from eventdesk.models import Badge, Delegate, Invitation, Organisation, OrganisationKind
    from eventdesk.staff import service as staff

    with create_app().app_context():
        start = datetime.now(UTC) + timedelta(days=1)
        event = events.create(slug=SLUG, title="Bench ceremony", starts_at=start, ends_at=start + timedelta(hours=8),
                              timezone="Asia/Shanghai", capacity=GUESTS)
        org = Organisation(name="成都高新区管委会", name_latin="Chengdu Hi-tech Zone", kind=OrganisationKind.GOVERNMENT,
                           country="CN")
        db.session.add(org)
        db.session.flush()
        db.session.execute(insert(Delegate), [
            {"email": f"guest{n}@example.cn", "family_name": "王", "given_name": f"{n}号",
             "family_name_latin": "Wang", "given_name_latin": f"No{n}", "organisation_id": org.id,
             "language": "zh", "role": "delegate"} for n in range(GUESTS)])
        delegate_ids = db.session.scalars(db.select(Delegate.id).order_by(Delegate.id)).all()
        db.session.execute(insert(Invitation), [
            {"event_id": event.id, "delegate_id": d, "token": f"bench-{d:08d}-token-padding-xx", "status": "accepted",
             "mode": "in_person", "details": {}, "sequence": 0} for d in delegate_ids])
        invitation_ids = db.session.scalars(db.select(Invitation.id).order_by(Invitation.id)).all()
        db.session.execute(insert(Badge), [{"event_id": event.id, "invitation_id": i, "serial": n + 1}
                                           for n, i in enumerate(invitation_ids)])
        db.session.commit()
        codes = [codec.encode(event.id, i, n + 1, current_app.config) for n, i in enumerate(invitation_ids)]
        door = staff.create("door@bench.invalid", "door", password="bench door password")
        token = staff.issue_token(door)
    with psycopg.connect(DB_URL, autocommit=True) as conn:
        # Statistics, as autovacuum gathers them within a minute of a bulk import: without them PostgreSQL looks
        # a badge up through the wrong index, reading every badge of the event.
        conn.execute("ANALYZE")
    (WORK / "codes-20doors.txt").write_text("\n".join(codes[:1020]) + "\n")
    (WORK / "codes-1door.txt").write_text("\n".join(codes[1020:1320]) + "\n")
    (WORK / "codes-openloop.txt").write_text("\n".join(codes[1320:2320]) + "\n")
    return token


def reset_scans() -> None:
    import psycopg

    with psycopg.connect(DB_URL, autocommit=True) as conn:
        conn.execute("TRUNCATE checkins RESTART IDENTITY")


def server_cpu(master: int) -> float:
    """CPU seconds of a gunicorn master and its workers so far, read by the floor kit's own tool."""
    done = subprocess.run([sys.executable, str(CPU), str(master)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)["gunicorn_s"]


class Server:
    def __init__(self, workers: int, threads: int) -> None:
        args = [str(ROOT / ".venv/bin/gunicorn"), "--bind", f"127.0.0.1:{PORT}", "--workers", str(workers),
                "--log-level", "warning"]
        if threads:
            args += ["--worker-class", "gthread", "--threads", str(threads)]
        self.label = f"eventdesk workers={workers} class={'gthread threads=' + str(threads) if threads else 'sync'}"
        self.log = open(WORK / "gunicorn.log", "w")  # noqa: SIM115 - open while the server runs
        self.proc = subprocess.Popen([*args, "eventdesk:create_app()"], env={**os.environ, **app_env()},
                                     stdout=subprocess.DEVNULL, stderr=self.log)
        for _ in range(120):
            try:
                c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise SystemExit("eventdesk did not start; see " + str(WORK / "gunicorn.log"))

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)
        self.log.close()


def loadgen(token: str, codes: str, label: str, *extra: str) -> dict:
    out = WORK / f"run-{time.time_ns()}.json"
    sh(sys.executable, str(LOADGEN), "--target", "eventdesk", "--base", f"http://127.0.0.1:{PORT}",
       "--event", SLUG, "--token", token, "--codes-file", str(WORK / codes), "--label", label,
       "--json", str(out), *extra, check=False, stderr=subprocess.DEVNULL)
    return json.loads(out.read_text())


def open_loop(token: str, rate: float, seconds: float, codes_file: str) -> dict:
    """Scans sent on a clock, whatever the answers do: latency counts from when each scan was due, so a slow
    answer cannot hide the queue behind it (no coordinated omission)."""
    codes = (WORK / codes_file).read_text().split()
    total = min(int(rate * seconds), len(codes))
    latencies: list[float] = []
    results: dict[str, int] = {}
    errors = 0
    lock = threading.Lock()
    start = time.perf_counter() + 0.2
    local = threading.local()

    def send(n: int) -> None:
        nonlocal errors
        due = start + n / rate
        time.sleep(max(0.0, due - time.perf_counter()))
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        body = json.dumps({"code": codes[n], "door": f"Door {n % 4}"})
        try:
            local.conn.request("POST", f"/api/v1/events/{SLUG}/checkins", body=body,
                               headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            response = local.conn.getresponse()
            answer = json.loads(response.read())
            if response.status != 200:
                raise OSError(response.status)
            result = answer["result"]
        except (OSError, ValueError, KeyError, http.client.HTTPException):
            local.conn.close()
            del local.conn
            with lock:
                errors += 1
            return
        with lock:
            latencies.append((time.perf_counter() - due) * 1000)
            results[result] = results.get(result, 0) + 1

    workers = [threading.Thread(target=lambda k=k: [send(n) for n in range(k, total, 16)]) for k in range(16)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    latencies.sort()
    pct = lambda p: round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))], 1)  # noqa: E731
    return {"rate": rate, "sent": total, "errors": errors, "outcomes": results,
            "p50": pct(50), "p95": pct(95), "p99": pct(99), "max": round(latencies[-1], 1)}


def peer_problem(kit: str) -> str | None:
    """None when the peer is set up, setting it up first with its own setup.sh if need be; else why it cannot run."""
    state = Path(os.environ.get(f"{kit.upper()}_PEER_DIR", f"/tmp/{kit}-peer")) / "state.json"
    if state.exists():
        return None
    if not (PEERS / kit / "setup.sh").exists():
        return f"{PEERS / kit} is not there"
    log = WORK / f"{kit}-setup.log"
    print(f"setting up the {kit} peer with its setup.sh (log: {log})", file=sys.stderr, flush=True)
    with log.open("w") as out:
        done = subprocess.run(["bash", str(PEERS / kit / "setup.sh")], stdout=out, stderr=subprocess.STDOUT,
                              check=False)
    if done.returncode or not state.exists():
        last = (log.read_text().strip().splitlines() or ["no output"])[-1][:120]
        return f"its setup.sh failed (exit {done.returncode}: {last})"
    return None


def peer(kit: str, *extra: str) -> dict | None:
    folder = Path(os.environ.get(f"{kit.upper()}_PEER_DIR", f"/tmp/{kit}-peer")) / "results"
    before = set(folder.glob("*.json")) if folder.exists() else set()
    sh("bash", str(PEERS / kit / "bench.sh"), *extra, check=False, stdout=subprocess.DEVNULL,
       stderr=subprocess.DEVNULL)
    new = sorted(set(folder.glob("*.json")) - before) if folder.exists() else []
    return json.loads(new[-1].read_text()) if new else None


def passes(report: dict | None) -> dict[str, dict]:
    return {p["pass"]: p for p in (report or {}).get("passes", [])}


def race(report: dict | None) -> str:
    r = (report or {}).get("race")
    return f"{r['rounds_exactly_one']}/{r['rounds']}" if r else "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0, help="gthread threads per worker (0: sync workers)")
    ap.add_argument("--no-peers", action="store_true", help="measure eventdesk only")
    ap.add_argument("--rate", type=float, default=100.0)
    a = ap.parse_args()

    token = prepare()
    problems = {kit: "not asked for (--no-peers)" if a.no_peers else peer_problem(kit) for kit in ("floor", "pretix")}
    rows: list[tuple[str, str, dict, str]] = []  # system, pass, figures, race
    openloops, cpu_ms = [], {"eventdesk": [], "floor": []}  # server CPU per request of each 20-door run
    for run in range(a.runs):
        print(f"run {run + 1}/{a.runs}", file=sys.stderr)
        server = Server(a.workers, a.threads)
        try:
            reset_scans()
            before = server_cpu(server.proc.pid)
            main_run = loadgen(token, "codes-20doors.txt", server.label)
            cpu_ms["eventdesk"].append(1000 * (server_cpu(server.proc.pid) - before) / requests(main_run))
            reset_scans()
            one = loadgen(token, "codes-1door.txt", server.label, "--doors", "1", "--scans", "300",
                          "--scenario", "first", "--race-codes", "0")
            reset_scans()
            openloops.append(open_loop(token, a.rate, 10, "codes-openloop.txt"))
        finally:
            server.stop()
        rows += [("eventdesk", "20 doors " + k, v, race(main_run)) for k, v in passes(main_run).items()]
        rows += [("eventdesk", "1 door first", v, "-") for v in passes(one).values()]
        if not problems["floor"]:
            floor = peer("floor")
            rows += [("floor", "20 doors " + k, v, race(floor)) for k, v in passes(floor).items()]
            if floor and floor.get("cpu", {}).get("gunicorn_ms_per_req"):
                cpu_ms["floor"].append(floor["cpu"]["gunicorn_ms_per_req"])
            floor_one = peer("floor", "--doors", "1", "--scans", "300", "--scenario", "first")
            rows += [("floor", "1 door first", v, "-") for v in passes(floor_one).values()]
        if run == 0 and not problems["pretix"]:  # over a minute a run: once per sitting is enough for a ratio
            pretix = peer("pretix")
            rows += [("pretix", "20 doors " + k, v, race(pretix)) for k, v in passes(pretix).items()]
            pretix_one = peer("pretix", "--doors", "1", "--scans", "300", "--scenario", "first")
            rows += [("pretix", "1 door first", v, "-") for v in passes(pretix_one).values()]
    for kit in ("floor", "pretix"):
        if not problems[kit] and not any(system == kit for system, *_ in rows):
            problems[kit] = "its bench.sh gave no figures"
    report(rows, openloops, cpu_ms, problems, a)


def requests(run: dict) -> int:
    """Every request a loadgen run made: warm-up, race rounds and passes."""
    race_requests = sum(sum(r["outcomes"].values()) for r in run["race"]["detail"]) if run.get("race") else 0
    return (run.get("warmup") or {}).get("done", 0) + sum(p["done"] for p in run["passes"]) + race_requests


def report(rows: list, openloops: list, cpu_ms: dict[str, list[float]], problems: dict[str, str | None],
           a: argparse.Namespace) -> None:
    print(f"\n{'system':10} {'pass':16} {'scans/s':>8} {'p50':>7} {'p95':>7} {'p99':>7} {'errors':>6} "
          f"{'admitted':>8} {'twice':>5} {'race':>6}")
    medians: dict[tuple[str, str], dict[str, float]] = {}
    for system, name, p, race_s in rows:
        L = p["lat_ms"]
        print(f"{system:10} {name:16} {p['scans_per_s']:8.1f} {L['p50']:7.1f} {L['p95']:7.1f} {L['p99']:7.1f} "
              f"{p['errors']:6d} {p['admitted']:8d} {p['codes_admitted_twice_or_more']:5d} {race_s:>6}")
    for key in {(s, n) for s, n, _, _ in rows}:
        ps = [p for s, n, p, _ in rows if (s, n) == key]
        medians[key] = {"scans_per_s": statistics.median(p["scans_per_s"] for p in ps),
                        "p50": statistics.median(p["lat_ms"]["p50"] for p in ps),
                        "p99": statistics.median(p["lat_ms"]["p99"] for p in ps)}
    print("\nopen loop (eventdesk):")
    for o in openloops:
        print(f"  {o['sent']} scans at {o['rate']:.0f}/s: p50 {o['p50']} ms, p95 {o['p95']} ms, p99 {o['p99']} ms, "
              f"max {o['max']} ms, errors {o['errors']}, outcomes {o['outcomes']}")
    print(f"\nagainst the targets (medians of {a.runs} runs; pretix once; {a.workers} workers):")
    missing = "; ".join(f"{kit} could not run: {why}" for kit, why in problems.items() if why)

    def versus(name: str, key: str, label: str, target: float, better: str) -> None:
        ours = medians.get(("eventdesk", name), {}).get(key)
        if ours is None:
            figure(label, None, "x floor", target, better, note="eventdesk gave no figures")
            return
        peers = {kit: medians[(kit, name)][key] for kit in ("floor", "pretix") if (kit, name) in medians}
        unit = "scans/s" if key == "scans_per_s" else "ms"
        note = "; ".join([f"eventdesk {number(ours)} {unit}"] + [f"{kit} {number(v)}" for kit, v in peers.items()]
                         + ([missing] if missing else []))
        figure(label, ours / peers["floor"] if "floor" in peers else None, "x floor", target, better, note=note,
               ratios={kit: ours / v for kit, v in peers.items()})

    versus("20 doors first", "scans_per_s", "door check-in, 20 doors, first pass", TARGETS["scans_per_s"], "higher")
    versus("20 doors repeat", "scans_per_s", "door check-in, 20 doors, repeat pass", TARGETS["scans_per_s"], "higher")
    versus("1 door first", "p50", "door check-in, one door, p50", TARGETS["p50"], "lower")
    if openloops:
        figure(f"door check-in, steady {a.rate:.0f} scans/s, p99", statistics.median(o["p99"] for o in openloops),
               "ms", TARGETS["open_loop_p99"], note=f"p50 {statistics.median(o['p50'] for o in openloops)} ms")
    ours = [r for r in rows if r[0] == "eventdesk"]
    wrong = sum(r[2]["errors"] + r[2]["codes_admitted_twice_or_more"] for r in ours) + \
        sum(o["errors"] for o in openloops) + sum(r[3] != "-" and r[3].split("/")[0] != r[3].split("/")[1]
                                                   for r in ours)
    figure("door check-in: errors, double admissions, races not won once", wrong, "", 0,
           note=f"race rounds exactly one: {', '.join(r[3] for r in ours if r[3] != '-')}")
    if cpu_ms["eventdesk"]:
        mine = statistics.median(cpu_ms["eventdesk"])
        floor = statistics.median(cpu_ms["floor"]) if cpu_ms["floor"] else None
        figure("door check-in: server CPU per scan (gunicorn)", mine, "ms", None,
               note=f"floor {floor:.2f} ms" if floor else missing, ratios={"floor": mine / floor} if floor else {})


if __name__ == "__main__":
    main()
