"""The report's two charts (arrivals at the doors, online joins) laid out once, drawn twice: as inline SVG on the
page and with ReportLab graphics in the PDF. Bars per slot, a line for the running total, a few time labels.
Heights count up from the baseline; each renderer turns them into its own coordinates."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from eventdesk.door.display import clock
from eventdesk.door.lookup import Arrivals
from eventdesk.models import Event

TICKS = 7  # time labels along the axis, at most
ROUND_MINUTES = (15, 30, 60, 120, 180, 360, 720)  # labels fall on whole quarters, half hours, hours ... if they can
# Bar and running-line colours: arrivals green as on the door dashboard, online joins blue.
ARRIVALS = ("#5fae7c", "#1f5fa8")
JOINS = ("#6b9bd1", "#13315c")


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    height: float
    label: str  # the slot's start and its count, for a tooltip
    count: int


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    busiest: int  # the tallest bar's count
    total: int  # the running line's end
    bars: list[Bar]
    ticks: list[tuple[float, str]]  # x of a slot's start, its time (drawn centred there)
    line: list[tuple[float, float]]  # x, height of the running total
    first: str  # the first and last slots' times, for a description
    last: str
    minutes: int  # a slot's length
    colours: tuple[str, str]  # bars, line


def layout(event: Event, chart: Arrivals, colours: tuple[str, str], width: float = 720,
           height: float = 180) -> Chart | None:
    """None when nothing was counted."""
    if not chart.slots:
        return None
    slots = chart.slots
    step = width / len(slots)
    bar = min(step * 0.8, 36)
    busiest, total = max(chart.busiest, 1), max(chart.total, 1)
    times = [clock(event, at, on=event.starts_at) for at, _n, _running in slots]
    return Chart(
        width=width, height=height, busiest=chart.busiest, total=chart.total,
        bars=[Bar(i * step + (step - bar) / 2, bar, height * n / busiest, f"{times[i]} · {n}", n)
              for i, (_at, n, _running) in enumerate(slots) if n],
        ticks=[(i * step, times[i]) for i in _ticks([at for at, _n, _running in slots])],
        line=[(0.0, 0.0)] + [((i + 1) * step, height * running / total) for i, (_at, _n, running) in enumerate(slots)],
        first=times[0], last=times[-1], minutes=chart.minutes, colours=colours)


def _ticks(starts: list[datetime]) -> list[int]:
    """The slots to label: those starting on a round time of the event's clock (09:00, 09:30 ...), the roundest
    that leaves at most TICKS labels; else evenly spaced ones."""
    into_day = [at.hour * 60 + at.minute for at in starts]
    for minutes in ROUND_MINUTES:
        chosen = [i for i, m in enumerate(into_day) if m % minutes == 0]
        if 2 <= len(chosen) <= TICKS:
            return chosen
    return list(range(0, len(starts), max(math.ceil(len(starts) / TICKS), 1)))
