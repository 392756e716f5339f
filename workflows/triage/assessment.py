"""Risk assessment: the screening score suggests a level, a decision maker decides it.

A level that differs from the suggestion cannot be saved without a rationale, and a partnership
may forbid rating a young child below a floor. A re-assessment replaces the last one on the
record; both are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from storage.models import Concern, RiskAssessment
from workflows.context import Actor, Context
from workflows.errors import InvalidInput, Task
from workflows.forms import FieldProblem
from workflows.triage import access
from workflows.triage.results import Assessed, Suggestion
from workflows.triage_settings import RiskLevel, TriageSettings


def child_age(concern: Concern, today: date) -> int | None:
    """Age in whole years from the date of birth, else the reporter's approximate age."""
    if concern.child_dob:
        dob = concern.child_dob
        return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
    return concern.child_age


@dataclass(frozen=True)
class _Floor:
    level: RiskLevel
    under_age: int


def _floor(triage: TriageSettings, concern: Concern, today: date) -> _Floor | None:
    """The lowest level this child may be given, if the partnership sets one for their age."""
    floor = triage.age_floor
    age = child_age(concern, today)
    level = triage.risk_level(floor.lowest_level) if floor else None
    if floor is None or level is None or age is None or age >= floor.under_age:
        return None
    return _Floor(level, floor.under_age)


def suggest(triage: TriageSettings, concern: Concern, today: date) -> Suggestion:
    """The level whose screening bands include the concern's band, lifted to any age floor."""
    band = concern.screening_band
    level = next((r for r in triage.risk_levels if band in r.screening_bands), None)
    if level is None:
        level = next((r for r in triage.risk_levels if r.label.lower() == band.lower()), None)
    floor = _floor(triage, concern, today)
    if floor and (level is None or triage.risk_rank(level.id) < triage.risk_rank(floor.level.id)):
        lifted = floor.level
        return Suggestion(lifted.id, lifted.label, band, concern.screening_score, True)
    if level is None:
        return Suggestion(None, None, band, concern.screening_score)
    return Suggestion(level.id, level.label, band, concern.screening_score)


def current(ctx: Context, referral_id: int) -> RiskAssessment | None:
    return ctx.session.scalar(
        select(RiskAssessment)
        .where(RiskAssessment.referral_id == referral_id)
        .order_by(RiskAssessment.id.desc())
        .limit(1)
    )


def prepare(ctx: Context, actor: Actor, reference: str) -> tuple[Suggestion, RiskAssessment | None]:
    """What the assessment form shows a decision maker: the suggestion and the last assessment."""
    loaded = access.for_decision_maker(ctx, actor, reference, "assess_risk", Task.ASSESS)
    ctx.audit(actor, "assessment_opened", loaded.reference)
    return (
        suggest(ctx.partnership.triage, loaded.concern, ctx.today()),
        current(ctx, loaded.referral.id),
    )


def assess(
    ctx: Context, actor: Actor, reference: str, level_id: str, rationale: str | None = None
) -> Assessed:
    """Record the risk level; overriding the suggestion needs a rationale."""
    loaded = access.for_decision_maker(ctx, actor, reference, "assess_risk", Task.ASSESS, lock=True)
    triage = ctx.partnership.triage
    concern = loaded.concern
    rationale = (rationale or "").strip() or None
    suggestion = suggest(triage, concern, ctx.today())
    level = triage.risk_level(level_id or "")
    if level is None:
        choices = ", ".join(r.label for r in triage.risk_levels)
        raise InvalidInput({"level": FieldProblem.rule("choose_level", choices=choices)})
    floor = _floor(triage, concern, ctx.today())
    if floor and triage.risk_rank(level.id) < triage.risk_rank(floor.level.id):
        raise InvalidInput(
            {
                "level": FieldProblem.rule(
                    "level_floor", age=floor.under_age, level=floor.level.label
                )
            }
        )
    override = level.id != suggestion.level_id
    if override and rationale is None:
        if suggestion.level_label:
            why = FieldProblem.rule(
                "override_rationale_suggested", suggested=suggestion.level_label, level=level.label
            )
        else:
            why = FieldProblem.rule("override_rationale_none", level=level.label)
        raise InvalidInput({"rationale": why})
    previous = current(ctx, loaded.referral.id)
    row = RiskAssessment(
        referral_id=loaded.referral.id,
        screening_score=concern.screening_score,
        screening_band=concern.screening_band,
        suggested_level=suggestion.level_id,
        level=level.id,
        rationale=rationale,
        assessed_by=actor.person_id,
        assessed_at=ctx.now,
        replaces_id=previous.id if previous else None,
    )
    ctx.session.add(row)
    ctx.session.flush()
    ctx.audit(
        actor,
        "risk_assessed",
        loaded.reference,
        assessment_id=row.id,
        level=level.id,
        suggested=suggestion.level_id,
        override=override,
        replaces=previous.id if previous else None,
    )
    return Assessed(loaded.reference, level.label, suggestion.level_label, override)
