"""What MASH staff look at: the queue, their own referrals, and one case; each look is audited.

None of these carries the child's identifying details: those open only through "View details".
"""

from __future__ import annotations

from sqlalchemy import Select, func, select

from storage.models import (
    Concern,
    InformationRequest,
    InformationRequestChase,
    MaseReferral,
    Referral,
)
from workflows.context import Actor, Context
from workflows.triage import access, assessment, break_glass, decisions
from workflows.triage.answers import ANSWER_KINDS, latest_answer
from workflows.triage.results import (
    AssessmentLine,
    CaseView,
    DecisionLine,
    MaseStage,
    MaseState,
    QueueRow,
    RequestLine,
)
from workflows.triage_settings import OutcomeId


def _rows(ctx: Context, query: Select[tuple[Referral, Concern]]) -> list[QueueRow]:
    found = ctx.session.execute(query).all()
    ids = [r.id for r, _ in found]
    waiting: dict[int, int] = {}
    overdue: dict[int, int] = {}
    if ids:
        open_requests = select(InformationRequest.referral_id, InformationRequest.due_at).where(
            InformationRequest.referral_id.in_(ids), InformationRequest.answered_at.is_(None)
        )
        for referral_id, due_at in ctx.session.execute(open_requests):
            waiting[referral_id] = waiting.get(referral_id, 0) + 1
            if due_at < ctx.now:
                overdue[referral_id] = overdue.get(referral_id, 0) + 1
    rows = []
    for referral, concern in found:
        level = ctx.partnership.triage.rag_level(referral.rag_level or "")
        rows.append(
            QueueRow(
                referral.reference,
                ctx.partnership.area(referral.area_id).name,
                concern.received_at,
                concern.immediate_danger,
                level.label if level else None,
                referral.deadline_at,
                referral.deadline_at is not None and referral.deadline_at <= ctx.now,
                access.person_name(ctx, referral.owner_id) if referral.owner_id else None,
                waiting.get(referral.id, 0),
                overdue.get(referral.id, 0),
            )
        )
    # Unrated first (nobody has judged them yet), then by deadline.
    return sorted(rows, key=lambda r: (r.deadline_at is not None, r.deadline_at or r.received_at))


def _open_referrals(actor: Actor) -> Select[tuple[Referral, Concern]]:
    query = (
        select(Referral, Concern)
        .join(Concern, Concern.id == Referral.concern_id)
        .where(Referral.status == "open")
    )
    if actor.areas:
        query = query.where(Referral.area_id.in_(sorted(actor.areas)))
    return query


def queue(ctx: Context, actor: Actor) -> list[QueueRow]:
    """Open referrals in the areas `actor` covers, in deadline order."""
    access.require_mash(ctx, actor, "view_queue")
    rows = _rows(ctx, _open_referrals(actor))
    ctx.audit(actor, "queue_viewed", None, references=[r.reference for r in rows])
    return rows


def mine(ctx: Context, actor: Actor) -> list[QueueRow]:
    """The open referrals `actor` owns, in deadline order."""
    access.require_mash(ctx, actor, "view_own_referrals")
    rows = _rows(ctx, _open_referrals(actor).where(Referral.owner_id == actor.person_id))
    ctx.audit(actor, "own_referrals_viewed", None, references=[r.reference for r in rows])
    return rows


def case(ctx: Context, actor: Actor, reference: str, reason: str | None = None) -> CaseView:
    """One referral as the MASH works it (no identifying details); the look is audited.

    MASH staff outside its area may open it with a `reason` (break-glass, see break_glass.py).
    """
    loaded = break_glass.open_for_viewing(ctx, actor, reference, "view_case", reason)
    ctx.audit(actor, "case_viewed", loaded.reference)
    referral, concern = loaded.referral, loaded.concern
    triage = ctx.partnership.triage
    level = triage.rag_level(referral.rag_level or "")
    return CaseView(
        reference=referral.reference,
        area_name=ctx.partnership.area(referral.area_id).name,
        received_at=concern.received_at,
        agency_name=ctx.partnership.agency(concern.reporter_agency_id).name,
        immediate_danger=concern.immediate_danger,
        screening_band=concern.screening_band,
        screening_score=concern.screening_score,
        status=referral.status,
        owner_name=access.person_name(ctx, referral.owner_id) if referral.owner_id else None,
        rag_label=level.label if level else None,
        deadline_at=referral.deadline_at,
        overdue=referral.status == "open"
        and referral.deadline_at is not None
        and referral.deadline_at <= ctx.now,
        decided_at=referral.decided_at,
        requests=_request_lines(ctx, referral.id),
        suggestion=assessment.suggest(triage, concern, ctx.now.date()),
        assessment=_assessment_line(ctx, referral.id),
        decision=_decision_line(ctx, referral.id),
        mase=_mase_state(ctx, referral.id),
    )


def _request_lines(ctx: Context, referral_id: int) -> list[RequestLine]:
    chases = dict(
        ctx.session.execute(
            select(InformationRequestChase.request_id, func.count())
            .join(InformationRequest, InformationRequest.id == InformationRequestChase.request_id)
            .where(InformationRequest.referral_id == referral_id)
            .group_by(InformationRequestChase.request_id)
        ).all()
    )
    lines = []
    for request in ctx.session.scalars(
        select(InformationRequest)
        .where(InformationRequest.referral_id == referral_id)
        .order_by(InformationRequest.id)
    ):
        answer = latest_answer(ctx, request.id)
        if answer is None:
            state = "overdue" if ctx.now > request.due_at else "waiting"
        else:
            state = "answered late" if answer.late else "answered"
        lines.append(
            RequestLine(
                request.id,
                ctx.partnership.agency(request.agency_id).name,
                request.sent_at,
                request.due_at,
                state,
                ANSWER_KINDS[answer.kind] if answer else None,
                answer.text if answer else None,
                answer.held_by if answer else None,
                chases.get(request.id, 0),
            )
        )
    return lines


def _assessment_line(ctx: Context, referral_id: int) -> AssessmentLine | None:
    row = assessment.current(ctx, referral_id)
    if row is None:
        return None
    triage = ctx.partnership.triage
    level = triage.risk_level(row.level)
    suggested = triage.risk_level(row.suggested_level) if row.suggested_level else None
    return AssessmentLine(
        level.label if level else row.level,
        suggested.label if suggested else None,
        row.rationale,
        access.person_name(ctx, row.assessed_by),
        row.assessed_at,
    )


def _decision_line(ctx: Context, referral_id: int) -> DecisionLine | None:
    row = decisions.current(ctx, referral_id)
    if row is None:
        return None
    triage = ctx.partnership.triage
    team = triage.crime_team(row.crime_team) if row.crime_team else None
    return DecisionLine(
        [triage.outcome_label(o) for o in row.outcomes],
        team.label if team else None,
        row.rationale,
        access.person_name(ctx, row.decided_by),
        row.decided_at,
        row.correction_reason,
    )


def _mase_state(ctx: Context, referral_id: int) -> MaseState | None:
    row = ctx.session.scalar(select(MaseReferral).where(MaseReferral.referral_id == referral_id))
    if row is None:
        return None
    if row.listed_for:
        return MaseState(MaseStage.LISTED, row.listed_for)
    decision = decisions.current(ctx, referral_id)
    if decision is None or OutcomeId.REFER_TO_MASE not in decision.outcomes:
        return MaseState(MaseStage.WITHDRAWN)
    return MaseState(MaseStage.HELD)
