"""How dates and times read in the UI: short, local, relative where that helps."""

from __future__ import annotations

from datetime import datetime


def local(value: datetime) -> datetime:
    return value.astimezone()


def short_date(value: datetime | None, now: datetime | None = None) -> str:
    """ "Today", "Yesterday", "Nov 20" or "Nov 20, 2024" — the way people scan a list."""
    if value is None:
        return ""
    now = (now or datetime.now().astimezone()).astimezone()
    when = local(value)
    days = (now.date() - when.date()).days
    if days == 0:
        return "Today"
    if days == 1:
        return "Yesterday"
    if when.year == now.year:
        return f"{when:%b} {when.day}"
    return f"{when:%b} {when.day}, {when.year}"


def date_time(value: datetime | None) -> str:
    if value is None:
        return ""
    when = local(value)
    return f"{when:%a} {when:%b} {when.day}, {when.year} · {when:%H:%M}"
