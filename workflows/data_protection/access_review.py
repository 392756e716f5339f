"""The access review: who viewed which case, when and why, per person and per case, with
unusual patterns flagged (many cases in one day, views outside working hours, break-glass).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storage.models import AuditEvent, Referral
from workflows.context import Actor, Context
from workflows.errors import AccessDenied
from workflows.partnership import Role
from workflows.triage import access
from workflows.triage.break_glass import BREAK_GLASS
from workflows.working_time import calendar_for

RECENT_DAYS = 92  # `/mash access REF` looks this far back: the monthly review, with margin
MANY_CASES_A_DAY = 10  # distinct cases one person opens in a day before it is flagged
VIEWS = frozenset(
    {
        "case_viewed",
        "details_viewed",
        "chronology_viewed",
        "chronology_exported",
        "information_request_viewed",
        "map_action_viewed",
        "sar_exported",
        BREAK_GLASS,
    }
)


@dataclass(frozen=True)
class View:
    at: datetime
    person_id: str
    person_name: str
    reference: str
    action: str
    entry_point: str
    reason: str | None
    break_glass: bool
    out_of_hours: bool


@dataclass(frozen=True)
class Flag:
    kind: str  # many_cases | out_of_hours | break_glass
    person_name: str
    day: date
    count: int
    references: tuple[str, ...]


@dataclass
class AccessReview:
    start: datetime
    end: datetime
    reference: str | None
    views: list[View] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def per_person(self) -> dict[str, list[View]]:
        grouped: dict[str, list[View]] = defaultdict(list)
        for view in self.views:
            grouped[view.person_name].append(view)
        return dict(sorted(grouped.items()))

    def per_case(self) -> dict[str, list[View]]:
        grouped: dict[str, list[View]] = defaultdict(list)
        for view in self.views:
            grouped[view.reference].append(view)
        return dict(sorted(grouped.items()))


def _allowed_areas(ctx: Context, actor: Actor, wanted: str, subject: str | None) -> set[str] | None:
    """None means every area (the DPO, or a decision maker for every area)."""
    if actor.has(Role.DPO):
        return None
    if actor.has(Role.MASH_DECISION_MAKER):
        return set(actor.areas) or None
    access.refuse(
        ctx,
        actor,
        subject,
        wanted,
        "Only MASH managers (decision makers) and the data protection officer can see who "
        "viewed which case.",
    )
    raise AccessDenied  # not reached: refuse raises


def review(
    ctx: Context, actor: Actor, start: datetime, end: datetime, reference: str | None = None
) -> AccessReview:
    """Every view of a case in [start, end), for one case or all the actor may review."""
    ref = reference.strip().upper() if reference else None
    areas = _allowed_areas(ctx, actor, "access_review", ref)
    if ref is not None:
        loaded = access.find(ctx, ref)
        if areas is not None and loaded.referral.area_id not in areas:
            access.refuse(
                ctx,
                actor,
                ref,
                "access_review",
                f"{ref} is outside your areas, so its access review is for its own MASH manager.",
            )
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
    """One case's views over the last RECENT_DAYS days: `/mash access REF`."""
    start = ctx.now - timedelta(days=RECENT_DAYS)
    return review(ctx, actor, start, ctx.now + timedelta(seconds=1), reference)
