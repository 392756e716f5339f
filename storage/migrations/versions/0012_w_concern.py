"""A description of a child whose name the reporter does not know

Revision ID: 0012_w_concern
Revises: 0011_language
Create Date: 2026-11-30 18:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_w_concern"
down_revision = "0011_language"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Encrypted in Python (storage.crypto.EncryptedText), ciphertext in a text column.
    with op.batch_alter_table("concerns", schema=None) as batch_op:
        batch_op.add_column(sa.Column("child_description", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("concerns", schema=None) as batch_op:
        batch_op.drop_column("child_description")
