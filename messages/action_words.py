"""Words every action-plan message shares: dates in GOV.UK style, RAG by its word, button labels.

One place, so a digest, a reminder, the board's report and `/actions plan` read alike: a date is
"Friday 29 January 2027" (the year always, through `messages.i18n.format_date`), a period
"December 2026", and a RAG rating is its word (Red, Amber, Green) with one sentence saying what
the words mean, never a colour alone.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from messages.i18n import _, format_date, month_and_year

RAG_EMOJI = {"R": ":red_circle:", "A": ":large_orange_circle:", "G": ":large_green_circle:"}


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def day(value: date | datetime | str | None, tz: str = "Europe/London") -> str:
    """A day as "Friday 18 December 2026"; no date as "no due date". Text that is not a date
    (a label a message queued before this release carries) is shown as it is."""
    if isinstance(value, datetime):
        return format_date(value, tz)
    found = _as_date(value)
    if found is None:
        return str(value) if value else _("no due date")
    return format_date(found)


def month(period: str) -> str:
    """A reporting period `2026-12` as "December 2026", in the reader's language."""
    year, _sep, number = period.partition("-")
    if not (year.isdigit() and number.isdigit() and 1 <= int(number) <= 12):
        return period
    return month_and_year(date(int(year), int(number), 1))


def rag(code: str | None) -> str:
    """A rating as its word: Red, Amber, Green, or Not rated."""
    if code == "R":
        return _("Red")
    if code == "A":
        return _("Amber")
    if code == "G":
        return _("Green")
    return _("Not rated")


def rag_key() -> str:
    """The one sentence that says what the RAG words mean, in every message that shows them."""
    return _(
        "RAG status: Red means off track or blocked, Amber means some risk to the date, "
        "Green means on track."
    )


def button_labels(ref: str) -> dict[str, tuple[str, str]]:
    """Each answer button's (visible label, screen-reader label) for the action `plan:number`:
    a reminder lists several actions, so every button names its own (Slack allows 75
    characters in both)."""
    plan, _sep, number = ref.rpartition(":")
    facts = {"number": number, "plan": plan}
    return {
        "action_no_change": (
            _("No change to %(number)s", **facts)[:75],
            _("No change this period to action %(number)s of %(plan)s", **facts)[:75],
        ),
        "action_update": (
            _("Update %(number)s", **facts)[:75],
            _("Update action %(number)s of %(plan)s", **facts)[:75],
        ),
        "action_snooze": (
            _("Snooze %(number)s", **facts)[:75],
            _("Snooze the reminder about action %(number)s of %(plan)s", **facts)[:75],
        ),
        "replan": (
            _("Re-plan or complete %(number)s", **facts)[:75],
            _("Set a new date for action %(number)s of %(plan)s, or mark it complete", **facts)[
                :75
            ],
        ),
    }
