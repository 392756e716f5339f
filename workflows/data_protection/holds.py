"""Legal holds: a referral under hold (litigation, an inquiry) is kept past retention."""

from __future__ import annotations

from workflows.context import Actor, Context
from workflows.errors import AccessDenied, WorkflowError
from workflows.partnership import Role
from workflows.triage import access

MIN_REASON = 10


def _load(ctx: Context, actor: Actor, reference: str, wanted: str) -> access.Loaded:
    loaded = access.find(ctx, reference, lock=True)
    allowed = actor.has(Role.DPO) or (
        actor.has(Role.MASH_DECISION_MAKER) and actor.covers_area(loaded.referral.area_id)
    )
    if not allowed:
        ctx.audit(actor, "access_refused", loaded.reference, wanted=wanted)
        raise AccessDenied(
            "Only the data protection officer or a MASH decision maker for the area can set or "
            f"lift a legal hold on {loaded.reference}."
        )
    return loaded


def _reason(reason: str | None, doing: str) -> str:
    text = (reason or "").strip()
    if len(text) < MIN_REASON:
        raise WorkflowError(
            f"Say why you {doing} the hold (at least {MIN_REASON} characters), e.g. "
            '`--reason "Civil claim notified by legal services"`. Nothing was changed.'
        )
    return text


def set_hold(ctx: Context, actor: Actor, reference: str, reason: str | None) -> str:
    """Keep the referral, its concern and its agency answers past retention until lifted."""
    text = _reason(reason, "set")
    loaded = _load(ctx, actor, reference, "legal_hold_set")
    if loaded.referral.legal_hold_since is not None:
        raise WorkflowError(f"{loaded.reference} is already under a legal hold. Nothing changed.")
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
        raise WorkflowError(f"{loaded.reference} is not under a legal hold. Nothing changed.")
    loaded.referral.legal_hold_since = None
    loaded.referral.legal_hold_by = None
    loaded.referral.legal_hold_reason = None
    ctx.audit(actor, "legal_hold_lifted", loaded.reference, reason=text)
    return loaded.reference
