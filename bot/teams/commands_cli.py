"""`mashbot teams --port N` (the Teams bot) and `mashbot teams-package` (the app package zip)."""

from __future__ import annotations

import argparse
import logging
import threading
from pathlib import Path

from aiohttp import web

from bot.app import build, freeze_startup_objects
from bot.clock.scheduler import ClockHandle, start_clock
from bot.delivery.dispatcher import Dispatcher
from bot.partnership_file import PartnershipFileError
from bot.serving import sigterm_exits_cleanly
from bot.settings import Settings

log = logging.getLogger("mashbot.teams")

ANONYMOUS_WARNING = (
    "\n"
    "!!! mashbot teams is running in ANONYMOUS mode: no app id is set, so requests to\n"
    "!!! /api/messages are NOT authenticated. Use this only on your own machine with the\n"
    "!!! Agents Playground. Set CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID (and the\n"
    "!!! secret or certificate) before anyone else can reach this port.\n"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    teams = subparsers.add_parser(
        "teams", help="run the Microsoft Teams bot (/api/messages, /healthz) and deliver messages"
    )
    teams.add_argument("--port", type=int, default=3978, help="port to listen on (default 3978)")
    teams.add_argument("--host", default="0.0.0.0", help="address to listen on (default all)")
    teams.add_argument("--no-dispatcher", action="store_true", help="do not deliver the outbox")
    teams.add_argument("--no-clock", action="store_true", help="do not run the scheduled sweeps")
    teams.add_argument("--log-level", default="INFO", help="log level (default INFO)")
    teams.set_defaults(run=run_teams)

    package = subparsers.add_parser(
        "teams-package", help="write the Teams app package (manifest.json and icons, zipped)"
    )
    package.add_argument("--out", type=Path, default=Path("mashbot-teams.zip"))
    package.add_argument(
        "--host", help="the bot's public host name (default MASHBOT_PUBLIC_HOST)", default=None
    )
    package.set_defaults(run=run_package)


def run_teams(args: argparse.Namespace) -> int:
    from bot.teams.runtime import assemble
    from bot.teams.settings import TeamsSettings

    teams_settings = TeamsSettings.from_env()
    try:
        mashbot = build(Settings())
    except PartnershipFileError as error:
        print(f"mashbot cannot start: {error}")
        return 1
    if teams_settings.anonymous:
        log.warning(ANONYMOUS_WARNING)
        print(ANONYMOUS_WARNING)
    teams = assemble(mashbot, teams_settings)
    dispatcher: Dispatcher | None = None
    thread: threading.Thread | None = None
    sweeps: ClockHandle | None = None
    try:
        if not args.no_dispatcher:
            dispatcher = Dispatcher(mashbot, teams.transport, platform="teams")
            thread = dispatcher.start()
        if not args.no_clock:
            sweeps = start_clock(mashbot)
        freeze_startup_objects()
        log.info("serving Teams at http://%s:%d/api/messages", args.host, args.port)
        with sigterm_exits_cleanly():
            web.run_app(teams.web_app, host=args.host, port=args.port, print=None)
    finally:
        if sweeps is not None:
            sweeps.stop()
        if dispatcher is not None and thread is not None:
            dispatcher.stop()
            thread.join(timeout=30)
        mashbot.close()
    return 0


def run_package(args: argparse.Namespace) -> int:
    from bot.teams.package import write_package
    from bot.teams.settings import TeamsSettings

    settings = TeamsSettings.from_env()
    if not settings.app_id:
        print(
            "Set CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID to the bot's app id "
            "(the Entra app registration) first: the package names it."
        )
        return 1
    host = args.host or settings.public_host
    write_package(args.out, app_id=settings.app_id, host=host)
    print(f"Wrote {args.out}: upload it in the Teams admin center (Manage apps, Upload).")
    return 0
