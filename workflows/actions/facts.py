"""The facts messages carry about actions: enough to act on in one click, nothing more."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from storage.models import ActionPlan, ActionRag, ActionUpdate, PlanAction
from workflows.actions.cadence import period_label
from workflows.actions.form import button_value, parse_button_value  # noqa: F401
from workflows.actions.plans import reference
from workflows.partnership import Partnership

SHORT = 140
ANSWER_KINDS = ("update", "no_change")  # what a lead gives for a period; "imported" is not one


def short(text: str, limit: int = SHORT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def day_label(day: date | None) -> str:
    return day.strftime("%d %b %Y").lstrip("0") if day else "no due date"


def latest_ratings(session: Session, action_ids: Iterable[int]) -> dict[int, str]:
    """The newest period's RAG of each action (actions never rated are left out).

    The database picks each action's newest period, so a year of history costs one row each.
    """
    ids = list(action_ids)
    found: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        newest = (
            select(ActionRag.action_id, func.max(ActionRag.period).label("period"))
            .where(ActionRag.action_id.in_(ids[start : start + 500]))
            .group_by(ActionRag.action_id)
            .subquery()
        )
        rows = session.execute(
            select(ActionRag.action_id, ActionRag.rating).join(
                newest,
                and_(
                    ActionRag.action_id == newest.c.action_id, ActionRag.period == newest.c.period
                ),
            )
        )
        found.update((action_id, rating) for action_id, rating in rows)
    return found


def answered_periods(
    session: Session, action_ids: Iterable[int], periods: Iterable[str] | None = None
) -> set[tuple[int, str]]:
    """(action id, period) for every period a lead has answered for (update or no change),
    or only for the given `periods`."""
    ids = list(action_ids)
    wanted = None if periods is None else sorted(set(periods))
    found: set[tuple[int, str]] = set()
    for start in range(0, len(ids), 500):
        query = select(ActionUpdate.action_id, ActionUpdate.period).where(
            ActionUpdate.action_id.in_(ids[start : start + 500]),
            ActionUpdate.kind.in_(ANSWER_KINDS),
        )
        if wanted is not None:
            query = query.where(ActionUpdate.period.in_(wanted))
        found.update((action_id, period) for action_id, period in session.execute(query))
    return found


def action_facts(
    plan: ActionPlan,
    action: PlanAction,
    *,
    today: date,
    rating: str | None,
    period: str,
    step: str,
    partnership: Partnership,
) -> dict[str, Any]:
    lead = partnership.find_person(action.lead_id)
    return {
        "id": action.id,
        "ref": reference(plan, action),
        "number": action.number,
        "description": short(action.description),
        "lead_name": lead.name if lead else action.lead_id,
        "due_date": action.due_date.isoformat() if action.due_date else None,
        "due_label": day_label(action.due_date),
        "overdue": action.due_date is not None and action.due_date < today,
        "rag": rating,
        "period": period,
        "step": step,
        "value": button_value(action.id, period, step),
    }


def plan_facts(plan: ActionPlan, period: str | None = None) -> dict[str, Any]:
    """A MAP plan is named by its reference only: its title may name the child."""
    facts: dict[str, Any] = {
        "plan_name": plan.name,
        "plan_title": plan.name if plan.kind == "map" else plan.title,
        "plan_kind": plan.kind,
    }
    if period:
        facts["period"] = period
        facts["period_label"] = period_label(period)
    return facts
