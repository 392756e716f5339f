"""Legal holds: a referral under hold (litigation, an inquiry) is kept past retention."""

from __future__ import annotations

from workflows.context import Actor, Context
from workflows.errors import Reason, WorkflowError
from workflows.partnership import Role
from workflows.triage import access

MIN_REASON = 10


def _load(ctx: Context, actor: Actor, reference: str, wanted: str) -> access.Loaded:
    typed = access.normalise(reference)
    loaded = access.lookup(ctx, typed, lock=True)
    allowed = actor.has(Role.DPO) or (
        actor.has(Role.MASH_DECISION_MAKER)
        and (loaded is None or actor.covers_area(loaded.referral.area_id))
    )
    if not allowed:
        access.refuse(
            ctx, actor, loaded.reference if loaded else None, wanted, Reason.HOLD_REFUSED, ref=typed
        )
    if loaded is None:
        access.refuse_miss(ctx, actor, typed, wanted)
    return loaded


def _reason(reason: str | None, doing: str) -> str:
    text = (reason or "").strip()
    if len(text) < MIN_REASON:
        raise WorkflowError(Reason.HOLD_NEEDS_REASON, doing=doing, least=MIN_REASON)
    return text


def set_hold(ctx: Context, actor: Actor, reference: str, reason: str | None) -> str:
    """Keep the referral, its concern and its agency answers past retention until lifted."""
    text = _reason(reason, "set")
    loaded = _load(ctx, actor, reference, "legal_hold_set")
    if loaded.referral.legal_hold_since is not None:
        raise WorkflowError(Reason.ALREADY_HELD, ref=loaded.reference)
    loaded.referral.legal_hold_since = ctx.now
    loaded.referral.legal_hold_by = actor.person_id
    loaded.referral.legal_hold_reason = text
    ctx.audit(actor, "legal_hold_set", loaded.reference, reason=text)
    return loaded.reference


def lift_hold(ctx: Context, actor: Actor, reference: str, reason: str | None) -> str:
    """Let retention apply to the referral again."""
    text = _reason(reason, "lift")
    loaded = _load(ctx, actor, reference, "legal_hold_lifted")
    if loaded.referral.legal_hold_since is None:
        raise WorkflowError(Reason.NOT_HELD, ref=loaded.reference)
    loaded.referral.legal_hold_since = None
    loaded.referral.legal_hold_by = None
    loaded.referral.legal_hold_reason = None
    ctx.audit(actor, "legal_hold_lifted", loaded.reference, reason=text)
    return loaded.reference
