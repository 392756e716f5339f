"""The Slack application factory: a Bolt app wired to one Mashbot, built when asked, never at import."""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.listener.custom_listener import CustomListener
from slack_bolt.listener_matcher import ListenerMatcher
from slack_bolt.listener_matcher.builtins import BuiltinListenerMatcher
from slack_bolt.request import payload_utils
from slack_sdk import WebClient

from bot import logs
from bot.app import Mashbot
from bot.settings import Settings
from bot.slack import acks, middleware
from bot.slack.connections import KeepAliveWebClient
from bot.slack.listeners import LISTENER_MODULES

log = logging.getLogger("mashbot.slack")

AFTER_ACK_TURNS = 6  # listeners working after their ack at once
LISTENER_THREADS = 48  # listeners alive at once: acknowledging, working, or waiting for a turn


class SlackNotConfigured(Exception):  # noqa: N818 - reads as the state it reports
    """Slack settings are missing: the message names the variables to set."""


@dataclass
class Surface:
    """What the app listens to, recorded as listeners register: the manifest is checked against it."""

    commands: set[str] = field(default_factory=set)
    shortcuts: dict[str, str] = field(default_factory=dict)  # callback_id -> global/message/any
    events: set[str] = field(default_factory=set)
    actions: set[str] = field(default_factory=set)
    views: set[str] = field(default_factory=set)


def _name(constraint: Any, key: str = "callback_id") -> str:
    if isinstance(constraint, dict):
        constraint = constraint.get(key) or constraint.get("type")
    return getattr(constraint, "pattern", constraint)


class BodyMatcher(ListenerMatcher):
    """One of Bolt's own matchers (a command's name, a callback id, an action id), asked with the
    request's body alone.

    Bolt asks each listener in turn whether a request is its own, and its built-in matcher first
    builds every argument a listener could take (client, context, say, respond…) although the
    test reads only the body: with mashbot's hundred-odd listeners that was a tenth of a
    request's time before the right one was found.
    """

    def __init__(self, func: Callable[[dict[str, Any]], bool]) -> None:
        self.func = func

    def matches(self, req: BoltRequest, resp: BoltResponse) -> bool:
        return self.func(req.body)


def body_only(matcher: Any) -> Any:
    """`matcher` made cheap to ask when it is one of Bolt's built-ins reading only the body."""
    if type(matcher) is BuiltinListenerMatcher and matcher.arg_names == ["body"]:
        return BodyMatcher(matcher.func)
    return matcher


# A listener's arguments as Bolt makes them (kwargs_injection.build_required_kwargs), each made
# only when the listener names it.
_ARGUMENTS: dict[str, Callable[[BoltRequest, BoltResponse | None], Any]] = {
    "client": lambda req, _: req.context.client,
    "req": lambda req, _: req,
    "request": lambda req, _: req,
    "resp": lambda _, resp: resp,
    "response": lambda _, resp: resp,
    "context": lambda req, _: req.context,
    "body": lambda req, _: req.body,
    "options": lambda req, _: payload_utils.to_options(req.body),
    "shortcut": lambda req, _: payload_utils.to_shortcut(req.body),
    "action": lambda req, _: payload_utils.to_action(req.body),
    "view": lambda req, _: payload_utils.to_view(req.body),
    "command": lambda req, _: payload_utils.to_command(req.body),
    "event": lambda req, _: payload_utils.to_event(req.body),
    "message": lambda req, _: payload_utils.to_message(req.body),
    "ack": lambda req, _: req.context.ack,
    "say": lambda req, _: req.context.say,
    "respond": lambda req, _: req.context.respond,
}


class MashbotListener(CustomListener):
    """Bolt's listener, given only the arguments it names.

    Bolt's own makes every argument any listener could take (say, respond, complete, each part
    of the payload...) for every request, then keeps the few named: about as much CPU as the
    rest of acknowledging a slash command. A name this does not know goes to Bolt's builder.
    """

    def run_ack_function(
        self, *, request: BoltRequest, response: BoltResponse
    ) -> BoltResponse | None:
        kwargs: dict[str, Any] = {}
        for name in self.arg_names:
            if name == "logger":
                kwargs[name] = self.logger
            elif (make := _ARGUMENTS.get(name)) is not None:
                kwargs[name] = make(request, response)
            else:
                return super().run_ack_function(request=request, response=response)
        return self.ack_function(**kwargs)


class MashbotApp(App):
    """A Bolt App that remembers what it listens to; listeners register on it exactly as on App."""

    listener_pool: ThreadPoolExecutor  # where listeners run; the response leaves at their ack
    retry_guard: middleware.RetryGuard | None = None
    language_of: acks.LanguageOf | None = None  # the reader's language, from Bolt's context

    def __init__(self, **kwargs: Any) -> None:
        self.surface = Surface()
        # Work after an ack takes one of these turns, so that listeners still to acknowledge
        # (a thread each, from a larger pool) are not queued behind a burst's work.
        self.after_ack = threading.Semaphore(AFTER_ACK_TURNS)
        super().__init__(**kwargs)

    def _register_listener(
        self,
        functions: Any,
        primary_matcher: Any,
        matchers: Any,
        middleware: Any,
        auto_acknowledgement: bool = False,
        ack_timeout: int = 3,
    ) -> Any:
        """Every listener wrapped so that its ack is the response at once (bot/slack/acks.py)."""
        originals = list(functions)
        wrapped = [
            acks.ack_first(
                f,
                pool=lambda: self.listener_pool,
                after_ack=self.after_ack,
                guard=lambda: self.retry_guard,
                on_late_error=self._late_error,
                auto_acknowledgement=auto_acknowledgement,
                ack_timeout=ack_timeout,
                language_of=lambda: self.language_of,
            )
            for f in originals
        ]
        super()._register_listener(
            wrapped,
            body_only(primary_matcher),
            matchers,
            middleware,
            auto_acknowledgement,
            ack_timeout,
        )
        made = self._listeners[-1]
        if type(made) is CustomListener:
            made.__class__ = MashbotListener  # the same listener, its arguments made as named
        return originals[0] if len(originals) == 1 else None

    def _init_context(self, req: BoltRequest) -> None:
        """Bolt's context, whose client (made for this request, with its workspace) sends through
        the app client's kept connections (bot/slack/connections.py) instead of a connection of
        its own per call: opening a form is a views.open after the ack, and connecting, the
        name look-up and closing were a third of that request's CPU."""
        super()._init_context(req)
        shared, made = self._client, req.context.client
        if isinstance(shared, KeepAliveWebClient) and type(made) is WebClient:
            made.__class__ = KeepAliveWebClient  # the same client, sending through the pool
            made.pool = shared.pool

    def _late_error(self, error: Exception, request: BoltRequest) -> None:
        """An error after the ack: to the app's error handler (log, free the retry), not Bolt."""
        self._listener_runner.listener_error_handler.handle(
            error=error, request=request, response=None
        )

    def command(self, command: Any, *args: Any, **kwargs: Any) -> Any:
        self.surface.commands.add(_name(command))
        return super().command(command, *args, **kwargs)

    def shortcut(self, constraints: Any, *args: Any, **kwargs: Any) -> Any:
        self.surface.shortcuts[_name(constraints)] = "any"
        return super().shortcut(constraints, *args, **kwargs)

    def global_shortcut(self, callback_id: Any, *args: Any, **kwargs: Any) -> Any:
        self.surface.shortcuts[_name(callback_id)] = "global"
        return super().global_shortcut(callback_id, *args, **kwargs)

    def message_shortcut(self, callback_id: Any, *args: Any, **kwargs: Any) -> Any:
        self.surface.shortcuts[_name(callback_id)] = "message"
        return super().message_shortcut(callback_id, *args, **kwargs)

    def event(self, event: Any, *args: Any, **kwargs: Any) -> Any:
        self.surface.events.add(_name(event, "type"))
        return super().event(event, *args, **kwargs)

    def message(self, *args: Any, **kwargs: Any) -> Any:
        self.surface.events.add("message")
        return super().message(*args, **kwargs)

    def action(self, constraints: Any, *args: Any, **kwargs: Any) -> Any:
        self.surface.actions.add(_name(constraints, "action_id"))
        return super().action(constraints, *args, **kwargs)

    def block_action(self, constraints: Any, *args: Any, **kwargs: Any) -> Any:
        self.surface.actions.add(_name(constraints, "action_id"))
        return super().block_action(constraints, *args, **kwargs)

    def view(self, constraints: Any, *args: Any, **kwargs: Any) -> Any:
        self.surface.views.add(_name(constraints))
        return super().view(constraints, *args, **kwargs)

    def view_submission(self, constraints: Any, *args: Any, **kwargs: Any) -> Any:
        self.surface.views.add(_name(constraints))
        return super().view_submission(constraints, *args, **kwargs)

    def view_closed(self, constraints: Any, *args: Any, **kwargs: Any) -> Any:
        self.surface.views.add(_name(constraints))
        return super().view_closed(constraints, *args, **kwargs)


def web_client(settings: Settings, *, token: str | None = None, timeout: int = 10) -> WebClient:
    """A Web API client for the configured server (`SLACK_API_URL`: Slack's own, or a test double),
    keeping its connections open between calls (see bot/slack/connections.py)."""
    if token is None:
        secret = settings.slack.bot_token
        token = secret.get_secret_value() if secret else None
    return KeepAliveWebClient(token=token, base_url=settings.slack.api_url, timeout=timeout)


def check_settings(settings: Settings, *, socket_mode: bool = False) -> None:
    """Refuse to go on without the Slack settings this mode needs, naming each missing one."""
    slack = settings.slack
    missing = [name for name, value in (("SLACK_BOT_TOKEN", slack.bot_token),) if value is None]
    if socket_mode and slack.app_token is None:
        missing.append("SLACK_APP_TOKEN")
    if not socket_mode and slack.signing_secret is None:
        missing.append("SLACK_SIGNING_SECRET")
    if missing:
        raise SlackNotConfigured(
            f"Slack is not configured: set {' and '.join(missing)} in the environment or in .env "
            "(see 'Connecting Slack' in README.md). To try mashbot without Slack, run "
            "`mashbot console`."
        )


def create_app(mashbot: Mashbot, *, socket_mode: bool = False) -> MashbotApp:
    """The Bolt app: middleware that resolves the actor, then every module in LISTENER_MODULES."""
    check_settings(mashbot.settings, socket_mode=socket_mode)
    logs.install()  # Bolt logs a badly signed request's body at INFO: redacted, whatever the level
    secret = mashbot.settings.slack.signing_secret
    pool = ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="slack-listener")
    app = MashbotApp(
        client=web_client(mashbot.settings),
        signing_secret=secret.get_secret_value() if secret else "",
        listener_executor=pool,
        process_before_response=True,  # the listener's ack is the response: see acks.py
    )
    app.listener_pool = pool
    app.retry_guard = middleware.register(app, mashbot)
    app.language_of = middleware.language_of(mashbot)
    for name in LISTENER_MODULES:
        importlib.import_module(name).register(app, mashbot)
    return app
