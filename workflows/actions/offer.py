"""A lead who answers a prompt in plain text is offered the form: the text itself is not stored.

A typed reply cannot be filed against the right action and period with certainty, so the bot
answers with the buttons for each action still waiting for an answer.
"""

from __future__ import annotations

from sqlalchemy import select

from storage.models import ActionPlan, PlanAction, SentChase
from workflows.actions.cadence import ESCALATION, OVERDUE
from workflows.actions.facts import action_facts, answered_periods, latest_ratings
from workflows.actions.plans import OPEN
from workflows.context import Actor, Context
from workflows.outgoing import MessageKind, Outgoing, Recipient


def open_prompts(ctx: Context, actor: Actor) -> list[tuple[ActionPlan, PlanAction, str, str]]:
    """(plan, action, period, last step) for each of the actor's prompted, unanswered actions."""
    rows = ctx.session.execute(
        select(ActionPlan, PlanAction, SentChase.period, SentChase.step)
        .join(PlanAction, PlanAction.plan_id == ActionPlan.id)
        .join(SentChase, SentChase.action_id == PlanAction.id)
        .where(
            PlanAction.lead_id == actor.person_id,
            PlanAction.status == OPEN,
            SentChase.step.not_in((ESCALATION, OVERDUE)),
        )
        .order_by(PlanAction.position, PlanAction.id, SentChase.id)
    ).all()
    if not rows:
        return []
    answered = answered_periods(ctx.session, {a.id for _, a, _, _ in rows})
    latest: dict[tuple[int, str], tuple[ActionPlan, PlanAction, str, str]] = {}
    for plan, action, period, step in rows:
        if (action.id, period) not in answered:
            latest[(action.id, period)] = (plan, action, period, step)
    return list(latest.values())


def offer_form(ctx: Context, actor: Actor, text: str, message_id: str) -> Outgoing | None:
    """What to send back to a plain-text message: the form offer, or None if nothing is waiting."""
    if not text.strip():
        return None
    waiting = open_prompts(ctx, actor)
    if not waiting:
        return None
    today = ctx.today()
    ratings = latest_ratings(ctx.session, (a.id for _, a, _, _ in waiting))
    ctx.audit(actor, "actions_form_offered", None, actions=len(waiting))
    return Outgoing(
        MessageKind.ACTIONS_FORM_OFFER,
        Recipient.person(actor.person_id),
        key=f"actions:offer:{actor.person_id}:{message_id}",
        facts={
            "actions": [
                action_facts(
                    plan,
                    action,
                    today=today,
                    rating=ratings.get(action.id),
                    period=period,
                    step=step,
                    partnership=ctx.partnership,
                )
                for plan, action, period, step in waiting[:20]
            ],
            "more": max(0, len(waiting) - 20),
        },
    )
