"""A series' dates: the rule in London wall-clock time across a clock change, bank holidays moved
by the partnership's rule."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from workflows.meetings.config import HolidayRule
from workflows.meetings.recurrence import parse_rule, upcoming
from workflows.working_time import WorkingCalendar

CALENDAR = WorkingCalendar()
FIRST_MONDAYS = "FREQ=MONTHLY;BYDAY=1MO"  # 3 May 2027 is the Early May bank holiday


def dates(rule: HolidayRule) -> list[tuple[date, datetime]]:
    found = upcoming(
        FIRST_MONDAYS,
        date(2027, 2, 1),
        "10:00",
        "12:00",
        CALENDAR,
        rule,
        after=datetime(2027, 1, 1, tzinfo=UTC),
        count=5,
    )
    return [(o.planned_date, o.starts_at) for o in found]


def test_ten_o_clock_stays_ten_o_clock_in_london_across_the_clock_change() -> None:
    found = dates(HolidayRule.NEXT_WORKING_DAY)
    assert found[:3] == [
        (date(2027, 2, 1), datetime(2027, 2, 1, 10, 0, tzinfo=UTC)),  # GMT
        (date(2027, 3, 1), datetime(2027, 3, 1, 10, 0, tzinfo=UTC)),
        (date(2027, 4, 5), datetime(2027, 4, 5, 9, 0, tzinfo=UTC)),  # BST from 28 March
    ]


@pytest.mark.parametrize(
    ("rule", "held"),
    [
        (HolidayRule.NEXT_WORKING_DAY, datetime(2027, 5, 4, 9, 0, tzinfo=UTC)),
        (HolidayRule.PREVIOUS_WORKING_DAY, datetime(2027, 4, 30, 9, 0, tzinfo=UTC)),
        (HolidayRule.SAME_WEEKDAY_NEXT_WEEK, datetime(2027, 5, 10, 9, 0, tzinfo=UTC)),
        (HolidayRule.KEEP, datetime(2027, 5, 3, 9, 0, tzinfo=UTC)),
    ],
)
def test_a_bank_holiday_moves_by_the_partnerships_rule(rule: HolidayRule, held: datetime) -> None:
    may = [starts for planned, starts in dates(rule) if planned == date(2027, 5, 3)]
    assert may == [held]


def test_skip_leaves_that_month_out() -> None:
    planned = [p for p, _ in dates(HolidayRule.SKIP)]
    assert date(2027, 5, 3) not in planned
    assert planned[3:5] == [date(2027, 6, 7), date(2027, 7, 5)]


@pytest.mark.parametrize("bad", ["", "BYDAY=2TU", "FREQ=SOMETIMES", "FREQ=MONTHLY;BYDAY=9ZZ"])
def test_a_rule_that_cannot_be_read_is_refused_plainly(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_rule(bad, date(2027, 1, 1))
