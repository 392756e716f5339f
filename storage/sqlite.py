"""SQLite, the embedded default: its engines, its pragmas, one writer at a time per process, and
commits that wait for the disk together.

SQLite lets one connection write at a time. The others wait in its busy handler, which sleeps in
growing steps (1, 2, 5, 10… up to 100 ms) and so leaves the database idle while threads sleep:
under a burst of form steps that made most of the slow tail. Here this process's writers take
turns on a gate before SQLite's lock (`WriterGate`), and a connection gives the gate back once
its transaction has really ended, so the next writer finds SQLite's lock free.

A commit returns only once what it wrote is on disk, as with synchronous=FULL, but the wait is
shared (`WalSync`): SQLite writes the transaction to the write-ahead log without waiting
(synchronous=NORMAL), the writer gate passes to the next writer at once, and the committing
thread then waits for one flush of the log to disk that began after its commit. Under a burst,
one flush serves every commit made while the one before it ran; with FULL, each commit flushed
on its own while holding the only write lock (about 1 ms of the disk's time and 0.15 ms of CPU
each: most of a form step's turn at the gate).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, create_engine, event

_WRITES = ("insert", "update", "delete", "replace")

# Every commit waits until the write-ahead log is on disk (a power cut loses nothing committed):
# SQLite writes without waiting and `WalSync` flushes the log for the commits made meanwhile.
# A database not in WAL mode (a file system without shared memory) commits with FULL instead.
# The throwaway engine's connections (`throwaway_engine`) do not wait.
SYNCHRONOUS = "NORMAL"
WITHOUT_WAL = "FULL"


class WalSync:
    """One database's write-ahead log flushed to disk for every commit of this process waiting.

    A thread that has just committed calls `wait`, which returns once a flush that began after
    the call has finished: the leader flushes, the threads that arrive meanwhile wait for the
    next flush and share it. The log only grows at its end (or starts again at its beginning
    after a checkpoint), so a flush after a commit holds that commit and everything before it,
    whichever connection or process wrote it. A flush that fails leaves what is on disk
    unknown (Linux may drop the pages it could not write), so, as PostgreSQL does, every commit
    after it fails too, until the process is restarted.
    """

    def __init__(self, wal_path: str) -> None:
        self.wal_path = wal_path
        self._turn = threading.Condition()
        self._begun = 0  # flushes begun
        self._ended = 0  # flushes ended
        self._failure: OSError | None = None

    def wait(self) -> None:
        """Return once the log, as it stands now, is on disk; raise if it cannot be."""
        with self._turn:
            wanted = self._begun + 1  # a flush under way may have begun before this commit
            while self._ended < wanted and self._failure is None:
                if self._begun > self._ended:
                    self._turn.wait()
                    continue
                self._begun += 1
                number = self._begun
                self._turn.release()
                try:
                    self._flush()
                except OSError as error:
                    self._failure = error
                finally:
                    self._turn.acquire()
                    self._ended = number
                    self._turn.notify_all()
            if self._failure is not None:
                raise sqlite3.OperationalError(
                    f"the database's write-ahead log could not be written to disk: {self._failure}"
                )

    def _flush(self) -> None:
        # Opened by name each time: SQLite may delete the log when its last connection closes
        # and make a new one, and a descriptor kept would then flush a file nobody writes.
        descriptor = os.open(self.wal_path, os.O_RDWR)
        try:
            _SYNC(descriptor)
        finally:
            os.close(descriptor)


# What SQLite itself calls to flush a file: fdatasync where there is one (Linux), else fsync.
_SYNC = getattr(os, "fdatasync", os.fsync)


class GatedConnection(sqlite3.Connection):
    """sqlite3's connection, giving its writer gate back after its commit or rollback returns,
    and returning from a commit that wrote only once the log is on disk (`WalSync`).

    SQLAlchemy's commit and rollback events come before the driver's call: a gate opened there
    let the next writer in while this commit was still waiting for the disk, and that writer met
    SQLite's lock and slept in the busy handler for a millisecond or more.
    """

    gate: WriterGate | None = None
    holds_gate = False
    wal_sync: WalSync | None = None  # None: SQLite's own synchronous setting decides

    def commit(self) -> None:
        # The driver begins a transaction only before a write: none open, nothing to flush.
        wrote = self.in_transaction
        self._ending(super().commit)
        if wrote and self.wal_sync is not None:
            self.wal_sync.wait()  # after the gate is given back: the next writer goes on

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
    for the disk (together), and this process's writer gate for the database."""
    engine = _engine(url, echo, SYNCHRONOUS, pool, durable=True)
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


def _engine(
    url: str, echo: bool, synchronous: str, pool: dict[str, int], durable: bool = False
) -> Engine:
    """`durable`: every commit that wrote waits for the log to be on disk (`WalSync`, or FULL
    where the database is not in WAL mode).

    `hide_parameters`: a database error's message must never carry a query's values into a
    log (they may be a child's name, date of birth or what happened)."""
    engine = create_engine(
        url,
        echo=echo,
        hide_parameters=True,
        connect_args={"timeout": 30, "factory": GatedConnection},
        **({} if ":memory:" in url else pool),
    )

    flushes: list[WalSync] = []  # made with the first connection: one per engine, so per file
    making = threading.Lock()

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        wal = ":memory:" not in url and _journal(cursor, "WAL") == "wal"
        if durable and wal:
            with making:
                if not flushes:
                    path = cursor.execute("PRAGMA database_list").fetchone()[2]
                    flushes.append(WalSync(f"{path}-wal"))
            dbapi_connection.wal_sync = flushes[0]
        cursor.execute(f"PRAGMA synchronous={synchronous if wal or not durable else WITHOUT_WAL}")
        cursor.close()

    return engine


def _journal(cursor: sqlite3.Cursor, mode: str) -> str:
    """Ask for journal mode `mode`; SQLite answers with the mode it is in (a file system that
    cannot share memory between processes keeps its rollback journal)."""
    return str(cursor.execute(f"PRAGMA journal_mode={mode}").fetchone()[0]).lower()
