"""A reporter's own concerns and drafts: status only, never other agencies' information."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, bindparam, select

from storage.models import Concern
from workflows.concerns import drafts
from workflows.context import Actor, Context
from workflows.triage.status import reporter_statuses


@dataclass(frozen=True)
class MyConcern:
    reference: str
    area_name: str
    received_at: datetime
    status: str  # received, in_triage or decided: messages.labels.REPORTER_STATUS words it


@dataclass(frozen=True)
class MyDraft:
    draft_id: str
    updated_at: datetime
    step: str


@dataclass(frozen=True)
class MyHome:
    concerns: list[MyConcern]
    drafts: list[MyDraft]


DRAFTS_SHOWN = 10  # the newest; a home screen has room for no more

# Built once: building a statement and its cache key on every Home was a third of its CPU.
_NEWEST = (
    select(Concern.id, Concern.reference, Concern.area_id, Concern.received_at, Concern.status)
    .where(Concern.reporter_id == bindparam("reporter"))
    .order_by(Concern.received_at.desc(), Concern.id.desc())
    .limit(bindparam("limit", type_=Integer))
)


def home(ctx: Context, actor: Actor, limit: int = 20) -> MyHome:
    """The reporter's newest concerns (their progress only) and unfinished drafts.

    Only the columns the lists show are read: a Home is opened often, and a concern's child's
    details (encrypted) were read and decrypted for each of the twenty, though never shown.
    """
    rows = ctx.session.execute(_NEWEST, {"reporter": actor.person_id, "limit": limit}).all()
    progress = reporter_statuses(ctx.session, [c.id for c in rows])
    concerns = [
        MyConcern(
            c.reference,
            ctx.partnership.area(c.area_id).name,
            c.received_at,
            progress.get(c.id, c.status),
        )
        for c in rows
    ]
    own_drafts = [
        MyDraft(d.id, d.updated_at, d.step)
        for d in drafts.unfinished(ctx, actor, limit=DRAFTS_SHOWN)
    ]
    return MyHome(concerns, own_drafts)
