"""`mashbot audit verify` and `mashbot audit checkpoint`: check the signed chain, anchor it."""

from __future__ import annotations

import argparse

from bot.app import audit_log_setup, build
from bot.settings import Settings
from storage import checkpoints as checkpoint_file
from storage.session import make_engine, make_session_factory
from workflows import audit_checkpoint
from workflows.audit_verify import ChainReport, verify

KIND_WORDS = {
    "changed": "an event was changed",
    "missing": "events are missing",
    "inserted": "events were inserted",
    "reordered": "events were reordered",
    "truncated": "the log was truncated",
    "rewritten": "the log was rewritten",
    "key": "an event is signed with an unknown key",
    "checkpoint": "the checkpoint file was changed",
}
TELL_DPO = (
    "Tell your data protection officer, keep the database and the checkpoint file as they are, "
    "and restore the log from a backup only with their agreement."
)


def register(subparsers: argparse._SubParsersAction) -> None:
    aud = subparsers.add_parser("audit", help="the audit log")
    aud_sub = aud.add_subparsers(dest="audit_command", required=True)
    check = aud_sub.add_parser(
        "verify", help="check the signed chain and its checkpoints; name the first problem"
    )
    check.set_defaults(run=audit_verify)
    anchor = aud_sub.add_parser(
        "checkpoint", help="write a signed checkpoint now (file and admins), after verifying"
    )
    anchor.set_defaults(run=audit_write_checkpoint)


def describe(report: ChainReport) -> str:
    """What `audit verify` says: intact with its figures, or the first problem and what to do."""
    finding = report.finding
    if finding is None:
        lines = [
            f"Audit log intact: {report.checked} events checked"
            + (f", {report.checkpoints} checkpoints agree." if report.checkpoints else ".")
        ]
        if report.unsigned:
            lines.append(
                f"{report.unsigned} of them date from before the audit key and are chained "
                "without one: they are protected from the first signed event on."
            )
        lines.extend(f"Note: {note}." for note in report.notes)
        return "\n".join(lines)
    if finding.kind == "table":
        return f"Audit log cannot be checked: {finding.detail}. {TELL_DPO}"
    intact = (
        f"Events up to event {finding.after_id} are intact."
        if finding.after_id
        else "No event before it can be vouched for."
    )
    return (
        f"Audit log BROKEN ({KIND_WORDS.get(finding.kind, finding.kind)}): {finding.detail}. "
        f"{intact} {TELL_DPO}"
    )


def audit_verify(_: argparse.Namespace) -> int:
    """Check without starting the bot: no migration, no sync, nothing written to the log."""
    settings = Settings()
    setup = audit_log_setup(settings)
    engine = make_engine(settings.database_url)
    try:
        found, unreadable = [], []
        if setup.checkpoint_file is not None:
            found, unreadable = checkpoint_file.read(setup.checkpoint_file)
        with make_session_factory(engine)() as session:
            report = verify(session, setup.keys, found, unreadable)
    finally:
        engine.dispose()
    print(describe(report))
    if report.ok and setup.checkpoint_file is None:
        print(
            "No checkpoint file is set (MASHBOT_AUDIT_CHECKPOINTS), so a log cut short after its "
            "last signed head cannot be caught: set it to a file outside the database."
        )
    return 0 if report.ok else 1


def audit_write_checkpoint(_: argparse.Namespace) -> int:
    bot = build()
    try:
        with bot.unit_of_work("cli") as ctx:
            checkpoint = audit_checkpoint.write(ctx)
    except audit_checkpoint.AuditChainBroken as broken:
        print(f"No checkpoint written. {describe(broken.report)}")
        return 1
    finally:
        bot.close()
    where = bot.audit_log.checkpoint_file
    print(
        f"Checkpoint written: {checkpoint.count} events, ending with event "
        f"{checkpoint.last_event_id} (fingerprint {checkpoint.head_hash[:16]}), "
        + (f"to {where}" if where else "not to a file (MASHBOT_AUDIT_CHECKPOINTS is not set)")
        + "; the admins are told."
    )
    return 0
