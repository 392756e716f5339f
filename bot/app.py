"""The application factory: settings in, a running bot's parts out; nothing is built at import."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from bot import logs, partnership_file
from bot.actor_cache import ActorCache
from bot.keeping import StepKeeper
from bot.settings import Settings
from storage import crypto, migrate
from storage import keys as key_store
from storage.keys import KeyConfigError
from storage.models import AuditHead
from storage.session import make_engine, make_session_factory, make_unconnected_session_factory
from workflows.audit import AuditLogSetup
from workflows.context import Context
from workflows.errors import AccessDenied
from workflows.partnership import Partnership
from workflows.people import sync_partnership_people

log = logging.getLogger("mashbot")


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class ManualClock:
    """A clock that moves only when told: the demo's and the tests' time, to the minute."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def set(self, moment: datetime) -> None:
        self.now = moment


@dataclass
class Mashbot:
    """One bot: settings, the partnership, the database and the clock every workflow is given."""

    settings: Settings
    partnership: Partnership
    engine: Engine
    sessions: sessionmaker[Session]
    audit_log: AuditLogSetup
    clock: Callable[[], datetime] = system_clock
    actors: ActorCache = field(default_factory=ActorCache)  # platform ids → actors, briefly
    # Form steps written just after their answer (bot/keeping.py).
    later: StepKeeper = field(init=False)
    _unconnected: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.later = StepKeeper(self.unit_of_work)
        self._unconnected = make_unconnected_session_factory(self.engine)

    def _context(self, session: Session, entry_point: str) -> Context:
        return Context(
            session=session,
            partnership=self.partnership,
            now=self.clock(),
            entry_point=entry_point,
            audit_log=self.audit_log,
        )

    @contextmanager
    def without_database(self, entry_point: str) -> Iterator[Context]:
        """A workflow context whose session refuses to be used (`storage.session.NeedsDatabase`
        at its first query or write, before any connection is taken): for work an event loop
        may do itself when it needs no database, done again in `unit_of_work` when it does."""
        with self._unconnected() as session:
            yield self._context(session, entry_point)

    @contextmanager
    def unit_of_work(self, entry_point: str) -> Iterator[Context]:
        """A workflow context in one transaction; the outbox rows commit with the change.

        Any error rolls everything back, except a refusal: its audit event is part of the record.
        The transaction begins with the first use of the session: a unit of work that never
        touches it (opening a new form draws it from the partnership alone) has nothing to
        begin or commit.
        """
        with self.sessions() as session:
            ctx = self._context(session, entry_point)
            try:
                yield ctx
            except AccessDenied:
                if session.in_transaction():
                    session.commit()
                raise
            except BaseException:
                session.rollback()
                raise
            if session.in_transaction():
                session.commit()

    def close(self) -> None:
        self.later.stop()  # form steps still waiting are written first
        self.engine.dispose()


def freeze_startup_objects() -> None:
    """Before serving: what start-up built (modules, models, templates) lives as long as the
    process, so the collector stops scanning it; a full collection during a burst paused
    every request for up to a quarter of a second."""
    gc.collect()
    gc.freeze()


class DatabaseUnavailable(Exception):  # noqa: N818 - reads as the outcome
    """MASHBOT_DATABASE_URL is not a URL mashbot can use, or its database cannot be opened."""


URL_EXAMPLES = "sqlite:///mashbot.db (a file here) or postgresql+psycopg://USER@HOST:5432/DATABASE"


def open_engine(url: str) -> Engine:
    """An engine on `url`, connected once so that a wrong URL or a server down is said plainly."""
    try:
        parsed = make_url(url)
        engine = make_engine(url)
    except (ArgumentError, NoSuchModuleError, ValueError) as error:
        raise DatabaseUnavailable(
            f"MASHBOT_DATABASE_URL is not a database URL mashbot can use ({error}). "
            f"Set it to {URL_EXAMPLES}."
        ) from error
    except ImportError as error:
        raise DatabaseUnavailable(
            f"MASHBOT_DATABASE_URL names a database driver that is not installed ({error}). "
            f"Set it to {URL_EXAMPLES}."
        ) from error
    shown = parsed.render_as_string(hide_password=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except DBAPIError as error:
        engine.dispose()
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        if parsed.get_backend_name() == "sqlite":
            raise DatabaseUnavailable(
                f"cannot open the SQLite database {parsed.database or '(in memory)'} ({reason}). "
                "Check the folder exists, you may write to it, and the file is a mashbot "
                "database; or set MASHBOT_DATABASE_URL to another file."
            ) from error
        raise DatabaseUnavailable(
            f"cannot reach the database at {shown} ({reason}). Check the server is running "
            "and the URL's host, port, user and database name are right."
        ) from error
    return engine


NO_AUDIT_KEY = (
    "No audit key is set. The audit log is signed with a secret key kept outside the database, "
    "so that nobody who can only change the database can rewrite it. Set MASHBOT_AUDIT_KEY to "
    "at least 32 random characters (e.g. `openssl rand -hex 32`), or MASHBOT_AUDIT_KEY_FILE to a "
    "file holding it, and keep a copy somewhere safe: without it the log cannot be checked."
)


def audit_log_setup(settings: Settings, *, development: bool = False) -> AuditLogSetup:
    """The audit keys from the settings; the console and the demo may use the public one."""
    secret = settings.audit_key.get_secret_value() if settings.audit_key else None
    keys = key_store.load(
        secret,
        settings.audit_key_file,
        variable="MASHBOT_AUDIT_KEY",
        file_variable="MASHBOT_AUDIT_KEY_FILE",
    )
    if keys is None:
        if not development:
            raise KeyConfigError(NO_AUDIT_KEY)
        log.warning("no audit key set: signing the audit log with the public development key")
        keys = key_store.development_keyring()
    return AuditLogSetup(
        keys, settings.audit_checkpoints, timedelta(hours=settings.audit_checkpoint_hours)
    )


NO_DATA_KEY = (
    "No data key is set. Children's details, narratives and agency answers are encrypted in the "
    "database with a key kept outside it. Set MASHBOT_DATA_KEY to at least 32 random characters "
    "(e.g. `openssl rand -hex 32`), or MASHBOT_DATA_KEY_FILE to a file holding it, and keep a "
    "copy somewhere safe: without it nothing stored can be read."
)
# Public on purpose, like the development audit key: the console and the demo only.
DEVELOPMENT_DATA_SECRET = "mashbot-development-data-key:public:for-the-console-and-demo-only"


def data_keyring(settings: Settings, *, development: bool = False) -> key_store.Keyring:
    """The data keys (oldest first) from the settings; the console and the demo may use the public one."""
    secret = settings.data_key.get_secret_value() if settings.data_key else None
    keys = key_store.load(
        secret,
        settings.data_key_file,
        variable="MASHBOT_DATA_KEY",
        file_variable="MASHBOT_DATA_KEY_FILE",
    )
    if keys is None:
        if not development:
            raise KeyConfigError(NO_DATA_KEY)
        log.warning("no data key set: encrypting with the public development key")
        keys = key_store.Keyring((key_store.key_from(DEVELOPMENT_DATA_SECRET),), development=True)
    return keys


def open_keyed_engine(settings: Settings, *, development: bool = False) -> Engine:
    """An engine that encrypts and decrypts protected columns with the settings' data keys."""
    keys = data_keyring(settings, development=development)
    engine = open_engine(settings.database_url)
    crypto.install(engine, keys)
    return engine


def _check_chain_key(engine: Engine, setup: AuditLogSetup) -> None:
    """Refuse to start when the chain is signed with a key this process was not given."""
    if not inspect(engine).has_table(AuditHead.__tablename__):
        return
    with engine.connect() as connection:
        key_id = connection.scalar(select(AuditHead.key_id).where(AuditHead.id == 1))
    if key_id is not None and setup.keys.get(key_id) is None:
        raise KeyConfigError(
            f"The audit log in this database is signed with key {key_id}, which is not among "
            f"the audit keys given (the current one is {setup.keys.current.id}). Use the key "
            "this database was set up with; to change keys, list the old key first and the "
            "new one last (README: Rotating the audit key)."
        )


def build(
    settings: Settings | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
    development: bool = False,
) -> Mashbot:
    """Load the partnership file and the audit key (refusing either missing), migrate, sync people.

    `development` (the console and the demo only) lets the audit log be signed with the public
    development key when no key is set.
    """
    logs.install()
    settings = settings or Settings()
    platform = "slack" if settings.slack.configured else None
    partnership = partnership_file.load(settings.partnership_file, platform=platform)
    setup = audit_log_setup(settings, development=development)
    engine = open_keyed_engine(settings, development=development)
    if settings.auto_migrate:
        migrate.upgrade(engine)
    try:
        _check_chain_key(engine, setup)
    except KeyConfigError:
        engine.dispose()
        raise
    bot = Mashbot(
        settings=settings,
        partnership=partnership,
        engine=engine,
        sessions=make_session_factory(engine),
        audit_log=setup,
        clock=clock or system_clock,
        actors=ActorCache(ttl=settings.actor_cache_seconds),
    )
    with bot.unit_of_work("startup") as ctx:
        sync_partnership_people(ctx.session, partnership, ctx.now)
    log.info("mashbot ready: partnership=%r database=%s", partnership.name, engine.url.drivername)
    return bot
