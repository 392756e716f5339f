"""Migration 0002_triage: matches the models on both databases, and opens referrals for old concerns."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from storage import migrate
from storage.base import Base
from storage.models import Concern, ConcernDraft, Referral
from storage.session import make_session_factory
from tests.conftest import POSTGRES_ADMIN_URL
from tests.support import keyed_engine as make_engine

TRIAGE_TABLES = {
    "referrals",
    "referral_assignments",
    "referral_urgencies",
    "information_requests",
    "information_answers",
    "information_request_chases",
    "risk_assessments",
    "triage_decisions",
    "mase_referrals",
}


def _tables(diff: tuple | list) -> set[str]:
    """The tables one autogenerate difference touches (strings name tables in column diffs)."""
    names: set[str] = set()
    for item in diff if isinstance(diff, list) else [diff]:
        for part in item[1:]:
            if isinstance(part, str):
                names.add(part)
            elif getattr(part, "table", None) is not None:
                names.add(part.table.name)  # an index, a column or a constraint
            elif hasattr(part, "columns"):
                names.add(part.name)  # a table
    return names


def test_the_migrated_schema_matches_the_triage_models(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        heads = migrate.current_heads(engine)
        assert len(heads) == 1 and heads == migrate.script_heads()  # one head: branches joined
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert [d for d in diffs if _tables(d) & TRIAGE_TABLES] == []


def test_the_migrated_schema_matches_every_model(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diffs == []


def test_concerns_sent_before_triage_get_a_referral(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine, "0001_initial")
    received = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    _old_concern(engine, received, "0001_initial")
    migrate.upgrade(engine)
    with make_session_factory(engine)() as session:
        referral = session.scalar(select(Referral))
    engine.dispose()
    assert (referral.reference, referral.area_id, referral.status, referral.owner_id) == (
        "CSE-2026-00007",
        "shire",
        "open",
        None,
    )
    assert referral.opened_at == received


def _old_concern(engine, received: datetime, revision: str) -> None:  # type: ignore[no-untyped-def]
    """A concern as an older schema stored it: plain SQL, every detail in clear text."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO people (id, display_name, from_partnership_file, created_at) "
                "VALUES ('ben.teacher', 'Ben Carter', false, :at)"
            ),
            {"at": received},
        )
        connection.execute(
            text(
                "INSERT INTO concern_drafts (id, reporter_id, step, answers, started_at, "
                "updated_at, submitted_reference) VALUES ('d1', 'ben.teacher', 'review', "
                ":answers, :at, :at, 'CSE-2026-00007')"
            ),
            {"at": received, "answers": '{"child_name": "Invented Child"}'},
        )
        connection.execute(
            text(
                "INSERT INTO concerns (reference, draft_id, reporter_id, reporter_agency_id, "
                "reporter_role, spoke_to_safeguarding_lead, area_id, mash_channel, "
                "immediate_danger, exploitation_type, child_name, child_dob, child_gender, "
                "what_happened, when_happened, where_happened, indicators, screening_score, "
                "screening_band, family_aware, consent, status, received_at) VALUES "
                "('CSE-2026-00007', 'd1', 'ben.teacher', 'education', 'Teacher', true, 'shire', "
                "'mash-shire', false, 'CSE', 'Invented Child', :dob, 'female', "
                "'Invented narrative.', 'Invented.', 'Invented.', '[]', 0, 'Low', 'yes', "
                "'given', 'received', :at)"
            ),
            {"at": received, "dob": date(2011, 5, 2)},
        )


@pytest.fixture
def empty_database(database_url: str, tmp_path) -> Iterator[str]:  # noqa: ANN001
    """An empty database (no tables) of the session's dialect, dropped after the test."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'clear.db'}"
        return
    name = f"mashbot_clear_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_the_data_protection_migration_encrypts_clear_text_rows(empty_database: str) -> None:
    engine = make_engine(empty_database)
    migrate.upgrade(engine, "0006_audit_keys")
    received = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    _old_concern(engine, received, "0006_audit_keys")
    migrate.upgrade(engine)
    with engine.connect() as connection:
        raw = connection.execute(
            text("SELECT child_name, child_dob, what_happened, child_match FROM concerns")
        ).one()
        draft = connection.execute(text("SELECT answers FROM concern_drafts")).scalar_one()
    assert all(str(value).startswith("v1:") for value in raw[:3])
    assert "Invented" not in " ".join(map(str, raw)) and "Invented" not in draft
    with make_session_factory(engine)() as session:
        concern = session.scalar(select(Concern))
        stored_draft = session.get(ConcernDraft, "d1")
    engine.dispose()
    assert (concern.child_name, concern.child_dob) == ("Invented Child", date(2011, 5, 2))
    assert concern.what_happened == "Invented narrative."
    assert stored_draft.answers == {"child_name": "Invented Child"}
    assert concern.child_match == raw[3] and raw[3]
