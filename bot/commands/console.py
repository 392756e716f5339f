"""`mashbot console` (a local workspace in the terminal) and `mashbot demo`."""

from __future__ import annotations

import argparse

from bot.app import build
from bot.console.session import ConsoleSession


def register(subparsers: argparse._SubParsersAction) -> None:
    console = subparsers.add_parser("console", help="a local workspace in the terminal")
    console.add_argument(
        "--as",
        dest="email",
        default="ben.carter@example.org",
        help="act as the person with this email (default: a teacher)",
    )
    console.set_defaults(run=run_console)

    demo = subparsers.add_parser("demo", help="play a scripted scenario on a fresh database")
    demo.set_defaults(run=run_demo)


def run_console(args: argparse.Namespace) -> int:
    bot = build()
    try:
        ConsoleSession(bot, args.email).loop()
    finally:
        bot.close()
    return 0


def run_demo(_: argparse.Namespace) -> int:
    from bot.demo import play

    return play()
