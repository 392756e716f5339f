"""Claiming a referral, and a decision maker reassigning it: one owner at a time, with history.

Two triagers pressing Claim at once race on one conditional UPDATE (`... WHERE owner_id IS
NULL`): the database lets exactly one of them change the row, and the other is told who has it.
"""

from __future__ import annotations

from sqlalchemy import select, update

from storage.models import Referral, ReferralAssignment
from workflows.context import Actor, Context
from workflows.errors import InvalidInput, Task
from workflows.forms import FieldProblem
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.partnership import MASH_ROLES
from workflows.triage import access, referrals
from workflows.triage.results import ClaimResult
from workflows.triage.timescales import rag_facts


def _last_assignment(ctx: Context, referral_id: int) -> ReferralAssignment | None:
    return ctx.session.scalar(
        select(ReferralAssignment)
        .where(ReferralAssignment.referral_id == referral_id)
        .order_by(ReferralAssignment.id.desc())
        .limit(1)
    )


def claim(ctx: Context, actor: Actor, reference: str) -> ClaimResult:
    """Take an unowned referral; if someone already has it, say who (and change nothing)."""
    loaded = access.for_mash(ctx, actor, reference, "claim", lock=True)
    referral = loaded.referral
    taken = ctx.session.execute(
        update(Referral)
        .where(Referral.id == referral.id, Referral.owner_id.is_(None))
        .values(owner_id=actor.person_id, owner_since=ctx.now)
        .execution_options(synchronize_session=False)
    )
    ctx.session.refresh(referral)
    if taken.rowcount != 1:
        owner = referral.owner_id or ""
        mine = owner == actor.person_id
        # Claiming one's own case again is not a lost race: the chronology says which it was.
        ctx.audit(actor, "claim_repeated" if mine else "claim_lost", loaded.reference, owner=owner)
        return ClaimResult(
            loaded.reference,
            won=mine,
            owner_id=owner,
            owner_name=access.person_name(ctx, owner),
            already_yours=mine,
        )
    row = ReferralAssignment(
        referral_id=referral.id,
        owner_id=actor.person_id,
        kind="claim",
        assigned_by=actor.person_id,
        at=ctx.now,
    )
    ctx.session.add(row)
    ctx.session.flush()
    ctx.audit(actor, "referral_claimed", loaded.reference, assignment_id=row.id)
    referrals.refresh_card(ctx, loaded, f"assignment-{row.id}")
    return ClaimResult(loaded.reference, True, actor.person_id, actor.name)


def reassign(
    ctx: Context, actor: Actor, reference: str, to_person_id: str, reason: str
) -> ClaimResult:
    """A decision maker gives the referral to another MASH colleague, saying why."""
    loaded = access.for_decision_maker(ctx, actor, reference, "reassign", Task.REASSIGN, lock=True)
    referral = loaded.referral
    reason = (reason or "").strip()
    target = ctx.partnership.find_person(to_person_id)
    errors: dict[str, FieldProblem] = {}
    if target is None or not (set(target.roles) & MASH_ROLES):
        errors["owner"] = FieldProblem.rule("owner_not_mash")
    elif target.areas and referral.area_id not in target.areas:
        errors["owner"] = FieldProblem.rule("owner_other_area", person=target.name)
    elif target.id == referral.owner_id:
        errors["owner"] = FieldProblem.rule(
            "owner_already", person=target.name, ref=loaded.reference
        )
    if not reason:
        errors["reason"] = FieldProblem.rule("reassign_reason")
    if errors:
        raise InvalidInput(errors)
    assert target is not None
    previous = _last_assignment(ctx, referral.id)
    referral.owner_id = target.id
    referral.owner_since = ctx.now
    row = ReferralAssignment(
        referral_id=referral.id,
        owner_id=target.id,
        kind="reassign",
        assigned_by=actor.person_id,
        at=ctx.now,
        reason=reason,
        replaces_id=previous.id if previous else None,
    )
    ctx.session.add(row)
    ctx.session.flush()
    ctx.audit(
        actor,
        "referral_reassigned",
        loaded.reference,
        assignment_id=row.id,
        owner=target.id,
        previous_owner=previous.owner_id if previous else None,
    )
    level = ctx.partnership.triage.rag_level(referral.rag_level) if referral.rag_level else None
    ctx.send(
        Outgoing(
            MessageKind.REFERRAL_ASSIGNED,
            Recipient.person(target.id),
            key=f"referral:{loaded.reference}:assignment-{row.id}",
            facts={
                "reference": loaded.reference,
                "area_name": ctx.partnership.area(referral.area_id).name,
                "assigned_by_name": actor.name,
                "reason": reason,
                **rag_facts(level),
                "deadline_at": referral.deadline_at.isoformat() if referral.deadline_at else None,
            },
        )
    )
    referrals.refresh_card(ctx, loaded, f"assignment-{row.id}")
    return ClaimResult(loaded.reference, True, target.id, target.name)
