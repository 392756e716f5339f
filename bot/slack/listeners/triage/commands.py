"""`/mash`: acknowledged at once; lists and changes answered in an ephemeral reply, modals opened."""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import languages
from bot.app import Mashbot
from bot.slack import triage_modals
from bot.slack.middleware import ACTOR
from messages import access_review as review_words
from messages import glossary, slack_render
from messages import triage_text as words
from messages.i18n import use_locale
from messages.problems import field_errors, say
from messages.render import Platform
from messages.screens.triage import reply_screen
from workflows.context import Actor
from workflows.data_protection import access_review
from workflows.errors import InvalidInput, WorkflowError
from workflows.triage import answers, assign, claim, queries, urgency

# Sub-commands that open a modal, with the modal's builder and an example argument.
MODALS = {
    "case": (triage_modals.case_view, "CSE-2026-00001"),
    "chronology": (triage_modals.chronology_view, "CSE-2026-00001"),
    "request": (triage_modals.request_form_view, "CSE-2026-00001 health police"),
    "assess": (triage_modals.assessment_view, "CSE-2026-00001"),
    "decide": (triage_modals.decision_view, "CSE-2026-00001"),
    "answer": (triage_modals.answer_view, "3"),
}

# Sub-commands answered in an ephemeral reply, with how many words they need.
REPLIES = {
    "queue": 0,
    "mine": 0,
    "requests": 0,
    "claim": 1,
    "assign": 3,
    "urgency": 2,
    "access": 1,
}

# Where chat.postEphemeral cannot reach (the bot is not in that conversation), the command's
# response_url still can.
NOT_REACHABLE = {"channel_not_found", "not_in_channel", "user_not_in_channel"}


def _plain_email(word: str) -> str:
    """Slack may send an email as `<mailto:a@b.org|a@b.org>`; the address itself."""
    if word.startswith("<mailto:"):
        word = word.removeprefix("<mailto:").split("|")[0].rstrip(">")
    return word


def answer_now(
    mashbot: Mashbot,
    actor: Actor,
    name: str,
    args: list[str],
    entry_point: str = "slack",
    platform: Platform = Platform.SLACK,
) -> list[str]:
    """The reply lines of a sub-command in REPLIES (given enough words); Teams shares it, and
    each names commands as `platform` types them."""
    tz = mashbot.partnership.timezone
    with mashbot.unit_of_work(entry_point) as ctx:
        if name == "queue":
            rows = queries.queue(ctx, actor)
            empty = words.queue_empty()
            return [words.queue_heading(len(rows)), *words.queue_lines(rows, tz, empty)]
        if name == "mine":
            rows = queries.mine(ctx, actor)
            empty = words.mine_empty(platform)
            return [words.mine_heading(len(rows)), *words.queue_lines(rows, tz, empty)]
        if name == "requests":
            return words.agency_requests(answers.for_my_agency(ctx, actor), tz, platform)
        if name == "claim":
            return [words.claimed(claim.claim(ctx, actor, args[0]), platform)]
        if name == "assign":
            reason = " ".join(args[2:])
            done = assign.reassign_to_email(ctx, actor, args[0], _plain_email(args[1]), reason)
            return [words.reassigned(done)]
        if name == "urgency":
            done = urgency.set_urgency(ctx, actor, args[0], args[1], " ".join(args[2:]))
            return [words.urgency_set(done, tz, platform)]
        if name == "access":
            found = access_review.recent(ctx, actor, args[0])
            return review_words.review_lines(found, tz)
    raise ValueError(f"/mash {name} is not answered in a reply")


def _reply(lines: list[str]) -> dict[str, Any]:
    return slack_render.message(reply_screen(lines))


def _say(client: WebClient, respond: Respond, body: dict[str, Any], lines: list[str]) -> None:
    """Reply to the person who typed the command, and to nobody else."""
    reply = _reply(lines)
    try:
        client.chat_postEphemeral(channel=body["channel_id"], user=body["user_id"], **reply)
    except SlackApiError as error:
        if error.response.get("error") not in NOT_REACHABLE:
            raise
        respond(response_type="ephemeral", **reply)


def register(app: App, mashbot: Mashbot) -> None:
    @app.command("/mash")
    def mash(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        actor = context[ACTOR]
        name, *args = (body.get("text") or "").split() or ["help"]
        name = name.lower()
        if name in MODALS:
            builder, example = MODALS[name]
            if not args:
                ack(**_reply([f"Type it like this: /mash {name} {example}"]))
                return
            ack()
            make = (
                partial(triage_modals.request_form_view, mashbot, actor, args[0], args[1:])
                if name == "request"
                else partial(builder, mashbot, actor, args[0], " ".join(args[1:]) or None)
                if name == "case"
                else partial(builder, mashbot, actor, args[0])
            )
            triage_modals.show_built(client, body, args[0], make)
            return
        if name == "language":
            ack()  # choosing one is a change, audited: the work comes after the ack
            said = languages.answer(mashbot, actor, args, Platform.SLACK, "slack")
            with use_locale(said.language):
                _say(client, respond, body, said.lines)
            return
        if name == "glossary":  # for everyone, reporters too: no work, so it is the ack
            ack(**_reply(glossary.lines()))
            return
        needed = REPLIES.get(name)
        if needed is None or len(args) < needed:
            ack(**_reply([words.mash_help(Platform.SLACK)]))  # help: no work, so it is the ack
            return
        ack()  # the work (an audited transaction) comes after: Slack waits 3 seconds at most
        try:
            lines = answer_now(mashbot, actor, name, args)
        except WorkflowError as error:
            lines = (
                list(field_errors(error, Platform.SLACK).values())
                if isinstance(error, InvalidInput)
                else [say(error, Platform.SLACK)]
            )
        except Exception:
            _say(client, respond, body, [words.went_wrong()])
            raise  # for the app's error handler to log
        _say(client, respond, body, lines)
