"""The lists a lead or plan owner asks for: their own actions, overdue ones, a whole plan."""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, select

from storage.models import ActionPlan, PlanAction
from workflows.actions.board import BoardReport, board_report
from workflows.actions.facts import answered_periods, day_label, latest_ratings, short
from workflows.actions.plans import OPEN, cadence_of, check_may_see, get_plan, reference
from workflows.actions.results import ActionLine
from workflows.context import Actor, Context
from workflows.partnership import Role
from workflows.working_time import calendar_for


def _lines(ctx: Context, pairs: list[tuple[ActionPlan, PlanAction]]) -> list[ActionLine]:
    calendar = calendar_for(ctx.partnership)
    today = ctx.today()
    ratings = latest_ratings(ctx.session, (a.id for _, a in pairs))
    collecting = {p.id: cadence_of(p).collecting_period(ctx.now, calendar) for p, _ in pairs}
    answered = answered_periods(ctx.session, (a.id for _, a in pairs))
    lines = []
    for plan, action in pairs:
        lead = ctx.partnership.find_person(action.lead_id)
        period = collecting[plan.id]
        lines.append(
            ActionLine(
                id=action.id,
                ref=reference(plan, action),
                plan_name=plan.name,
                number=action.number,
                description=short(action.description),
                lead_name=lead.name if lead else action.lead_id,
                due_label=day_label(action.due_date),
                due_date=action.due_date,
                rag=ratings.get(action.id),
                overdue=_is_overdue(action, today),
                status=action.status,
                period=period,
                answered=(action.id, period) in answered,
            )
        )
    return lines


def _is_overdue(action: PlanAction, today: date) -> bool:
    return action.status == OPEN and action.due_date is not None and action.due_date < today


def _audit_shown(ctx: Context, actor: Actor, shown_in: str, lines: list[ActionLine]) -> None:
    """Every list that showed actions (a MAP plan's actions are about a child) is on the record."""
    if lines:
        ctx.audit(actor, "actions_listed", None, shown_in=shown_in, actions=[x.ref for x in lines])


# Built once: every Home asks it, and building a statement and its cache key each time cost
# more than running it.
_LED_BY = (
    select(ActionPlan, PlanAction)
    .join(PlanAction, PlanAction.plan_id == ActionPlan.id)
    .where(PlanAction.lead_id == bindparam("lead"), PlanAction.status == OPEN)
    .order_by(ActionPlan.name, PlanAction.position, PlanAction.id)
)


def mine(ctx: Context, actor: Actor, shown_in: str = "actions mine") -> list[ActionLine]:
    """The open actions the actor leads, across every plan; `shown_in` names the screen (audit)."""
    pairs = ctx.session.execute(_LED_BY, {"lead": actor.person_id}).all()
    lines = _lines(ctx, [(p, a) for p, a in pairs])
    _audit_shown(ctx, actor, shown_in, lines)
    return lines


def overdue(ctx: Context, actor: Actor) -> list[ActionLine]:
    """Overdue actions the actor may see: their own, their plans', or all for the chair and admins."""
    today = ctx.today()
    query = (
        select(ActionPlan, PlanAction)
        .join(PlanAction, PlanAction.plan_id == ActionPlan.id)
        .where(PlanAction.status == OPEN, PlanAction.due_date < today)
        .order_by(PlanAction.due_date, ActionPlan.name, PlanAction.position)
    )
    if not (actor.has(Role.ADMIN) or actor.has(Role.MASE_CHAIR)):
        query = query.where(
            (PlanAction.lead_id == actor.person_id) | (ActionPlan.owner_id == actor.person_id)
        )
    lines = _lines(ctx, [(p, a) for p, a in ctx.session.execute(query).all()])
    _audit_shown(ctx, actor, "actions overdue", lines)
    return lines


def plan_view(ctx: Context, actor: Actor, name: str) -> BoardReport:
    """A whole plan with its RAG history, for its owner, the MASE chair and admins."""
    plan = get_plan(ctx, name)
    check_may_see(ctx, actor, plan)
    ctx.audit(actor, "plan_viewed", f"plan:{plan.name}")
    return board_report(ctx, plan)
