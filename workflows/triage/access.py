"""Who may see and do what on a referral; every refusal is polite, specific and audited.

MASH roles work on referrals of the areas they cover; only decision makers assess, decide and
reassign; agency safeguarding leads see only the requests sent to their own agency; reporters see
only the status of their own concerns (on their Home tab).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from sqlalchemy import select, update

from storage.models import Concern, PersonRecord, Referral
from workflows.context import Actor, Context
from workflows.errors import AccessDenied, NotFound
from workflows.partnership import Role


@dataclass(frozen=True)
class Loaded:
    """A referral with the concern behind it, loaded for someone allowed to work on it."""

    referral: Referral
    concern: Concern

    @property
    def reference(self) -> str:
        return self.referral.reference


def find(ctx: Context, reference: str, *, lock: bool = False) -> Loaded:
    """The referral and its concern by reference, whoever asks (callers check access).

    With `lock`, the referral row is written to first, so two people changing one referral at
    once queue here and the second sees the first's change (a row lock on PostgreSQL, the write
    lock on SQLite) instead of both building on the same "current" row.
    """
    reference = reference.strip().upper()
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
    if row is None:
        raise NotFound(
            f"There is no referral with the reference {reference}. Check it, or type "
            "/mash queue to see open referrals."
        )
    return Loaded(row[0], row[1])


def refuse(ctx: Context, actor: Actor, subject: str | None, wanted: str, message: str) -> NoReturn:
    """Record the refusal in the audit log (it commits even though the step fails), then raise."""
    ctx.audit(actor, "access_refused", subject, wanted=wanted)
    raise AccessDenied(message)


def _not_mash_message(ctx: Context, actor: Actor, loaded: Loaded | None) -> str:
    if loaded is not None and loaded.concern.reporter_id == actor.person_id:
        return (
            f"You reported {loaded.reference}, so you can follow its status on your Home tab "
            "(type /home). Only MASH staff can open the referral itself."
        )
    if actor.has(Role.AGENCY_SAFEGUARDING_LEAD):
        return (
            "Sorry, as a safeguarding lead you can see only the requests sent to your agency, "
            "not the referral itself. Type /mash requests to see them."
        )
    return (
        "Sorry, only MASH staff can see or work on referrals. If you reported a concern, "
        "type /home to see its status."
    )


def require_mash(ctx: Context, actor: Actor, wanted: str) -> None:
    """Only MASH roles may list referrals at all."""
    if not actor.is_mash:
        refuse(ctx, actor, None, wanted, _not_mash_message(ctx, actor, None))


def for_mash(
    ctx: Context, actor: Actor, reference: str, wanted: str, *, lock: bool = False
) -> Loaded:
    """The referral, if `actor` is MASH staff covering its area; otherwise an audited refusal."""
    loaded = find(ctx, reference, lock=lock)
    if not actor.is_mash:
        refuse(ctx, actor, loaded.reference, wanted, _not_mash_message(ctx, actor, loaded))
    if not actor.covers_area(loaded.referral.area_id):
        area = ctx.partnership.area(loaded.referral.area_id).name
        refuse(
            ctx,
            actor,
            loaded.reference,
            wanted,
            f"Sorry, {loaded.reference} is a {area} referral and you do not cover {area}, "
            f"so you cannot open it. Ask the {area} MASH if you need to know more.",
        )
    return loaded


def for_decision_maker(
    ctx: Context, actor: Actor, reference: str, wanted: str, doing: str, *, lock: bool = False
) -> Loaded:
    """The referral, if `actor` is a decision maker covering its area."""
    loaded = for_mash(ctx, actor, reference, wanted, lock=lock)
    if not actor.has(Role.MASH_DECISION_MAKER):
        names = ", ".join(
            p.name
            for p in ctx.partnership.people_with(Role.MASH_DECISION_MAKER, loaded.referral.area_id)
        )
        refuse(
            ctx,
            actor,
            loaded.reference,
            wanted,
            f"Only a MASH decision maker can {doing}. Ask "
            + (names or "a MASH decision maker")
            + f" to do it for {loaded.reference}.",
        )
    return loaded


def for_owner(
    ctx: Context, actor: Actor, reference: str, wanted: str, doing: str, *, lock: bool = False
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
            f"Claim {loaded.reference} first (/mash claim {loaded.reference}), then {doing}.",
        )
    refuse(
        ctx,
        actor,
        loaded.reference,
        wanted,
        f"{person_name(ctx, owner)} owns {loaded.reference}, so only they or a decision maker "
        f"can {doing}.",
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
