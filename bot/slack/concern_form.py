"""The concern form as Slack modals: which view to show, and what a submitted view says.

Every decision is the workflow's (drafts, report); this module only turns views into answers
and results into views. The draft id travels in each view's private_metadata from the first
modal on, so a repeated submission or a double click lands on the same draft and one concern.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError

from bot.app import Mashbot
from messages import slack_views
from messages.problems import field_errors
from messages.render import Platform
from messages.summary import review_lines
from workflows.concerns import drafts, form, report
from workflows.context import Actor, Context
from workflows.errors import InvalidInput
from workflows.partnership import Partnership

log = logging.getLogger("mashbot.slack")
T = TypeVar("T")


@dataclass(frozen=True)
class FormPlace:
    """Where a modal is in the form: the draft it fills and the step it shows."""

    draft_id: str
    step_id: str

    @classmethod
    def of(cls, view: dict[str, Any]) -> FormPlace:
        meta = json.loads(view.get("private_metadata") or "{}")
        return cls(draft_id=meta["draft"], step_id=meta["step"])


@dataclass(frozen=True)
class Reply:
    """What to acknowledge a view submission with; `sent` is set once the concern is sent."""

    ack: dict[str, Any]
    sent: report.ConcernReported | None = None


def answers_from_state(view: dict[str, Any]) -> dict[str, Any]:
    """The answers in a submitted or closed view, by field id (block ids are field ids)."""
    answers: dict[str, Any] = {}
    for block_id, actions in (view.get("state") or {}).get("values", {}).items():
        for element in actions.values():
            kind = element.get("type")
            if kind in ("checkboxes", "multi_static_select"):
                answers[block_id] = [o["value"] for o in element.get("selected_options") or []]
            elif kind in ("radio_buttons", "static_select"):
                chosen = element.get("selected_option")
                answers[block_id] = chosen["value"] if chosen else None
            else:
                answers[block_id] = element.get("value")
    return answers


def step_view(
    partnership: Partnership,
    draft_id: str,
    answers: dict[str, Any],
    step_id: str,
    problems: list[str] | None = None,
) -> dict[str, Any]:
    """The modal for one step of the draft, its typed answers filled in."""
    all_steps = form.steps(partnership, answers)
    ids = [s.id for s in all_steps]
    step = all_steps[ids.index(step_id)] if step_id in ids else all_steps[0]
    return slack_views.form_step_view(
        step,
        answers,
        {"draft": draft_id, "step": step.id},
        (ids.index(step.id) + 1, len(ids)),
        danger=answers.get("immediate_danger") == "yes",
        review=review_lines(all_steps, answers) if step.id == form.REVIEW else None,
        problems=problems,
    )


def new_form(partnership: Partnership) -> dict[str, Any]:
    """The first step, carrying a fresh draft id; the draft is made when something is saved."""
    return step_view(partnership, drafts.new_id(), {}, form.DANGER)


def resume(mashbot: Mashbot, actor: Actor, draft_id: str) -> dict[str, Any]:
    """The step the reporter had reached in their draft."""
    with mashbot.unit_of_work("slack") as ctx:
        draft = drafts.load(ctx, actor, draft_id)
        return step_view(ctx.partnership, draft.id, dict(draft.answers), draft.step)


def latest_draft(mashbot: Mashbot, actor: Actor) -> str | None:
    with mashbot.unit_of_work("slack") as ctx:
        mine = drafts.open_drafts(ctx, actor)
        return mine[0].id if mine else None


def once_more_on_conflict(mashbot: Mashbot, work: Callable[[Context], T]) -> T:
    """Run `work` in a unit of work; if a concurrent twin (a double click) won a unique-key race,
    run it once more: the workflow then finds the twin's result instead of making a second one."""
    try:
        with mashbot.unit_of_work("slack") as ctx:
            return work(ctx)
    except IntegrityError:
        log.info("a concurrent twin of this form submission won; answering from its result")
        with mashbot.unit_of_work("slack") as ctx:
            return work(ctx)


def submit(mashbot: Mashbot, actor: Actor, place: FormPlace, answers: dict[str, Any]) -> Reply:
    """Save a step's answers (valid or not) and say what Slack should show next."""
    if place.step_id == form.REVIEW:
        return _send(mashbot, actor, place)

    def save_step(ctx: Context) -> Reply:
        drafts.load_or_start(ctx, actor, place.draft_id)
        result = drafts.submit_step(ctx, actor, place.draft_id, place.step_id, answers)
        saved = dict(drafts.load(ctx, actor, place.draft_id).answers)
        if result.errors:
            step = form.find_step(ctx.partnership, saved, place.step_id)
            errors = slack_views.field_errors(result.errors, step)
            return Reply({"response_action": "errors", "errors": errors})
        view = step_view(ctx.partnership, place.draft_id, saved, result.next_step or form.REVIEW)
        return Reply({"response_action": "update", "view": view})

    return once_more_on_conflict(mashbot, save_step)


def _send(mashbot: Mashbot, actor: Actor, place: FormPlace) -> Reply:
    try:
        sent = once_more_on_conflict(mashbot, lambda ctx: report.submit(ctx, actor, place.draft_id))
    except InvalidInput as invalid:
        return _back_to_first_problem(mashbot, actor, place, invalid)
    log.info(
        "concern %s sent from draft %s%s",
        sent.reference,
        place.draft_id,
        " (a repeat: the first sending stands)" if sent.already_sent else "",
    )
    view = slack_views.sent_view(sent.reference, sent.area_name, sent.mash_phone)
    return Reply({"response_action": "update", "view": view}, sent=sent)


def _back_to_first_problem(
    mashbot: Mashbot, actor: Actor, place: FormPlace, invalid: InvalidInput
) -> Reply:
    with mashbot.unit_of_work("slack") as ctx:
        answers = dict(drafts.load(ctx, actor, place.draft_id).answers)
        first = next(
            (
                s.id
                for s in form.steps(ctx.partnership, answers)
                if any(f.id in invalid.errors for f in s.fields)
            ),
            form.DANGER,
        )
        view = step_view(
            ctx.partnership,
            place.draft_id,
            answers,
            first,
            list(field_errors(invalid, Platform.SLACK).values()),
        )
    return Reply({"response_action": "update", "view": view})


def back(
    mashbot: Mashbot, actor: Actor, place: FormPlace, answers: dict[str, Any]
) -> dict[str, Any]:
    """Keep what was typed in this step, unchecked, and show the step before it."""

    def go_back(ctx: Context) -> dict[str, Any]:
        draft = drafts.load_or_start(ctx, actor, place.draft_id)
        drafts.keep_answers(ctx, draft, answers)
        saved = dict(draft.answers)
        previous = form.previous_step_id(ctx.partnership, saved, place.step_id) or form.DANGER
        draft.step = previous
        return step_view(ctx.partnership, place.draft_id, saved, previous)

    return once_more_on_conflict(mashbot, go_back)


def keep(mashbot: Mashbot, actor: Actor, place: FormPlace, answers: dict[str, Any]) -> bool:
    """On close: keep what was typed in the open step; True if a draft now holds it."""
    if all(v in (None, "", []) for v in answers.values()):
        return False  # nothing typed: no draft to clutter the Home tab

    def save_typed(ctx: Context) -> bool:
        draft = drafts.load_or_start(ctx, actor, place.draft_id)
        if draft.submitted_reference:
            return False
        drafts.keep_answers(ctx, draft, answers)
        return True

    return once_more_on_conflict(mashbot, save_typed)
