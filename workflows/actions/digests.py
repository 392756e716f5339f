"""The weekly digest to a plan's channel: RAG counts, overdue actions and missing updates.

A channel carries references, not children: a MAP plan's digest shows action numbers and leads
only, never its title or the actions' wording.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.models import ActionPlan, PlanAction, SentChase
from workflows.actions.cadence import ESCALATION, period_label
from workflows.actions.facts import answered_periods, day_label, latest_ratings, plan_facts, short
from workflows.actions.plans import COMPLETED, OPEN, next_digest_moment
from workflows.context import Context
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.working_time import calendar_for


def sweep(ctx: Context) -> int:
    """Send each plan's digest that has come due; the number sent."""
    calendar = calendar_for(ctx.partnership)
    if calendar.next_sending_moment(ctx.now) > ctx.now:
        return 0
    plans = list(
        ctx.session.scalars(
            select(ActionPlan)
            .where(ActionPlan.next_digest_at <= ctx.now)
            .order_by(ActionPlan.id)
            .with_for_update()
        )
    )
    for plan in plans:
        week = calendar.local(plan.next_digest_at or ctx.now).date().isocalendar()
        if plan.channel:
            ctx.send(
                Outgoing(
                    MessageKind.ACTIONS_DIGEST,
                    Recipient.channel(plan.channel),
                    key=f"actions:digest:{plan.id}:{week.year}-W{week.week:02d}",
                    facts=digest_facts(ctx, plan),
                )
            )
            ctx.audit("clock", "actions_digest_sent", f"plan:{plan.name}", channel=plan.channel)
        plan.next_digest_at = next_digest_moment(plan, ctx.now, calendar)
    return len(plans)


def digest_facts(ctx: Context, plan: ActionPlan) -> dict[str, Any]:
    today = ctx.today()
    actions = list(
        ctx.session.scalars(
            select(PlanAction)
            .where(PlanAction.plan_id == plan.id)
            .order_by(PlanAction.position, PlanAction.id)
        )
    )
    open_actions = [a for a in actions if a.status == OPEN]
    ratings = latest_ratings(ctx.session, (a.id for a in open_actions))
    counts = {"R": 0, "A": 0, "G": 0, "none": 0}
    for action in open_actions:
        counts[ratings.get(action.id, "none")] += 1
    show_words = plan.kind != "map"

    def line(action: PlanAction, **extra: Any) -> dict[str, Any]:
        lead = ctx.partnership.find_person(action.lead_id)
        return {
            "number": action.number,
            "description": short(action.description, 80) if show_words else None,
            "lead_name": lead.name if lead else action.lead_id,
            **extra,
        }

    overdue = [
        line(a, due_label=day_label(a.due_date), due_date=a.due_date.isoformat())
        for a in open_actions
        if a.due_date is not None and a.due_date < today
    ]
    missing = _missing_updates(ctx, open_actions)
    facts = plan_facts(plan)
    facts.update(
        {
            "counts": counts,
            "open_count": len(open_actions),
            "completed_count": sum(1 for a in actions if a.status == COMPLETED),
            "overdue": overdue[:20],
            "overdue_more": max(0, len(overdue) - 20),
            "missing": [
                line(a, period=period, period_label=period_label(period))
                for a, period in missing[:20]
            ],
            "missing_more": max(0, len(missing) - 20),
        }
    )
    return facts


def _missing_updates(ctx: Context, actions: list[PlanAction]) -> list[tuple[PlanAction, str]]:
    """Actions escalated for a period and still not answered for it."""
    if not actions:
        return []
    by_id = {a.id: a for a in actions}
    escalated = ctx.session.execute(
        select(SentChase.action_id, SentChase.period).where(
            SentChase.action_id.in_(list(by_id)), SentChase.step == ESCALATION
        )
    ).all()
    answered = answered_periods(ctx.session, by_id)
    found = [(by_id[i], p) for i, p in escalated if (i, p) not in answered]
    return sorted(found, key=lambda pair: (pair[1], pair[0].position, pair[0].id))
