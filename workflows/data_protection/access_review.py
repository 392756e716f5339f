"""The access review: who viewed which case, when and why, per person and per case, with
unusual patterns flagged (many cases in one day, views outside working hours, break-glass).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storage.models import AuditEvent, Referral
from workflows.context import Actor, Context
from workflows.data_protection.results import AccessReview, Flag, View
from workflows.errors import Reason, WorkflowError
from workflows.partnership import Role
from workflows.triage import access
from workflows.triage.break_glass import BREAK_GLASS
from workflows.working_time import calendar_for

RECENT_DAYS = 92  # one case's review looks this far back: the monthly review, with margin
MANY_CASES_A_DAY = 10  # distinct cases one person opens in a day before it is flagged
VIEWS = frozenset(
    {
        "case_viewed",
        "details_viewed",
        "own_concern_viewed",
        "chronology_viewed",
        "chronology_exported",
        "information_request_viewed",
        "map_action_viewed",
        "sar_exported",
        BREAK_GLASS,
    }
)


def _allowed_areas(ctx: Context, actor: Actor, wanted: str, subject: str | None) -> set[str] | None:
    """None means every area (the DPO, or a decision maker for every area)."""
    if actor.has(Role.DPO):
        return None
    if actor.has(Role.MASH_DECISION_MAKER):
        return set(actor.areas) or None
    access.refuse(ctx, actor, subject, wanted, Reason.ACCESS_REVIEW_MANAGERS_ONLY)


def review(
    ctx: Context, actor: Actor, start: datetime, end: datetime, reference: str | None = None
) -> AccessReview:
    """Every view of a case in [start, end), for one case or all the actor may review."""
    ref = access.normalise(reference) if reference else None
    if end <= start:
        raise WorkflowError(Reason.PERIOD_BACKWARDS)
    areas = _allowed_areas(ctx, actor, "access_review", ref)
    if ref is not None:
        loaded = access.lookup(ctx, ref)
        if loaded is None or (areas is not None and loaded.referral.area_id not in areas):
            access.refuse_miss(ctx, actor, ref, "access_review")
    query = select(AuditEvent).where(
        AuditEvent.at >= start, AuditEvent.at < end, AuditEvent.action.in_(VIEWS)
    )
    if ref is not None:
        query = query.where(AuditEvent.subject == ref)
    events = [e for e in ctx.session.scalars(query.order_by(AuditEvent.id)) if e.subject]
    area_of = dict(
        ctx.session.execute(
            select(Referral.reference, Referral.area_id).where(
                Referral.reference.in_({e.subject for e in events})
            )
        ).all()
    )
    calendar = calendar_for(ctx.partnership)
    result = AccessReview(start, end, ref)
    previous: AuditEvent | None = None
    for event in events:
        if areas is not None and area_of.get(event.subject) not in areas:
            continue
        if _same_look(previous, event):
            continue  # the view a break-glass opened: one line, marked break-glass
        previous = event
        result.views.append(
            View(
                at=event.at,
                person_id=event.actor_id,
                person_name=access.person_name(ctx, event.actor_id),
                reference=event.subject or "",
                action=event.action,
                entry_point=event.entry_point,
                reason=(event.details or {}).get("reason"),
                break_glass=event.action == BREAK_GLASS,
                out_of_hours=not calendar.is_working_time(event.at),
            )
        )
    result.flags = _flags(result.views, ZoneInfo(ctx.partnership.timezone))
    ctx.audit(actor, "access_review_viewed", ref, start=start.isoformat(), end=end.isoformat())
    return result


def _same_look(glass: AuditEvent | None, event: AuditEvent) -> bool:
    return (
        glass is not None
        and glass.action == BREAK_GLASS
        and (glass.actor_id, glass.subject, glass.at) == (event.actor_id, event.subject, event.at)
    )


def _flags(views: list[View], tz: ZoneInfo) -> list[Flag]:
    by_day: dict[tuple[str, date], list[View]] = defaultdict(list)
    for view in views:
        by_day[(view.person_name, view.at.astimezone(tz).date())].append(view)
    flags: list[Flag] = []
    for (name, day), day_views in sorted(by_day.items()):
        cases = sorted({v.reference for v in day_views})
        if len(cases) >= MANY_CASES_A_DAY:
            flags.append(Flag("many_cases", name, day, len(cases), tuple(cases)))
        late = sorted({v.reference for v in day_views if v.out_of_hours})
        if late:
            flags.append(Flag("out_of_hours", name, day, len(late), tuple(late)))
        glass = sorted({v.reference for v in day_views if v.break_glass})
        if glass:
            flags.append(Flag("break_glass", name, day, len(glass), tuple(glass)))
    return flags


def recent(ctx: Context, actor: Actor, reference: str) -> AccessReview:
    """One case's views over the last RECENT_DAYS days, as a manager asks from chat."""
    start = ctx.now - timedelta(days=RECENT_DAYS)
    return review(ctx, actor, start, ctx.now + timedelta(seconds=1), reference)
