"""Run Alembic migrations programmatically, for `mashbot db upgrade`, start-up and tests.

Alembic is imported by the functions that use it, not here: with what it loads (Mako, and
Pygments where installed) it costs a process about 10 MB for as long as it lives. A bot starting
on a database that is already at the newest revision (every restart but the first after an
upgrade) finds that out from the scripts' text and the version table, and never loads it.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LOCK_KEY = 0x6D617368_6D6967  # "mash" "mig": one advisory lock for schema changes


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the database to the newest schema (every branch head), on the given engine.

    On PostgreSQL a transaction-level advisory lock makes replicas starting together take turns:
    the first migrates, the others wait, then find nothing left to do.
    """
    if revision == "heads" and at_newest(engine):
        return  # nothing to do (a replica migrating now has not committed: we would wait)
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:  # a table rebuilt to change a column type must not cascade to its references
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                raise RuntimeError("The migration left a broken reference; nothing was changed.")
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


def current_heads(engine: Engine) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def script_heads() -> set[str]:
    """The newest revision(s) the migration scripts define: what a migrated database is at."""
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


VERSION_TABLE = "alembic_version"  # Alembic's default, which env.py keeps


def newest_revisions() -> set[str] | None:
    """The scripts' head revisions, read from their text without loading Alembic (as
    `script_heads` would); None when a script is not of the plain kind this reads (revision
    ids as literals, no branch labels or cross-branch dependencies): then Alembic decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        found: dict[str, object] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.AnnAssign | ast.Assign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                if names and node.value is not None:
                    try:
                        found[names[0]] = ast.literal_eval(node.value)
                    except ValueError:
                        found[names[0]] = ...  # not a literal: not a script this reads
        revision, down = found.get("revision"), found.get("down_revision")
        if not isinstance(revision, str) or found.get("branch_labels") or found.get("depends_on"):
            return None
        if isinstance(down, str):
            down = (down,)
        if down is not None and not (
            isinstance(down, tuple | list) and all(isinstance(d, str) for d in down)
        ):
            return None
        revisions.add(revision)
        parents.update(down or ())
    return (revisions - parents) or None


def at_newest(engine: Engine) -> bool:
    """The database is at the scripts' newest revision(s): an upgrade would do nothing."""
    heads = newest_revisions()
    if heads is None:
        return False
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return False
        current = set(connection.scalars(text(f"SELECT version_num FROM {VERSION_TABLE}")))
    return current == heads
