"""How many times a concern draft has been kept, so a late keep never replaces a later one

Revision ID: 0013_draft_revision
Revises: 0012_w_concern
Create Date: 2026-12-01 10:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_draft_revision"
down_revision = "0012_w_concern"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("concern_drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("concern_drafts", schema=None) as batch_op:
        batch_op.drop_column("revision")
