"""`/mash`: lists answered at once (ephemeral), claims and ratings done, modals opened."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.app import Mashbot
from bot.slack import triage_modals
from bot.slack.middleware import ACTOR
from messages import triage_slack
from messages import triage_text as words
from workflows.context import Actor
from workflows.errors import WorkflowError
from workflows.triage import answers, claim, queries, urgency

# Sub-commands that open a modal, with the modal's builder and an example argument.
MODALS = {
    "case": (triage_modals.case_view, "CSE-2026-00001"),
    "chronology": (triage_modals.chronology_view, "CSE-2026-00001"),
    "request": (triage_modals.request_form_view, "CSE-2026-00001"),
    "assess": (triage_modals.assessment_view, "CSE-2026-00001"),
    "decide": (triage_modals.decision_view, "CSE-2026-00001"),
    "answer": (triage_modals.answer_view, "3"),
}


def _plain_email(word: str) -> str:
    """Slack may send an email as `<mailto:a@b.org|a@b.org>`; the address itself, lower-case."""
    if word.startswith("<mailto:"):
        word = word.removeprefix("<mailto:").split("|")[0].rstrip(">")
    return word.lower()


def answer_now(mashbot: Mashbot, actor: Actor, name: str, args: list[str]) -> list[str]:
    """The reply lines of a sub-command answered in the acknowledgement itself."""
    tz = mashbot.partnership.timezone
    with mashbot.unit_of_work("slack") as ctx:
        if name == "queue":
            rows = queries.queue(ctx, actor)
            empty = "There are no open referrals in your areas."
            return [f"Open referrals ({len(rows)}), most urgent first:"] + words.queue_lines(
                rows, tz, empty
            )
        if name == "mine":
            rows = queries.mine(ctx, actor)
            empty = "You own no open referrals. Type /mash queue to claim one."
            return [f"Your open referrals ({len(rows)}):"] + words.queue_lines(rows, tz, empty)
        if name == "requests":
            found = answers.for_my_agency(ctx, actor)
            return [
                f"Request {v.request_id} for {v.reference}: "
                + ("answered" if v.answer else "OVERDUE" if v.overdue else "waiting")
                + f", due {words.when(v.facts['due_at'], tz)}. Answer: /mash answer {v.request_id}"
                for v in found
            ] or ["Your agency has no information requests."]
        if name == "claim" and args:
            return [words.claimed(claim.claim(ctx, actor, args[0]))]
        if name == "assign" and len(args) >= 3:
            email = _plain_email(args[1])
            to = next((p for p in ctx.partnership.people if (p.email or "").lower() == email), None)
            done = claim.reassign(ctx, actor, args[0], to.id if to else email, " ".join(args[2:]))
            return [words.reassigned(done)]
        if name == "urgency" and len(args) >= 2:
            done = urgency.set_urgency(ctx, actor, args[0], args[1], " ".join(args[2:]))
            return [words.urgency_set(done, tz)]
    return [words.MASH_HELP]


def register(app: App, mashbot: Mashbot) -> None:
    @app.command("/mash")
    def mash(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        actor = context[ACTOR]
        name, *args = (body.get("text") or "").split() or ["help"]
        name = name.lower()
        if name in MODALS:
            builder, example = MODALS[name]
            if not args:
                ack(**triage_slack.reply([f"Type it like this: /mash {name} {example}"]))
                return
            ack()
            client.views_open(trigger_id=body["trigger_id"], view=builder(mashbot, actor, args[0]))
            return
        try:
            lines = answer_now(mashbot, actor, name, args)
        except WorkflowError as error:
            lines = list(getattr(error, "errors", {}).values()) or [error.message]
        ack(**triage_slack.reply(lines))
