"""Migration 0002_triage: matches the models on both databases, and opens referrals for old concerns."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from storage import migrate
from storage.base import Base
from storage.models import Concern, ConcernDraft, PersonRecord, Referral
from storage.session import make_engine, make_session_factory

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
    with make_session_factory(engine)() as session, session.begin():
        session.add(PersonRecord(id="ben.teacher", display_name="Ben Carter", created_at=received))
        session.flush()
        session.add(
            ConcernDraft(
                id="d1",
                reporter_id="ben.teacher",
                step="review",
                answers={},
                started_at=received,
                updated_at=received,
                submitted_reference="CSE-2026-00007",
            )
        )
        session.flush()
        session.add(
            Concern(
                reference="CSE-2026-00007",
                draft_id="d1",
                reporter_id="ben.teacher",
                reporter_agency_id="education",
                reporter_role="Teacher",
                spoke_to_safeguarding_lead=True,
                area_id="shire",
                mash_channel="mash-shire",
                immediate_danger=False,
                child_name="Invented Child",
                child_gender="female",
                what_happened="Invented.",
                when_happened="Invented.",
                where_happened="Invented.",
                screening_score=0,
                screening_band="Low",
                family_aware="yes",
                consent="given",
                received_at=received,
            )
        )
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
