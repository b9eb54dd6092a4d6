"""Every benchmark in bench/, one after another, and one table of their figures against the targets, with the
machine they ran on. `make bench` runs this.

    .venv/bin/python bench/all.py                      # everything (about five minutes on 2 cores, peers set up)
    .venv/bin/python bench/all.py --only guests badges # some scripts
    .venv/bin/python bench/all.py --readme             # also put the table in README.md's Performance section

PostgreSQL is used when EVENTDESK_BENCH_DATABASE_URL (or the tests' EVENTDESK_TEST_DATABASE_URL) names a
server: each script then works in a schema or database of its own there. The guest list is measured on SQLite
as well; without PostgreSQL everything runs on SQLite and the door check-in, which needs it, says so. Each
script runs in a process of its own with BENCH_FIGURES set (bench/figures.py); its output goes by as it runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.figures import ENV, number  # noqa: E402

OUT = Path(os.environ.get("EVENTDESK_BENCH_DIR", "/tmp/eventdesk-bench")) / "bench.md"
README_START, README_END = "<!-- bench table: start -->", "<!-- bench table: end -->"


@dataclass(frozen=True)
class Script:
    name: str
    databases: tuple[str, ...]  # "postgresql" when there is one, else SQLite; "sqlite" always; "postgresql only"
    args: tuple[str, ...] = ()


SCRIPTS = [
    Script("checkin", ("postgresql only",)),
    Script("badges", ("postgresql",)),
    Script("guests", ("postgresql", "sqlite")),
    Script("attendance_import", ("postgresql",)),
    Script("attendance_picture", ("postgresql",)),
    Script("report", ("postgresql",)),
    Script("door_offline", ("postgresql",)),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=[s.name for s in SCRIPTS], help="run only these scripts")
    parser.add_argument("--markdown", type=Path, default=OUT, help=f"the table as Markdown (default {OUT})")
    parser.add_argument("--readme", action="store_true", help="replace the table in README.md's Performance section")
    args = parser.parse_args()
    postgresql = postgresql_url()
    started, load_before = datetime.now(UTC), os.getloadavg()[0]
    rows: list[dict[str, Any]] = []
    for script in SCRIPTS:
        if args.only and script.name not in args.only:
            continue
        for database in script.databases:
            if database == "postgresql only" and not postgresql:
                rows.append(not_run(script, "PostgreSQL", "needs PostgreSQL: set EVENTDESK_BENCH_DATABASE_URL"))
                continue
            url = postgresql if database != "sqlite" else None
            rows += run(script, url)
    machine = describe_machine(postgresql, load_before)
    table = markdown(rows, machine, started)
    print("\n" + text_table(rows) + "\n\n" + machine)
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(table)
    print(f"\nthe table as Markdown: {args.markdown}")
    if args.readme:
        put_in_readme(table)
        print("README.md's Performance section now has this table")
    return 0 if all(row["met"] is not False for row in rows) else 1


def postgresql_url() -> str | None:
    url = os.environ.get("EVENTDESK_BENCH_DATABASE_URL") or os.environ.get("EVENTDESK_TEST_DATABASE_URL")
    return url or None


def run(script: Script, url: str | None) -> list[dict[str, Any]]:
    database = "PostgreSQL" if url else "SQLite"
    print(f"\n== bench/{script.name}.py on {database} ==", flush=True)
    env = {k: v for k, v in os.environ.items() if k not in ("EVENTDESK_DATABASE_URL", "DATABASE_URL")}
    if url:
        env["EVENTDESK_DATABASE_URL"] = env["EVENTDESK_BENCH_DATABASE_URL"] = url
    with tempfile.NamedTemporaryFile(prefix="bench-", suffix=".jsonl") as figures:
        env[ENV] = figures.name
        started = time.monotonic()
        done = subprocess.run([sys.executable, str(ROOT / "bench" / f"{script.name}.py"), *script.args], env=env,
                              stderr=subprocess.PIPE, text=True, check=False, cwd=ROOT)
        sys.stderr.write(done.stderr)
        rows = [json.loads(line) | {"database": database} for line in Path(figures.name).read_text().splitlines()]
    print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
    if not rows or done.returncode not in (0, 1):  # 1: it ran, and a target was missed
        last = (done.stderr.strip().splitlines() or ["no output"])[-1][:160]
        rows.append(not_run(script, database, f"stopped (exit {done.returncode}): {last}"))
    return rows


def not_run(script: Script, database: str, why: str) -> dict[str, Any]:
    return {"script": script.name, "name": f"bench/{script.name}.py", "value": None, "unit": "", "target": None,
            "better": "lower", "met": None, "note": why, "ratios": {}, "database": database}


def describe_machine(postgresql: str | None, load_before: float) -> str:
    cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
    memory = int(re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.M)[1]) / 2**20
    server = "not given (EVENTDESK_BENCH_DATABASE_URL)"
    if postgresql:
        try:
            import psycopg

            with psycopg.connect(postgresql.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=5) as c:
                server = c.execute("SHOW server_version").fetchone()[0].split()[0]
        except Exception as e:  # noqa: BLE001 - the table says why instead of stopping
            server = f"unreachable ({type(e).__name__})"
    return (f"Machine: {cpu[1] if cpu else platform.processor()}, {os.cpu_count()} cores, {memory:.0f} GiB RAM; "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, PostgreSQL {server}; "
            f"load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end.")


def cells(row: dict[str, Any]) -> list[str]:
    value, target = row["value"], row["target"]
    aim = "" if target is None else f"{'≤' if row['better'] == 'lower' else '≥'} {number(target)} {row['unit']}"
    verdict = "not measured" if value is None else "" if row["met"] is None else "met" if row["met"] else "MISSED"
    peers = [number(row["ratios"][peer]) if peer in row["ratios"] else "" for peer in ("floor", "pretix")]
    return [row["name"], row["database"], "-" if value is None else f"{number(value)} {row['unit']}", aim, verdict,
            *peers, row["note"]]


HEADINGS = ["figure", "database", "measured", "target", "", "× floor", "× pretix", "note"]


def text_table(rows: list[dict[str, Any]]) -> str:
    lines = [HEADINGS] + [cells(row) for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADINGS) - 1)]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=False)) + "  " + line[-1]
                     for line in lines)


def markdown(rows: list[dict[str, Any]], machine: str, started: datetime) -> str:
    lines = [f"`make bench`, {started:%Y-%m-%d %H:%M} UTC. {machine}", "",
             "| " + " | ".join(HEADINGS) + " |", "|" + " --- |" * len(HEADINGS)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in cells(row)) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def put_in_readme(table: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    if README_START not in text:
        raise SystemExit(f"README.md has no {README_START} ... {README_END} markers in its Performance section")
    head, rest = text.split(README_START, 1)
    readme.write_text(f"{head}{README_START}\n{table}{README_END}{rest.split(README_END, 1)[1]}")


if __name__ == "__main__":
    sys.exit(main())
