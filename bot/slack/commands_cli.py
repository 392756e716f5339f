"""`mashbot serve` (Slack over HTTP), `mashbot socket` (Socket Mode) and `mashbot dispatch`.

Each refuses to start, with a message saying what to fix, when Slack settings are missing, the
partnership file is invalid or Slack does not accept the token.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from urllib.error import URLError

from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError

from bot.app import Mashbot, build, freeze_startup_objects
from bot.clock.scheduler import ClockHandle, start_clock
from bot.delivery.dispatcher import Dispatcher
from bot.partnership_file import PartnershipFileError
from bot.serving import sigterm_exits_cleanly
from bot.settings import Settings
from bot.slack.app import MashbotApp, SlackNotConfigured, check_settings, create_app, web_client
from bot.slack.transport import SlackTransport
from storage.keys import KeyConfigError

log = logging.getLogger("mashbot.slack")


class CannotStart(Exception):  # noqa: N818 - reads as the outcome
    """The bot must not start; the message says why and what to do."""


def register(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser(
        "serve", help="run the Slack app over HTTP (/slack/events, /healthz) and deliver messages"
    )
    serve.add_argument("--port", type=int, default=3000, help="port to listen on (default 3000)")
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (default all)")
    _common(serve)
    serve.set_defaults(run=run_serve)

    sock = subparsers.add_parser(
        "socket", help="run the Slack app over Socket Mode (needs SLACK_APP_TOKEN)"
    )
    _common(sock)
    sock.set_defaults(run=run_socket)

    dispatch = subparsers.add_parser(
        "dispatch", help="deliver queued messages to Slack, without serving Slack's requests"
    )
    dispatch.add_argument("--log-level", default="INFO", help="log level (default INFO)")
    dispatch.set_defaults(run=run_dispatch)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-dispatcher",
        action="store_true",
        help="do not deliver the outbox in this process (run `mashbot dispatch` elsewhere)",
    )
    parser.add_argument(
        "--no-clock",
        action="store_true",
        help="do not run the scheduled sweeps in this process (run `mashbot clock` elsewhere)",
    )
    parser.add_argument("--log-level", default="INFO", help="log level (default INFO)")


@contextmanager
def slack_bot(
    *, socket_mode: bool, dispatcher: bool, clock: bool = True
) -> Iterator[tuple[Mashbot, MashbotApp]]:
    """Settings checked, bot built, Bolt app created, dispatcher and clock started; all undone after."""
    settings = Settings()
    mashbot = _build(settings, socket_mode=socket_mode)
    running: Dispatcher | None = None
    thread: threading.Thread | None = None
    sweeps: ClockHandle | None = None
    try:
        try:
            app = create_app(mashbot, socket_mode=socket_mode)
        except (BoltError, URLError) as error:
            raise CannotStart(
                f"Slack did not accept the bot token at {settings.slack.api_url}: {error}. "
                "Check SLACK_BOT_TOKEN (and SLACK_API_URL if you set it)."
            ) from error
        if dispatcher:
            running = Dispatcher(
                mashbot, SlackTransport(mashbot, web_client(settings)), platform="slack"
            )
            thread = running.start()
        if clock:  # only the process holding the clock lock schedules; the others stand by
            sweeps = start_clock(mashbot)
        yield mashbot, app
    finally:
        if sweeps is not None:
            sweeps.stop()
        if running is not None and thread is not None:
            running.stop()
            thread.join(timeout=30)  # let a delivery in flight be settled, not sent twice
        mashbot.close()


def _build(settings: Settings, *, socket_mode: bool) -> Mashbot:
    try:
        check_settings(settings, socket_mode=socket_mode)
        return build(settings)
    except (SlackNotConfigured, PartnershipFileError, KeyConfigError) as error:
        raise CannotStart(str(error)) from error


def _refuse(error: CannotStart) -> int:
    print(f"mashbot cannot start: {error}", file=sys.stderr)
    return 1


def run_serve(args: argparse.Namespace) -> int:
    from bot.slack.server import EVENTS_PATH, create_web_app, listen, make_server

    try:
        with slack_bot(
            socket_mode=False, dispatcher=not args.no_dispatcher, clock=not args.no_clock
        ) as (mashbot, app):
            try:
                sock = listen(args.host, args.port)
            except OSError as error:
                raise CannotStart(f"cannot listen on {args.host}:{args.port}: {error}") from error
            server = make_server(create_web_app(app, mashbot), args.log_level)
            freeze_startup_objects()
            log.info("serving Slack at http://%s:%d%s", args.host, args.port, EVENTS_PATH)
            with sigterm_exits_cleanly():  # uvicorn drains, then passes SIGTERM on
                server.run(sockets=[sock])
    except CannotStart as error:
        return _refuse(error)
    return 0


def run_socket(args: argparse.Namespace) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    try:
        with slack_bot(
            socket_mode=True, dispatcher=not args.no_dispatcher, clock=not args.no_clock
        ) as (mashbot, app):
            token = mashbot.settings.slack.app_token
            assert token is not None  # check_settings refused to start without it
            handler = SocketModeHandler(app, token.get_secret_value())
            freeze_startup_objects()
            log.info("connecting to Slack over Socket Mode")
            try:
                with sigterm_exits_cleanly():
                    handler.start()
            except SlackApiError as error:
                raise CannotStart(
                    "Slack did not open a Socket Mode connection "
                    f"({error.response.get('error')}). Check SLACK_APP_TOKEN: an app-level "
                    "token (xapp-) with connections:write, and socket_mode_enabled in the app."
                ) from error
            finally:
                handler.close()
    except CannotStart as error:
        return _refuse(error)
    return 0


def run_dispatch(_: argparse.Namespace) -> int:
    settings = Settings()
    try:
        mashbot = _build(settings, socket_mode=False)
    except CannotStart as error:
        return _refuse(error)
    dispatcher = Dispatcher(
        mashbot, SlackTransport(mashbot, web_client(settings)), platform="slack"
    )
    log.info("delivering the outbox to Slack")

    def stop(_signum: int, _frame: FrameType | None) -> None:
        dispatcher.stop()  # sends in flight finish and are marked; the rest is handed back

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        dispatcher.run_forever()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        mashbot.close()
    log.info("dispatcher stopped")
    return 0
