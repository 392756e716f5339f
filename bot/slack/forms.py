"""Forms in Slack: a modal per step, drawn from the form driver's answer; nothing stepped here.

The form, its key (a draft id, a reference, an action) and the step travel in each modal's
private_metadata from the first modal on, so a repeated submission or a double click lands on
the same draft and one result.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError

from bot.app import Mashbot
from bot.forms import FLOWS
from messages import slack_render
from messages.forms import form_screen, words_of
from messages.forms.done import done_screen
from messages.i18n import current_locale
from messages.problems import say
from messages.render import Platform
from messages.screens import notice
from workflows import form_carry, form_driver
from workflows.context import Actor, Context
from workflows.errors import WorkflowError
from workflows.forms import Carried, FormView, Loaded

log = logging.getLogger("mashbot.slack")
T = TypeVar("T")


@dataclass(frozen=True)
class FormPlace:
    """Where a modal is: the form, what it is about (`key`) and the step it shows."""

    form: str
    key: str
    step: str
    carry: str | None = None  # the answers so far, sealed (workflows/form_carry.py)

    @classmethod
    def of(cls, view: dict[str, Any]) -> FormPlace:
        meta = json.loads(view.get("private_metadata") or "{}")
        carry = meta.get("carry")
        return cls(meta["form"], str(meta["key"]), meta["step"], carry)

    def carried(self, ctx: Context, actor: Actor) -> Carried | None:
        """The answers the modal carried, if it carries them and they were sealed for it."""
        if self.carry is None or not form_driver.carries(FLOWS[self.form]):
            return None
        return form_carry.unseal(ctx, actor, self.form, self.key, self.carry)


METADATA_LIMIT = 3000  # characters of private_metadata Slack keeps with a modal


def carrying(modal: dict[str, Any], sealed: str | None) -> dict[str, Any] | None:
    """The modal holding the sealed answers in its metadata; None if they do not fit."""
    if sealed is None:
        return None
    meta = json.loads(modal["private_metadata"])
    text = json.dumps({**meta, "carry": sealed})
    return {**modal, "private_metadata": text} if len(text) <= METADATA_LIMIT else None


@dataclass(frozen=True)
class Reply:
    """What to acknowledge a view submission with; `done` is set once the form is finished."""

    ack: dict[str, Any]
    done: form_driver.Done | None = None


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


def refusal(form_id: str, error: WorkflowError) -> dict[str, Any]:
    return slack_render.modal(notice(words_of(form_id).title, [say(error, Platform.SLACK)]))


def open_form(
    mashbot: Mashbot,
    actor: Actor,
    form_id: str,
    key: str,
    prefill: dict | None = None,
    *,
    new: bool = False,
) -> dict[str, Any]:
    """The modal for the step the person reached (a notice if they may not open it); `new`: the
    key was made just now, so there is nothing to look up."""
    flow = FLOWS[form_id]
    try:
        with mashbot.unit_of_work("slack") as ctx:
            if not new:
                view = form_driver.show(flow, ctx, actor, key, prefill=prefill)
                sealed = form_carry.seal_shown(ctx, actor, view)
            elif prefill is None and (blank := form_driver.blank(flow, ctx, actor)) is not None:
                draw = lambda: form_driver.show_new(flow, ctx, actor, _KEY_SLOT)  # noqa: E731
                modal = _FIRST_STEPS.modal(mashbot, form_id, blank, key, draw)
                if not form_driver.carries(flow):
                    return modal
                nothing_yet = Carried(blank.answers, blank.step_id or "", 0)
                sealed = form_carry.seal(ctx, actor, form_id, key, nothing_yet)
                return carrying(modal, sealed) or modal
            else:
                view = form_driver.show_new(flow, ctx, actor, key, prefill=prefill)
                sealed = form_carry.seal_shown(ctx, actor, view)
    except WorkflowError as error:
        return refusal(form_id, error)
    modal = slack_render.modal(form_screen(view, Platform.SLACK))
    return carrying(modal, sealed) or modal


_KEY_SLOT = "mashbot-key-slot"  # the key a blank form's first step is drawn with, then replaced


class _FirstSteps:
    """The first step of a new form as a modal, drawn once per form, language and blank form.

    Opening a new form is the busiest request there is (/concern, the shortcut, the Home
    button), and its first step is the same for every reader of one language whose new form
    holds the same (`form_driver.blank`: for a concern, the reader's agency): only the form's
    key, in the modal's metadata, differs. Building and drawing it was about a fifth of the
    request's CPU. Drawn again when the partnership changes. A copy shares the drawn blocks:
    callers send it to Slack as it is and never change it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._partnership: object = None
        self._drawn: dict[tuple[str, str, str], dict[str, Any]] = {}

    def modal(
        self,
        mashbot: Mashbot,
        form_id: str,
        blank: Loaded,
        key: str,
        draw: Callable[[], FormView],
    ) -> dict[str, Any]:
        held = json.dumps([blank.answers, blank.step_id, blank.facts], sort_keys=True, default=str)
        found = (current_locale(), form_id, held)
        with self._lock:
            if self._partnership is not mashbot.partnership:
                self._partnership, self._drawn = mashbot.partnership, {}
            drawn = self._drawn.get(found)
        if drawn is None:
            drawn = slack_render.modal(form_screen(draw(), Platform.SLACK))
            with self._lock:
                self._drawn[found] = drawn
        return {**drawn, "private_metadata": drawn["private_metadata"].replace(_KEY_SLOT, key)}


_FIRST_STEPS = _FirstSteps()


def submit(mashbot: Mashbot, actor: Actor, view: dict[str, Any]) -> Reply:
    """Say what Slack should show next, and keep the step's answers (valid or not).

    A modal carrying its answers (workflows/form_carry.py) is answered from them, and the step
    is written just after (`Mashbot.later`); a step with problems, the last step, or answers
    too long to carry are kept before answering, as are modals that carry nothing.
    """
    place = FormPlace.of(view)
    flow = FLOWS[place.form]
    given = answers_from_state(view)
    try:
        with mashbot.unit_of_work("slack") as ctx:
            carried = place.carried(ctx, actor)
            went = carried and form_driver.ahead(
                flow, ctx, actor, place.key, place.step, given, carried
            )
            if went:
                shown, keep = went
                modal = slack_render.modal(form_screen(shown, Platform.SLACK))
                modal = carrying(modal, form_carry.seal_shown(ctx, actor, shown))
                if modal is not None:
                    mashbot.later.put(flow.keep_whole, keep)
                    return Reply({"response_action": "update", "view": modal})

        def step(ctx: Context) -> tuple[FormView | form_driver.Done, str | None]:
            done = form_driver.submit(flow, ctx, actor, place.key, place.step, given, carried)
            return done, form_carry.seal_shown(ctx, actor, done)

        shown_or_done, sealed = once_more_on_conflict(mashbot, step)
    except WorkflowError as error:
        return Reply({"response_action": "update", "view": refusal(place.form, error)})
    if isinstance(shown_or_done, form_driver.Done):
        screen = done_screen(shown_or_done, mashbot.partnership.timezone, Platform.SLACK)
        return Reply(
            {"response_action": "update", "view": slack_render.modal(screen)}, shown_or_done
        )
    screen = form_screen(shown_or_done, Platform.SLACK)
    if shown_or_done.in_place:
        return Reply({"response_action": "errors", "errors": slack_render.field_errors(screen)})
    modal = slack_render.modal(screen)
    return Reply({"response_action": "update", "view": carrying(modal, sealed) or modal})


def back(mashbot: Mashbot, actor: Actor, view: dict[str, Any]) -> dict[str, Any]:
    """Keep what was typed in this step, unchecked, and show the step before it."""
    place = FormPlace.of(view)
    given = answers_from_state(view)

    def step_back(ctx: Context) -> tuple[FormView, str | None]:
        carried = place.carried(ctx, actor)
        shown = form_driver.back(
            FLOWS[place.form], ctx, actor, place.key, place.step, given, carried
        )
        return shown, form_carry.seal_shown(ctx, actor, shown)

    try:
        shown, sealed = once_more_on_conflict(mashbot, step_back)
    except WorkflowError as error:
        return refusal(place.form, error)
    modal = slack_render.modal(form_screen(shown, Platform.SLACK))
    return carrying(modal, sealed) or modal


def keep(mashbot: Mashbot, actor: Actor, view: dict[str, Any]) -> bool:
    """On close: keep what was typed in the open step; True if a draft now holds it."""
    place = FormPlace.of(view)
    given = answers_from_state(view)
    return once_more_on_conflict(
        mashbot,
        lambda ctx: form_driver.keep(
            FLOWS[place.form], ctx, actor, place.key, place.step, given, place.carried(ctx, actor)
        ),
    )
