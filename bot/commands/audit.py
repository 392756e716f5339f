"""`mashbot audit verify` and `mashbot audit checkpoint`: check the signed chain, anchor it."""

from __future__ import annotations

import argparse

from bot.app import audit_log_setup, build, open_keyed_engine
from bot.commands import data_protection
from bot.settings import Settings
from messages.audit_report import describe
from storage import checkpoints as checkpoint_file
from storage.session import make_session_factory
from workflows import audit_checkpoint
from workflows.audit_verify import verify


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
    data_protection.register_audit_report(aud_sub)


def audit_verify(_: argparse.Namespace) -> int:
    """Check without starting the bot: no migration, no sync, nothing written to the log."""
    settings = Settings()
    setup = audit_log_setup(settings)
    engine = open_keyed_engine(settings)
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
