"""Helpers for action-plan tests: a small plan file, sweeps at a given moment, the outbox in order."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from bot.app import Mashbot
from bot.commands.plans import import_file
from storage.models import OutboxMessage
from workflows.actions import chasing, digests
from workflows.actions.cadence import Cadence
from workflows.actions.importing import Imported
from workflows.actions.plans import PlanSettings
from workflows.context import Actor
from workflows.people import resolve

PLAN = "test-plan"
SMALL_PLAN = """Number,Action,Lead,Due date,Progress,Status,Nov 2026
1. Prevention & Response,,,,,,
1.1,Run awareness sessions in every secondary school,Nina Lowe,31/03/2027,Two of six schools done.,,A
1.2,Brief taxi drivers at licence renewal,sam.ito@example.org,30/04/2027,Briefing pack drafted.,,G
1.3,Map missing-episode figures against referrals,Priya Shah (CSC),31/05/2027,Not started.,,R
"""
LEADS = {"1.1": "nina.lowe", "1.2": "sam.ito", "1.3": "priya.shah"}


def at(text: str) -> datetime:
    """A UTC moment from `2026-12-04 09:00` (London is on UTC in winter)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def write_plan(folder: Path, body: str = SMALL_PLAN, name: str = "plan.csv") -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def plan_settings(
    name: str = PLAN, *, chase: tuple[int, ...] = (-3, 0), escalate: int = 2, **extra
) -> PlanSettings:
    cadence = Cadence(
        meeting_day=extra.pop("meeting_day", 20),
        prompt_days_before=extra.pop("prompt_days", 10),
        chase_days=chase,
        escalate_days_after=escalate,
        snooze_days=extra.pop("snooze_days", 2),
    )
    return PlanSettings(
        name=name,
        title=extra.pop("title", "Test CSE action plan"),
        owner_id=extra.pop("owner_id", "dci.harker"),
        kind=extra.pop("kind", "strategic"),
        channel=extra.pop("channel", None),
        cadence=cadence,
    )


def import_small_plan(bot: Mashbot, folder: Path, **settings) -> Imported:
    return import_file(bot, write_plan(folder), plan_settings(**settings))


def sweep_at(bot: Mashbot, moment: datetime, *, with_digests: bool = False) -> int:
    bot.clock.set(moment)  # type: ignore[attr-defined]
    with bot.unit_of_work("clock") as ctx:
        sent = chasing.sweep(ctx)
        if with_digests:
            sent += digests.sweep(ctx)
    return sent


def outbox(bot: Mashbot, prefix: str = "actions") -> list[tuple[str, str]]:
    """(kind, recipient) of every queued message, in the order it was queued."""
    with bot.sessions() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.kind.startswith(prefix))
            .order_by(OutboxMessage.id)
        )
        return [(row.kind, row.recipient_id) for row in rows]


def outbox_rows(bot: Mashbot, kind: str) -> list[OutboxMessage]:
    with bot.sessions() as session:
        return list(
            session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
            )
        )


def person(bot: Mashbot, person_id: str) -> Actor:
    listed = bot.partnership.person(person_id)
    email = listed.email or person_id
    with bot.unit_of_work("test") as ctx:
        return resolve(
            ctx.session,
            ctx.partnership,
            platform="console",
            external_id=email,
            email=email,
            now=ctx.now,
        )
