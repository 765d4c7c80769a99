"""Dates in front matter: a day of the calendar written YYYY-MM-DD, with a message per mistake.

A date known only to its month is written as the first of that month, with a YAML comment
saying so (``date: 2024-03-01  # month only``); a month alone is refused with that fix.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
MONTH_ONLY = re.compile(r"(\d{4})-(\d{2})")
MONTH_NAMES = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
MONTH_NAMES.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
#: The comment written after a date that stands for a whole month.
MONTH_COMMENT = "# month only"


class DateError(ValueError):
    """A value that is not a usable date; ``fix`` says what to write instead."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


def _month_of(text: str) -> tuple[int, int] | None:
    """(year, month) for '2024-03', 'March 2024', 'Mar 2024' or '2024 March'."""
    match = MONTH_ONLY.fullmatch(text)
    if match:
        return int(match.group(1)), int(match.group(2))
    words = re.split(r"[\s,.]+", text.strip().lower())
    if len(words) == 2:
        for name, year in (words, words[::-1]):
            if name in MONTH_NAMES and re.fullmatch(r"\d{4}", year):
                return int(year), MONTH_NAMES[name]
    return None


def parse(name: str, value: object) -> dt.date:
    """The date ``value`` stands for; raise :class:`DateError` with the checker's message."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip() if isinstance(value, (str, int)) else ""
    match = ISO.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        if not 1 <= month <= 12:
            raise DateError(f"'{name}' {text} does not exist: there is no month {month}", f"write {name}: YYYY-MM-DD with a month from 01 to 12")
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(f"'{name}' {text} does not exist: {calendar.month_name[month]} {year} has {last} days",
                            f"write a day that exists, e.g. {name}: {year}-{month:02d}-{min(max(day, 1), last):02d}")
        return dt.date(year, month, day)
    year_month = _month_of(text)
    if year_month and 1 <= year_month[1] <= 12:
        first = f"{year_month[0]}-{year_month[1]:02d}-01"
        raise DateError(f"'{name}' gives only a month ({text})",
                        f"write the first of the month and say so: {name}: {first}  {MONTH_COMMENT}")
    raise DateError(f"'{name}' is not a date", f"write {name}: YYYY-MM-DD")


def check(name: str, value: object, today: dt.date | None = None) -> tuple[dt.date | None, list[tuple[str, str]]]:
    """The date and the (message, fix) problems of a front matter date."""
    try:
        day = parse(name, value)
    except DateError as exc:
        return None, [(str(exc), exc.fix)]
    problems = []
    if day > (today or dt.date.today()):
        problems.append((f"'{name}' {day.isoformat()} is in the future", "write the date it happened"))
    if day.year < 1950:
        problems.append((f"'{name}' {day.isoformat()} is implausibly early", "write the date it happened"))
    return day, problems
