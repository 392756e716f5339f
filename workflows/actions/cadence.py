"""Reporting periods and the chasing cadence of a plan, as pure functions of dates and a calendar.

A period is the month the group meets in ("2026-12"); its deadline is the meeting day (moved back
to a working day). Every step (prompt, chases, escalation) is a number of working days from that
deadline, sent at the office's opening time and never on a weekend, bank holiday or quiet hour.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from workflows.working_time import WorkingCalendar

PROMPT = "prompt"
ESCALATION = "escalation"
OVERDUE = "overdue"

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def chase_step(offset: int) -> str:
    """`chase-3`, `chase+0`, `chase+2`: working days from the deadline."""
    return f"chase{offset:+d}"


def chase_offset(step: str) -> int | None:
    return int(step[len("chase") :]) if step.startswith("chase") else None


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def period_label(period: str) -> str:
    """`2026-12` as the board reads it: `December 2026` (GOV.UK style: months in full)."""
    year, month = period.split("-")
    return f"{MONTH_NAMES[int(month) - 1]} {year}"


def parse_period(text: str) -> str | None:
    """A period from a column header: `2026-12`, `Dec 2026`, `December 2026`, `RAG Dec 2026`."""
    words = text.strip().replace("RAG", "").replace("rag", "").strip()
    if len(words) == 7 and words[4] == "-" and words[:4].isdigit() and words[5:].isdigit():
        month = int(words[5:])
        return words if 1 <= month <= 12 else None
    parts = words.split()
    if len(parts) != 2 or not parts[1].isdigit() or len(parts[1]) != 4:
        return None
    name = parts[0][:3].capitalize()
    if name not in MONTHS:
        return None
    return f"{parts[1]}-{MONTHS.index(name) + 1:02d}"


def overdue_key(due: date) -> str:
    """The period slot of an overdue notice: one per due date, so a re-planned date is new."""
    return f"due:{due.isoformat()}"


@dataclass(frozen=True)
class Cadence:
    """When a plan's leads are asked, reminded and escalated, in working days from the deadline."""

    every_months: int = 1
    meeting_day: int = 20
    prompt_days_before: int = 10
    chase_days: tuple[int, ...] = (-3, 0, 2)
    escalate_days_after: int = 3
    snooze_days: int = 2

    def problems(self) -> list[str]:
        """Plain-English reasons this cadence cannot work; empty when it can."""
        found = []
        if self.every_months not in (1, 2, 3, 4, 6, 12):
            found.append("the reporting cycle must be 1, 2, 3, 4, 6 or 12 months")
        if not 1 <= self.meeting_day <= 28:
            found.append("the meeting day must be between 1 and 28")
        if self.prompt_days_before < 1:
            found.append("prompts must go at least 1 working day before the deadline")
        if any(d <= -self.prompt_days_before for d in self.chase_days):
            found.append("every reminder must come after the prompt")
        if any(d >= self.escalate_days_after for d in self.chase_days):
            found.append("escalation must come after the last reminder")
        if self.snooze_days < 1:
            found.append("a snooze must last at least 1 working day")
        return found

    def steps(self) -> list[str]:
        return [PROMPT, *(chase_step(d) for d in sorted(set(self.chase_days))), ESCALATION]

    def is_period(self, period: str) -> bool:
        return (int(period[5:]) - 1) % self.every_months == 0

    def next_period(self, period: str) -> str:
        year, month = int(period[:4]), int(period[5:])
        month += self.every_months
        while month > 12:
            year, month = year + 1, month - 12
        return f"{year:04d}-{month:02d}"

    def periods_from(self, day: date) -> Iterator[str]:
        """Periods in order, from the one holding `day`'s month (or the next in the cycle)."""
        period = period_of(day)
        while not self.is_period(period):
            year, month = int(period[:4]), int(period[5:]) + 1
            period = f"{year + (month > 12):04d}-{(month - 1) % 12 + 1:02d}"
        while True:
            yield period
            period = self.next_period(period)

    def deadline(self, period: str, calendar: WorkingCalendar) -> date:
        """The meeting day of the period, or the working day before it."""
        day = date(int(period[:4]), int(period[5:]), self.meeting_day)
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def step_day(self, period: str, step: str, calendar: WorkingCalendar) -> date:
        deadline = self.deadline(period, calendar)
        if step == PROMPT:
            return calendar.add_working_days(deadline, -self.prompt_days_before)
        if step == ESCALATION:
            return calendar.add_working_days(deadline, self.escalate_days_after)
        offset = chase_offset(step)
        if offset is None:
            raise ValueError(f"unknown step {step!r}")
        return calendar.add_working_days(deadline, offset)

    def step_moment(self, period: str, step: str, calendar: WorkingCalendar) -> datetime:
        return _step_moment(self, period, step, calendar)

    def first_period_after(self, now: datetime, calendar: WorkingCalendar) -> str:
        """The first period whose prompt is still to come: where a new action starts."""
        start = calendar.local(now).date() - timedelta(days=62)
        for period in self.periods_from(start):
            if self.step_moment(period, PROMPT, calendar) >= now:
                return period
        raise AssertionError("unreachable: periods never end")

    def collecting_period(self, now: datetime, calendar: WorkingCalendar) -> str:
        """The period answers count for now: the latest one whose prompt has gone out."""
        return _collecting_period(self, now, calendar)

    def _collecting_period(self, now: datetime, calendar: WorkingCalendar) -> str:
        start = calendar.local(now).date() - timedelta(days=400)
        previous = None
        for period in self.periods_from(start):
            if self.step_moment(period, PROMPT, calendar) > now:
                return previous or period
            previous = period
        raise AssertionError("unreachable: periods never end")

    def after(self, period: str, step: str) -> tuple[str, str]:
        """The step that follows `step`; after escalation, the next period's prompt."""
        order = self.steps()
        position = order.index(step)
        if position + 1 < len(order):
            return period, order[position + 1]
        return self.next_period(period), PROMPT


@lru_cache(maxsize=4096)
def _step_moment(cadence: Cadence, period: str, step: str, calendar: WorkingCalendar) -> datetime:
    """Cached: a sweep asks the same (plan cadence, period, step) for every action."""
    return sending_moment(cadence.step_day(period, step, calendar), calendar)


@lru_cache(maxsize=1024)
def _collecting_period(cadence: Cadence, now: datetime, calendar: WorkingCalendar) -> str:
    return cadence._collecting_period(now, calendar)


def sending_moment(day: date, calendar: WorkingCalendar) -> datetime:
    """Opening time on `day`, or on the next working day (never 08:00 after a bank holiday)."""
    day = calendar.working_day_on_or_after(day)
    opening = datetime.combine(day, calendar.opens, tzinfo=calendar.zone)
    return calendar.next_sending_moment(opening)


@lru_cache(maxsize=4096)
def overdue_moment(due: date, calendar: WorkingCalendar) -> datetime:
    """The first sending moment on the working day after the due date (cached: asked per action)."""
    return sending_moment(calendar.add_working_days(due, 1), calendar)
