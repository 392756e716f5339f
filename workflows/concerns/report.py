"""Sending a concern: store it, audit it, tell the reporter and the area's MASH, all at once."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from storage.models import Concern
from workflows.concerns import drafts, form
from workflows.concerns.screening import screen
from workflows.context import Actor, Context
from workflows.errors import InvalidInput
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.references import next_reference
from workflows.triage.opening import open_referral
from workflows.triage.referrals import mash_card_facts
from workflows.triage_settings import RagClock, TriageSettings

# Roughly how long an hour of each clock takes in real time, to find the slowest timescale.
_CLOCK_SPAN = {RagClock.WORKING_HOURS: 3.0, RagClock.WORKING_DAYS: 1.4, RagClock.CALENDAR: 1.0}


@dataclass(frozen=True)
class ConcernReported:
    reference: str
    area_name: str
    mash_phone: str
    already_sent: bool = False
    immediate_danger: bool = False
    emergency_number: str = "999"


def submit(ctx: Context, actor: Actor, draft_id: str) -> ConcernReported:
    """Send a complete draft; sending the same draft again returns the first reference."""
    draft = drafts.load(ctx, actor, draft_id)
    if draft.submitted_reference:
        concern = ctx.session.scalar(
            select(Concern).where(Concern.reference == draft.submitted_reference)
        )
        assert concern is not None
        area = ctx.partnership.area(concern.area_id)
        return ConcernReported(
            concern.reference,
            area.name,
            area.mash_phone,
            already_sent=True,
            immediate_danger=concern.immediate_danger,
            emergency_number=ctx.partnership.emergency_number,
        )

    answers = draft.answers
    errors: dict[str, str] = {}
    first_bad_step = None
    agency_id = form.known_agency(ctx.partnership, actor.agency_id)
    for step in form.steps(ctx.partnership, answers, agency_id):
        step_errors = form.validate_step(step, answers, ctx.today())
        if step_errors and first_bad_step is None:
            first_bad_step = step.id
        errors.update(step_errors)
    if errors:
        draft.step = first_bad_step or draft.step
        raise InvalidInput(errors)

    ticked = form.indicators_ticked(answers)
    other = (answers.get("other_indicator") or "").strip() or None
    result = screen(ctx.partnership.screening, ticked, other is not None)
    area = ctx.partnership.area(answers["area"])
    reference = next_reference(ctx.session, ctx.partnership.reference_prefix, ctx.now.year)
    dob = answers.get("child_dob")
    age = answers.get("child_age")
    concern = Concern(
        reference=reference,
        draft_id=draft.id,
        reporter_id=actor.person_id,
        reporter_agency_id=agency_id or answers["reporter_agency"],
        reporter_role=answers["reporter_role"].strip(),
        spoke_to_safeguarding_lead=answers["spoke_to_lead"] == "yes",
        area_id=area.id,
        mash_channel=ctx.partnership.mash_channel_for(area.id),
        immediate_danger=answers["immediate_danger"] == "yes",
        exploitation_type=ctx.partnership.exploitation_types[0],
        child_name=form.answer_or_not_known(answers, "child_name"),
        child_description=(answers.get("child_description") or "").strip() or None,
        child_dob=form.parse_date(dob) if dob else None,
        child_age=int(age) if age not in (None, "") else None,
        child_gender=answers["child_gender"],
        school_or_setting=(answers.get("school_or_setting") or "").strip() or None,
        what_happened=answers["what_happened"].strip(),
        when_happened=form.answer_or_not_known(answers, "when_happened"),
        where_happened=form.answer_or_not_known(answers, "where_happened"),
        others_involved=(answers.get("others_involved") or "").strip() or None,
        indicators=list(dict.fromkeys(ticked)),
        other_indicator=other,
        screening_score=result.score,
        screening_band=result.band,
        family_aware=answers["family_aware"],
        consent=answers["consent"],
        sharing_reason=(answers.get("sharing_reason") or "").strip() or None,
        status="received",
        received_at=ctx.now,
    )
    ctx.session.add(concern)
    draft.submitted_reference = reference
    draft.updated_at = ctx.now
    ctx.session.flush()
    open_referral(ctx.session, concern)
    ctx.audit(
        actor,
        "concern_reported",
        reference,
        area=area.id,
        immediate_danger=concern.immediate_danger,
        sharing_basis=concern.consent,
        sharing_reason_recorded=concern.sharing_reason is not None,
    )
    agency = ctx.partnership.agency(concern.reporter_agency_id)
    ctx.send(
        Outgoing(
            MessageKind.CONCERN_RECEIPT,
            Recipient.person(actor.person_id),
            key=f"concern:{reference}:receipt",
            facts={
                "reference": reference,
                "area_name": area.name,
                "mash_phone": area.mash_phone,
                "emergency_number": ctx.partnership.emergency_number,
                "immediate_danger": concern.immediate_danger,
                "decision_within": longest_wait(ctx.partnership.triage),
            },
        )
    )
    ctx.send(
        Outgoing(
            MessageKind.CONCERN_FOR_MASH,
            Recipient.channel(concern.mash_channel),
            key=f"concern:{reference}:mash-card",
            facts=mash_card_facts(concern, area.name, agency.name),
        )
    )
    return ConcernReported(
        reference,
        area.name,
        area.mash_phone,
        immediate_danger=concern.immediate_danger,
        emergency_number=ctx.partnership.emergency_number,
    )


def longest_wait(triage: TriageSettings) -> dict[str, object]:
    """The slowest decision timescale: all a receipt may promise (a rating may make it sooner)."""
    level = max(triage.rag, key=lambda r: r.hours * _CLOCK_SPAN[r.clock])
    return {"hours": level.hours, "clock": level.clock.value}
