"""Insert a row, or update the one already under its key only where a condition holds.

Standard SQL has no such statement; SQLite and PostgreSQL both spell it
`INSERT ... ON CONFLICT (key) DO UPDATE SET ... WHERE ...`, each in its own SQLAlchemy dialect.
Workflows name the table, the key, the columns and the condition; this module picks the
spelling, so they stay free of SQL dialects.
"""

from __future__ import annotations

import functools
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
    not. One statement for all the rows, in the session's transaction.

    `where` is best a function of the module's own (not a lambda made on each call): the
    statement is then built once per database kind and reused.
    """
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    statement = _statement(dialect, table, key, tuple(update), where)
    session.connection().execute(statement, list(rows))


@functools.lru_cache(maxsize=32)
def _statement(
    dialect: str, table: Table, key: str, update: tuple[str, ...], where: Condition
) -> Any:
    """The statement, built once: building it (the `excluded` columns above all) cost more
    than writing a row, on every batch of form steps kept (bot/keeping.py). Statements are
    immutable once built, so threads may share one."""
    if dialect == "postgresql":
        statement: Any = postgresql.insert(table)
    elif dialect == "sqlite":
        statement = sqlite.insert(table)
    else:  # pragma: no cover - mashbot runs on these two
        raise NotImplementedError(f"no insert-or-update for {dialect}")
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[table.c[key]],
        set_={name: excluded[name] for name in update},
        where=where(table.c, excluded),
    )
