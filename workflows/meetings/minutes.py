"""Minutes: per child the discussion, the risk level agreed and the actions, which join the
meeting's plan (the MASE log or the child's MAP plan) and are prompted and chased like any other.

Minutes are versioned: a correction is a new version naming why, and the earlier text is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from storage.models import (
    ActionPlan,
    ActionUpdate,
    Meeting,
    MeetingMinutes,
    MeetingSeries,
    PlanAction,
)
from workflows.actions import schedule
from workflows.actions.plans import OPEN, PlanSettings, create, find_plan
from workflows.context import Actor, Context
from workflows.errors import InvalidInput, NotFound, Reason
from workflows.forms import Code, FieldProblem, parse_date
from workflows.meetings import access, children, people, reminders
from workflows.meetings.access import NOT_CHAIR
from workflows.meetings.agenda import mase_plan_name
from workflows.working_time import calendar_for


@dataclass(frozen=True)
class MinutesRecorded:
    meeting_id: int
    version: int
    action_refs: list[str]
    review_meeting_id: int | None = None


def may_record(actor: Actor, meeting: Meeting) -> bool:
    """Chairs, deputies, admins and the meeting's own minute-taker record minutes."""
    return access.may_run_meeting(actor, meeting) or actor.person_id == meeting.minute_taker_id


def latest(ctx: Context, meeting_id: int) -> MeetingMinutes | None:
    return ctx.session.scalar(
        select(MeetingMinutes)
        .where(MeetingMinutes.meeting_id == meeting_id)
        .order_by(MeetingMinutes.version.desc())
        .limit(1)
    )


def check_item(
    ctx: Context, item: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, FieldProblem]]:
    """One child's minutes made ready to store, and problem codes by field: `summary`,
    `risk_level`, and `action_N_description|lead|agency|due_date` for the Nth action."""
    p = ctx.partnership
    levels = {r.id for r in p.triage.risk_levels} | {children.CLOSED}
    errors: dict[str, FieldProblem] = {}
    ref = str(item.get("reference") or "").strip().upper()
    summary = str(item.get("summary") or "").strip()
    level = str(item.get("risk_level") or "").strip().lower()
    if not summary:
        errors["summary"] = FieldProblem(Code.REQUIRED)
    if level not in levels:
        errors["risk_level"] = FieldProblem(Code.NOT_AN_OPTION)
    actions = []
    for n, raw in enumerate(item.get("actions") or [], start=1):
        where = f"action_{raw.get('slot') or n}"  # the form's slot it was typed in
        description = str(raw.get("description") or "").strip()
        lead = people.find(p, str(raw.get("lead") or ""))
        if not description:
            errors[f"{where}_description"] = FieldProblem(Code.REQUIRED)
        if lead is None:
            errors[f"{where}_lead"] = FieldProblem.rule("lead", number=n)
        agency = str(raw.get("agency") or "").strip().lower() or (lead.agency if lead else "")
        if agency and agency not in {a.id for a in p.agencies}:
            errors[f"{where}_agency"] = FieldProblem(Code.NOT_AN_OPTION)
        due: date | None = None
        try:
            due = parse_date(str(raw.get("due_date") or ""))
            if due < ctx.today():
                errors[f"{where}_due_date"] = FieldProblem(Code.PAST_DATE)
        except ValueError:
            errors[f"{where}_due_date"] = FieldProblem(Code.BAD_DATE)
        actions.append(
            {
                "description": description,
                "lead_id": lead.id if lead else None,
                "agency_id": agency,
                "due_date": due.isoformat() if due else None,
            }
        )
    clean = {"reference": ref, "summary": summary, "risk_level": level, "actions": actions}
    return clean, errors


def check(
    ctx: Context, items: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, FieldProblem]]:
    """Every child's minutes made ready to store, and problem codes keyed `REF.field`."""
    errors: dict[str, FieldProblem] = {}
    clean: list[dict[str, Any]] = []
    if not items:
        errors["items"] = FieldProblem(Code.REQUIRED)
    for item in items:
        ready, problems = check_item(ctx, item)
        clean.append(ready)
        errors.update({f"{ready['reference']}.{k}": v for k, v in problems.items()})
    return clean, errors


def record(
    ctx: Context,
    actor: Actor,
    meeting_id: int,
    items: list[dict[str, Any]],
    *,
    notes: str = "",
    correction_reason: str | None = None,
) -> MinutesRecorded:
    """Store a version of the minutes (every child's) and turn new actions into plan actions."""
    meeting = meeting_to_record(ctx, actor, meeting_id)
    for item in items:  # a reference that is not a referral is a plain NotFound
        children.child(ctx, str(item.get("reference") or "?"))
    clean, errors = check(ctx, items)
    previous = latest(ctx, meeting.id)
    correction_reason = (correction_reason or "").strip() or None
    if previous is not None and not correction_reason:
        errors["correction_reason"] = FieldProblem(Code.REQUIRED)
    if errors:
        raise InvalidInput(errors)
    return _store(ctx, actor, meeting, clean, previous, notes, correction_reason)


def record_child(
    ctx: Context,
    actor: Actor,
    meeting_id: int,
    item: dict[str, Any],
    correction_reason: str | None = None,
) -> MinutesRecorded:
    """Add one child's minutes to the meeting's (a new version); correcting a child already
    minuted needs a reason. The other children's minutes carry over unchanged."""
    meeting = meeting_to_record(ctx, actor, meeting_id)
    child = children.child(ctx, str(item.get("reference") or "?"))
    ready, errors = check_item(ctx, {**item, "reference": child.reference})
    previous = latest(ctx, meeting.id)
    earlier = [i for i in (previous.items if previous else []) if i["reference"] != child.reference]
    correcting = previous is not None and len(earlier) < len(previous.items)
    correction_reason = (correction_reason or "").strip() or None
    if correcting and not correction_reason:
        errors["correction_reason"] = FieldProblem(Code.REQUIRED)
    if errors:
        raise InvalidInput(errors)
    items = [*earlier, ready] if previous else [ready]
    order = {ref: n for n, ref in enumerate(references_to_minute(ctx, meeting))}
    items.sort(key=lambda i: order.get(i["reference"], len(order)))
    reason = correction_reason if correcting else None
    return _store(ctx, actor, meeting, items, previous, previous.notes if previous else "", reason)


def child_minutes(ctx: Context, meeting_id: int, reference: str) -> dict[str, Any] | None:
    """What the latest minutes hold about one child (to correct them), or None."""
    previous = latest(ctx, meeting_id)
    reference = reference.strip().upper()
    found = [i for i in (previous.items if previous else []) if i["reference"] == reference]
    return found[0] if found else None


def meeting_to_record(ctx: Context, actor: Actor, meeting_id: int) -> Meeting:
    meeting = ctx.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(Reason.MEETING_GONE)
    if not may_record(actor, meeting):
        access.refuse(ctx, actor, f"meeting:{meeting.id}", "record_minutes", NOT_CHAIR)
    return meeting


def _store(
    ctx: Context,
    actor: Actor,
    meeting: Meeting,
    clean: list[dict[str, Any]],
    previous: MeetingMinutes | None,
    notes: str,
    correction_reason: str | None,
) -> MinutesRecorded:
    """Write the version: earlier versions are kept whole, new actions join the plan."""
    plan = _plan_for(ctx, meeting, clean)
    earlier = _earlier_actions(previous)
    refs: list[str] = []
    for item in clean:
        child_plan = plan or _map_plan(ctx, meeting, item["reference"])
        for action in item["actions"]:
            same = earlier.get(_signature(item["reference"], action))
            action["action_ref"] = same or _add_action(ctx, actor, child_plan, action, meeting)
            refs.append(action["action_ref"])
    row = MeetingMinutes(
        meeting_id=meeting.id,
        version=(previous.version + 1) if previous else 1,
        items=clean,
        notes=notes.strip(),
        recorded_by=actor.person_id,
        recorded_at=ctx.now,
        replaces_id=previous.id if previous else None,
        correction_reason=correction_reason,
    )
    ctx.session.add(row)
    ctx.session.flush()
    reminders.plan(ctx, meeting)
    ctx.audit(
        actor,
        "minutes_corrected" if correction_reason else "minutes_recorded",
        f"meeting:{meeting.id}",
        version=row.version,
        references=[i["reference"] for i in clean],
        actions=refs,
    )
    review_id = None
    if meeting.kind == "map":
        from workflows.meetings import map_meetings  # a MAP's minutes schedule its review

        review_id = map_meetings.schedule_review(ctx, meeting, clean[0]["risk_level"])
    return MinutesRecorded(meeting.id, row.version, refs, review_id)


def _signature(reference: str, action: dict[str, Any]) -> tuple[str, str, str, str]:
    return (reference, action["description"], action["lead_id"] or "", action["due_date"] or "")


def _earlier_actions(previous: MeetingMinutes | None) -> dict[tuple[str, str, str, str], str]:
    if previous is None:
        return {}
    return {
        _signature(i["reference"], a): a["action_ref"]
        for i in previous.items
        for a in i["actions"]
        if a.get("action_ref")
    }


def _plan_for(ctx: Context, meeting: Meeting, items: list[dict[str, Any]]) -> ActionPlan | None:
    """A MASE meeting's actions go to its series' log; a MAP's to the child's plan (None here)."""
    if meeting.kind != "mase" or meeting.series_id is None:
        return None
    series_row = ctx.session.get_one(MeetingSeries, meeting.series_id)
    return _ensure_plan(
        ctx,
        mase_plan_name(series_row),
        "mase",
        f"{series_row.title} action log",
        series_row.chair_id,
    )


def _map_plan(ctx: Context, meeting: Meeting, reference: str) -> ActionPlan:
    return _ensure_plan(
        ctx, children.map_plan_name(reference), "map", f"MAP plan {reference}", meeting.chair_id
    )


def _ensure_plan(ctx: Context, name: str, kind: str, title: str, owner_id: str) -> ActionPlan:
    plan = find_plan(ctx, name)
    if plan is None:
        settings = PlanSettings(name=name, title=title, owner_id=owner_id, kind=kind)
        plan = create(ctx, settings, "mashbot")
    return plan


def _add_action(
    ctx: Context, actor: Actor, plan: ActionPlan, action: dict[str, Any], meeting: Meeting
) -> str:
    """A new plan action, numbered from the meeting's date: `261208-1`."""
    calendar = calendar_for(ctx.partnership)
    stem = f"{calendar.local(meeting.starts_at):%y%m%d}"
    count = ctx.session.scalar(
        select(func.count(PlanAction.id)).where(
            PlanAction.plan_id == plan.id, PlanAction.number.like(f"{stem}-%")
        )
    )
    number = f"{stem}-{(count or 0) + 1}"
    due = date.fromisoformat(action["due_date"])
    row = PlanAction(
        plan_id=plan.id,
        number=number,
        position=0,
        theme="",
        description=action["description"],
        lead_id=action["lead_id"],
        lead_agency_id=action["agency_id"],
        due_date=due,
        progress="",
        status=OPEN,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.session.add(row)
    ctx.session.flush()
    ctx.session.add(
        ActionUpdate(
            action_id=row.id,
            period=None,
            kind="created",
            at=ctx.now,
            by_id=actor.person_id,
            entry_point=ctx.entry_point,
            new_due_date=due,
            new_status=OPEN,
            reason=f"agreed at meeting {meeting.id}",
        )
    )
    schedule.start(ctx.session, plan, row, ctx.now, calendar)
    return f"{plan.name}:{number}"


def mase_meeting(
    ctx: Context, actor: Actor, day: date | None = None, area: str | None = None
) -> Meeting:
    """The MASE meeting to minute: the one held on `day`, else the latest that has begun."""
    from workflows.meetings import series  # series imports reminders, which this module shares

    series_row = series.get(ctx, area, actor)
    if day is not None:
        meeting = series.meeting_on(ctx, series_row, day)
    else:
        meeting = ctx.session.scalar(
            select(Meeting)
            .where(
                Meeting.series_id == series_row.id,
                Meeting.status == "scheduled",
                Meeting.starts_at <= ctx.now,
            )
            .order_by(Meeting.starts_at.desc())
            .limit(1)
        )
        if meeting is None:
            raise NotFound(Reason.NO_MASE_HELD)
    if not may_record(actor, meeting):
        access.refuse(ctx, actor, f"meeting:{meeting.id}", "record_minutes", NOT_CHAIR)
    return meeting


def references_to_minute(ctx: Context, meeting: Meeting) -> list[str]:
    """The children the meeting discussed: its agenda's (MASE) or its child (MAP). A held
    meeting's agenda is taken as it stood when the meeting began, so a referral made or closed
    since neither joins nor leaves it (the reminders chase these until each is minuted)."""
    if meeting.kind == "map":
        return [meeting.reference] if meeting.reference else []
    from workflows.meetings.agenda import build

    held = meeting.starts_at <= ctx.now
    agenda = build(ctx, meeting, as_of=meeting.starts_at if held else None)
    return [c.reference for c in [*agenda.new_referrals, *agenda.under_review]]


def left_to_minute(ctx: Context, meeting: Meeting) -> list[str]:
    """The meeting's children its latest minutes do not hold yet, in agenda order."""
    previous = latest(ctx, meeting.id)
    done = {i["reference"] for i in previous.items} if previous else set()
    return [r for r in references_to_minute(ctx, meeting) if r not in done]


def map_meeting(ctx: Context, actor: Actor, reference: str) -> Meeting:
    """The child's latest MAP that has begun, for its minutes (chairs, deputies, admins)."""
    reference = reference.strip().upper()
    meeting = ctx.session.scalar(
        select(Meeting)
        .where(
            Meeting.kind == "map",
            Meeting.reference == reference,
            Meeting.status == "scheduled",
            Meeting.starts_at <= ctx.now,
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )
    if meeting is None:
        raise NotFound(Reason.NO_MAP_HELD, ref=reference)
    if not may_record(actor, meeting):
        access.refuse(ctx, actor, reference, "record_minutes", NOT_CHAIR)
    return meeting


@dataclass(frozen=True)
class ToMinute:
    """A held meeting's children to minute, and those already minuted (to correct)."""

    meeting_id: int
    references: list[str]
    recorded: list[str]

    def key(self, reference: str) -> str:
        return f"{self.meeting_id}:{reference}"


def to_minute(ctx: Context, meeting: Meeting) -> ToMinute:
    previous = latest(ctx, meeting.id)
    done = [i["reference"] for i in previous.items] if previous else []
    refs = references_to_minute(ctx, meeting)
    return ToMinute(meeting.id, refs + [r for r in done if r not in refs], done)
