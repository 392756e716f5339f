"""A lead's answers for a period: "No change", an update (RAG, progress, new due date, complete).

Only an action's lead may answer for it. Every answer is a new `ActionUpdate` row (who, when,
what, and the old due date and the reason when it moves); the period's RAG is the latest answer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from storage.models import ActionPlan, ActionRag, ActionUpdate, PlanAction
from workflows.actions import history, schedule
from workflows.actions.cadence import PROMPT, period_label
from workflows.actions.facts import action_facts, latest_ratings
from workflows.actions.form import RAG_WORDS, UPDATE_FORM  # noqa: F401 - re-exported
from workflows.actions.plans import COMPLETED, OPEN, action_by_id, cadence_of, reference
from workflows.actions.results import ActionAnswered
from workflows.context import Actor, Context
from workflows.errors import AccessDenied, InvalidInput, Reason, WorkflowError
from workflows.forms import Code, FieldProblem, impossible_date, parse_date
from workflows.working_time import calendar_for


def check_lead(ctx: Context, actor: Actor, plan: ActionPlan, action: PlanAction) -> None:
    """A lead answers only for their own actions; a refusal is audited."""
    if actor.person_id != action.lead_id:
        lead = ctx.partnership.find_person(action.lead_id)
        ctx.audit(actor, "action_update_refused", reference(plan, action))
        raise AccessDenied(
            Reason.NOT_THE_LEAD,
            ref=reference(plan, action),
            lead=lead.name if lead else action.lead_id,
        )
    if action.status != OPEN:
        raise WorkflowError(Reason.ACTION_CLOSED, ref=reference(plan, action), status=action.status)


def facts_to_answer(
    ctx: Context, actor: Actor, action_id: int, period: str | None = None, step: str = PROMPT
) -> dict[str, Any]:
    """What the update and snooze forms show about an action: for its lead only (refusals audited)."""
    plan, action = action_by_id(ctx, action_id)
    check_lead(ctx, actor, plan, action)
    calendar = calendar_for(ctx.partnership)
    facts = action_facts(
        plan,
        action,
        today=ctx.today(),
        rating=latest_ratings(ctx.session, [action.id]).get(action.id),
        period=period or cadence_of(plan).collecting_period(ctx.now, calendar),
        step=step,
        partnership=ctx.partnership,
    )
    facts["snooze_days"] = cadence_of(plan).snooze_days
    if plan.kind == "map":  # a MAP plan is about one child: reading its action text is audited
        ctx.audit(actor, "map_action_viewed", reference(plan, action), step=step)
    return facts


def validate(answers: dict[str, Any], today: date) -> dict[str, FieldProblem]:
    """Problems by field id; empty when the update may be recorded."""
    problems: dict[str, FieldProblem] = {}
    rag = RAG_WORDS.get(str(answers.get("rag") or "").strip().lower())
    complete = answers.get("complete") in ("yes", True)
    if rag is None and not complete:
        problems["rag"] = FieldProblem.rule("rag")
    if not str(answers.get("progress") or "").strip():
        problems["progress"] = FieldProblem(Code.REQUIRED)
    elif len(str(answers["progress"])) > 3000:
        problems["progress"] = FieldProblem(
            Code.TOO_LONG, {"limit": 3000, "length": len(str(answers["progress"]))}
        )
    raw_due = str(answers.get("new_due_date") or "").strip()
    if raw_due:
        try:
            new_due = parse_date(raw_due)
        except ValueError:
            problems["new_due_date"] = impossible_date(raw_due) or FieldProblem(Code.BAD_DATE)
        else:
            if new_due < today:
                problems["new_due_date"] = FieldProblem(Code.PAST_DATE)
        if not str(answers.get("due_reason") or "").strip():
            problems["due_reason"] = FieldProblem.rule("due_reason")
    return problems


def record_update(
    ctx: Context, actor: Actor, action_id: int, answers: dict[str, Any], period: str | None = None
) -> ActionAnswered:
    """Store an update for the period; a moved date keeps the old one and the reason."""
    plan, action = action_by_id(ctx, action_id)
    check_lead(ctx, actor, plan, action)
    calendar = calendar_for(ctx.partnership)
    errors = validate(answers, ctx.today())
    if errors:
        raise InvalidInput(errors)
    period = period or cadence_of(plan).collecting_period(ctx.now, calendar)
    complete = answers.get("complete") in ("yes", True)
    rag = RAG_WORDS.get(str(answers.get("rag") or "").strip().lower()) or "G"
    progress = str(answers["progress"]).strip()
    raw_due = str(answers.get("new_due_date") or "").strip()
    new_due = parse_date(raw_due) if raw_due else None
    moved = new_due is not None and new_due != action.due_date
    old_status = action.status
    update = ActionUpdate(
        action_id=action.id,
        period=period,
        kind="update",
        at=ctx.now,
        by_id=actor.person_id,
        entry_point=ctx.entry_point,
        rag=rag,
        progress=progress,
        old_due_date=action.due_date if moved else None,
        new_due_date=new_due if moved else None,
        reason=(str(answers.get("due_reason") or "").strip() or None) if moved else None,
        old_status=old_status if complete else None,
        new_status=COMPLETED if complete else None,
    )
    history.record(ctx.session, update)
    action.progress = progress
    if moved:
        action.due_date = new_due
    if complete:
        action.status = COMPLETED
    action.updated_at = ctx.now
    schedule.answered(ctx.session, plan, action, period, calendar)
    ctx.audit(
        actor,
        "action_updated",
        reference(plan, action),
        period=period,
        rag=rag,
        due_moved=moved,
        completed=complete,
    )
    return ActionAnswered(reference(plan, action), period, period_label(period), rag, complete)


def record_no_change(
    ctx: Context, actor: Actor, action_id: int, period: str | None = None
) -> ActionAnswered:
    """Carry the last RAG and progress into the period; a second click changes nothing."""
    plan, action = action_by_id(ctx, action_id)
    check_lead(ctx, actor, plan, action)
    calendar = calendar_for(ctx.partnership)
    period = period or cadence_of(plan).collecting_period(ctx.now, calendar)
    ref = reference(plan, action)
    last = ctx.session.scalar(
        select(ActionUpdate)
        .where(ActionUpdate.action_id == action.id, ActionUpdate.period == period)
        .order_by(ActionUpdate.id.desc())
        .limit(1)
    )
    if last is not None and last.kind == "no_change" and last.by_id == actor.person_id:
        return ActionAnswered(ref, period, period_label(period), last.rag or "", already=True)
    rating = ctx.session.scalar(
        select(ActionRag.rating)
        .where(ActionRag.action_id == action.id, ActionRag.period <= period)
        .order_by(ActionRag.period.desc())
        .limit(1)
    )
    if rating is None:
        raise WorkflowError(Reason.NO_EARLIER_RATING, ref=ref)
    history.record(
        ctx.session,
        ActionUpdate(
            action_id=action.id,
            period=period,
            kind="no_change",
            at=ctx.now,
            by_id=actor.person_id,
            entry_point=ctx.entry_point,
            rag=rating,
            progress=action.progress,
        ),
    )
    action.updated_at = ctx.now
    schedule.answered(ctx.session, plan, action, period, calendar)
    ctx.audit(actor, "action_no_change", ref, period=period, rag=rating)
    return ActionAnswered(ref, period, period_label(period), rating)
