"""SQLite, the embedded default: its engines, its pragmas, and one writer at a time per process.

SQLite lets one connection write at a time. The others wait in its busy handler, which sleeps in
growing steps (1, 2, 5, 10… up to 100 ms) and so leaves the database idle while threads sleep:
under a burst of form steps that made most of the slow tail. Here this process's writers take
turns on a gate before SQLite's lock (`WriterGate`), and a connection gives the gate back once
its transaction has really ended, so the next writer finds SQLite's lock free.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, create_engine, event

_WRITES = ("insert", "update", "delete", "replace")

# Every commit waits until the write-ahead log is on disk (a power cut loses nothing committed),
# except on the throwaway engine's connections (`throwaway_engine`).
SYNCHRONOUS = "FULL"


class GatedConnection(sqlite3.Connection):
    """sqlite3's connection, giving its writer gate back after its commit or rollback returns.

    SQLAlchemy's commit and rollback events come before the driver's call: a gate opened there
    let the next writer in while this commit was still waiting for the disk, and that writer met
    SQLite's lock and slept in the busy handler for a millisecond or more.
    """

    gate: WriterGate | None = None
    holds_gate = False

    def commit(self) -> None:
        self._ending(super().commit)

    def rollback(self) -> None:
        self._ending(super().rollback)

    def close(self) -> None:
        self._ending(super().close)

    def _ending(self, end: Callable[[], None]) -> None:
        try:
            end()
        finally:
            self.give_gate_back()

    def give_gate_back(self) -> None:
        if self.holds_gate and self.gate is not None:
            self.holds_gate = False
            self.gate.release()


class WriterGate:
    """This process's writers take turns here before SQLite's own lock.

    A connection takes the gate at its first write statement and gives it back when its
    transaction ends (`GatedConnection`), so the next writer of this process starts at once.
    Other processes (replicas, the CLI) still meet SQLite's lock and busy timeout; a thread
    already writing on another connection is not made to wait for itself.
    """

    def __init__(self, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._owner: int | None = None

    def install(self, engine: Engine) -> None:
        event.listen(engine, "before_cursor_execute", self._before_execute)

    def _before_execute(self, _connection: Any, cursor: Any, statement: str, *_: Any) -> None:
        dbapi = cursor.connection
        if dbapi.holds_gate or not statement.lstrip()[:7].lower().startswith(_WRITES):
            return
        if self._owner == threading.get_ident():
            return  # this thread writes on another connection already: SQLite decides
        if self._lock.acquire(timeout=self.timeout):
            self._owner = threading.get_ident()
            dbapi.gate = self
            dbapi.holds_gate = True

    def release(self) -> None:
        self._owner = None
        self._lock.release()


_GATES: weakref.WeakKeyDictionary[Engine, WriterGate] = weakref.WeakKeyDictionary()
_THROWAWAY: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()
_THROWAWAY_MADE = threading.Lock()


def make_engine(url: str, echo: bool, pool: dict[str, int]) -> Engine:
    """An engine on SQLite database `url`: foreign keys, WAL, a busy timeout, commits that wait
    for the disk, and this process's writer gate for the database."""
    engine = _engine(url, echo, SYNCHRONOUS, pool)
    gate = WriterGate()
    gate.install(engine)
    _GATES[engine] = gate
    return engine


def throwaway_engine(engine: Engine) -> Engine:
    """`engine`'s companion for rows a power cut may take but a crash of mashbot never does:
    its connections commit with synchronous=NORMAL (the write reaches the operating system; the
    next commit that waits for the disk takes it along) and take the same writer gate. Made on
    first use, disposed with `engine`. An in-memory database, which no second engine can see and
    no disk holds up, is its own."""
    if engine.url.database in (None, "", ":memory:"):
        return engine
    with _THROWAWAY_MADE:
        found = _THROWAWAY.get(engine)
        if found is None:
            found = _engine(
                engine.url.render_as_string(hide_password=False),
                engine.echo,
                "NORMAL",
                {"pool_size": 5, "max_overflow": 15},
            )
            _GATES[engine].install(found)
            event.listen(engine, "engine_disposed", lambda _engine: found.dispose())
            _THROWAWAY[engine] = found
    return found


def _engine(url: str, echo: bool, synchronous: str, pool: dict[str, int]) -> Engine:
    """`hide_parameters`: a database error's message must never carry a query's values into a
    log (they may be a child's name, date of birth or what happened)."""
    engine = create_engine(
        url,
        echo=echo,
        hide_parameters=True,
        connect_args={"timeout": 30, "factory": GatedConnection},
        **({} if ":memory:" in url else pool),
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if ":memory:" not in url:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    return engine
