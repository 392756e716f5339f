"""Drafts: a concern in progress, saved after every step and on close, resumable later."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from storage.models import ConcernDraft
from workflows.concerns import form
from workflows.context import Actor, Context
from workflows.errors import AccessDenied, NotFound, Reason, WorkflowError
from workflows.forms import FieldProblem


def new_id() -> str:
    """A draft id a form can carry before anything is saved (the row is made on first save)."""
    return secrets.token_urlsafe(12)


def start(ctx: Context, actor: Actor, draft_id: str | None = None) -> ConcernDraft:
    """A new draft, written with the transaction (or the next look-up): the first step's answers
    go into the same INSERT instead of an UPDATE after it."""
    draft = ConcernDraft(
        id=draft_id or new_id(),
        reporter_id=actor.person_id,
        step=form.DANGER,
        answers={},
        started_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.session.add(draft)
    return draft


def load(ctx: Context, actor: Actor, draft_id: str) -> ConcernDraft:
    """The reporter's own draft; nobody else may open it (a refusal is audited)."""
    draft = ctx.session.get(ConcernDraft, draft_id)
    if draft is None or draft.discarded_at is not None:
        raise NotFound(Reason.DRAFT_GONE)
    if draft.reporter_id != actor.person_id:
        ctx.audit(actor, "draft_refused", None, draft=draft_id)
        raise AccessDenied(Reason.DRAFT_NOT_YOURS)
    return draft


ABSENT = "mashbot_absent_drafts"  # in Session.info: draft ids this transaction found missing


def exists(ctx: Context, draft_id: str) -> bool:
    """Whether draft `draft_id` is saved; a miss is remembered for the rest of the transaction
    (the session remembers only what it found), so a form step looks it up once."""
    absent = ctx.session.info.setdefault(ABSENT, set())
    if draft_id in absent:
        return False
    if ctx.session.get(ConcernDraft, draft_id) is None:
        absent.add(draft_id)
        return False
    return True


def load_or_start(ctx: Context, actor: Actor, draft_id: str) -> ConcernDraft:
    """The reporter's draft `draft_id`, started under that id on a form's first save.

    If a twin of this request saved it meanwhile, the insert fails on its key and the caller's
    transaction is tried again (bot/slack/forms.py), finding the twin's draft.
    """
    if not exists(ctx, draft_id):
        draft = start(ctx, actor, draft_id)
        ctx.session.info[ABSENT].discard(draft_id)
        return draft
    return load(ctx, actor, draft_id)


def keep_answers(ctx: Context, draft: ConcernDraft, answers: dict[str, Any]) -> None:
    """Store what was typed, valid or not, so nothing is lost if the form closes."""
    merged = dict(draft.answers)
    merged.update({k: v for k, v in answers.items() if v not in (None, "", [])})
    for key, value in answers.items():
        if value in (None, "", []) and key in merged:
            del merged[key]
    draft.answers = merged
    draft.updated_at = ctx.now


@dataclass(frozen=True)
class StepResult:
    """Where the form goes next, or the errors to show on the step (its answers are kept)."""

    next_step: str | None
    errors: dict[str, FieldProblem]

    @property
    def ok(self) -> bool:
        return not self.errors


def submit_step(
    ctx: Context, actor: Actor, draft_id: str, step_id: str, answers: dict[str, Any]
) -> StepResult:
    """Keep a step's answers whatever they are, then validate; errors keep the user on the step."""
    draft = load(ctx, actor, draft_id)
    if draft.submitted_reference:
        raise WorkflowError(Reason.CONCERN_ALREADY_SENT, ref=draft.submitted_reference)
    agency_id = form.known_agency(ctx.partnership, actor.agency_id)
    step = form.find_step(ctx.partnership, {**draft.answers, **answers}, step_id, agency_id)
    keep_answers(ctx, draft, {f.id: answers.get(f.id) for f in step.fields})
    errors = form.validate_step(step, draft.answers, ctx.now.date())
    if errors:
        draft.step = step_id
        return StepResult(step_id, errors)
    following = form.next_step_id(ctx.partnership, draft.answers, step_id)
    draft.step = following or step_id
    return StepResult(following, {})


def open_drafts(ctx: Context, actor: Actor) -> list[ConcernDraft]:
    return list(
        ctx.session.scalars(
            select(ConcernDraft)
            .where(
                ConcernDraft.reporter_id == actor.person_id,
                ConcernDraft.submitted_reference.is_(None),
                ConcernDraft.discarded_at.is_(None),
            )
            .order_by(ConcernDraft.updated_at.desc())
        )
    )


def discard(ctx: Context, actor: Actor, draft_id: str) -> None:
    draft = load(ctx, actor, draft_id)
    draft.discarded_at = ctx.now
