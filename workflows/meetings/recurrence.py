"""When a series meets: its RFC 5545 rule, in local wall-clock time, with bank holidays moved.

Dates are worked out in the partnership's zone and only then turned into UTC, so a 10:00
meeting stays at 10:00 London time on both sides of a clock change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrule, rrulestr

from workflows.meetings.config import HolidayRule
from workflows.working_time import WorkingCalendar


@dataclass(frozen=True)
class Occurrence:
    planned_date: date  # what the rule says
    day: date  # where it is held (moved off a bank holiday)
    starts_at: datetime  # UTC
    ends_at: datetime
    moved_because: str | None = None  # the holiday's name, when moved


def parse_clock(text: str) -> time:
    """'10:00' as a time; ValueError with a plain message otherwise."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError as error:
        raise ValueError(f"'{text}' is not a time like 10:00") from error


def parse_rule(rule: str, first: date) -> rrule:
    """The series' RRULE from `first`; ValueError with a plain message when it cannot be read."""
    text = rule.strip().removeprefix("RRULE:")
    if "FREQ=" not in text.upper():
        raise ValueError("a rule needs FREQ, for example FREQ=MONTHLY;BYDAY=2TU")
    try:
        parsed = rrulestr(f"RRULE:{text}", dtstart=datetime.combine(first, time(0, 0)))
    except (ValueError, TypeError) as error:
        raise ValueError(f"the rule '{text}' cannot be read: {error}") from error
    if not isinstance(parsed, rrule):
        raise ValueError("give one rule, for example FREQ=MONTHLY;BYDAY=2TU")
    return parsed


def move_off_holiday(
    day: date, calendar: WorkingCalendar, rule: HolidayRule
) -> tuple[date | None, str | None]:
    """Where a meeting on `day` is held by the partnership's rule; (None, why) when skipped."""
    if rule == HolidayRule.KEEP or calendar.is_working_day(day):
        return day, None
    if not (calendar.is_bank_holiday(day) or day in calendar.closed_days):
        return day, None  # a weekend date is what the rule asked for
    why = calendar.holiday_name(day) or "a closed day"
    if rule == HolidayRule.SKIP:
        return None, why
    if rule == HolidayRule.NEXT_WORKING_DAY:
        return calendar.add_working_days(day, 1), why
    if rule == HolidayRule.PREVIOUS_WORKING_DAY:
        return calendar.add_working_days(day, -1), why
    moved = day + timedelta(days=7)
    while not calendar.is_working_day(moved):
        moved += timedelta(days=7)
    return moved, why


def occurrences(
    rule: str,
    first: date,
    starts: str,
    ends: str,
    calendar: WorkingCalendar,
    holiday_rule: HolidayRule,
    *,
    after: datetime,
) -> Iterator[Occurrence]:
    """Every meeting of the rule ending after `after`, in order, moved off bank holidays."""
    start_clock, end_clock = parse_clock(starts), parse_clock(ends)
    floor = calendar.local(after).date() - timedelta(days=14)  # a move can shift by a week
    for planned in parse_rule(rule, first):
        if planned.date() < floor:
            continue
        day, why = move_off_holiday(planned.date(), calendar, holiday_rule)
        if day is None:
            continue
        starts_at = datetime.combine(day, start_clock, tzinfo=calendar.zone).astimezone(UTC)
        ends_at = datetime.combine(day, end_clock, tzinfo=calendar.zone).astimezone(UTC)
        if ends_at <= after:
            continue
        yield Occurrence(planned.date(), day, starts_at, ends_at, why)


def upcoming(
    rule: str,
    first: date,
    starts: str,
    ends: str,
    calendar: WorkingCalendar,
    holiday_rule: HolidayRule,
    *,
    after: datetime,
    count: int,
) -> list[Occurrence]:
    found: list[Occurrence] = []
    for occurrence in occurrences(rule, first, starts, ends, calendar, holiday_rule, after=after):
        found.append(occurrence)
        if len(found) >= count:
            break
    return found
