"""The concern form as the form driver runs it: answers kept in the reporter's draft."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workflows.concerns import drafts, form, report
from workflows.context import Actor, Context
from workflows.errors import Reason, WorkflowError
from workflows.forms import FieldProblem, Form, Keep, Loaded, Step


class ConcernFlow:
    """Draft `key` holds the answers; the last step sends the concern (`report.submit`)."""

    form_id = form.FORM_ID

    def load(self, ctx: Context, actor: Actor, key: str) -> Loaded:
        kept = drafts.peek(ctx, key)
        if kept is None:
            return self.blank(ctx, actor)  # the draft is made when something is kept
        drafts.check_yours(ctx, actor, key, kept.reporter_id, kept.discarded)
        return Loaded(dict(kept.answers), kept.step, self._facts(ctx, actor), kept.revision)

    def blank(self, ctx: Context, actor: Actor) -> Loaded:
        """A new concern: nothing answered, the first step (anyone may raise a concern)."""
        return Loaded({}, form.DANGER, self._facts(ctx, actor))

    @staticmethod
    def _facts(ctx: Context, actor: Actor) -> dict[str, Any]:
        return {"agency_id": form.known_agency(ctx.partnership, actor.agency_id)}

    def form(self, ctx: Context, answers: dict[str, Any], loaded: Loaded) -> Form:
        return form.form(ctx.partnership, answers, loaded.facts.get("agency_id"))

    def keep(
        self, ctx: Context, actor: Actor, key: str, answers: dict[str, Any], step_id: str
    ) -> bool:
        kept = drafts.peek(ctx, key)
        if kept is not None and kept.submitted_reference:
            drafts.check_yours(ctx, actor, key, kept.reporter_id, kept.discarded)
            if step_id == form.REVIEW or not any(answers.values()):
                return False  # a second press of Send: the first sending answers it
            raise WorkflowError(Reason.CONCERN_ALREADY_SENT, ref=kept.submitted_reference)
        drafts.save(ctx, actor, key, answers, step_id)
        return True

    def keep_whole(self, ctx: Context, keeps: Sequence[Keep]) -> None:
        """Write drafts as their forms carried them (`workflows.form_carry`)."""
        drafts.keep_whole(ctx, keeps)

    def check(self, ctx: Context, step: Step, answers: dict[str, Any]) -> dict[str, FieldProblem]:
        return form.validate_step(step, answers, ctx.today())

    def finish(
        self, ctx: Context, actor: Actor, key: str, answers: dict[str, Any]
    ) -> report.ConcernReported:
        return report.submit(ctx, actor, key)


CONCERN = ConcernFlow()
