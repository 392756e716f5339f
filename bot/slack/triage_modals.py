"""MASH triage modals in Slack: load through the workflows, describe with messages.screens.

Each `*_view` function runs one unit of work for the person and returns the modal to show; a
refusal or a problem comes back as a notice modal with the workflow's own words. The forms
(request, answer, assessment, decision) open through the form driver like every other form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.app import Mashbot
from bot.slack import forms
from bot.slack.modals import show
from messages import slack_render
from messages import triage_text as words
from messages.chronology_text import chronology_text
from messages.problems import say
from messages.render import Platform
from messages.screen import Screen
from messages.screens import notice
from messages.screens.triage import case_screen, chronology_screen, export_screen
from workflows.context import Actor, Context
from workflows.errors import WorkflowError
from workflows.partnership import Role
from workflows.triage import chronology, queries
from workflows.triage.forms import ANSWER_FORM_ID, ASSESS_FORM_ID, DECIDE_FORM_ID, REQUEST_FORM_ID

Builder = Callable[[Context], Screen]


def build(mashbot: Mashbot, title: str, builder: Builder) -> dict[str, Any]:
    """The modal `builder` describes in one unit of work, or a notice with what went wrong."""
    try:
        with mashbot.unit_of_work("slack") as ctx:
            return slack_render.modal(builder(ctx))
    except WorkflowError as error:
        return slack_render.modal(notice(title, [say(error, Platform.SLACK)]))


def show_built(
    client: WebClient, body: dict[str, Any], title: str, make: Callable[[], dict[str, Any]]
) -> None:
    """Show the modal `make` builds (after the ack); if building fails unexpectedly, show a notice
    saying so, then re-raise for the app's error handler to log."""
    try:
        view = make()
    except Exception:
        show(client, body, slack_render.modal(notice(title, [words.went_wrong()])))
        raise
    show(client, body, view)


def case_view(
    mashbot: Mashbot, actor: Actor, reference: str, reason: str | None = None
) -> dict[str, Any]:
    tz = mashbot.partnership.timezone
    return build(
        mashbot,
        reference,
        lambda ctx: case_screen(
            queries.case(ctx, actor, reference, reason), tz, actor.has(Role.MASH_DECISION_MAKER)
        ),
    )


def chronology_view(mashbot: Mashbot, actor: Actor, reference: str) -> dict[str, Any]:
    tz = mashbot.partnership.timezone
    return build(
        mashbot,
        reference,
        lambda ctx: chronology_screen(chronology.read(ctx, actor, reference), tz),
    )


def chronology_export_view(mashbot: Mashbot, actor: Actor, reference: str) -> dict[str, Any]:
    tz = mashbot.partnership.timezone

    def export(ctx: Context) -> Screen:
        found = chronology.read(ctx, actor, reference, export=True)
        return export_screen(found.reference, chronology_text(found, tz, ctx.now))

    return build(mashbot, reference, export)


def request_form_view(
    mashbot: Mashbot, actor: Actor, reference: str, agencies: list[str] | None = None
) -> dict[str, Any]:
    """The request form; `agencies` (ids typed after `/mash request REF`) come ticked."""
    chosen = {"agencies": [a.lower() for a in agencies]} if agencies else None
    return forms.open_form(mashbot, actor, REQUEST_FORM_ID, reference, chosen)


def answer_view(mashbot: Mashbot, actor: Actor, request_id: str) -> dict[str, Any]:
    return forms.open_form(mashbot, actor, ANSWER_FORM_ID, request_id)


def assessment_view(mashbot: Mashbot, actor: Actor, reference: str) -> dict[str, Any]:
    return forms.open_form(mashbot, actor, ASSESS_FORM_ID, reference)


def decision_view(mashbot: Mashbot, actor: Actor, reference: str) -> dict[str, Any]:
    return forms.open_form(mashbot, actor, DECIDE_FORM_ID, reference)
