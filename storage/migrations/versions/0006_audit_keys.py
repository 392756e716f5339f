"""Audit chain signed by a key kept outside the database (HMAC): key fingerprints, signed head.

Revision ID: 0006_audit_keys
Revises: 0005_outbox_rate_limited
Create Date: 2026-11-30

Events written before this have no key id and stay checkable by their plain SHA-256 chain; the
first event written with a key seals them (an `audit_key_introduced` event links to them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_audit_keys"
down_revision = "0005_outbox_rate_limited"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))
    with op.batch_alter_table("audit_head", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("signature", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_head", schema=None) as batch_op:
        batch_op.drop_column("signature")
        batch_op.drop_column("key_id")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("key_id")
