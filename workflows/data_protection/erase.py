"""What retention removes from each record type; the rows stay so that figures still count them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from storage.models import (
    ActionPlan,
    ActionUpdate,
    ChaseSnooze,
    Concern,
    ConcernDraft,
    InformationAnswer,
    InformationRequest,
    Meeting,
    MeetingMinutes,
    PlanAction,
    Referral,
    ReferralAssignment,
    ReferralUrgency,
    RiskAssessment,
    TriageDecision,
)
from workflows.context import Context

REMOVED = "[removed under the retention schedule]"


def concern(ctx: Context, concern_id: int) -> None:
    """The child's identifiers and the narrative go; area, dates, band, age and gender stay."""
    row = ctx.session.get(Concern, concern_id)
    assert row is not None
    row.child_name = REMOVED
    row.child_description = None
    row.child_dob = None
    row.child_match = None
    row.school_or_setting = None
    row.what_happened = REMOVED
    row.when_happened = REMOVED
    row.where_happened = REMOVED
    row.others_involved = None
    row.other_indicator = None
    row.sharing_reason = None
    row.anonymised_at = ctx.now
    draft = ctx.session.get(ConcernDraft, row.draft_id)
    if draft is not None:
        draft.answers = {}


def referral(ctx: Context, referral_id: int) -> None:
    """Reasons and rationales go; who decided what outcome, and when, stays for figures."""
    row = ctx.session.get(Referral, referral_id)
    assert row is not None
    for model in (RiskAssessment, TriageDecision, ReferralAssignment, ReferralUrgency):
        for item in ctx.session.scalars(select(model).where(model.referral_id == referral_id)):
            if isinstance(item, TriageDecision):
                item.rationale = REMOVED
                item.correction_reason = None
            elif isinstance(item, RiskAssessment):
                item.rationale = None
            else:
                item.reason = None
    row.legal_hold_reason = None
    row.anonymised_at = ctx.now


def agency_answers(ctx: Context, request_id: int) -> None:
    """The question, the details shared to search and every answer's text go; dates stay."""
    request = ctx.session.get(InformationRequest, request_id)
    assert request is not None
    request.question = REMOVED
    request.search_details = {}
    for answer in ctx.session.scalars(
        select(InformationAnswer).where(InformationAnswer.request_id == request_id)
    ):
        answer.text = None
        answer.held_by = None
    request.anonymised_at = ctx.now


def action_plan(ctx: Context, plan_id: int) -> None:
    """A MAP plan's actions lose their text, progress and reasons; counts and RAG stay."""
    plan = ctx.session.get(ActionPlan, plan_id)
    assert plan is not None
    for action in ctx.session.scalars(select(PlanAction).where(PlanAction.plan_id == plan_id)):
        action.description = REMOVED
        action.progress = ""
        for update in ctx.session.scalars(
            select(ActionUpdate).where(ActionUpdate.action_id == action.id)
        ):
            update.progress = None
            update.reason = None
        for snooze in ctx.session.scalars(
            select(ChaseSnooze).where(ChaseSnooze.action_id == action.id)
        ):
            snooze.reason = REMOVED
    plan.anonymised_at = ctx.now


def meeting_minutes(ctx: Context, meeting_id: int) -> None:
    """Every version of a meeting's minutes loses its summaries, action text, notes and reasons,
    and a MAP its carer note; references, agreed risk levels, action refs and leads stay."""
    meeting = ctx.session.get(Meeting, meeting_id)
    assert meeting is not None
    meeting.parent_carer_note = None
    for row in ctx.session.scalars(
        select(MeetingMinutes).where(MeetingMinutes.meeting_id == meeting_id)
    ):
        row.items = [
            {
                "reference": item.get("reference"),
                "summary": REMOVED,
                "risk_level": item.get("risk_level"),
                "actions": [
                    {**action, "description": REMOVED} for action in item.get("actions") or []
                ],
            }
            for item in row.items
        ]
        row.notes = REMOVED if row.notes else ""
        row.correction_reason = None
        row.anonymised_at = ctx.now


def plan_closed_at(ctx: Context, plan: ActionPlan) -> datetime | None:
    """When a plan's last open action closed; None while any is open (or it has none)."""
    actions = list(ctx.session.scalars(select(PlanAction).where(PlanAction.plan_id == plan.id)))
    if not actions or any(a.status == "open" for a in actions):
        return None
    return max(a.updated_at for a in actions)


ERASERS: dict[str, Callable[[Context, int], None]] = {
    "concern": concern,
    "referral": referral,
    "agency_answers": agency_answers,
    "action_plan": action_plan,
    "meeting_minutes": meeting_minutes,
}
