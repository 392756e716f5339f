"""Several replicas on one PostgreSQL: starting together on a new or an empty database."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, make_url, select, text

from bot.partnership_file import load
from bot.settings import EXAMPLE_PARTNERSHIP, PROJECT_ROOT
from storage import migrate
from storage.models import Identity, PersonRecord
from storage.session import make_engine
from tests.conftest import POSTGRES_ADMIN_URL


@pytest.fixture
def fresh_database(database_url: str) -> Iterator[str]:
    """A new, unmigrated PostgreSQL database of its own."""
    if not database_url.startswith("postgresql"):
        pytest.skip("replicas share one database only on PostgreSQL")
    name = f"mashbot_replicas_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def start_together(url: str, folder: Path, count: int, *, migrate_first: bool) -> list[str]:
    """`count` replicas released at the same instant; what each printed, if any failed."""
    folder.mkdir(parents=True, exist_ok=True)
    go = folder / "go"
    replicas = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.replica_process",
                url,
                str(go),
                "1" if migrate_first else "0",
            ],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        )
        for _ in range(count)
    ]
    go.touch()
    outputs = [r.communicate(timeout=120)[0] for r in replicas]
    assert [r.returncode for r in replicas] == [0] * count, outputs
    assert all("READY" in out for out in outputs), outputs
    return outputs


def test_three_replicas_starting_on_a_new_database_migrate_it_once(
    fresh_database: str, tmp_path: Path
) -> None:
    start_together(fresh_database, tmp_path, 3, migrate_first=True)
    engine = make_engine(fresh_database)
    try:
        heads = migrate.current_heads(engine)
        assert len(heads) == 1 and heads == migrate.script_heads()
        people = len(load(EXAMPLE_PARTNERSHIP).people)
        with engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(PersonRecord)) == people
    finally:
        engine.dispose()


def test_three_replicas_starting_on_an_empty_database_share_the_people(
    fresh_database: str, tmp_path: Path
) -> None:
    engine = make_engine(fresh_database)
    migrate.upgrade(engine)
    try:
        for round_ in range(3):  # the race is a narrow one: try it a few times
            with engine.begin() as connection:
                connection.execute(Identity.__table__.delete())
                connection.execute(PersonRecord.__table__.delete())
            start_together(fresh_database, tmp_path / str(round_), 3, migrate_first=False)
        partnership = load(EXAMPLE_PARTNERSHIP)
        with engine.connect() as connection:
            ids = set(connection.scalars(select(PersonRecord.id)))
            assert ids == {p.id for p in partnership.people}
            assert connection.scalar(select(func.count()).select_from(Identity)) > len(ids) - 1
    finally:
        engine.dispose()
