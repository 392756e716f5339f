"""The triage forms as the form driver runs them: one step each, checked by their workflows.

Nothing is kept between submissions (the open form holds what was typed); the workflow each
form is for checks the answers and raises `InvalidInput` with a problem per field.
"""

from __future__ import annotations

from typing import Any

from workflows.context import Actor, Context
from workflows.errors import Task
from workflows.forms import FieldProblem, Form, Loaded, Step
from workflows.triage import access, answers, assessment, decisions, forms, requests
from workflows.triage.results import Answered, Assessed, Decided, SentRequest


class _OneStep:
    form_id = ""

    def keep(
        self, ctx: Context, actor: Actor, key: str, given: dict[str, Any], step_id: str
    ) -> bool:
        return False

    def check(self, ctx: Context, step: Step, given: dict[str, Any]) -> dict[str, FieldProblem]:
        return {}  # the workflow checks, with the case in front of it


class RequestFlow(_OneStep):
    """`key` is the referral's reference; its owner asks agencies what they hold."""

    form_id = forms.REQUEST_FORM_ID

    def load(self, ctx: Context, actor: Actor, key: str) -> Loaded:
        loaded = access.for_owner(ctx, actor, key, "request_information", Task.REQUEST_INFORMATION)
        settings = ctx.partnership.triage.information_requests
        return Loaded(
            {"question": settings.question, "share": list(requests.DEFAULT_SHARE)},
            facts={"reference": loaded.reference, "lawful_basis": settings.lawful_basis},
        )

    def form(self, ctx: Context, given: dict[str, Any], loaded: Loaded) -> Form:
        return forms.request_form(ctx.partnership, list(requests.SHAREABLE))

    def finish(
        self, ctx: Context, actor: Actor, key: str, given: dict[str, Any]
    ) -> list[SentRequest]:
        return requests.send(
            ctx,
            actor,
            key,
            given.get("agencies") or [],
            question=given.get("question"),
            share=given.get("share") or [],
        )


class AnswerFlow(_OneStep):
    """`key` is the request's number; its agency's lead answers (the view is audited)."""

    form_id = forms.ANSWER_FORM_ID

    def load(self, ctx: Context, actor: Actor, key: str) -> Loaded:
        view = answers.view(ctx, actor, key)
        return Loaded(
            {},
            facts={
                "request": view.facts,
                "overdue": view.overdue,
                "previous": view.answer.kind if view.answer else None,
                "request_id": view.request_id,
                "tz": ctx.partnership.timezone,
            },
        )

    def form(self, ctx: Context, given: dict[str, Any], loaded: Loaded) -> Form:
        return forms.ANSWER_FORM

    def finish(self, ctx: Context, actor: Actor, key: str, given: dict[str, Any]) -> Answered:
        return answers.answer(
            ctx, actor, key, given.get("kind") or "", given.get("text"), given.get("held_by")
        )


class AssessFlow(_OneStep):
    """`key` is the reference; a decision maker records the risk level."""

    form_id = forms.ASSESS_FORM_ID

    def load(self, ctx: Context, actor: Actor, key: str) -> Loaded:
        suggestion, _ = assessment.prepare(ctx, actor, key)
        return Loaded(
            {"level": suggestion.level_id} if suggestion.level_id else {},
            facts={"reference": key.strip().upper(), "suggestion": suggestion},
        )

    def form(self, ctx: Context, given: dict[str, Any], loaded: Loaded) -> Form:
        return forms.assess_form(ctx.partnership)

    def finish(self, ctx: Context, actor: Actor, key: str, given: dict[str, Any]) -> Assessed:
        return assessment.assess(ctx, actor, key, given.get("level") or "", given.get("rationale"))


class DecideFlow(_OneStep):
    """`key` is the reference; a decision maker records the decision (or corrects it)."""

    form_id = forms.DECIDE_FORM_ID

    def load(self, ctx: Context, actor: Actor, key: str) -> Loaded:
        loaded = access.for_decision_maker(ctx, actor, key, "decide", Task.DECIDE)
        before = decisions.current(ctx, loaded.referral.id) is not None
        return Loaded({}, facts={"reference": loaded.reference, "decided_before": before})

    def form(self, ctx: Context, given: dict[str, Any], loaded: Loaded) -> Form:
        return forms.decide_form(ctx.partnership, loaded.facts["decided_before"])

    def finish(self, ctx: Context, actor: Actor, key: str, given: dict[str, Any]) -> Decided:
        return decisions.decide(
            ctx,
            actor,
            key,
            given.get("outcomes") or [],
            given.get("rationale"),
            crime_team=given.get("crime_team"),
            correction_reason=given.get("correction_reason"),
        )


REQUEST, ANSWER, ASSESS, DECIDE = RequestFlow(), AnswerFlow(), AssessFlow(), DecideFlow()
