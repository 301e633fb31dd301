"""Dates as people type them into a form: read exactly what was typed, never a guess.

A QDateTimeEdit edits one section at a time, so typing a whole "2027-01-15 17:00" over a
selected section could leave another year in place. The shared date field keeps plain text and
reads it here: ISO order (year first), with or without a time; anything else is refused with a
sentence, not bent into some other date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, tzinfo

DATE_FORMAT = "%Y-%m-%d"
DATE_TIME_FORMAT = "%Y-%m-%d %H:%M"

_PATTERN = re.compile(
    r"""^\s*(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})
        (?:\s*(?:[T\s,]|at)\s*(?P<H>\d{1,2})\s*[:.h]\s*(?P<M>\d{2})(?:\s*:\s*(?P<S>\d{2}))?)?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


class TypedDateError(ValueError):
    """The text is not a date; the message is a sentence for the form."""


def parse_typed(text: str, *, with_time: bool, default_time: time, zone: tzinfo | None) -> datetime | None:
    """The typed date-time in ``zone`` (local when None), or None when the text is blank.

    Raises TypedDateError for text that is not a valid date (or time).
    """
    if not text.strip():
        return None
    example = "2027-01-15 17:00" if with_time else "2027-01-15"
    match = _PATTERN.match(text)
    if match is None:
        raise TypedDateError(
            f"“{text.strip()}” is not a date. Type it as {example}, or pick it from the calendar."
        )
    try:
        day = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        raise TypedDateError(
            f"“{text.strip()}” is not a day of the calendar. Type it as {example}, or pick it from the calendar."
        ) from None
    moment = default_time
    if match["H"] is not None:
        if not with_time:
            raise TypedDateError(f"Type only the day, as {example}.")
        try:
            moment = time(int(match["H"]), int(match["M"]), int(match["S"] or 0))
        except ValueError:
            raise TypedDateError(
                f"“{match['H']}:{match['M']}” is not a time of day. Type it as {example}."
            ) from None
    naive = datetime.combine(day, moment)
    return naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()


def format_typed(value: datetime | None, *, with_time: bool) -> str:
    """The text the field shows for a stored value (local time)."""
    if value is None:
        return ""
    local = value.astimezone() if value.tzinfo is not None else value
    return local.strftime(DATE_TIME_FORMAT if with_time else DATE_FORMAT)


def past_warning(value: datetime | None, now: datetime, what: str) -> str:
    """'The deadline is in the past.' style notice (a warning: saving still works)."""
    if value is None or value >= now:
        return ""
    return f"{what} is in the past ({format_typed(value, with_time=True)}). Check the date; it can still be saved."


def future_warning(value: datetime | None, now: datetime, what: str) -> str:
    if value is None or value <= now:
        return ""
    return f"{what} is in the future ({format_typed(value, with_time=True)}). Check the date; it can still be saved."
