"""The databases a benchmark runs on: SQLite always, PostgreSQL when it answers (one place)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES = os.environ.get(
    "MASHBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def databases(sqlite_url: str, sqlite_only: bool) -> list[tuple[str, str, str | None]]:
    """(label, url, admin url) for each database to measure; says so when PostgreSQL is away."""
    found: list[tuple[str, str, str | None]] = [("SQLite", sqlite_url, None)]
    if sqlite_only:
        return found
    try:
        engine = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable": say so
        print(f"PostgreSQL not reachable ({str(error).splitlines()[0]}); SQLite only.")
        return found
    return [*found, ("PostgreSQL", POSTGRES, POSTGRES)]


@contextmanager
def throwaway_database(url: str, admin: str | None) -> Iterator[str]:
    """`url` itself for SQLite; on PostgreSQL (`admin` given) a database made for this run, its
    URL yielded, dropped afterwards whatever happened."""
    if admin is None:
        yield url
        return
    name = f"mashbot_bench_{secrets.token_hex(4)}"
    with create_engine(admin, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with create_engine(admin, isolation_level="AUTOCOMMIT").connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
