"""MASH triage modals in Slack: load through the workflows, build with messages.triage_slack.

Each `*_view` function runs one unit of work for the person and returns the modal to show; a
refusal or a problem comes back as a notice modal with the workflow's own words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.app import Mashbot
from bot.slack.middleware import settle_ack
from bot.slack.modals import show
from messages import triage_slack
from messages import triage_text as words
from messages.problems import say
from messages.render import Platform
from workflows.context import Actor, Context
from workflows.errors import Task, WorkflowError
from workflows.partnership import Role
from workflows.triage import (
    access,
    answers,
    assessment,
    chronology,
    decisions,
    queries,
    requests,
)
from workflows.triage_settings import OutcomeId

Builder = Callable[[Context], dict[str, Any]]


def build(mashbot: Mashbot, title: str, builder: Builder) -> dict[str, Any]:
    """The modal `builder` makes in one unit of work, or a notice with what went wrong."""
    try:
        with mashbot.unit_of_work("slack") as ctx:
            return builder(ctx)
    except WorkflowError as error:
        return triage_slack.notice(title, [say(error, Platform.SLACK)])


def show_built(
    client: WebClient, body: dict[str, Any], title: str, make: Callable[[], dict[str, Any]]
) -> None:
    """Show the modal `make` builds (after the ack); if building fails unexpectedly, show a notice
    saying so, then re-raise for the app's error handler to log."""
    try:
        view = make()
    except Exception:
        show(client, body, triage_slack.notice(title, [words.WENT_WRONG]))
        settle_ack()
        raise
    show(client, body, view)


def case_view(mashbot: Mashbot, actor: Actor, reference: str) -> dict[str, Any]:
    tz = mashbot.partnership.timezone
    return build(
        mashbot,
        reference,
        lambda ctx: triage_slack.case_modal(
            queries.case(ctx, actor, reference), tz, actor.has(Role.MASH_DECISION_MAKER)
        ),
    )


def chronology_view(mashbot: Mashbot, actor: Actor, reference: str) -> dict[str, Any]:
    tz = mashbot.partnership.timezone
    return build(
        mashbot,
        reference,
        lambda ctx: triage_slack.chronology_modal(chronology.read(ctx, actor, reference), tz),
    )


def chronology_export_view(mashbot: Mashbot, actor: Actor, reference: str) -> dict[str, Any]:
    tz = mashbot.partnership.timezone

    def export(ctx: Context) -> dict[str, Any]:
        found = chronology.read(ctx, actor, reference, export=True)
        text = words.chronology_text(found, tz, ctx.now)
        return triage_slack.chronology_export_modal(found.reference, text)

    return build(mashbot, reference, export)


def request_form_view(
    mashbot: Mashbot, actor: Actor, reference: str, agencies: list[str] | None = None
) -> dict[str, Any]:
    """The request form; `agencies` (ids typed after `/mash request REF`) come ticked."""

    def form(ctx: Context) -> dict[str, Any]:
        loaded = access.for_owner(
            ctx, actor, reference, "request_information", Task.REQUEST_INFORMATION
        )
        settings = ctx.partnership.triage.information_requests
        return triage_slack.request_form_modal(
            loaded.reference,
            [(a.id, a.name) for a in ctx.partnership.agencies],
            [(key, label) for key, (label, _) in requests.SHAREABLE.items()],
            requests.DEFAULT_SHARE,
            settings.question,
            settings.lawful_basis,
            chosen=[a.lower() for a in agencies or []],
        )

    return build(mashbot, reference, form)


def answer_view(mashbot: Mashbot, actor: Actor, request_id: str) -> dict[str, Any]:
    tz = mashbot.partnership.timezone

    def form(ctx: Context) -> dict[str, Any]:
        view = answers.view(ctx, actor, request_id)
        previous = answers.ANSWER_KINDS[view.answer.kind] if view.answer else None
        return triage_slack.answer_modal(view.facts, view.overdue, tz, previous)

    return build(mashbot, f"Request {request_id}", form)


def assessment_view(mashbot: Mashbot, actor: Actor, reference: str) -> dict[str, Any]:
    def form(ctx: Context) -> dict[str, Any]:
        suggestion, _ = assessment.prepare(ctx, actor, reference)
        return triage_slack.assessment_modal(
            reference.strip().upper(), suggestion, ctx.partnership.triage.risk_levels
        )

    return build(mashbot, reference, form)


def decision_view(mashbot: Mashbot, actor: Actor, reference: str) -> dict[str, Any]:
    def form(ctx: Context) -> dict[str, Any]:
        loaded = access.for_decision_maker(ctx, actor, reference, "decide", Task.DECIDE)
        triage = ctx.partnership.triage
        return triage_slack.decision_modal(
            loaded.reference,
            [(o.value, triage.outcome_label(o)) for o in OutcomeId],
            [(t.id, t.label) for t in triage.crime_teams],
            decided_before=decisions.current(ctx, loaded.referral.id) is not None,
        )

    return build(mashbot, reference, form)


def state_values(view: dict[str, Any]) -> dict[str, Any]:
    """What was typed or picked in a submitted modal, by block id."""
    found: dict[str, Any] = {}
    for block_id, actions in (view.get("state") or {}).get("values", {}).items():
        for element in actions.values():
            kind = element.get("type")
            if kind in ("checkboxes", "multi_static_select"):
                found[block_id] = [o["value"] for o in element.get("selected_options") or []]
            elif kind in ("radio_buttons", "static_select"):
                chosen = element.get("selected_option")
                found[block_id] = chosen["value"] if chosen else None
            else:
                found[block_id] = element.get("value")
    return found


def errors_on(view: dict[str, Any], errors: dict[str, str]) -> dict[str, str]:
    """Errors keyed by the modal's input blocks; one about no block lands on the first input."""
    inputs = [b["block_id"] for b in view.get("blocks", []) if b.get("type") == "input"]
    placed: dict[str, str] = {}
    for key, message in errors.items():
        target = key if key in inputs else inputs[0]
        placed[target] = f"{placed[target]} {message}" if target in placed else message
    return placed
