"""The Teams agent: one AgentApplication whose handlers resolve the person and call workflows.

Every handler runs the (synchronous) workflow in a worker thread, so the event loop keeps
serving other requests. A message's turn runs after its response (bot/teams/server.py); an
invoke's in its request. A failing handler is answered with a plain apology carrying no detail
and logged by its ids, the error's type and the code it went through, never the error's text
(the SDK's default turn-error handler would send that text to the user, and its own log would
keep it). A conversation's reference is stored when it is new or changed, not on every message.
"""

from __future__ import annotations

import asyncio
import logging
import re
import traceback
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any, TypeVar

from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    AdaptiveCardInvokeResponse,
    Attachment,
    InvokeResponse,
)
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import (
    AgentApplication,
    ApplicationOptions,
    MemoryStorage,
    MessageFactory,
    TurnContext,
    TurnState,
)
from microsoft_agents.hosting.core.app._routes import RouteRank
from microsoft_agents.hosting.core.authorization import Connections
from sqlalchemy.exc import IntegrityError

from bot import languages
from bot.app import Mashbot
from bot.teams import cards, commands, conversations, forms
from bot.teams.connector import Connector
from bot.teams.conversations import Incoming
from bot.teams.identity import actor_for, remembered
from bot.teams.sdk_product_info import remember_product_info
from bot.teams.transport import CARD
from bot.teams.turn_clients import KeptConnectionsFactory
from messages import triage_text as words
from messages.i18n import use_locale

log = logging.getLogger("mashbot.teams")

T = TypeVar("T")


def _log_failure(context: TurnContext, error: BaseException) -> None:
    """A failed turn by its ids and the error's type, with the code lines it went through: never
    the error's text, which may quote what a person typed about a child."""
    activity = context.activity
    frames = "".join(traceback.format_tb(error.__traceback__)).rstrip()
    log.error(
        "Teams %s turn failed: %s (activity %s, conversation %s)\n%s",
        activity.type,
        type(error).__name__,
        activity.id or "-",
        activity.conversation.id if activity.conversation else "-",
        frames,
    )


class _Sealed(dict):
    """A dialog made for one response and never changed after it: the SDK deep-copies every
    activity it sends, and copying a form step's dialog (a few hundred objects) cost about a
    tenth of the step's time. A copy of it is itself."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _Sealed:
        return self


def _apology_card() -> AdaptiveCardInvokeResponse:
    return AdaptiveCardInvokeResponse(
        status_code=200, type="application/vnd.microsoft.activity.message", value=words.went_wrong()
    )


async def _reply_apology(context: TurnContext, error: Exception) -> None:
    """Log the failure by ids and type, and tell the person plainly, with no detail."""
    _log_failure(context, error)
    if context.activity.type == ActivityTypes.invoke:
        await context.send_activity(
            Activity(
                type=ActivityTypes.invoke_response,
                value=InvokeResponse(
                    status=int(HTTPStatus.OK),
                    body=_apology_card().model_dump(mode="json", by_alias=True, exclude_none=True),
                ),
            )
        )
        return
    await context.send_activity(MessageFactory.text(words.went_wrong()))


Handler = Callable[[TurnContext, TurnState], Awaitable[None]]


def _apologising(handler: Handler) -> Handler:
    """A handler whose failure is answered and logged here, before the SDK's own error path
    (which logs the error's text) sees it."""

    async def guarded(context: TurnContext, state: TurnState) -> None:
        try:
            await handler(context, state)
        except Exception as error:  # noqa: BLE001 - logged by type and ids, apologised for
            await _reply_apology(context, error)

    guarded.__name__ = handler.__name__
    return guarded


def create_agent(
    mashbot: Mashbot,
    connections: Connections,
    connector: Connector,
    turn_clients: KeptConnectionsFactory | None = None,
) -> tuple[AgentApplication[TurnState], CloudAdapter]:
    """The adapter and the agent, wired to mashbot's workflows; a turn's replies go out on
    `turn_clients`' kept connections (whose owner closes them on a stop)."""
    remember_product_info()
    adapter = CloudAdapter(
        channel_service_client_factory=turn_clients or KeptConnectionsFactory(connections)
    )
    adapter.on_turn_error = _reply_apology
    # Turn state is not used: every fact lives in mashbot's database, never in this process.
    agent = AgentApplication[TurnState](
        ApplicationOptions(storage=MemoryStorage(), start_typing_timer=False),
        connection_manager=connections,
    )
    agent.error(_reply_apology)

    async def actor_of(incoming: Incoming):  # noqa: ANN202 - an Actor
        """Remembered, without leaving the loop; else resolved in a worker thread."""
        found = remembered(mashbot, incoming)
        if found is not None:
            return found
        return await asyncio.to_thread(actor_for, mashbot, incoming, connector)

    async def work(actor: Any, step: Callable[..., T], *args: Any) -> T:
        """A workflow step in a worker thread, rendering in the actor's language (the one place
        a Teams request picks it: every handler's work goes through here)."""
        language = languages.of_actor(mashbot.partnership, actor)
        return await asyncio.to_thread(_speaking, language, step, *args)

    @agent.adaptive_card.action_execute(re.compile(".*"))
    async def on_card_action(
        context: TurnContext, _: TurnState, data: Any
    ) -> AdaptiveCardInvokeResponse:
        try:
            incoming = Incoming.of(context.activity)
            actor = await actor_of(incoming)
            card = await work(actor, cards.execute, mashbot, actor, dict(data or {}))
        except Exception as error:  # noqa: BLE001 - logged by type and ids, apologised for
            _log_failure(context, error)
            return _apology_card()
        return AdaptiveCardInvokeResponse(status_code=200, type=CARD, value=card)

    @agent.invoke(["task/fetch", "task/submit"])
    @_apologising
    async def on_dialog(context: TurnContext, _: TurnState) -> None:
        """A form's dialog: opened by a card button (fetch), then each step submitted."""
        incoming = Incoming.of(context.activity)
        actor = await actor_of(incoming)
        data = dict((incoming.value or {}).get("data") or {})
        step = forms.fetch if incoming.name == "task/fetch" else forms.submit
        language = languages.of_actor(mashbot.partnership, actor)
        drawn = _speaking(language, forms.without_database, step, mashbot, actor, data)
        if drawn is None:  # it needs the database: in a worker thread, not on the loop
            drawn = await work(actor, step, mashbot, actor, data)
        body = _Sealed(drawn)
        await context.send_activity(
            Activity(
                type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body=body)
            )
        )

    async def on_anything_else(context: TurnContext, _: TurnState) -> None:
        incoming = Incoming.of(context.activity)
        if incoming.type == ActivityTypes.message:
            await on_message(context, incoming)
        elif incoming.type in (ActivityTypes.conversation_update, "installationUpdate"):
            await on_install(context, incoming)
        elif incoming.type == ActivityTypes.invoke:
            await context.send_activity(
                Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200))
            )
        # typing, reactions, message edits: nothing to do, and nothing logged about them

    agent.add_route(lambda _: True, _apologising(on_anything_else), rank=RouteRank.LAST)

    references = conversations.RecentReferences()

    async def remember(incoming: Incoming, person_id: str | None) -> None:
        """The conversation's reference stored if new or changed (a recent one: no work)."""
        reference = conversations.reference_of(incoming, person_id)
        if references.known(reference):
            return
        await asyncio.to_thread(_remember, mashbot, incoming, person_id)
        references.keep(reference)

    async def on_message(context: TurnContext, incoming: Incoming) -> None:
        actor = await actor_of(incoming)
        await remember(incoming, actor.person_id)
        if isinstance(incoming.value, dict) and incoming.value.get("action"):
            said = await work(actor, cards.submit, mashbot, actor, incoming.value)
        else:
            personal = incoming.conversation_type == "personal"
            said = await work(actor, commands.reply, mashbot, actor, incoming.text, personal)
        await context.send_activity(_message(said))

    async def on_install(context: TurnContext, incoming: Incoming) -> None:
        """Installed (personal, team or chat): keep the reference; greet a person in a 1:1."""
        raw = context.activity.model_dump(by_alias=True, mode="json", exclude_none=True)
        added = [m.get("id") for m in raw.get("membersAdded") or []]
        bot_added = incoming.bot_id in added or raw.get("action") == "add"
        personal = incoming.conversation_type == "personal" and incoming.user_id
        actor = await actor_of(incoming) if personal else None
        await remember(incoming, actor and actor.person_id)
        if bot_added and actor is not None:
            home = await work(actor, commands.home_card, mashbot, actor)
            hello = await work(actor, commands.welcome, mashbot)
            await context.send_activity(MessageFactory.text(hello))
            await context.send_activity(_message(home))

    return agent, adapter


def _speaking(language: str, step: Callable[..., T], *args: Any) -> T:
    with use_locale(language):
        return step(*args)


def _message(said: commands.Reply) -> Activity:
    """A text reply, or a card (the home card, a form opener) as an attachment."""
    if isinstance(said, str):
        return MessageFactory.text(said)
    return MessageFactory.attachment(Attachment(content_type=CARD, content=said))


def _remember(mashbot: Mashbot, incoming: Incoming, person_id: str | None) -> None:
    """Store the reference; if another replica stored it at the same moment, refresh theirs."""
    for attempt in (1, 2):
        try:
            with mashbot.unit_of_work("teams") as ctx:
                conversations.remember(ctx.session, incoming, person_id, ctx.now)
            return
        except IntegrityError:
            if attempt == 2:
                raise
