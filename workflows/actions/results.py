"""What action-plan steps return: plain data the entry points and `messages/` read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ActionLine:
    """One action as a list shows it; `answered` says the lead has answered for `period`."""

    id: int
    ref: str
    plan_name: str
    number: str
    description: str
    lead_name: str
    due_label: str
    rag: str | None
    overdue: bool
    status: str
    period: str
    answered: bool
    due_date: date | None = None  # messages word it (`due_label` is the old short form)


@dataclass(frozen=True)
class ActionAnswered:
    ref: str
    period: str
    period_label: str
    rag: str
    completed: bool = False
    already: bool = False


@dataclass(frozen=True)
class Snoozed:
    ref: str
    until: datetime
