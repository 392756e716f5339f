"""Data protection: protected columns become ciphertext, child match keys, legal holds, retention.

Revision ID: 0007_data_protection
Revises: 0006_audit_keys
Create Date: 2026-11-30

Existing clear-text values are encrypted in place with the engine's data key (storage/crypto.py);
a database with rows to convert refuses to upgrade without one. Downgrading decrypts them again.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op

import storage.base
from storage import crypto

revision = "0007_data_protection"
down_revision = "0006_audit_keys"
branch_labels = None
depends_on = None

# table -> {column: (type before, nullable)}; every one holds ciphertext (Text) after.
PROTECTED: dict[str, dict[str, tuple[sa.types.TypeEngine, bool]]] = {
    "concerns": {
        "child_name": (sa.String(200), False),
        "child_dob": (sa.Date(), True),
        "school_or_setting": (sa.String(200), True),
        "what_happened": (sa.Text(), False),
        "when_happened": (sa.String(200), False),
        "where_happened": (sa.String(200), False),
        "others_involved": (sa.Text(), True),
        "other_indicator": (sa.Text(), True),
        "sharing_reason": (sa.Text(), True),
    },
    "concern_drafts": {"answers": (sa.JSON(), False)},
    "information_requests": {"question": (sa.Text(), False), "search_details": (sa.JSON(), False)},
    "information_answers": {"text": (sa.Text(), True), "held_by": (sa.String(300), True)},
    "risk_assessments": {"rationale": (sa.Text(), True)},
    "triage_decisions": {"rationale": (sa.Text(), False)},
    "outbox": {"facts": (sa.JSON(), False)},
}
KEYS = {"concern_drafts": "id"}


def _convert(encrypting: bool) -> None:
    bind = op.get_bind()
    for table, columns in PROTECTED.items():
        key = KEYS.get(table, "id")
        names = ", ".join(columns)
        rows = bind.execute(sa.text(f"SELECT {key}, {names} FROM {table}")).all()
        for row in rows:
            values = {}
            for column, value in zip(columns, row[1:], strict=True):
                if value is None:
                    continue
                text = value if isinstance(value, str) else str(value)
                label = f"{table}.{column}"
                is_cipher = text.startswith(crypto.PREFIX + ":")
                if encrypting and not is_cipher:
                    values[column] = crypto.cipher_of(bind).encrypt(text, label)
                elif not encrypting and is_cipher:
                    values[column] = crypto.cipher_of(bind).decrypt(text, label)
            if values:
                sets = ", ".join(f"{c} = :{c}" for c in values)
                bind.execute(
                    sa.text(f"UPDATE {table} SET {sets} WHERE {key} = :row_key"),
                    {**values, "row_key": row[0]},
                )


def _match_keys() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, child_name, child_dob FROM concerns")).all()
    for concern_id, name, dob in rows:
        cipher = crypto.cipher_of(bind)
        plain_dob = cipher.decrypt(dob, "concerns.child_dob") if dob else None
        match = cipher.child_match(
            cipher.decrypt(name, "concerns.child_name"),
            None if plain_dob is None else date.fromisoformat(plain_dob[:10]),
        )
        bind.execute(
            sa.text("UPDATE concerns SET child_match = :m WHERE id = :i"),
            {"m": match, "i": concern_id},
        )


def upgrade() -> None:
    for table, columns in PROTECTED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, (before, nullable) in columns.items():
                batch_op.alter_column(
                    column,
                    existing_type=before,
                    type_=sa.Text(),
                    existing_nullable=nullable,
                    postgresql_using=f"{column}::text",
                )
    with op.batch_alter_table("concerns", schema=None) as batch_op:
        batch_op.add_column(sa.Column("child_match", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("anonymised_at", storage.base.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_concerns_child_match"), ["child_match"], unique=False)
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("legal_hold_since", storage.base.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("legal_hold_by", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("legal_hold_reason", sa.Text(), nullable=True))
    for table in ("referrals", "information_requests", "action_plans"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("anonymised_at", storage.base.UtcDateTime(timezone=True), nullable=True)
            )
    op.create_table(
        "retention_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("made_at", storage.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("made_by", sa.String(length=80), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("applied_at", storage.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("applied_by", sa.String(length=80), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_reports")),
    )
    with op.batch_alter_table("retention_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_retention_reports_made_at"), ["made_at"], unique=False)
    _convert(encrypting=True)
    _match_keys()


def downgrade() -> None:
    _convert(encrypting=False)
    with op.batch_alter_table("retention_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retention_reports_made_at"))
    op.drop_table("retention_reports")
    for table in ("referrals", "information_requests", "action_plans"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("anonymised_at")
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_column("legal_hold_reason")
        batch_op.drop_column("legal_hold_by")
        batch_op.drop_column("legal_hold_since")
    with op.batch_alter_table("concerns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_concerns_child_match"))
        batch_op.drop_column("anonymised_at")
        batch_op.drop_column("child_match")
    for table, columns in PROTECTED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, (before, nullable) in columns.items():
                using = {"Date": "::date", "JSON": "::json"}.get(type(before).__name__, "")
                batch_op.alter_column(
                    column,
                    existing_type=sa.Text(),
                    type_=before,
                    existing_nullable=nullable,
                    postgresql_using=f"{column}{using}",
                )
