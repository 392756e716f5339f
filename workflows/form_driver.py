"""The one form driver: validate a submitted step, keep the draft, move on or back, or finish.

Slack, Teams and the console call these functions and render what comes back (a `FormView` to
show, or `Done` with the workflow's result); none of them steps a form itself. A feature plugs
its form in as a `Flow`: where its answers are kept (a draft, or nowhere for a one-step form),
its own rules, and the workflow that runs when the last step is submitted.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from workflows.context import Actor, Context
from workflows.errors import InvalidInput, WorkflowError
from workflows.forms import Done, FieldProblem, Form, FormView, Loaded, Step, check_field


class Flow(Protocol):
    """A form's workflow. A flow whose keys are made when the form opens (a concern's draft id)
    may also have `blank(ctx, actor) -> Loaded`, what a new key holds, so that `show_new` opens
    it without a look-up."""

    form_id: str

    def load(self, ctx: Context, actor: Actor, key: str) -> Loaded:
        """The answers kept so far (and any facts the form shows); refusals raise."""

    def form(self, ctx: Context, answers: dict[str, Any], loaded: Loaded) -> Form:
        """The form's steps for these answers."""

    def keep(
        self, ctx: Context, actor: Actor, key: str, answers: dict[str, Any], step_id: str
    ) -> bool:
        """Keep what was typed, valid or not (a draft); True if something now holds it."""

    def check(self, ctx: Context, step: Step, answers: dict[str, Any]) -> dict[str, FieldProblem]:
        """A step's problems by field id: each field's (`forms.check_step`) and the feature's."""

    def finish(self, ctx: Context, actor: Actor, key: str, answers: dict[str, Any]) -> Any:
        """Run the workflow the form is for; InvalidInput sends the person back to fix it."""


def _view(
    flow: Flow,
    ctx: Context,
    key: str,
    loaded: Loaded,
    answers: dict[str, Any],
    step_id: str | None,
    problems: dict[str, FieldProblem | str] | None = None,
    in_place: bool = False,
    form: Form | None = None,
) -> FormView:
    """The form at `step_id` (its first step if the answers no longer lead there); `form`, if
    given, is the form already built for these answers."""
    form = form or flow.form(ctx, answers, loaded)
    ids = form.ids()
    step = form.step(step_id) if step_id in ids else form.steps[0]
    return FormView(form, key, step, answers, loaded.facts, problems or {}, in_place)


def show(
    flow: Flow,
    ctx: Context,
    actor: Actor,
    key: str,
    step_id: str | None = None,
    prefill: dict[str, Any] | None = None,
) -> FormView:
    """The step the person had reached (or `step_id`), with their answers (or `prefill`) in."""
    loaded = flow.load(ctx, actor, key)
    answers = {**loaded.answers, **(prefill or {})}
    return _view(flow, ctx, key, loaded, answers, step_id or loaded.step_id)


def show_new(
    flow: Flow, ctx: Context, actor: Actor, key: str, prefill: dict[str, Any] | None = None
) -> FormView:
    """The first step of a form whose key was made just now, so nothing can be saved under it:
    no look-up (opening a form is the busiest request; the draft is made when a step is kept)."""
    loaded = blank(flow, ctx, actor) or flow.load(ctx, actor, key)
    answers = {**loaded.answers, **(prefill or {})}
    return _view(flow, ctx, key, loaded, answers, loaded.step_id)


def blank(flow: Flow, ctx: Context, actor: Actor) -> Loaded | None:
    """What a new form holds before anything is kept (its answers, first step and facts), if its
    flow says (`blank`). With the partnership and the reader's language it is all that the
    first step of a new form shows besides its key: an adapter may draw that step once."""
    made = getattr(flow, "blank", None)
    return made(ctx, actor) if made else None


def submit(
    flow: Flow, ctx: Context, actor: Actor, key: str, step_id: str, given: dict[str, Any]
) -> FormView | Done:
    """Keep a step's answers whatever they are, check them, then show the next step or finish.

    The draft is written once, with the step the person goes on to (or stays on): a form step is
    the busiest request there is, and each write is a statement in its transaction."""
    loaded = flow.load(ctx, actor, key)
    given_over = {**loaded.answers, **given}
    form = flow.form(ctx, given_over, loaded)
    step = form.step(step_id) if step_id in form.ids() else form.steps[0]
    typed = {f.id: given.get(f.id) for f in step.fields}
    answers = {**loaded.answers, **typed}
    answers = {k: v for k, v in answers.items() if v not in (None, "", [])}
    if answers != given_over:  # the form follows the answers: built again only if they differ
        form = flow.form(ctx, answers, loaded)
    problems: dict[str, FieldProblem | str] = dict(flow.check(ctx, step, answers))
    if problems:
        flow.keep(ctx, actor, key, typed, step.id)
        return _view(flow, ctx, key, loaded, answers, step.id, problems, True, form)
    ids = form.ids()
    position = ids.index(step.id)
    if position + 1 < len(ids):
        following = ids[position + 1]
        flow.keep(ctx, actor, key, typed, following)
        return _view(flow, ctx, key, loaded, answers, following, form=form)
    flow.keep(ctx, actor, key, typed, step.id)
    try:
        return Done(form.id, key, flow.finish(ctx, actor, key, answers))
    except InvalidInput as invalid:
        first = next(
            (s.id for s in form.steps if any(f.id in invalid.errors for f in s.fields)),
            step.id,
        )
        problems = dict(invalid.errors)
        return _view(flow, ctx, key, loaded, answers, first, problems, first == step.id, form)


def back(
    flow: Flow, ctx: Context, actor: Actor, key: str, step_id: str, given: dict[str, Any]
) -> FormView:
    """Keep what was typed in this step, unchecked, and show the step before it."""
    loaded = flow.load(ctx, actor, key)
    answers = {**loaded.answers, **given}
    form = flow.form(ctx, answers, loaded)
    ids = form.ids()
    previous = ids[max(ids.index(step_id) - 1, 0)] if step_id in ids else ids[0]
    flow.keep(ctx, actor, key, given, previous)
    return _view(flow, ctx, key, loaded, answers, previous)


def keep(flow: Flow, ctx: Context, actor: Actor, key: str, step_id: str, given: dict) -> bool:
    """On close: keep what was typed in the open step; True if a draft now holds it."""
    if all(v in (None, "", []) for v in given.values()):
        return False  # nothing typed: no draft to clutter the person's list
    try:
        return flow.keep(ctx, actor, key, given, step_id)
    except WorkflowError:
        return False  # already sent: nothing more to keep


def check_answer(view: FormView, field_id: str, value: Any, today: date) -> FieldProblem | None:
    """One answer's own problem (its kind, limits, choices), so a prompt can ask again at once;
    rules across fields wait for the step to be submitted."""
    for f in view.step.fields:
        if f.id == field_id:
            return check_field(f, value, today)
    return None
