"""The audit log is a hash chain: an edit or a deletion is caught and named."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from bot.cli import main
from storage.models import AuditEvent
from tests.support import report_concern
from workflows import audit


def test_an_intact_chain_verifies(bot) -> None:
    report_concern(bot)
    report_concern(bot)
    with bot.sessions() as session:
        report = audit.verify(session)
    assert report.ok and report.checked == 2


def test_an_edited_event_is_named(bot) -> None:
    report_concern(bot)
    report_concern(bot)
    with bot.sessions() as session, session.begin():
        first = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id))
        session.execute(
            update(AuditEvent).where(AuditEvent.id == first).values(actor_id="someone.else")
        )
    with bot.sessions() as session:
        report = audit.verify(session)
    assert report.first_broken_id == first and "edited" in report.problem


def test_a_deleted_event_is_caught(bot) -> None:
    for _ in range(3):
        report_concern(bot)
    with bot.sessions() as session, session.begin():
        ids = session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
        session.execute(delete(AuditEvent).where(AuditEvent.id == ids[1]))
    with bot.sessions() as session:
        report = audit.verify(session)
    assert report.first_broken_id == ids[2] and "deleted" in report.problem


def test_the_cli_names_the_first_broken_entry(bot, settings, monkeypatch, capsys) -> None:
    report_concern(bot)
    with bot.sessions() as session, session.begin():
        session.execute(update(AuditEvent).values(action="nothing_to_see"))
    monkeypatch.setenv("MASHBOT_DATABASE_URL", settings.database_url)
    assert main(["audit", "verify"]) == 1
    assert "Audit log BROKEN at event" in capsys.readouterr().out


def test_concurrent_writers_keep_one_chain(bot) -> None:
    """Many threads appending at once (e.g. several "View details" presses) still form a line."""
    import threading

    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            for i in range(5):
                with bot.unit_of_work("test") as ctx:
                    ctx.audit(f"tester.{n}", "details_viewed", f"CSE-2026-{n:05d}", i=i)
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=append, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with bot.sessions() as session:
        report = audit.verify(session)
    assert report.ok and report.checked == 30
