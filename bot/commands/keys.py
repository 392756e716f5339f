"""`mashbot keys`: re-encrypt under the newest data key, and see which keys are still in use."""

from __future__ import annotations

import argparse

from bot.app import build
from storage import rotation


def register(subparsers: argparse._SubParsersAction) -> None:
    keys = subparsers.add_parser("keys", help="the data (encryption) keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    rotate = keys_sub.add_parser(
        "rotate", help="re-encrypt everything under the newest key (safe while the bot runs)"
    )
    rotate.add_argument("--batch", type=int, default=200, help="rows per transaction")
    rotate.set_defaults(run=keys_rotate)
    status = keys_sub.add_parser("status", help="how many stored values each key encrypted")
    status.set_defaults(run=keys_status)


def keys_rotate(args: argparse.Namespace) -> int:
    bot = build()
    try:
        done = rotation.rotate(bot.sessions, bot.engine, batch_size=args.batch)
        use = rotation.key_use(bot.engine)
    finally:
        bot.close()
    print(f"Re-encrypted {done.rows} rows in {done.batches} batches.")
    print(_status_words(use, bot))
    return 0


def keys_status(_: argparse.Namespace) -> int:
    bot = build()
    try:
        print(_status_words(rotation.key_use(bot.engine), bot))
    finally:
        bot.close()
    return 0


def _status_words(use: dict[str, int], bot) -> str:  # type: ignore[no-untyped-def]
    from storage.crypto import cipher_of

    ring = cipher_of(bot.engine).keys
    lines = []
    for key in ring.keys:
        count = use.get(key.id, 0)
        note = (
            " (newest)"
            if key is ring.current
            else (
                " - unused: you may retire it"
                if not count
                else " - run `mashbot keys rotate` before retiring it"
            )
        )
        lines.append(f"  {key.id}: {count} values{note}")
    return "Data keys, oldest first:\n" + "\n".join(lines)
