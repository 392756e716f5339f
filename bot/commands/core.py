"""`mashbot check-config`, `db upgrade` and `outbox` commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy import select

from bot import partnership_file
from bot.app import build, open_keyed_engine
from bot.settings import Settings
from storage import migrate
from storage import outbox as outbox_store
from storage.models import OutboxMessage, OutboxStatus


def register(subparsers: argparse._SubParsersAction) -> None:
    check = subparsers.add_parser("check-config", help="validate a partnership file")
    check.add_argument("file", type=Path)
    check.add_argument(
        "--platform",
        choices=("slack", "teams", "console"),
        help="check every channel has an address on this platform "
        "(default: slack when SLACK_BOT_TOKEN is set)",
    )
    check.set_defaults(run=check_config)

    db = subparsers.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="apply every migration (safe to repeat)")
    up.set_defaults(run=db_upgrade)

    out = subparsers.add_parser("outbox", help="queued and failed messages")
    out_sub = out.add_subparsers(dest="outbox_command", required=True)
    listing = out_sub.add_parser("list", help="messages not yet delivered, and failed ones")
    listing.set_defaults(run=outbox_list)
    retry = out_sub.add_parser("retry", help="queue a failed message again")
    retry.add_argument("outbox_id", type=int)
    retry.set_defaults(run=outbox_retry)


def check_config(args: argparse.Namespace) -> int:
    platform = args.platform or ("slack" if Settings().slack.configured else None)
    try:
        partnership = partnership_file.load(args.file, platform=platform)
    except partnership_file.PartnershipFileError as error:
        print(error)
        return 1
    print(
        f"{args.file} is valid: {partnership.name}, {len(partnership.areas)} areas, "
        f"{len(partnership.agencies)} agencies, {len(partnership.people)} people."
    )
    return 0


def db_upgrade(_: argparse.Namespace) -> int:
    settings = Settings()
    engine = open_keyed_engine(settings)
    migrate.upgrade(engine)
    print(f"Database is up to date ({', '.join(sorted(migrate.current_heads(engine)))}).")
    return 0


def outbox_list(_: argparse.Namespace) -> int:
    bot = build()
    with bot.sessions() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status != OutboxStatus.SENT)
            .order_by(OutboxMessage.id)
        ).all()
        backlog = outbox_store.backlog(session)
    print(f"{backlog.pending} waiting, {backlog.failed} failed.")
    for row in rows:
        print(
            f"  #{row.id} {row.status:<8} {row.kind} to {row.recipient_type} {row.recipient_id} "
            f"(attempts {row.attempts}){': ' + row.last_error if row.last_error else ''}"
        )
    return 0


def outbox_retry(args: argparse.Namespace) -> int:
    bot = build()
    with bot.unit_of_work("cli") as ctx:
        row = ctx.session.get(OutboxMessage, args.outbox_id)
        if row is None or row.status != OutboxStatus.FAILED:
            print(f"There is no failed message #{args.outbox_id}. See `mashbot outbox list`.")
            return 1
        row.status = OutboxStatus.PENDING
        row.attempts = 0
        row.next_attempt_at = ctx.now
        ctx.audit("cli", "outbox_retried", None, outbox_id=row.id)
    print(f"Message #{args.outbox_id} is queued again; the running bot will deliver it.")
    return 0
