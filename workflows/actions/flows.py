"""The update and snooze forms as the form driver runs them: one step, nothing kept between."""

from __future__ import annotations

from typing import Any

from workflows.actions import snooze, updates
from workflows.actions.form import SNOOZE_FORM, UPDATE_FORM, parse_button_value
from workflows.context import Actor, Context
from workflows.forms import FieldProblem, Form, Loaded, Step, check_step


class _ActionFlow:
    """`key` is a button value (action|period|step); the action's facts show above the form."""

    form_id = ""
    _form: Form

    def load(self, ctx: Context, actor: Actor, key: str) -> Loaded:
        facts = updates.facts_to_answer(ctx, actor, *parse_button_value(key))
        return Loaded({}, facts=facts)

    def form(self, ctx: Context, answers: dict[str, Any], loaded: Loaded) -> Form:
        return self._form

    def keep(
        self, ctx: Context, actor: Actor, key: str, answers: dict[str, Any], step_id: str
    ) -> bool:
        return False  # a one-step form: what was typed stays in the open form

    def check(self, ctx: Context, step: Step, answers: dict[str, Any]) -> dict[str, FieldProblem]:
        return check_step(step, answers, ctx.today())


class UpdateFlow(_ActionFlow):
    form_id = UPDATE_FORM.id
    _form = UPDATE_FORM

    def check(self, ctx: Context, step: Step, answers: dict[str, Any]) -> dict[str, FieldProblem]:
        return updates.validate(answers, ctx.today())  # "green" and "g" are answers too

    def finish(
        self, ctx: Context, actor: Actor, key: str, answers: dict[str, Any]
    ) -> updates.ActionAnswered:
        action_id, period, _ = parse_button_value(key)
        return updates.record_update(ctx, actor, action_id, answers, period)


class SnoozeFlow(_ActionFlow):
    form_id = SNOOZE_FORM.id
    _form = SNOOZE_FORM

    def finish(
        self, ctx: Context, actor: Actor, key: str, answers: dict[str, Any]
    ) -> snooze.Snoozed:
        action_id, period, step = parse_button_value(key)
        return snooze.snooze(ctx, actor, action_id, period, step, answers.get("reason") or "")


UPDATE = UpdateFlow()
SNOOZE = SnoozeFlow()
