"""Times and durations as the platforms write them, in the downloader's locale and with no zone.

`06/16/2026 03:10:26 PM` (Zoom), `Mar 22, 2025 19:13:27` (Zoom webinars), `2/18/2022, 2:47:02 PM` and
`11/26/25, 4:16:54 PM` (Teams en-US), `06.10.26, 18:01:00` (Teams de), `07/02/26, 10:00:00` (Teams pt-BR,
day first), `2026-06-16 15:10:26` (Tencent Meeting), ISO from an XLSX date cell; AM/PM also as 上午/下午,
午前/午後, 오전/오후. Whether `07/02/26` is July or February is decided once per file (`DateOrder`): a part
above 12 settles it; else the layout's habit (Zoom writes month first; Teams month first with a 12-hour
clock, day first with a 24-hour one).

Durations: `1h 15m`, `14s`, `1 Std. 5 Min.`, `1:02:03` (H:MM:SS), or a number of minutes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

MONTHS = {name: number for number, names in enumerate((
    ("jan", "january", "janv", "gen", "ene", "januar"), ("feb", "february", "fev", "févr", "februar"),
    ("mar", "march", "mär", "märz", "mars"), ("apr", "april", "avr", "abr"), ("may", "mai", "mag", "mayo"),
    ("jun", "june", "juin", "giu", "juni"), ("jul", "july", "juil", "lug", "juli"),
    ("aug", "august", "août", "ago"), ("sep", "sept", "september", "set"),
    ("oct", "october", "okt", "ott", "out"), ("nov", "november"), ("dec", "december", "dez", "déc", "dic")), 1)
    for name in names}
AFTERNOON = ("pm", "p.m.", "下午", "午後", "오후")
MORNING = ("am", "a.m.", "上午", "午前", "오전")
MERIDIEMS = tuple((meridiem, re.compile("|".join(rf"(?<![a-z]){re.escape(m)}(?![a-z])" for m in markers)))
                  for meridiem, markers in (("pm", AFTERNOON), ("am", MORNING)))
CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?")
NUMBER = re.compile(r"\d+")
WORD = re.compile(r"[^\W\d_]+\.?")
EMPTY = {"", "--", "-", "—", "n/a", "na"}


@dataclass(frozen=True)
class DateOrder:
    """How a file writes a date of three numbers: year first, or month or day first."""

    day_first: bool

    @classmethod
    def of(cls, samples: Iterable[str], *, day_first_by_default: bool | None = None) -> DateOrder:
        """The order that fits every sample; when none decides, the layout's habit (`day_first_by_default`,
        or for None: day first with a 24-hour clock, month first with AM/PM)."""
        twelve_hour = False
        for text in samples:
            parts = _date_numbers(_plain(text))
            twelve_hour = twelve_hour or _meridiem(_plain(text)) is not None
            if len(parts) == 3 and len(parts[0]) < 4:
                if int(parts[0]) > 12:
                    return cls(day_first=True)
                if int(parts[1]) > 12:
                    return cls(day_first=False)
        if day_first_by_default is not None:
            return cls(day_first=day_first_by_default)
        return cls(day_first=not twelve_hour)

    def read(self, text: str) -> datetime:
        """A naive local time; ValueError when it is none."""
        plain = _plain(text)
        if "T" in plain and re.match(r"\d{4}-\d{2}-\d{2}T", plain):
            moment = datetime.fromisoformat(plain).replace(tzinfo=None)
            if not 1970 <= moment.year <= 2200:
                raise ValueError(text)
            return moment
        clock = CLOCK.search(plain)
        if clock is None:
            raise ValueError(text)
        hour, minute, second = int(clock[1]), int(clock[2]), int(clock[3] or 0)
        meridiem = _meridiem(plain)
        if meridiem is not None:
            if not 1 <= hour <= 12:
                raise ValueError(text)
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        date_part = plain[:clock.start()] + " " + plain[clock.end():]
        month_word = next((MONTHS[w.rstrip(".").lower()] for w in WORD.findall(date_part)
                           if w.rstrip(".").lower() in MONTHS), None)
        numbers = _date_numbers(date_part)
        if month_word is not None and len(numbers) == 2:
            one, two = numbers
            (written_year, day), month = ((one, int(two)) if len(one) == 4 else (two, int(one))), month_word
        elif len(numbers) == 3:
            if len(numbers[0]) == 4:
                written_year, month, day = numbers[0], int(numbers[1]), int(numbers[2])
            else:
                one, two, written_year = int(numbers[0]), int(numbers[1]), numbers[2]
                month, day = (two, one) if self.day_first or "." in date_part else (one, two)
        else:
            raise ValueError(text)
        year = int(written_year) + (2000 if len(written_year) <= 2 else 0)  # Teams writes `11/26/25`
        if not 1970 <= year <= 2200:  # no meeting report's; also keeps zone conversions in range
            raise ValueError(text)
        return datetime(year, month, day, hour, minute, second)


def is_empty(text: str | None) -> bool:
    return (text or "").strip().lower() in EMPTY


def minutes_of(text: str) -> float:
    """A duration in minutes; ValueError when it is none."""
    plain = _plain(text).lower()
    if re.fullmatch(r"\d+(?:[.,]\d+)?", plain):
        return float(plain.replace(",", "."))
    clock = re.fullmatch(r"(\d+):(\d{2})(?::(\d{2}))?", plain)
    if clock:
        if clock[3] is None:  # MM:SS
            return int(clock[1]) + int(clock[2]) / 60
        return int(clock[1]) * 60 + int(clock[2]) + int(clock[3]) / 60
    total, found = 0.0, False
    for amount, unit in re.findall(r"(\d+(?:[.,]\d+)?)\s*([^\d\s.,]+)", plain):
        value = float(amount.replace(",", "."))
        unit = unit.rstrip(".")
        if unit in ("h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden", "小时", "時間", "시간", "heure",
                    "heures", "ora", "ore"):
            total += value * 60
        elif unit in ("m", "min", "mins", "minute", "minutes", "minuten", "分", "分钟", "分鐘", "분", "minuti"):
            total += value
        elif unit in ("s", "sec", "secs", "second", "seconds", "sek", "sekunden", "秒", "초", "seg", "segundos",
                      "secondi"):
            total += value / 60
        else:
            raise ValueError(text)
        found = True
    if not found:
        raise ValueError(text)
    return total


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().strip('"').strip()


def _meridiem(plain: str) -> str | None:
    lowered = plain.lower()
    return next((meridiem for meridiem, marker in MERIDIEMS if marker.search(lowered)), None)


def _date_numbers(plain: str) -> list[str]:
    clock = CLOCK.search(plain)
    return NUMBER.findall(plain[:clock.start()] if clock else plain)
