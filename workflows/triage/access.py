"""Who may see and do what on a referral; every refusal is polite, specific and audited.

MASH roles work on referrals of the areas they cover; only decision makers assess, decide and
reassign; agency safeguarding leads see only the requests sent to their own agency; reporters see
only the status of their own concerns. Someone who may not open a referral gets the same
answer whether it exists or not, so a refusal never confirms a reference; misses are audited too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from sqlalchemy import select, update

from storage.models import Concern, PersonRecord, Referral
from workflows.context import Actor, Context
from workflows.errors import AccessDenied, Reason, Task
from workflows.partnership import Role


@dataclass(frozen=True)
class Loaded:
    """A referral with the concern behind it, loaded for someone allowed to work on it."""

    referral: Referral
    concern: Concern

    @property
    def reference(self) -> str:
        return self.referral.reference


def _lookup(ctx: Context, reference: str, *, lock: bool) -> Loaded | None:
    """The referral and its concern by normalised reference, or None.

    With `lock`, the referral row is written to first, so two people changing one referral at
    once queue here and the second sees the first's change (a row lock on PostgreSQL, the write
    lock on SQLite) instead of both building on the same "current" row.
    """
    if lock:
        ctx.session.execute(
            update(Referral)
            .where(Referral.reference == reference)
            .values(status=Referral.status)
            .execution_options(synchronize_session=False)
        )
    row = ctx.session.execute(
        select(Referral, Concern)
        .join(Concern, Concern.id == Referral.concern_id)
        .where(Referral.reference == reference)
        .execution_options(populate_existing=True)
    ).first()
    return Loaded(row[0], row[1]) if row is not None else None


def normalise(reference: str) -> str:
    """A reference as typed (any case, spaces around), as stored; cut short so a mistyped
    paragraph never reaches the audit log whole."""
    return reference.strip().upper()[:40]


def lookup(ctx: Context, reference: str, *, lock: bool = False) -> Loaded | None:
    """The referral and its concern by reference as typed, whoever asks (callers check access)."""
    return _lookup(ctx, normalise(reference), lock=lock)


def refuse(
    ctx: Context, actor: Actor, subject: str | None, wanted: str, reason: Reason, **facts: object
) -> NoReturn:
    """Record the refusal in the audit log (it commits even though the step fails), then raise."""
    ctx.audit(actor, "access_refused", subject, wanted=wanted, reason=reason.value)
    raise AccessDenied(reason, **facts)


def refuse_miss(ctx: Context, actor: Actor, reference: str, wanted: str) -> NoReturn:
    """No referral `reference` that `actor` may open: one answer for missing and not theirs."""
    ctx.audit(
        actor,
        "access_refused",
        None,
        wanted=wanted,
        reason=Reason.REFERRAL_NOT_FOUND.value,
        reference=reference,
    )
    raise AccessDenied(Reason.REFERRAL_NOT_FOUND, ref=reference)


def _refuse_not_mash(
    ctx: Context, actor: Actor, wanted: str, typed: str | None, loaded: Loaded | None
) -> NoReturn:
    """A person without a MASH role: what they may do instead, the same whether `typed` exists
    (unless they reported it themselves, and so know it does)."""
    subject = loaded.reference if loaded is not None else None
    if loaded is not None and loaded.concern.reporter_id == actor.person_id:
        refuse(ctx, actor, subject, wanted, Reason.NOT_MASH_REPORTER, ref=loaded.reference)
    reason = (
        Reason.NOT_MASH_AGENCY_LEAD if actor.has(Role.AGENCY_SAFEGUARDING_LEAD) else Reason.NOT_MASH
    )
    extra = {"reference": typed} if typed is not None and subject is None else {}
    ctx.audit(actor, "access_refused", subject, wanted=wanted, reason=reason.value, **extra)
    raise AccessDenied(reason)


def require_mash(ctx: Context, actor: Actor, wanted: str) -> None:
    """Only MASH roles may list referrals at all."""
    if not actor.is_mash:
        _refuse_not_mash(ctx, actor, wanted, None, None)


def for_mash(
    ctx: Context, actor: Actor, reference: str, wanted: str, *, lock: bool = False
) -> Loaded:
    """The referral, if `actor` is MASH staff covering its area; otherwise an audited refusal
    that says the same for a reference that does not exist."""
    typed = normalise(reference)
    loaded = _lookup(ctx, typed, lock=lock and actor.is_mash)
    if not actor.is_mash:
        _refuse_not_mash(ctx, actor, wanted, typed, loaded)
    if loaded is None:
        refuse_miss(ctx, actor, typed, wanted)
    if not actor.covers_area(loaded.referral.area_id):
        ctx.audit(
            actor,
            "access_refused",
            loaded.reference,
            wanted=wanted,
            reason=Reason.REFERRAL_NOT_FOUND.value,
        )
        raise AccessDenied(Reason.REFERRAL_NOT_FOUND, ref=typed)
    return loaded


def for_decision_maker(
    ctx: Context, actor: Actor, reference: str, wanted: str, task: Task, *, lock: bool = False
) -> Loaded:
    """The referral, if `actor` is a decision maker covering its area."""
    loaded = for_mash(ctx, actor, reference, wanted, lock=lock)
    if not actor.has(Role.MASH_DECISION_MAKER):
        names = [
            p.name
            for p in ctx.partnership.people_with(Role.MASH_DECISION_MAKER, loaded.referral.area_id)
        ]
        refuse(
            ctx,
            actor,
            loaded.reference,
            wanted,
            Reason.DECISION_MAKERS_ONLY,
            ref=loaded.reference,
            task=task,
            names=names,
        )
    return loaded


def for_owner(
    ctx: Context, actor: Actor, reference: str, wanted: str, task: Task, *, lock: bool = False
) -> Loaded:
    """The referral, if `actor` owns it or is a decision maker covering its area."""
    loaded = for_mash(ctx, actor, reference, wanted, lock=lock)
    owner = loaded.referral.owner_id
    if actor.has(Role.MASH_DECISION_MAKER) or owner == actor.person_id:
        return loaded
    if owner is None:
        refuse(
            ctx,
            actor,
            loaded.reference,
            wanted,
            Reason.CLAIM_FIRST,
            ref=loaded.reference,
            task=task,
        )
    refuse(
        ctx,
        actor,
        loaded.reference,
        wanted,
        Reason.OWNED_BY_OTHER,
        ref=loaded.reference,
        owner=person_name(ctx, owner),
        task=task,
    )


def person_name(ctx: Context, person_id: str | None) -> str:
    """A person's name from the partnership file, or as they were first seen."""
    if person_id is None:
        return "nobody"
    listed = ctx.partnership.find_person(person_id)
    if listed is not None:
        return listed.name
    record = ctx.session.get(PersonRecord, person_id)
    return record.display_name if record else person_id
