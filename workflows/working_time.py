"""Working hours, weekends and bank holidays: when deadlines fall and when people may be chased.

Pure functions of a moment: the time is always passed in, so tests move it to the minute.
Bank holidays come from the `holidays` package (England and Wales by default).
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays as holiday_calendars
from holidays.registry import COUNTRIES

from workflows.partnership import Partnership, WorkingHours


@dataclass(frozen=True)
class WorkingCalendar:
    timezone: str = "Europe/London"
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday is 0
    country: str = "GB"
    subdivision: str | None = "ENG"
    closed_days: frozenset[date] = frozenset()
    quiet_from: time = time(20, 0)
    quiet_until: time = time(8, 0)

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def _holidays(self) -> holiday_calendars.HolidayBase:
        entity = _country_entity(self.country)
        if entity is None:
            return holiday_calendars.country_holidays(self.country, subdiv=self.subdivision)
        return entity(subdiv=self.subdivision)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def is_bank_holiday(self, day: date) -> bool:
        return day in self._holidays

    def holiday_name(self, day: date) -> str | None:
        return self._holidays.get(day)

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() in self.weekdays
            and not self.is_bank_holiday(day)
            and day not in self.closed_days
        )

    def is_working_time(self, moment: datetime) -> bool:
        local = self.local(moment)
        return self.is_working_day(local.date()) and self.opens <= local.time() < self.closes

    def _at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=self.zone).astimezone(UTC)

    def next_working_moment(self, moment: datetime) -> datetime:
        """`moment` if the office is open then, else the next opening time."""
        local = self.local(moment)
        day = local.date()
        if self.is_working_day(day) and local.time() < self.opens:
            return self._at(day, self.opens)
        if self.is_working_time(moment):
            return moment
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return self._at(day, self.opens)

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment `hours` of open office time after `start` (the clock stops when closed)."""
        remaining = timedelta(hours=hours)
        moment = self.next_working_moment(start)
        while True:
            local = self.local(moment)
            closing = self._at(local.date(), self.closes)
            available = closing - moment
            if remaining <= available:
                return moment + remaining
            remaining -= available
            moment = self.next_working_moment(closing)

    def add_working_days(self, day: date, days: int) -> date:
        """The working day `days` working days after (or before, if negative) `day`."""
        step = 1 if days >= 0 else -1
        left = abs(days)
        while left:
            day += timedelta(days=step)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_day_on_or_after(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def is_quiet(self, moment: datetime) -> bool:
        """Outside the hours people may be messaged about routine work (evenings, nights)."""
        local = self.local(moment).time()
        if self.quiet_from > self.quiet_until:
            return local >= self.quiet_from or local < self.quiet_until
        return self.quiet_from <= local < self.quiet_until

    def next_sending_moment(self, moment: datetime) -> datetime:
        """The first moment at or after `moment` on a working day and outside quiet hours."""
        local = self.local(moment)
        day = local.date()
        while True:
            if self.is_working_day(day):
                earliest = self._at(day, self.quiet_until)
                latest = self._at(day, self.quiet_from)
                if moment < latest:
                    return max(moment, earliest)
            day += timedelta(days=1)
            moment = self._at(day, time(0, 0))


_LOADING = threading.Lock()


def _country_entity(code: str) -> type[holiday_calendars.HolidayBase] | None:
    """The `holidays` class of one country, from that country's module alone; None when it
    cannot be found that way (then `country_holidays` is asked, with the same result).

    `holidays.country_holidays` imports the package `holidays.countries`, whose __init__ imports
    the modules of all 250 countries: about 8 MB that a server keeps for as long as it runs, to
    use one of them. The country's module is loaded from its file under its own name, so that
    the package, if anything imports it later, uses this same module.
    """
    # `holidays` names a class for each of a country's codes (and its name), as registered here.
    module_name = next((m for m, entities in COUNTRIES.items() if code in entities), None)
    if module_name is None:
        return None
    name = f"holidays.countries.{module_name}"
    with _LOADING:
        module = sys.modules.get(name)
        if module is None:
            path = Path(holiday_calendars.__file__).parent / "countries" / f"{module_name}.py"
            spec = importlib.util.spec_from_file_location(name, path)
            if spec is None or spec.loader is None or not path.is_file():
                return None
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[name]
                raise
    entity = getattr(module, code, None)
    return entity if isinstance(entity, type) else None


def calendar_for(partnership: Partnership) -> WorkingCalendar:
    """The partnership's calendar; one per distinct setting, so its bank holidays load once."""
    return _calendar(partnership.working_hours, partnership.timezone)


@lru_cache(maxsize=16)
def _calendar(hours: WorkingHours, timezone: str) -> WorkingCalendar:
    return WorkingCalendar(
        timezone=timezone,
        opens=hours.opens,
        closes=hours.closes,
        weekdays=frozenset(hours.weekdays),
        country=hours.bank_holidays_country,
        subdivision=hours.bank_holidays_subdivision,
        closed_days=frozenset(hours.closed_days),
        quiet_from=hours.quiet_from,
        quiet_until=hours.quiet_until,
    )
