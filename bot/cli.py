"""The `mashbot` command: each entry point registers its own sub-commands here."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from bot import logs
from bot.app import DatabaseUnavailable
from bot.partnership_file import PartnershipFileError
from bot.settings import Settings
from storage.keys import KeyConfigError

# Modules that add sub-commands: each has `register(subparsers)`.
COMMAND_MODULES = (
    "bot.commands.core",
    "bot.commands.audit",
    "bot.commands.console",
    "bot.slack.commands_cli",
    "bot.teams.commands_cli",
    "bot.commands.plans",
    "bot.commands.clock",
    "bot.commands.keys",
    "bot.commands.data_protection",
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
    logs.install()
    try:
        return int(args.run(args) or 0)
    except (PartnershipFileError, DatabaseUnavailable, KeyConfigError) as error:
        print(f"mashbot cannot start: {error}", file=sys.stderr)
        return 1
    except ValidationError as error:
        if error.title != Settings.__name__:
            raise
        print(
            f"mashbot cannot start: a setting is wrong: {_settings_problem(error)}", file=sys.stderr
        )
        return 1


def _settings_problem(error: ValidationError) -> str:
    """The environment variable and what is wrong with it, never its value (it may be a secret)."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in error.errors()
    )


if __name__ == "__main__":
    sys.exit(main())
