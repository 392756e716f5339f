"""What a reporter may know of their concern's progress: a status word, nothing of the case."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Referral


def reporter_statuses(session: Session, concern_ids: list[int]) -> dict[int, str]:
    """`received`, `in_triage` (someone has it) or `decided`, by concern id."""
    if not concern_ids:
        return {}
    rows = session.execute(
        select(Referral.concern_id, Referral.status, Referral.owner_id).where(
            Referral.concern_id.in_(concern_ids)
        )
    )
    return {
        concern_id: "decided" if status == "decided" else ("in_triage" if owner else "received")
        for concern_id, status, owner in rows
    }
