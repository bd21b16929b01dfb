"""Dates as Japanese officials write them: 令和5年11月20日.

The era names are data of the calendar, not document wording, so they live
here with their start dates.
"""

from __future__ import annotations

from datetime import date

# (first day, era name), newest first.
ERAS: tuple[tuple[date, str], ...] = (
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
)


def wareki(day: date | None) -> str:
    """`day` in the Japanese era calendar; the first year of an era is 元年."""
    if day is None:
        return ""
    for start, name in ERAS:
        if day >= start:
            year = day.year - start.year + 1
            year_text = "元" if year == 1 else str(year)
            return f"{name}{year_text}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def wareki_month(day: date | None) -> str:
    """`day`'s era year and month (令和7年3月), as covers date a plan."""
    full = wareki(day)
    return full[: full.index("月") + 1] if full else ""
