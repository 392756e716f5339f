"""Triage sweep marks (what the clock already said, per deadline); joins the two branches.

Revision ID: 0004_sweep_marks
Revises: 0002_triage, 0003_actions
Create Date: 2026-11-25 04:25:38.282412
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0004_sweep_marks"
down_revision = ("0002_triage", "0003_actions")
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("unrated_alerted_at", storage.base.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "reminded_for_deadline", storage.base.UtcDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column(
                "escalated_for_deadline", storage.base.UtcDateTime(timezone=True), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_column("escalated_for_deadline")
        batch_op.drop_column("reminded_for_deadline")
        batch_op.drop_column("unrated_alerted_at")
