"""Fixtures shared by every layer: a migrated database per dialect, a controlled clock, a bot.

Every database test runs on SQLite and, when reachable, on PostgreSQL (ids say `postgresql`).
With MASHBOT_REQUIRE_POSTGRES=1 (as in CI) an unreachable PostgreSQL fails the run instead.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text, update
from sqlalchemy.engine import make_url

from bot.app import ManualClock, Mashbot, build
from bot.settings import EXAMPLE_PARTNERSHIP, Settings
from storage import migrate
from storage.base import Base
from storage.models import AuditHead
from tests.support import TEST_AUDIT_KEY, TEST_DATA_KEY
from tests.support import keyed_engine as make_engine
from workflows.audit import GENESIS

POSTGRES_ADMIN_URL = os.environ.get(
    "MASHBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("MASHBOT_REQUIRE_POSTGRES") == "1"
# The tests' audit key (invented); set before any Settings is built, and inherited by the
# `mashbot` processes tests start.
os.environ["MASHBOT_AUDIT_KEY"] = TEST_AUDIT_KEY
os.environ.pop("MASHBOT_AUDIT_KEY_FILE", None)
os.environ["MASHBOT_DATA_KEY"] = TEST_DATA_KEY
os.environ.pop("MASHBOT_DATA_KEY_FILE", None)
os.environ.pop("MASHBOT_AUDIT_CHECKPOINTS", None)


def _postgres_available() -> str | None:
    try:
        engine = create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return str(error).splitlines()[0]


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A freshly migrated throwaway database for the whole session, one per dialect."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'mashbot.db'}"
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        yield url
        return
    problem = _postgres_available()
    if problem:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required (MASHBOT_REQUIRE_POSTGRES=1) but: {problem}")
        pytest.skip(f"PostgreSQL not reachable: {problem}")
    name = f"mashbot_test_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def private_database(database_url: str, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    """A migrated database of the session's dialect for one test that may break it (drop tables)."""
    admin = None
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'private.db'}"
    else:
        name = f"mashbot_private_{secrets.token_hex(4)}"
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    migrate.upgrade(engine)
    try:
        yield url, engine
    finally:
        engine.dispose()
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def empty_tables(url: str) -> None:
    """Every row gone, as after migrating, but the audit chain's head (back at its genesis)."""
    engine = make_engine(url)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name != AuditHead.__tablename__:
                connection.execute(table.delete())
        connection.execute(
            update(AuditHead).values(
                last_event_id=0, last_hash=GENESIS, key_id=None, signature=None
            )
        )
    engine.dispose()


@pytest.fixture
def clock() -> ManualClock:
    """The test's clock: a Tuesday morning; time moves only when the test moves it."""
    return ManualClock(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        partnership_file=EXAMPLE_PARTNERSHIP,
        auto_migrate=False,
        slack_bot_token=None,
        slack_signing_secret=None,
    )


@pytest.fixture
def bot(settings: Settings, clock: ManualClock, database_url: str) -> Iterator[Mashbot]:
    """A bot on the session's database, emptied after each test."""
    instance = build(settings, clock=clock)
    try:
        yield instance
    finally:
        instance.close()
        empty_tables(database_url)


@pytest.fixture
def example_partnership_path() -> Path:
    return EXAMPLE_PARTNERSHIP
