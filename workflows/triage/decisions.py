"""The MASH decision: outcomes, who decided, when and why; the reporter is told the outcome.

The reporter's update names the outcome and what it means, never the rationale or anything an
agency shared. A MASE referral is held for the next MASE agenda. A corrected decision is a new
row replacing the old one, with the reason for the correction, and the reporter is told again.
"""

from __future__ import annotations

from sqlalchemy import select

from storage.models import MaseReferral, TriageDecision
from workflows.context import Actor, Context
from workflows.errors import InvalidInput, Problem, Reason, Task
from workflows.forms import FieldProblem
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.triage import access, assessment, referrals
from workflows.triage.access import Loaded
from workflows.triage.results import Decided
from workflows.triage_settings import OutcomeId


def current(ctx: Context, referral_id: int) -> TriageDecision | None:
    return ctx.session.scalar(
        select(TriageDecision)
        .where(TriageDecision.referral_id == referral_id)
        .order_by(TriageDecision.id.desc())
        .limit(1)
    )


def _check(
    ctx: Context,
    outcomes: list[str],
    crime_team: str | None,
    rationale: str | None,
    previous: TriageDecision | None,
    correction_reason: str | None,
) -> dict[str, str | Problem]:
    """Plain-English problems with a decision, by field."""
    triage = ctx.partnership.triage
    known = {o.value for o in OutcomeId}
    errors: dict[str, FieldProblem | Problem] = {}
    if not outcomes:
        errors["outcomes"] = FieldProblem.rule("outcome_needed")
    elif any(o not in known for o in outcomes):
        errors["outcomes"] = FieldProblem.rule("outcome_unknown")
    elif OutcomeId.NO_FURTHER_ACTION in outcomes and len(outcomes) > 1:
        errors["outcomes"] = FieldProblem.rule("outcome_nfa_alone")
    if OutcomeId.CRIME_INVESTIGATION in outcomes:
        if not crime_team or triage.crime_team(crime_team) is None:
            teams = " or ".join(t.label for t in triage.crime_teams)
            errors["crime_team"] = FieldProblem.rule("crime_team_needed", teams=teams)
    elif crime_team:
        errors["crime_team"] = FieldProblem.rule("crime_team_unwanted")
    if not rationale:
        errors["rationale"] = FieldProblem.rule("decision_rationale")
    if previous is not None and not correction_reason:
        errors["correction_reason"] = FieldProblem.rule("correction_reason")
    return errors


def decide(
    ctx: Context,
    actor: Actor,
    reference: str,
    outcomes: list[str],
    rationale: str | None,
    *,
    crime_team: str | None = None,
    correction_reason: str | None = None,
) -> Decided:
    """Record the decision, tell the reporter, and hold a MASE referral for the next agenda."""
    loaded = access.for_decision_maker(ctx, actor, reference, "decide", Task.DECIDE, lock=True)
    referral = loaded.referral
    outcomes = list(dict.fromkeys(o.strip().lower() for o in outcomes if o and o.strip()))
    rationale = (rationale or "").strip() or None
    correction_reason = (correction_reason or "").strip() or None
    crime_team = (crime_team or "").strip().lower() or None
    previous = current(ctx, referral.id)
    errors = _check(ctx, outcomes, crime_team, rationale, previous, correction_reason)
    risk = assessment.current(ctx, referral.id)
    if risk is None:
        errors["outcomes"] = Problem(Reason.ASSESS_FIRST, {"ref": loaded.reference})
    if errors:
        raise InvalidInput(errors)
    assert risk is not None and rationale is not None
    row = TriageDecision(
        referral_id=referral.id,
        outcomes=outcomes,
        crime_team=crime_team,
        rationale=rationale,
        risk_assessment_id=risk.id,
        decided_by=actor.person_id,
        decided_at=ctx.now,
        replaces_id=previous.id if previous else None,
        correction_reason=correction_reason if previous else None,
    )
    ctx.session.add(row)
    referral.status = "decided"
    if referral.decided_at is None:
        referral.decided_at = ctx.now
    ctx.session.flush()
    mase_held = _hold_for_mase(ctx, actor, loaded, row)
    ctx.audit(
        actor,
        "decision_recorded",
        loaded.reference,
        decision_id=row.id,
        outcomes=outcomes,
        crime_team=crime_team,
        mase_held=mase_held,
        replaces=previous.id if previous else None,
    )
    _tell_reporter(ctx, loaded, row, corrected=previous is not None)
    referrals.refresh_card(ctx, loaded, f"decision-{row.id}")
    triage = ctx.partnership.triage
    team = triage.crime_team(crime_team) if crime_team else None
    on_time = None if referral.deadline_at is None else referral.decided_at <= referral.deadline_at
    return Decided(
        loaded.reference,
        [triage.outcome_label(o) for o in outcomes],
        team.label if team else None,
        mase_held,
        previous is not None,
        on_time,
    )


def _hold_for_mase(ctx: Context, actor: Actor, loaded: Loaded, row: TriageDecision) -> bool:
    """Hold the referral for the next MASE agenda, once, however often the decision is corrected."""
    if OutcomeId.REFER_TO_MASE not in row.outcomes:
        return False
    existing = ctx.session.scalar(
        select(MaseReferral.id).where(MaseReferral.referral_id == loaded.referral.id)
    )
    if existing is None:
        ctx.session.add(
            MaseReferral(
                referral_id=loaded.referral.id,
                decision_id=row.id,
                reference=loaded.reference,
                area_id=loaded.referral.area_id,
                referred_by=actor.person_id,
                referred_at=ctx.now,
            )
        )
        ctx.session.flush()
    return True


def _tell_reporter(ctx: Context, loaded: Loaded, row: TriageDecision, corrected: bool) -> None:
    """The outcome and what it means; never the rationale or another agency's information."""
    area = ctx.partnership.area(loaded.referral.area_id)
    triage = ctx.partnership.triage
    ctx.send(
        Outgoing(
            MessageKind.REPORTER_UPDATE,
            Recipient.person(loaded.concern.reporter_id),
            key=f"concern:{loaded.reference}:reporter-update:{row.id}",
            facts={
                "reference": loaded.reference,
                "area_name": area.name,
                "mash_phone": area.mash_phone,
                "emergency_number": ctx.partnership.emergency_number,
                "outcomes": list(row.outcomes),
                "outcome_labels": [triage.outcome_label(o) for o in row.outcomes],
                "corrected": corrected,
            },
        )
    )
    ctx.audit(
        "mashbot",
        "reporter_updated",
        loaded.reference,
        decision_id=row.id,
        reporter=loaded.concern.reporter_id,
    )
