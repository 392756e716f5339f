"""Teams: each outbox row names its platform; conversation references for proactive sends.

Revision ID: 0008_teams
Revises: 0007_data_protection
Create Date: 2026-11-30 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0008_teams"
down_revision = "0007_data_protection"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("platform", sa.String(length=20), nullable=False, server_default="slack")
        )
    op.create_table(
        "teams_conversations",
        sa.Column("conversation_id", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("service_url", sa.String(length=300), nullable=False),
        sa.Column("tenant_id", sa.String(length=80), nullable=True),
        sa.Column("bot_id", sa.String(length=200), nullable=True),
        sa.Column("person_id", sa.String(length=80), nullable=True),
        sa.Column("user_id", sa.String(length=200), nullable=True),
        sa.Column("team_id", sa.String(length=300), nullable=True),
        sa.Column("channel_id", sa.String(length=300), nullable=True),
        sa.Column("updated_at", storage.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_teams_conversations")),
    )
    with op.batch_alter_table("teams_conversations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_teams_conversations_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_teams_conversations_team_id"), ["team_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_teams_conversations_channel_id"), ["channel_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("teams_conversations")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("platform")
