"""What the meetings know about a child, by referral reference: area, age, risk, agency, actions.

Facts for channels carry the reference, area, age, risk level and agency only; the child's name
is added only to what allowed people open on demand (the full agenda document).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from storage.models import ActionPlan, MeetingMinutes, PlanAction
from workflows.actions.plans import OPEN
from workflows.context import Context
from workflows.errors import NotFound, Reason
from workflows.triage import access as triage_access
from workflows.triage import assessment

CLOSED = "closed"


@dataclass(frozen=True)
class Child:
    reference: str
    area_id: str
    area_name: str
    age: int | None
    risk_level: str | None
    risk_label: str | None  # None: not assessed yet (messages/ says so)
    agency_name: str
    # For the full document only, never a channel: the name as recorded (workflows.children's
    # NOT_KNOWN when the reporter did not know it) and, then, how they described the child.
    child_name: str
    child_description: str | None


@dataclass(frozen=True)
class OpenAction:
    ref: str
    description: str
    lead_name: str
    agency_name: str
    due_date: date | None
    overdue: bool


def agreed_risks(ctx: Context, before: datetime | None = None) -> dict[str, str]:
    """The risk level each child was last given in minutes (latest version of each meeting);
    with `before`, as the minutes stood then (versions recorded later are left out)."""
    query = select(MeetingMinutes).order_by(MeetingMinutes.id)
    if before is not None:
        query = query.where(MeetingMinutes.recorded_at < before)
    latest: dict[int, MeetingMinutes] = {}
    for row in ctx.session.scalars(query):
        latest[row.meeting_id] = row
    agreed: dict[str, tuple[object, str]] = {}
    for row in sorted(latest.values(), key=lambda r: r.recorded_at):
        for item in row.items:
            agreed[item["reference"]] = (row.recorded_at, item["risk_level"])
    return {ref: level for ref, (_, level) in agreed.items()}


def child(ctx: Context, reference: str, agreed: dict[str, str] | None = None) -> Child:
    loaded = triage_access.lookup(ctx, reference)
    if loaded is None:
        raise NotFound(Reason.REFERRAL_NOT_FOUND, ref=triage_access.normalise(reference))
    concern = loaded.concern
    agreed = agreed_risks(ctx) if agreed is None else agreed
    level = agreed.get(loaded.reference)
    if level is None:
        risk = assessment.current(ctx, loaded.referral.id)
        level = risk.level if risk else None
    return Child(
        reference=loaded.reference,
        area_id=loaded.referral.area_id,
        area_name=ctx.partnership.area(loaded.referral.area_id).name,
        age=assessment.child_age(concern, ctx.today()),
        risk_level=level,
        risk_label=risk_label(ctx, level),
        agency_name=_agency(ctx, concern.reporter_agency_id),
        child_name=concern.child_name,
        child_description=concern.child_description,
    )


def risk_label(ctx: Context, level: str | None) -> str | None:
    """The partnership's label for a risk level; None when none has been assessed."""
    if level is None:
        return None
    if level == CLOSED:
        return ctx.partnership.meetings.closed_risk_label
    found = ctx.partnership.triage.risk_level(level)
    return found.label if found else level


def risk_rank(ctx: Context, level: str | None) -> int:
    """Higher is more serious; closed and unassessed come last."""
    if level is None or level == CLOSED:
        return -1
    try:
        return ctx.partnership.triage.risk_rank(level)
    except ValueError:
        return -1


def _agency(ctx: Context, agency_id: str) -> str:
    try:
        return ctx.partnership.agency(agency_id).name
    except KeyError:
        return agency_id


def open_actions(ctx: Context, plan_names: list[str]) -> list[OpenAction]:
    """Open actions of the named plans, overdue ones first, then by due date."""
    today = ctx.today()
    rows = ctx.session.execute(
        select(ActionPlan, PlanAction)
        .join(PlanAction, PlanAction.plan_id == ActionPlan.id)
        .where(ActionPlan.name.in_(plan_names), PlanAction.status == OPEN)
    ).all()
    found = []
    for plan, action in rows:
        lead = ctx.partnership.find_person(action.lead_id)
        found.append(
            OpenAction(
                ref=f"{plan.name}:{action.number}",
                description=action.description,
                lead_name=lead.name if lead else action.lead_id,
                agency_name=_agency(ctx, action.lead_agency_id),
                due_date=action.due_date,
                overdue=action.due_date is not None and action.due_date < today,
            )
        )
    return sorted(found, key=lambda a: (not a.overdue, a.due_date or date.max, a.ref))


def map_plan_name(reference: str) -> str:
    return f"map-{reference}"
