"""Opening the MASH referral for a concern, in the transaction that stores the concern."""

from __future__ import annotations

from sqlalchemy.orm import Session

from storage.models import Concern, Referral


def open_referral(session: Session, concern: Concern) -> Referral:
    """Open the referral so that claims can race on its owner column from the first moment."""
    referral = Referral(
        concern_id=concern.id,
        reference=concern.reference,
        area_id=concern.area_id,
        status="open",
        opened_at=concern.received_at,
    )
    session.add(referral)
    session.flush()
    return referral
