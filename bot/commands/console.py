"""`mashbot console` (a local workspace in the terminal) and `mashbot demo`."""

from __future__ import annotations

import argparse
import sys

from bot.app import build
from bot.console.session import ConsoleSession
from bot.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    console = subparsers.add_parser("console", help="a local workspace in the terminal")
    console.add_argument(
        "--as",
        dest="email",
        default="ben.carter@example.org",
        help="act as the person with this email (default: a teacher)",
    )
    console.add_argument(
        "--no-clock",
        action="store_true",
        help="do not run reminders and chases in the background while the console is open",
    )
    console.set_defaults(run=run_console)

    demo = subparsers.add_parser("demo", help="play a scripted scenario on a fresh database")
    demo.set_defaults(run=run_demo)


def run_console(args: argparse.Namespace) -> int:
    """The console; its clock queues reminders, shown after the next thing you type."""
    from bot.clock.scheduler import start_clock

    settings = Settings()
    if settings.slack_bot_token is not None:
        print(
            "The console delivers every queued message to this terminal, so it must not share "
            "a database with a Slack bot (SLACK_BOT_TOKEN is set). Unset SLACK_BOT_TOKEN and "
            "point MASHBOT_DATABASE_URL at a database of its own to try the console.",
            file=sys.stderr,
        )
        return 1
    bot = build(settings)
    clock = None if args.no_clock else start_clock(bot)
    try:
        ConsoleSession(bot, args.email).loop()
    finally:
        if clock is not None:
            clock.stop()
        bot.close()
    return 0


def run_demo(_: argparse.Namespace) -> int:
    from bot.demo import play

    return play()
