"""Action plans, their actions, RAG per reporting period, update history and sent chases.

History is append-only: an imported or given rating, an update, a moved due date or a completion
is a new `ActionUpdate` row naming who, when and why; the action and `ActionRag` rows only carry
the current state for quick queries.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class ActionPlan(Base):
    """A strategic plan, a child's MAP plan or a MASE meeting's action log, with its cadence."""

    __tablename__ = "action_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # strategic | map | mase
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    channel: Mapped[str | None] = mapped_column(String(80))
    every_months: Mapped[int] = mapped_column(default=1)
    meeting_day: Mapped[int] = mapped_column(default=20)
    prompt_days_before: Mapped[int] = mapped_column(default=10)
    chase_days: Mapped[list[Any]] = mapped_column(default=list)  # working days from deadline
    escalate_days_after: Mapped[int] = mapped_column(default=3)
    snooze_days: Mapped[int] = mapped_column(default=2)
    digest_weekday: Mapped[int] = mapped_column(default=0)  # Monday is 0
    next_digest_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(80))
    anonymised_at: Mapped[datetime | None]  # retention removed its actions' text and progress


class PlanAction(Base):
    """One action; `next_chase_*` say when the sweep must next look at it (NULL when closed)."""

    __tablename__ = "plan_actions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    theme: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text)
    lead_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    lead_agency_id: Mapped[str] = mapped_column(String(80))
    due_date: Mapped[date | None] = mapped_column(index=True)
    progress: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")  # open|completed|cancelled
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    next_chase_at: Mapped[datetime | None] = mapped_column(index=True)
    next_chase_period: Mapped[str | None] = mapped_column(String(10))
    next_chase_step: Mapped[str | None] = mapped_column(String(20))


class ActionRag(Base):
    """The current RAG of an action for one period ("2026-12"); each rating it has held is also
    an `ActionUpdate` row (see workflows/actions/history.py), so none is lost when replaced."""

    __tablename__ = "action_rag"
    __table_args__ = (UniqueConstraint("action_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id"))
    period: Mapped[str] = mapped_column(String(10))
    rating: Mapped[str] = mapped_column(String(1))  # R | A | G
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(80))


class ActionUpdate(Base):
    """Append-only: every import, answer, due-date move, completion or snooze, with who and why."""

    __tablename__ = "action_updates"
    __table_args__ = (Index("ix_action_updates_action_period", "action_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id"))
    period: Mapped[str | None] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20))  # imported|update|no_change|snoozed|...
    at: Mapped[datetime]
    by_id: Mapped[str] = mapped_column(String(80))
    entry_point: Mapped[str] = mapped_column(String(40))
    rag: Mapped[str | None] = mapped_column(String(1))
    progress: Mapped[str | None] = mapped_column(Text)
    old_due_date: Mapped[date | None]
    new_due_date: Mapped[date | None]
    reason: Mapped[str | None] = mapped_column(Text)
    old_status: Mapped[str | None] = mapped_column(String(20))
    new_status: Mapped[str | None] = mapped_column(String(20))


class SentChase(Base):
    """A prompt, chase, escalation or overdue notice sent, written with its outbox row."""

    __tablename__ = "action_chases"
    __table_args__ = (UniqueConstraint("action_id", "period", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id"))
    period: Mapped[str] = mapped_column(String(20))
    step: Mapped[str] = mapped_column(String(20))
    sent_at: Mapped[datetime]
    recipient_id: Mapped[str] = mapped_column(String(80))
    outbox_key: Mapped[str] = mapped_column(String(200), index=True)  # "" while being grouped
    covers: Mapped[str | None] = mapped_column(String(120))  # earlier steps missed in an outage


class ChaseSnooze(Base):
    """A lead's one snooze of one chase, with the reason they gave."""

    __tablename__ = "action_snoozes"
    __table_args__ = (UniqueConstraint("action_id", "period", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id"))
    period: Mapped[str] = mapped_column(String(20))
    step: Mapped[str] = mapped_column(String(20))
    until: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]
    by_id: Mapped[str] = mapped_column(String(80))
