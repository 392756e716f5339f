"""The one form driver: validate a submitted step, keep the draft, move on or back, or finish.

Slack, Teams and the console call these functions and render what comes back (a `FormView` to
show, or `Done` with the workflow's result); none of them steps a form itself. A feature plugs
its form in as a `Flow`: where its answers are kept (a draft, or nowhere for a one-step form),
its own rules, and the workflow that runs when the last step is submitted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

from workflows.context import Actor, Context
from workflows.errors import InvalidInput, WorkflowError
from workflows.forms import (
    Carried,
    Done,
    Field,
    FieldProblem,
    Form,
    FormView,
    Keep,
    Loaded,
    Step,
    check_field,
)


class Flow(Protocol):
    """A form's workflow. A flow whose keys are made when the form opens (a concern's draft id)
    may also have `blank(ctx, actor) -> Loaded`, what a new key holds, so that `show_new` opens
    it without a look-up. Such a flow may also have `keep_whole(ctx, keeps)`, which writes drafts
    whole: its forms then carry their answers (`workflows.form_carry`, `ahead`)."""

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
    carried: Carried | None = None,
) -> FormView:
    """The form at `step_id` (its first step if the answers no longer lead there); `form`, if
    given, is the form already built for these answers."""
    form = form or flow.form(ctx, answers, loaded)
    ids = form.ids()
    step = form.step(step_id) if step_id in ids else form.steps[0]
    return FormView(form, key, step, answers, loaded.facts, problems or {}, in_place, carried)


def show(
    flow: Flow,
    ctx: Context,
    actor: Actor,
    key: str,
    step_id: str | None = None,
    prefill: dict[str, Any] | None = None,
) -> FormView:
    """The step the person had reached (or `step_id`), with their answers (or `prefill`) in;
    a form that carries its answers carries them from here on (`workflows.form_carry`)."""
    loaded = flow.load(ctx, actor, key)
    answers = {**loaded.answers, **(prefill or {})}
    view = _view(flow, ctx, key, loaded, answers, step_id or loaded.step_id)
    return _carrying(flow, loaded, view)


def _carrying(flow: Flow, loaded: Loaded, view: FormView) -> FormView:
    """`view` carrying its answers, if its form carries them (`workflows.form_carry`)."""
    if not carries(flow):
        return view
    carried = Carried(_answered(view.answers), view.step.id, loaded.revision)
    return replace(view, carried=carried)


def show_new(
    flow: Flow, ctx: Context, actor: Actor, key: str, prefill: dict[str, Any] | None = None
) -> FormView:
    """The first step of a form whose key was made just now, so nothing can be saved under it:
    no look-up (opening a form is the busiest request; the draft is made when a step is kept)."""
    loaded = blank(flow, ctx, actor) or flow.load(ctx, actor, key)
    answers = {**loaded.answers, **(prefill or {})}
    return _carrying(flow, loaded, _view(flow, ctx, key, loaded, answers, loaded.step_id))


def fields(
    flow: Flow, ctx: Context, actor: Actor, key: str, step_id: str, carried: Carried | None = None
) -> tuple[Field, ...]:
    """The fields of step `step_id` as the answers so far shape it: what a platform that sends
    every answer as text (Teams) needs to read a submission."""
    loaded = _loaded(flow, ctx, actor, key, carried)
    return _view(flow, ctx, key, loaded, loaded.answers, step_id).step.fields


def blank(flow: Flow, ctx: Context, actor: Actor) -> Loaded | None:
    """What a new form holds before anything is kept (its answers, first step and facts), if its
    flow says (`blank`). With the partnership and the reader's language it is all that the
    first step of a new form shows besides its key: an adapter may draw that step once."""
    made = getattr(flow, "blank", None)
    return made(ctx, actor) if made else None


def carries(flow: Flow) -> bool:
    """Whether the form may carry its answers (`workflows.form_carry`): its flow says what a
    new form holds (`blank`) and can write a draft whole (`keep_whole`)."""
    return hasattr(flow, "blank") and hasattr(flow, "keep_whole")


def _loaded(flow: Flow, ctx: Context, actor: Actor, key: str, carried: Carried | None) -> Loaded:
    """The answers so far: the form's own sealed copy if it carries one, else the draft."""
    if carried is None:
        return flow.load(ctx, actor, key)
    made = blank(flow, ctx, actor)
    return Loaded(dict(carried.answers), carried.step_id, made.facts if made else {})


def _keep(
    flow: Flow,
    ctx: Context,
    actor: Actor,
    key: str,
    typed: dict[str, Any],
    answers: dict[str, Any],
    step_id: str,
    carried: Carried | None,
) -> Carried | None:
    """Keep what was typed in the draft; or, for a form carrying its answers, write the whole of
    them, and say what it carries next."""
    if carried is None:
        flow.keep(ctx, actor, key, typed, step_id)
        return None
    following = Carried(answers, step_id, carried.revision + 1)
    flow.keep_whole(ctx, [Keep(actor.person_id, key, following)])
    return following


@dataclass(frozen=True)
class _Advance:
    """A submitted step worked out: its answers, their problems, and the step that follows."""

    form: Form
    step: Step
    typed: dict[str, Any]
    answers: dict[str, Any]
    problems: dict[str, FieldProblem | str]
    following: str | None


def _advance(
    flow: Flow, ctx: Context, loaded: Loaded, step_id: str, given: dict[str, Any]
) -> _Advance:
    given_over = {**loaded.answers, **given}
    form = flow.form(ctx, given_over, loaded)
    step = form.step(step_id) if step_id in form.ids() else form.steps[0]
    typed = {f.id: given.get(f.id) for f in step.fields}
    answers = _answered({**loaded.answers, **typed})
    if answers != given_over:  # the form follows the answers: built again only if they differ
        form = flow.form(ctx, answers, loaded)
    problems: dict[str, FieldProblem | str] = dict(flow.check(ctx, step, answers))
    ids = form.ids()
    position = ids.index(step.id)
    following = ids[position + 1] if position + 1 < len(ids) else None
    return _Advance(form, step, typed, answers, problems, following)


def _answered(answers: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answers.items() if v not in (None, "", [])}


def as_typed(given: dict[str, Any]) -> dict[str, Any]:
    """What was typed, without NUL characters: no keyboard types one, a hostile client may send
    one, and PostgreSQL cannot store one in a text column (the step would fail, losing it all)."""
    return {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in given.items()}


def submit(
    flow: Flow,
    ctx: Context,
    actor: Actor,
    key: str,
    step_id: str,
    given: dict[str, Any],
    carried: Carried | None = None,
) -> FormView | Done:
    """Keep a step's answers whatever they are, check them, then show the next step or finish.

    The draft is written once, with the step the person goes on to (or stays on): a form step is
    the busiest request there is, and each write is a statement in its transaction. `carried`:
    the answers so far, as the form carried them (`workflows.form_carry`), instead of the draft's.
    """
    given = as_typed(given)
    loaded = _loaded(flow, ctx, actor, key, carried)
    step = _advance(flow, ctx, loaded, step_id, given)
    form, answers = step.form, step.answers
    if step.problems:
        carry = _keep(flow, ctx, actor, key, step.typed, answers, step.step.id, carried)
        return _view(
            flow, ctx, key, loaded, answers, step.step.id, step.problems, True, form, carry
        )
    if step.following is not None:
        carry = _keep(flow, ctx, actor, key, step.typed, answers, step.following, carried)
        return _view(flow, ctx, key, loaded, answers, step.following, form=form, carried=carry)
    carry = _keep(flow, ctx, actor, key, step.typed, answers, step.step.id, carried)
    try:
        return Done(form.id, key, flow.finish(ctx, actor, key, answers))
    except InvalidInput as invalid:
        first = next(
            (s.id for s in form.steps if any(f.id in invalid.errors for f in s.fields)),
            step.step.id,
        )
        problems = dict(invalid.errors)
        in_place = first == step.step.id
        return _view(flow, ctx, key, loaded, answers, first, problems, in_place, form, carry)


def ahead(
    flow: Flow,
    ctx: Context,
    actor: Actor,
    key: str,
    step_id: str,
    given: dict[str, Any],
    carried: Carried,
) -> tuple[FormView, Keep] | None:
    """The next step, drawn from the answers the form carried and this step's, with the keep
    that the caller writes once the person has it (`workflows.form_carry`): nothing is read or
    written here. None if the step has problems or is the last (it sends what the form is for):
    `submit` keeps those before answering."""
    given = as_typed(given)
    loaded = _loaded(flow, ctx, actor, key, carried)
    step = _advance(flow, ctx, loaded, step_id, given)
    if step.problems or step.following is None:
        return None
    following = Carried(step.answers, step.following, carried.revision + 1)
    view = _view(
        flow, ctx, key, loaded, step.answers, step.following, form=step.form, carried=following
    )
    return view, Keep(actor.person_id, key, following)


def back(
    flow: Flow,
    ctx: Context,
    actor: Actor,
    key: str,
    step_id: str,
    given: dict[str, Any],
    carried: Carried | None = None,
) -> FormView:
    """Keep what was typed in this step, unchecked, and show the step before it."""
    given = as_typed(given)
    loaded = _loaded(flow, ctx, actor, key, carried)
    answers = {**loaded.answers, **given}
    form = flow.form(ctx, answers, loaded)
    ids = form.ids()
    previous = ids[max(ids.index(step_id) - 1, 0)] if step_id in ids else ids[0]
    carry = _keep(flow, ctx, actor, key, given, _answered(answers), previous, carried)
    return _view(flow, ctx, key, loaded, answers, previous, carried=carry)


def keep(
    flow: Flow,
    ctx: Context,
    actor: Actor,
    key: str,
    step_id: str,
    given: dict,
    carried: Carried | None = None,
) -> bool:
    """On close: keep what was typed in the open step; True if a draft now holds it."""
    given = as_typed(given)
    typed = any(v not in (None, "", []) for v in given.values())
    if not typed and not (carried and carried.answers):
        return False  # nothing typed: no draft to clutter the person's list
    try:
        if carried is not None:
            answers = _answered({**carried.answers, **given})
            _keep(flow, ctx, actor, key, given, answers, step_id, carried)
            return True
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
