"""Insert a row, or update the one already under its key only where a condition holds.

Standard SQL has no such statement; SQLite and PostgreSQL both spell it
`INSERT ... ON CONFLICT (key) DO UPDATE SET ... WHERE ...`, each in its own SQLAlchemy dialect.
Workflows name the table, the key, the columns and the condition; this module picks the
spelling, so they stay free of SQL dialects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

# Given the table's columns and the row offered (`excluded`), whether the stored row may change.
Condition = Callable[[Any, Any], ColumnElement[bool]]


def insert_or_update_where(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    key: str,
    update: Sequence[str],
    where: Condition,
) -> None:
    """Insert each row, or, if a row with its `key` is stored, set the `update` columns to the
    row's where `where(table.c, excluded)` holds, and leave the stored row alone where it does
    not. One statement for all the rows, in the session's transaction."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement: Any = postgresql.insert(table)
    elif dialect == "sqlite":
        statement = sqlite.insert(table)
    else:  # pragma: no cover - mashbot runs on these two
        raise NotImplementedError(f"no insert-or-update for {dialect}")
    excluded = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=[table.c[key]],
        set_={name: excluded[name] for name in update},
        where=where(table.c, excluded),
    )
    session.connection().execute(statement, list(rows))
