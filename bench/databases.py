"""The databases a benchmark runs on: SQLite always, PostgreSQL when it answers (one place)."""

from __future__ import annotations

import os

from sqlalchemy import create_engine, text

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
