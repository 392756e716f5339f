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

# Modules that add sub-commands (each has `register(subparsers)`), and the commands each adds.
# Running a command imports only the module that adds it: `mashbot serve` then never loads the
# console, the board report's spreadsheet, the Teams SDK or the data-protection exports, whose
# imports cost it memory for as long as it runs. `--help`, or a word not listed here, loads them
# all (a command added to a module but not to its list still works, at that price).
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "bot.commands.core": ("check-config", "db", "outbox"),
    "bot.commands.audit": ("audit",),
    "bot.commands.console": ("console", "demo"),
    "bot.slack.commands_cli": ("serve", "socket", "dispatch"),
    "bot.teams.commands_cli": ("teams", "teams-package"),
    "bot.commands.plans": ("plan",),
    "bot.commands.clock": ("clock",),
    "bot.commands.keys": ("keys",),
    "bot.commands.data_protection": ("retention", "hold", "sar"),
}


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `mashbot` parser: with `command`, only what the module adding that command registers."""
    top = argparse.ArgumentParser(
        prog="mashbot",
        description="mashbot: a multi-agency safeguarding partnership's CSE workflow in chat.",
    )
    subparsers = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    named = [module for module, commands in COMMAND_MODULES.items() if command in commands]
    for name in named or COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser(argv[0] if argv else None).parse_args(argv)
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
