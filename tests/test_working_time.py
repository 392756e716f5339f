"""The working calendar's bank holidays are the `holidays` package's, loaded one country at a time."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import holidays
import pytest

from workflows.working_time import WorkingCalendar


@pytest.mark.parametrize(
    "country, subdivision",
    [("GB", "ENG"), ("GB", "WLS"), ("GB", "SCT"), ("GB", "NIR"), ("UK", None), ("IE", None)],
)
def test_bank_holidays_are_the_holidays_packages(country, subdivision) -> None:
    calendar = WorkingCalendar(country=country, subdivision=subdivision)
    expected = holidays.country_holidays(country, subdiv=subdivision)
    day = date(2024, 1, 1)
    while day < date(2031, 1, 1):
        assert calendar.is_bank_holiday(day) == (day in expected), day
        assert calendar.holiday_name(day) == expected.get(day), day
        day += timedelta(days=1)


def test_an_unknown_country_is_refused_as_before() -> None:
    with pytest.raises(NotImplementedError):
        WorkingCalendar(country="XX", subdivision=None).is_bank_holiday(date(2026, 12, 25))


def test_one_countrys_calendar_loads_no_other_country() -> None:
    """`holidays.country_holidays` would load all 250 countries' modules (about 8 MB kept)."""
    script = (
        "import sys; from datetime import date; from workflows.working_time import WorkingCalendar;"
        "c = WorkingCalendar(country='GB', subdivision='ENG');"
        "assert c.holiday_name(date(2026, 12, 25)) == 'Christmas Day';"
        "print(sorted(m for m in sys.modules if m.startswith('holidays.countries')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['holidays.countries.united_kingdom']"
