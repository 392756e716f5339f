"""Helpers for triage tests: the example partnership's people, one step per unit of work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.app import Mashbot
from storage.models import AuditEvent, OutboxMessage
from tests.support import actor, report_concern
from workflows.context import Actor, Context
from workflows.triage import claim, deadlines

T = TypeVar("T")
LONDON = ZoneInfo("Europe/London")

# The example partnership's people, by what they may do.
AMIRA = "amira.okafor@example.org"  # MASH triager, Riverton City
TOM = "tom.brennan@example.org"  # MASH triager, Riverton Shire
PRIYA = "priya.shah@example.org"  # MASH decision maker, every area
MARCUS = "marcus.reid@example.org"  # MASH decision maker, Riverton Shire only
HARKER = "jo.harker@example.org"  # MASE chair and police safeguarding lead
NINA = "nina.lowe@example.org"  # health safeguarding lead
SAM = "sam.ito@example.org"  # education safeguarding lead
OLA = "ola.bright@example.org"  # admin
BEN = "ben.carter@example.org"  # teacher: a reporter with no role


def local(text: str) -> datetime:
    """A London wall-clock time, 'YYYY-MM-DD HH:MM'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=LONDON)


def step(bot: Mashbot, email: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run one workflow step as `email` in its own unit of work (as a platform handler does)."""
    who = actor(bot, email)
    with bot.unit_of_work("test") as ctx:
        return fn(ctx, who, *args, **kwargs)


def in_context(bot: Mashbot, fn: Callable[[Context], T]) -> T:
    with bot.unit_of_work("test") as ctx:
        return fn(ctx)


def sweep(bot: Mashbot) -> int:
    with bot.unit_of_work("clock") as ctx:
        return deadlines.sweep(ctx)


def outbox(bot: Mashbot, kind: str | None = None) -> list[OutboxMessage]:
    with bot.sessions() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        return list(session.scalars(query))


def audit_actions(bot: Mashbot, subject: str | None = None) -> list[str]:
    with bot.sessions() as session:
        query = select(AuditEvent.action).order_by(AuditEvent.id)
        if subject:
            query = query.where(AuditEvent.subject == subject)
        return list(session.scalars(query))


def claimed_referral(bot: Mashbot, email: str = AMIRA, **overrides: Any) -> str:
    """A concern reported by Ben and claimed by `email`; its reference."""
    reference = report_concern(bot, **overrides)
    assert step(bot, email, claim.claim, reference).won
    return reference


def who(bot: Mashbot, email: str) -> Actor:
    return actor(bot, email)
