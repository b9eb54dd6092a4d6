"""A figure against its target, said once for people and once for `make bench`.

Each bench script calls `figure(...)` for its target lines: it prints the line, and when BENCH_FIGURES names a
file (bench/all.py sets it) appends the figure there as one JSON line, which all.py gathers into one table.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ENV = "BENCH_FIGURES"


def figure(name: str, value: float | None, unit: str, target: float | None, better: str = "lower", *,
           note: str = "", ratios: dict[str, float] | None = None) -> bool:
    """Print `name: value unit` against `target` and record it. `better` is "lower" (at most the target) or
    "higher" (at least); `value` None says it could not be measured (the note says why); `target` None makes it
    a figure without a target. `ratios` are eventdesk's figures over a peer's from the same run ({"floor": x})."""
    if better not in ("lower", "higher"):
        raise ValueError(f"better is 'lower' or 'higher', not {better!r}")
    met = None if value is None or target is None else value <= target if better == "lower" else value >= target
    verdict = "not measured" if value is None else "" if met is None else "met" if met else "MISSED"
    aim = "" if target is None else f"   target {'<=' if better == 'lower' else '>='} {number(target)} {unit}"
    shown = "-" if value is None else f"{number(value)} {unit}"
    peers = "".join(f", {number(r)} x {peer}" for peer, r in (ratios or {}).items())
    print(f"{name:<56} {shown:>14}{aim}   {verdict}{peers}{'   (' + note + ')' if note else ''}", flush=True)
    if path := os.environ.get(ENV):
        record = {"script": Path(sys.argv[0]).stem, "name": name, "value": value, "unit": unit, "target": target,
                  "better": better, "met": met, "note": note, "ratios": ratios or {}}
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return met is not False and value is not None


def timed(name: str, target: float, action: Callable[[], Any]) -> Any:
    """Run `action` and give its wall time in seconds against `target`, with this process's CPU time beside it:
    on a machine busy with other work the wall clock waits for the CPU, the CPU time says what the work costs."""
    started, cpu = time.perf_counter(), time.process_time()
    result = action()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    figure(name, seconds, "s", target, note=f"cpu {cpu:.2f} s")
    return result


def number(value: float) -> str:
    """Three significant figures, thousands separated: 0.752, 12.4, 1,370."""
    return f"{round(value):,}" if abs(value) >= 100 else f"{value:.3g}"
