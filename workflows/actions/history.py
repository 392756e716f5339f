"""An action's history, and the one way a board rating is written: as part of an `ActionUpdate`.

`ActionRag` holds only the latest rating of each period, for quick queries. Every rating it has
ever held is also an `ActionUpdate` row (imported, update, no change) naming who gave it, when and
from where, so a rating that is replaced is never lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from storage.models import ActionRag, ActionUpdate


@dataclass(frozen=True)
class RatingGiven:
    """One rating of one period, as the history holds it."""

    period: str
    rag: str
    kind: str
    by_id: str
    at: datetime
    entry_point: str


def record(session: Session, update: ActionUpdate) -> ActionUpdate:
    """Store an update; one that carries a period's rating makes it the period's current RAG."""
    session.add(update)
    if update.rag is not None and update.period is not None:
        current = session.scalar(
            select(ActionRag).where(
                ActionRag.action_id == update.action_id, ActionRag.period == update.period
            )
        )
        if current is None:
            session.add(
                ActionRag(
                    action_id=update.action_id,
                    period=update.period,
                    rating=update.rag,
                    recorded_at=update.at,
                    recorded_by=update.by_id,
                )
            )
        else:
            current.rating, current.recorded_at, current.recorded_by = (
                update.rag,
                update.at,
                update.by_id,
            )
    session.flush()
    return update


def record_first(session: Session, updates: list[dict[str, Any]]) -> None:
    """Store the first updates of new actions (an import): each rating becomes its period's RAG.

    The actions have no ratings yet, so nothing is looked up; rows are inserted in bulk.
    """
    if not updates:
        return
    columns = {c.key for c in ActionUpdate.__table__.columns} - {"id"}
    session.execute(
        insert(ActionUpdate.__table__), [{c: u.get(c) for c in columns} for u in updates]
    )
    ratings = [
        {
            "action_id": u["action_id"],
            "period": u["period"],
            "rating": u["rag"],
            "recorded_at": u["at"],
            "recorded_by": u["by_id"],
        }
        for u in updates
        if u.get("rag") is not None and u.get("period") is not None
    ]
    if ratings:
        session.execute(insert(ActionRag.__table__), ratings)


def ratings_given(session: Session, action_id: int) -> list[RatingGiven]:
    """Every rating the action has been given, oldest first, replaced ones included."""
    rows = session.scalars(
        select(ActionUpdate)
        .where(
            ActionUpdate.action_id == action_id,
            ActionUpdate.rag.is_not(None),
            ActionUpdate.period.is_not(None),
        )
        .order_by(ActionUpdate.id)
    )
    return [
        RatingGiven(row.period or "", row.rag or "", row.kind, row.by_id, row.at, row.entry_point)
        for row in rows
    ]
