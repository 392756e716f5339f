"""`/mase` and `/map` in Slack: the parts that need no form (the next meeting, the series, the
agenda; chairs post it). Acknowledged at once; the answer is an ephemeral reply."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.app import Mashbot
from bot.slack import files
from bot.slack.middleware import ACTOR, settle_ack
from messages import meetings_text as words
from messages import triage_slack
from messages.render import Platform, render
from messages.triage_text import WENT_WRONG
from workflows.concerns.form import parse_date
from workflows.context import Actor
from workflows.errors import WorkflowError
from workflows.meetings import agenda, map_dates, map_meetings, series
from workflows.meetings.access import MeetingRefused
from workflows.meetings.invites import meeting_facts
from workflows.outgoing import MessageKind

NOT_REACHABLE = {"channel_not_found", "not_in_channel", "user_not_in_channel"}
FORMS_ELSEWHERE = (
    "Setting the series and recording minutes are done in the console for now "
    "(`mashbot console`); here you can see the next meeting, the series and the agenda."
)


def mase_reply(mashbot: Mashbot, actor: Actor, words_in: list[str]) -> dict[str, Any]:
    """The reply to `/mase …`: Slack message arguments (text and blocks)."""
    tz = mashbot.partnership.timezone
    name = words_in[0].lower() if words_in else "help"
    rest = [w.lower() for w in words_in[1:]]
    with mashbot.unit_of_work("slack") as ctx:
        if name == "next":
            meeting = series.next_meeting(ctx, actor)
            line = words.meeting_line(meeting_facts(ctx, meeting), tz) if meeting else None
            return triage_slack.reply([line or "No MASE meeting is scheduled yet."])
        if name == "schedule":
            if rest:
                return triage_slack.reply([FORMS_ELSEWHERE])
            found = series.show(ctx, actor)
            meeting = series.next_meeting(ctx, actor)
            return triage_slack.reply(
                words.series_lines(
                    series.facts(ctx, found), meeting_facts(ctx, meeting) if meeting else None, tz
                )
            )
        if name == "agenda" and "document" in rest:
            return {"document": _document(mashbot, actor, rest)}
        if name == "agenda":
            dates = [w for w in rest if w not in ("post",)]
            day = parse_date(dates[0]) if dates else None
            built = agenda.post(ctx, actor, day) if "post" in rest else agenda.view(ctx, actor, day)
            rendered = render(MessageKind.MASE_AGENDA, agenda.chat_facts(built), Platform.SLACK, tz)
            return {"text": rendered.text, "blocks": rendered.blocks}
        if name == "minutes":
            return triage_slack.reply([FORMS_ELSEWHERE])
    return triage_slack.reply([words.MASE_HELP])


def _document(mashbot: Mashbot, actor: Actor, rest: list[str]) -> tuple[str, str, str]:
    """The full agenda for a member (audited in the workflow): file name, content, type."""
    fmt = "html" if "html" in rest else "markdown"
    dates = [w for w in rest if w not in ("document", "html", "markdown", "md")]
    day = parse_date(dates[0]) if dates else None
    with mashbot.unit_of_work("slack") as ctx:
        facts = agenda.download(ctx, actor, fmt, day)
    text = words.agenda_document(facts, fmt, mashbot.partnership.timezone)
    extension, mimetype = ("html", "text/html") if fmt == "html" else ("md", "text/markdown")
    return f"mase-agenda-{facts['starts_at'][:10]}.{extension}", text, mimetype


def map_reply(mashbot: Mashbot, actor: Actor, words_in: list[str]) -> dict[str, Any]:
    tz = mashbot.partnership.timezone
    name = words_in[0].lower() if words_in else "help"
    if len(words_in) < 2 or name not in ("agenda", "available"):
        return triage_slack.reply([words.MAP_HELP, FORMS_ELSEWHERE])
    with mashbot.unit_of_work("slack") as ctx:
        if name == "available":
            numbers = [int(n) for w in words_in[2:] for n in w.split(",") if n.isdecimal()]
            map_dates.answer(ctx, actor, words_in[1], numbers)
            return triage_slack.reply([words.DATES_THANKS])
        facts = map_meetings.agenda(ctx, actor, words_in[1])
    return triage_slack.reply(words.map_agenda_lines(facts, tz))


def _say(client: WebClient, respond: Respond, body: dict[str, Any], reply: dict[str, Any]) -> None:
    """Reply to the person who typed the command, and to nobody else."""
    try:
        client.chat_postEphemeral(channel=body["channel_id"], user=body["user_id"], **reply)
    except SlackApiError as error:
        if error.response.get("error") not in NOT_REACHABLE:
            raise
        respond(response_type="ephemeral", **reply)


def _answer(
    mashbot: Mashbot,
    client: WebClient,
    respond: Respond,
    body: dict[str, Any],
    actor: Actor,
    make: Any,
) -> None:
    words_in = (body.get("text") or "").split()
    try:
        reply = make(mashbot, actor, words_in)
    except MeetingRefused as refused:
        reply = triage_slack.reply([words.refusal(refused.reason.value, refused.wanted)])
    except WorkflowError as error:
        reply = triage_slack.reply(list(getattr(error, "errors", {}).values()) or [error.message])
    except ValueError:
        reply = triage_slack.reply(
            ["Give the date as day/month/year, e.g. /mase agenda 08/12/2026."]
        )
    except Exception:
        _say(client, respond, body, triage_slack.reply([WENT_WRONG]))
        settle_ack()
        raise  # for the app's error handler to log
    document = reply.pop("document", None)
    if document is not None:  # only to the member's own direct message, never a channel
        filename, content, mimetype = document
        dm = client.conversations_open(users=body["user_id"])["channel"]["id"]
        files.share(client, dm, filename, content, mimetype, comment=words.DOCUMENT_SENT)
        reply = triage_slack.reply([words.DOCUMENT_SENT])
    _say(client, respond, body, reply)


def register(app: App, mashbot: Mashbot) -> None:
    @app.command("/mase")
    def mase(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        ack()  # the work (audited) comes after: Slack waits 3 seconds at most
        _answer(mashbot, client, respond, body, context[ACTOR], mase_reply)

    @app.command("/map")
    def map_command(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        ack()
        _answer(mashbot, client, respond, body, context[ACTOR], map_reply)
