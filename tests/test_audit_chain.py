"""The audit log is a chain signed with a key kept outside the database, anchored by checkpoints.

Each attack a database administrator could make without the key (issue 9) is tried here through
`mashbot audit verify`, which must catch it and name the first thing that was changed.
"""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import UTC

import pytest
from sqlalchemy import delete, insert, select, text, update

from bot.app import build
from bot.cli import main
from messages.audit_report import finding_text
from storage.models import AuditEvent, AuditHead
from tests.support import report_concern
from workflows.audit import GENESIS
from workflows.audit_verify import verify


def write_events(bot, count: int, prefix: str = "e") -> None:
    for n in range(count):
        with bot.unit_of_work("test") as ctx:
            ctx.audit("tester", "details_viewed", f"CSE-2026-{n:05d}", n=f"{prefix}{n}")


def event_ids(bot) -> list[int]:
    with bot.sessions() as session:
        return list(session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


def check(bot):
    with bot.sessions() as session:
        return verify(session, bot.audit_log.keys)


@pytest.fixture
def cli_env(monkeypatch, settings, tmp_path):
    """`mashbot audit …` pointed at the test database, with a checkpoint file of its own."""
    checkpoints = tmp_path / "checkpoints.jsonl"
    monkeypatch.setenv("MASHBOT_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MASHBOT_AUDIT_CHECKPOINTS", str(checkpoints))
    return checkpoints


def verify_cli(capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["audit", "verify"])
    return code, capsys.readouterr().out


def checkpoint_cli(capsys) -> str:
    capsys.readouterr()
    assert main(["audit", "checkpoint"]) == 0
    return capsys.readouterr().out


def sha256_chain(session, from_id: int) -> None:
    """What an attacker without the key can do: recompute every hash from `from_id` with SHA-256."""
    prev = (
        session.scalar(
            select(AuditEvent.hash)
            .where(AuditEvent.id < from_id)
            .order_by(AuditEvent.id.desc())
            .limit(1)
        )
        or GENESIS
    )
    last_id = 0
    for event in session.scalars(
        select(AuditEvent).where(AuditEvent.id >= from_id).order_by(AuditEvent.id)
    ).all():
        body = json.dumps(
            [
                prev,
                event.at.astimezone(UTC).isoformat(),
                event.actor_id,
                event.action,
                event.subject,
                event.entry_point,
                event.details,
            ],
            sort_keys=True,
            separators=(",", ":"),
            default=str,
        )
        digest = hashlib.sha256(body.encode()).hexdigest()
        session.execute(
            update(AuditEvent).where(AuditEvent.id == event.id).values(prev_hash=prev, hash=digest)
        )
        prev, last_id = digest, event.id
    session.execute(update(AuditHead).values(last_event_id=last_id, last_hash=prev))


# ---- an intact chain --------------------------------------------------------------------------


def test_an_intact_chain_verifies_with_its_checkpoints(bot, cli_env, capsys) -> None:
    report_concern(bot)
    checkpoint_cli(capsys)
    report_concern(bot)
    code, out = verify_cli(capsys)
    assert code == 0
    assert "Audit log intact: 2 events checked, 1 checkpoint agrees." in out


def test_concurrent_writers_keep_one_chain(bot) -> None:
    """Many threads appending at once (e.g. several "View details" presses) still form a line."""
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
    report = check(bot)
    assert report.ok and report.checked == 30


# ---- the four attacks of issue 9 --------------------------------------------------------------


def test_deleting_the_last_events_and_rewinding_the_head_is_caught(bot, cli_env, capsys) -> None:
    write_events(bot, 5)
    ids = event_ids(bot)
    with bot.sessions() as session, session.begin():
        kept = session.get(AuditEvent, ids[2])
        session.execute(delete(AuditEvent).where(AuditEvent.id > kept.id))
        session.execute(update(AuditHead).values(last_event_id=kept.id, last_hash=kept.hash))
    code, out = verify_cli(capsys)
    assert code == 1
    assert f"the log was truncated after event {ids[2]}: the head row was rewound" in out
    assert f"Events up to event {ids[2]} are intact." in out


def test_a_rewound_head_is_recorded_when_the_bot_writes_on(bot) -> None:
    write_events(bot, 4)
    ids = event_ids(bot)
    with bot.sessions() as session, session.begin():
        kept = session.get(AuditEvent, ids[1])
        session.execute(delete(AuditEvent).where(AuditEvent.id > kept.id))
        session.execute(update(AuditHead).values(last_event_id=kept.id, last_hash=kept.hash))
    write_events(bot, 2, prefix="after")  # the bot goes on, and re-signs the head
    report = check(bot)
    assert report.finding.kind == "truncated"
    assert f"the log was truncated after event {ids[1]}" in finding_text(report.finding)


def test_a_head_stripped_of_its_key_and_signature_is_caught_too(bot) -> None:
    write_events(bot, 4)
    ids = event_ids(bot)
    for stripped in ({"signature": None}, {"signature": None, "key_id": None}):
        with bot.sessions() as session, session.begin():
            kept = session.get(AuditEvent, ids[1])
            session.execute(delete(AuditEvent).where(AuditEvent.id > kept.id))
            session.execute(
                update(AuditHead).values(last_event_id=kept.id, last_hash=kept.hash, **stripped)
            )
        assert check(bot).finding.kind == "truncated"
        write_events(bot, 1, prefix="after")  # the bot writes on from the reset head
        report = check(bot)
        assert report.finding.kind == "truncated", stripped
        assert f"the log was truncated after event {ids[1]}" in finding_text(report.finding)


def test_restoring_an_old_signed_head_is_caught_by_the_checkpoint(bot, cli_env, capsys) -> None:
    write_events(bot, 3)
    with bot.sessions() as session:
        old = session.get(AuditHead, 1)
        saved = {c: getattr(old, c) for c in ("last_event_id", "last_hash", "key_id", "signature")}
    write_events(bot, 3, prefix="later")
    checkpoint_cli(capsys)
    with bot.sessions() as session, session.begin():
        session.execute(delete(AuditEvent).where(AuditEvent.id > saved["last_event_id"]))
        session.execute(update(AuditHead).values(**saved))  # a head the key once signed
    code, out = verify_cli(capsys)
    assert code == 1
    assert f"the log was truncated after event {saved['last_event_id']}" in out
    assert "counted 6 events" in out


def test_emptying_both_tables_is_caught_by_the_checkpoint(bot, cli_env, capsys) -> None:
    write_events(bot, 4)
    checkpoint_cli(capsys)
    with bot.sessions() as session, session.begin():
        session.execute(delete(AuditEvent))
        session.execute(delete(AuditHead))
    code, out = verify_cli(capsys)
    assert code == 1
    assert "the log was truncated after event 0" in out
    assert "every event was deleted (4 before)" in out


def test_an_edit_with_every_later_hash_recomputed_names_the_edited_event(
    bot, cli_env, capsys
) -> None:
    write_events(bot, 5)
    ids = event_ids(bot)
    with bot.sessions() as session, session.begin():
        session.execute(
            update(AuditEvent).where(AuditEvent.id == ids[1]).values(actor_id="someone.else")
        )
        sha256_chain(session, ids[1])
    code, out = verify_cli(capsys)
    assert code == 1
    assert "Audit log broken (an event was changed)" in out
    assert f"event {ids[1]} was changed after it was written" in out
    assert f"Events up to event {ids[0]} are intact." in out


def test_a_chain_rebuilt_without_keys_is_caught_by_the_checkpoint(bot, cli_env, capsys) -> None:
    """Stripping the key ids and rebuilding with plain SHA-256 from the first event."""
    write_events(bot, 3)
    checkpoint_cli(capsys)
    ids = event_ids(bot)
    with bot.sessions() as session, session.begin():
        session.execute(update(AuditEvent).values(key_id=None))
        session.execute(update(AuditEvent).where(AuditEvent.id == ids[0]).values(actor_id="x"))
        sha256_chain(session, ids[0])
        session.execute(update(AuditHead).values(key_id=None, signature=None))
    code, out = verify_cli(capsys)
    assert code == 1 and "the log was rewritten" in out


def test_a_dropped_table_is_a_clear_message_not_a_traceback(
    private_database, monkeypatch, capsys
) -> None:
    url, engine = private_database
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE audit_events"))
    monkeypatch.setenv("MASHBOT_DATABASE_URL", url)
    code, out = verify_cli(capsys)
    assert code == 1
    assert out.startswith("Audit log cannot be checked: the table audit_events is missing")
    assert "Traceback" not in out


# ---- what verify says about each kind of change -----------------------------------------------


def test_a_deleted_event_names_the_one_before_the_gap(bot) -> None:
    write_events(bot, 4)
    ids = event_ids(bot)
    with bot.sessions() as session, session.begin():
        session.execute(delete(AuditEvent).where(AuditEvent.id == ids[2]))
    report = check(bot)
    assert report.finding.kind == "missing"
    assert report.finding.after_id == ids[1]
    assert f"one or more events after event {ids[1]} are missing" in finding_text(report.finding)


def test_swapped_events_are_reported_as_reordered(bot) -> None:
    write_events(bot, 4)
    ids = event_ids(bot)
    columns = ("at", "actor_id", "action", "subject", "entry_point", "details", "prev_hash", "hash")
    with bot.sessions() as session, session.begin():
        a, b = (session.get(AuditEvent, i) for i in ids[1:3])
        first = {c: getattr(a, c) for c in columns}
        second = {c: getattr(b, c) for c in columns}
        session.execute(update(AuditEvent).where(AuditEvent.id == a.id).values(hash="x"))
        session.execute(update(AuditEvent).where(AuditEvent.id == b.id).values(**first))
        session.execute(update(AuditEvent).where(AuditEvent.id == a.id).values(**second))
    report = check(bot)
    assert report.finding.kind == "reordered" and report.first_broken_id == ids[1]


def test_an_event_forged_into_the_middle_is_reported_as_inserted(bot) -> None:
    write_events(bot, 4)
    ids = event_ids(bot)
    with bot.sessions() as session, session.begin():
        later = session.scalars(select(AuditEvent).where(AuditEvent.id >= ids[2])).all()
        for event in sorted(later, key=lambda e: -e.id):
            session.execute(
                update(AuditEvent).where(AuditEvent.id == event.id).values(id=event.id + 100)
            )
        before = session.get(AuditEvent, ids[1])
        session.execute(
            insert(AuditEvent).values(
                id=ids[1] + 50,
                at=before.at,
                actor_id="forger",
                action="details_viewed",
                subject="CSE-2026-00099",
                entry_point="slack",
                details={},
                key_id=before.key_id,
                prev_hash=before.hash,
                hash="f" * 64,
            )
        )
    report = check(bot)
    assert report.finding.kind == "inserted" and report.first_broken_id == ids[1] + 50
    assert f"inserted after event {ids[1]}" in finding_text(report.finding)


def test_an_edited_checkpoint_line_is_named(bot, cli_env, capsys) -> None:
    write_events(bot, 2)
    checkpoint_cli(capsys)
    line = json.loads(cli_env.read_text())
    cli_env.write_text(json.dumps(line | {"count": 1}) + "\n")
    code, out = verify_cli(capsys)
    assert code == 1 and "is not signed by any audit key given (forged or edited)" in out


# ---- checkpoints: on demand, by the clock, to the admins ---------------------------------------


def test_a_checkpoint_goes_to_the_file_and_to_the_admins(bot, cli_env, capsys) -> None:
    write_events(bot, 3)
    out = checkpoint_cli(capsys)
    assert f"Checkpoint written: 3 events, ending with event {event_ids(bot)[-1]}" in out
    [line] = cli_env.read_text().splitlines()
    assert json.loads(line)["count"] == 3
    from storage.models import OutboxMessage

    with bot.sessions() as session:
        [message] = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "audit_checkpoint")
        ).all()
    assert message.recipient_id == "ola.admin" and message.facts["count"] == 3


def test_the_clock_writes_one_checkpoint_per_interval(bot, clock, settings, tmp_path) -> None:
    from bot.clock.jobs import SWEEP_JOBS
    from bot.clock.runner import run_sweep

    job = next(j for j in SWEEP_JOBS if j.name == "audit checkpoints")
    path = tmp_path / "cp.jsonl"
    anchored = build(settings.model_copy(update={"audit_checkpoints": path}), clock=clock)
    try:
        write_events(anchored, 2)
        assert run_sweep(anchored, job) == 1  # one admin in the example partnership
        assert run_sweep(anchored, job) == 0  # not again in the same interval
        clock.advance(hours=24)
        write_events(anchored, 1)
        assert run_sweep(anchored, job) == 1
        assert [json.loads(x)["count"] for x in path.read_text().splitlines()] == [2, 3]
        clock.advance(hours=24)
        assert run_sweep(anchored, job) == 0  # nothing new: no checkpoint needed
        with anchored.sessions() as session, session.begin():
            session.execute(update(AuditEvent).values(actor_id="someone.else"))
        write_events(anchored, 1)
        assert run_sweep(anchored, job) is None  # a broken chain is never signed
        assert len(path.read_text().splitlines()) == 2
    finally:
        anchored.close()


# ---- keys --------------------------------------------------------------------------------------

OLD_KEY = "old-audit-key-0123456789abcdef-0123456789abcdef"
NEW_KEY = "new-audit-key-fedcba9876543210-fedcba9876543210"


def test_the_key_can_be_rotated_without_breaking_the_chain(bot, settings, clock) -> None:
    from pydantic import SecretStr

    first = build(settings.model_copy(update={"audit_key": SecretStr(OLD_KEY)}), clock=clock)
    write_events(first, 2)
    first.close()
    both = SecretStr(f"{OLD_KEY}\n{NEW_KEY}")
    rotated = build(settings.model_copy(update={"audit_key": both}), clock=clock)
    try:
        write_events(rotated, 2)
        with rotated.sessions() as session:
            actions = list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
            report = verify(session, rotated.audit_log.keys)
        assert actions[2] == "audit_key_rotated" and len(actions) == 5
        assert report.ok and report.checked == 5
    finally:
        rotated.close()
    with pytest.raises(Exception, match="not among the audit keys given"):
        build(settings.model_copy(update={"audit_key": SecretStr(OLD_KEY)}), clock=clock)
    with pytest.raises(Exception, match="not among the audit keys given"):
        build(settings.model_copy(update={"audit_key": SecretStr("x" * 40)}), clock=clock)


def test_the_bot_refuses_to_start_without_an_audit_key(
    bot, settings, monkeypatch, capsys, tmp_path
) -> None:
    monkeypatch.delenv("MASHBOT_AUDIT_KEY")
    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.setenv("MASHBOT_DATABASE_URL", settings.database_url)
    assert main(["outbox", "list"]) == 1
    err = capsys.readouterr().err
    assert "mashbot cannot start: No audit key is set" in err and "MASHBOT_AUDIT_KEY" in err
    monkeypatch.setenv("MASHBOT_AUDIT_KEY", "too-short")
    assert main(["outbox", "list"]) == 1
    assert "at least 32 random characters" in capsys.readouterr().err


def test_a_key_file_works_like_the_variable(bot, settings, monkeypatch, tmp_path, capsys) -> None:
    from tests.support import TEST_AUDIT_KEY

    key_file = tmp_path / "audit.key"
    key_file.write_text(f"# the audit key\n{TEST_AUDIT_KEY}\n")
    write_events(bot, 1)
    monkeypatch.delenv("MASHBOT_AUDIT_KEY")
    monkeypatch.setenv("MASHBOT_AUDIT_KEY_FILE", str(key_file))
    monkeypatch.setenv("MASHBOT_DATABASE_URL", settings.database_url)
    code, out = verify_cli(capsys)
    assert code == 0 and "1 event checked" in out


def test_only_the_console_and_the_demo_may_use_the_public_development_key(
    bot, settings, clock
) -> None:
    keyless = settings.model_copy(update={"audit_key": None, "audit_key_file": None})
    with pytest.raises(Exception, match="No audit key is set"):
        build(keyless, clock=clock)
    fresh = settings.model_copy(update={"audit_key": None})
    with bot.sessions() as session, session.begin():  # a database not yet signed by any key
        session.execute(update(AuditHead).values(key_id=None, signature=None))
    console = build(fresh, clock=clock, development=True)
    try:
        assert console.audit_log.keys.development
        write_events(console, 1)
        report = check(console)
        assert report.ok and report.development
    finally:
        console.close()
