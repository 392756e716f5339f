"""Words every action-plan message shares: dates in GOV.UK style, RAG by its word, button labels.

One place, so a digest, a reminder, the board's report and `/actions plan` read alike: a date is
"Friday 29 January 2027" (the year always), a period "December 2026", and a RAG rating is its
word (Red, Amber, Green) with one sentence saying what the words mean, never a colour alone.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

RAG_WORDS = {"R": "Red", "A": "Amber", "G": "Green"}
RAG_EMOJI = {"R": ":red_circle:", "A": ":large_orange_circle:", "G": ":large_green_circle:"}
NOT_RATED = "Not rated"
NO_DUE_DATE = "no due date"


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


def day(value: date | datetime | str | None, empty: str = NO_DUE_DATE) -> str:
    """`2026-12-18` as "Friday 18 December 2026"; text that is not a date (a label written
    before this formatter existed, in a queued message) is shown as it is."""
    found = _as_date(value)
    if found is None:
        return str(value) if value else empty
    return f"{DAYS[found.weekday()]} {found.day} {MONTHS[found.month - 1]} {found.year}"


def month(period: str) -> str:
    """A reporting period `2026-12` as "December 2026"."""
    year, _, number = period.partition("-")
    if not (year.isdigit() and number.isdigit() and 1 <= int(number) <= 12):
        return period
    return f"{MONTHS[int(number) - 1]} {year}"


def rag(code: str | None) -> str:
    """A rating as its word: Red, Amber, Green, or Not rated."""
    return RAG_WORDS.get(code or "", NOT_RATED)


def rag_key() -> str:
    """The one sentence that says what the RAG words mean, in every message that shows them."""
    return (
        "RAG status: Red means off track or blocked, Amber means some risk to the date, "
        "Green means on track."
    )


def button_labels(ref: str) -> dict[str, tuple[str, str]]:
    """Each answer button's (visible label, screen-reader label) for the action `plan:number`:
    a reminder lists several actions, so every button names its own (Slack allows 75
    characters in both)."""
    plan, _, number = ref.rpartition(":")
    of = f" of {plan}" if plan else ""
    return {
        "action_no_change": (
            f"No change to {number}"[:75],
            f"No change this period to action {number}{of}"[:75],
        ),
        "action_update": (f"Update {number}"[:75], f"Update action {number}{of}"[:75]),
        "action_snooze": (
            f"Snooze {number}"[:75],
            f"Snooze the reminder about action {number}{of}"[:75],
        ),
        "replan": (
            f"Re-plan or complete {number}"[:75],
            f"Set a new date for action {number}{of}, or mark it complete"[:75],
        ),
    }
