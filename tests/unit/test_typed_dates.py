"""Reading typed dates: exactly what was typed, or a sentence saying why it is not a date."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from netdesk.domain.typed_dates import TypedDateError, format_typed, parse_typed, past_warning

NINE = time(9, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-01-15 17:00", datetime(2027, 1, 15, 17, 0)),
        ("2027-01-15T17:00", datetime(2027, 1, 15, 17, 0)),
        (" 2027/1/5 8.30 ", datetime(2027, 1, 5, 8, 30)),
        ("2027-01-15", datetime(2027, 1, 15, 9, 0)),
        ("2027-01-15 17:00:30", datetime(2027, 1, 15, 17, 0, 30)),
    ],
)
def test_typed_text_is_read_as_typed(text: str, expected: datetime) -> None:
    got = parse_typed(text, with_time=True, default_time=NINE, zone=UTC)
    assert got == expected.replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("15/01/2027", "is not a date"),
        ("2027-02-30", "not a day of the calendar"),
        ("2027-01-15 25:00", "not a time of day"),
        ("next friday", "is not a date"),
    ],
)
def test_other_text_is_refused_with_a_sentence(text: str, words: str) -> None:
    with pytest.raises(TypedDateError, match=words):
        parse_typed(text, with_time=True, default_time=NINE, zone=UTC)


def test_blank_is_no_date_and_round_trips() -> None:
    assert parse_typed("  ", with_time=True, default_time=NINE, zone=None) is None
    value = parse_typed("2027-01-15 17:00", with_time=True, default_time=NINE, zone=None)
    assert format_typed(value, with_time=True) == "2027-01-15 17:00"
    with pytest.raises(TypedDateError, match="only the day"):
        parse_typed("2027-01-15 17:00", with_time=False, default_time=NINE, zone=None)


def test_past_warning() -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    assert past_warning(datetime(2027, 1, 1, tzinfo=UTC), now, "The deadline") == ""
    assert past_warning(datetime(2026, 1, 1, tzinfo=UTC), now, "The deadline").startswith(
        "The deadline is in the past"
    )
