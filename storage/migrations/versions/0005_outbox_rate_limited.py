"""Outbox rows count the platform's "slow down" answers apart from failed attempts.

Revision ID: 0005_outbox_rate_limited
Revises: 0004_sweep_marks
Create Date: 2026-11-30 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_outbox_rate_limited"
down_revision = "0004_sweep_marks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("rate_limited", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("rate_limited")
