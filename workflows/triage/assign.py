"""Assigning a referral by what a person types, on every platform: the colleague by email."""

from __future__ import annotations

from workflows.context import Actor, Context
from workflows.partnership import Partnership
from workflows.triage import claim
from workflows.triage.results import ClaimResult


def person_with_email(partnership: Partnership, email: str) -> str | None:
    """The partnership person id listed with `email` (any case), or None."""
    wanted = email.strip().lower()
    return next(
        (p.id for p in partnership.people if wanted and (p.email or "").lower() == wanted), None
    )


def reassign_to_email(
    ctx: Context, actor: Actor, reference: str, email: str, reason: str
) -> ClaimResult:
    """claim.reassign to the person with `email`; an address nobody has is refused there."""
    person_id = person_with_email(ctx.partnership, email)
    return claim.reassign(ctx, actor, reference, person_id or email.strip().lower(), reason)
