"""The `mashbot` command: each entry point registers its own sub-commands here."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

# Modules that add sub-commands: each has `register(subparsers)`.
COMMAND_MODULES = (
    "bot.commands.core",
    "bot.commands.console",
    "bot.slack.commands_cli",
    "bot.commands.plans",
    "bot.commands.clock",
)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="mashbot",
        description="mashbot: a multi-agency safeguarding partnership's CSE workflow in chat.",
    )
    subparsers = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(
        level=getattr(args, "log_level", None) or "WARNING",
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
