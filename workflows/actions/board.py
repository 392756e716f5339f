"""The board's table of a plan: every action, its lead, dates, progress and RAG per period."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import ActionPlan, ActionRag, PlanAction
from workflows.actions.report import BoardReport, BoardRow
from workflows.context import Context
from workflows.partnership import Partnership


def board_report(ctx: Context, plan: ActionPlan) -> BoardReport:
    """The report as stored now (the caller checks who may see it)."""
    actions = list(
        ctx.session.scalars(
            select(PlanAction)
            .where(PlanAction.plan_id == plan.id)
            .order_by(PlanAction.position, PlanAction.id)
        )
    )
    history: dict[int, dict[str, str]] = {a.id: {} for a in actions}
    periods: set[str] = set()
    for start in range(0, len(actions), 500):
        chunk = [a.id for a in actions[start : start + 500]]
        for action_id, period, rating in ctx.session.execute(
            select(ActionRag.action_id, ActionRag.period, ActionRag.rating).where(
                ActionRag.action_id.in_(chunk)
            )
        ):
            history[action_id][period] = rating
            periods.add(period)
    owner = ctx.partnership.find_person(plan.owner_id)
    rows = []
    for action in actions:
        lead = ctx.partnership.find_person(action.lead_id)
        rows.append(
            BoardRow(
                number=action.number,
                theme=action.theme,
                description=action.description,
                lead_name=lead.name if lead else action.lead_id,
                agency_name=_agency_name(ctx.partnership, action.lead_agency_id),
                due_date=action.due_date,
                progress=action.progress,
                status=action.status,
                ratings=history[action.id],
            )
        )
    return BoardReport(
        name=plan.name,
        title=plan.title,
        kind=plan.kind,
        owner_name=owner.name if owner else plan.owner_id,
        periods=sorted(periods),
        rows=rows,
    )


def _agency_name(partnership: Partnership, agency_id: str) -> str:
    """The agency's name; the stored id when the partnership file no longer lists it."""
    try:
        return partnership.agency(agency_id).name
    except KeyError:
        return agency_id
