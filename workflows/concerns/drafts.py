"""Drafts: a concern in progress, saved after every step and on close, resumable later."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, and_, bindparam, insert, select, update

from storage.models import ConcernDraft
from storage.upserts import insert_or_update_where
from workflows.concerns import form
from workflows.context import Actor, Context
from workflows.errors import AccessDenied, NotFound, Reason, WorkflowError
from workflows.forms import FieldProblem, Keep


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
    if draft is None:
        raise NotFound(Reason.DRAFT_GONE)
    check_yours(ctx, actor, draft_id, draft.reporter_id, draft.discarded_at is not None)
    return draft


def check_yours(
    ctx: Context, actor: Actor, draft_id: str, reporter_id: str, discarded: bool
) -> None:
    """Refuse a discarded draft, and anyone's but the reporter's (that refusal is audited)."""
    if discarded:
        raise NotFound(Reason.DRAFT_GONE)
    if reporter_id != actor.person_id:
        ctx.audit(actor, "draft_refused", None, draft=draft_id)
        raise AccessDenied(Reason.DRAFT_NOT_YOURS)


@dataclass(frozen=True)
class Kept:
    """A draft as a form step reads and writes it: by one statement each way, with no ORM object.

    A form step is the busiest request there is, and Slack waits for its answer: SQLAlchemy's
    unit of work (an identity map, a flush plan, events) cost more than the rest of the step.
    """

    reporter_id: str
    step: str
    answers: dict[str, Any]
    submitted_reference: str | None
    discarded: bool
    revision: int = 0


_READ = "mashbot_drafts_read"  # in Session.info: draft id -> Kept, or None if not saved
_TABLE = ConcernDraft.__table__
_PEEK = select(
    _TABLE.c.reporter_id,
    _TABLE.c.step,
    _TABLE.c.answers,
    _TABLE.c.submitted_reference,
    _TABLE.c.discarded_at,
    _TABLE.c.revision,
).where(_TABLE.c.id == bindparam("id"))
# Built once, with named parameters: building a statement cost as much as running it.
_STEP = {name: bindparam(f"b_{name}") for name in ("step", "answers", "updated_at", "revision")}
_INSERT = insert(_TABLE).values(
    id=bindparam("b_id"),
    reporter_id=bindparam("b_reporter_id"),
    started_at=bindparam("b_updated_at"),
    **_STEP,
)
_UPDATE = update(_TABLE).where(_TABLE.c.id == bindparam("b_id")).values(**_STEP)


def peek(ctx: Context, draft_id: str) -> Kept | None:
    """Draft `draft_id` as saved, or None if nothing is saved under it yet; read once per
    transaction (and as this transaction last wrote it)."""
    read: dict[str, Kept | None] = ctx.session.info.setdefault(_READ, {})
    if draft_id in read:
        return read[draft_id]
    loaded = ctx.session.identity_map.get(ctx.session.identity_key(ConcernDraft, draft_id))
    if isinstance(loaded, ConcernDraft):  # this transaction holds it already, maybe changed
        found: Kept | None = Kept(
            loaded.reporter_id,
            loaded.step,
            dict(loaded.answers),
            loaded.submitted_reference,
            loaded.discarded_at is not None,
            loaded.revision or 0,
        )
    else:
        row = ctx.session.connection().execute(_PEEK, {"id": draft_id}).first()
        found = (
            None
            if row is None
            else Kept(row[0], row[1], row[2], row[3], row[4] is not None, row[5])
        )
    read[draft_id] = found
    return found


def save(ctx: Context, actor: Actor, draft_id: str, typed: dict[str, Any], step_id: str) -> Kept:
    """Keep what was typed in a step (valid or not) and the step the person is on: one INSERT
    for a new draft, under the id its form carried, or one UPDATE of the reporter's own.

    If a twin of this request (a double click) saved the new draft meanwhile, the INSERT fails
    on its key and the caller's transaction is tried again (bot/slack/forms.py), finding the
    twin's draft. Refusals are `check_yours`'s.
    """
    before = peek(ctx, draft_id)
    held = ctx.session.identity_map.get(ctx.session.identity_key(ConcernDraft, draft_id))
    if held is not None and ctx.session.is_modified(held):
        ctx.session.flush()  # its other changes first: the expiry below would drop them
    answers = merged(before.answers if before else {}, typed)
    revision = (before.revision if before else 0) + 1
    values = {
        "b_id": draft_id,
        "b_step": step_id,
        "b_answers": answers,
        "b_updated_at": ctx.now,
        "b_revision": revision,
    }
    connection = ctx.session.connection()  # the session's own: the same transaction
    if before is None:
        connection.execute(_INSERT, {**values, "b_reporter_id": actor.person_id})
        kept = Kept(actor.person_id, step_id, answers, None, False, revision)
    else:
        check_yours(ctx, actor, draft_id, before.reporter_id, before.discarded)
        connection.execute(_UPDATE, values)
        kept = Kept(
            before.reporter_id, step_id, answers, before.submitted_reference, False, revision
        )
    if held is not None:
        ctx.session.expire(held)  # read again, as written here, if asked for
    ctx.session.info[_READ][draft_id] = kept
    return kept


def _may_be_rewritten(stored: Any, offered: Any) -> Any:
    """A kept draft changes only if it is the reporter's, a draft still, and not kept since
    from a later step (`offered` is the row the form carried)."""
    return and_(
        stored.reporter_id == offered.reporter_id,
        stored.revision <= offered.revision,
        stored.submitted_reference.is_(None),
        stored.discarded_at.is_(None),
    )


def keep_whole(ctx: Context, keeps: Sequence[Keep]) -> None:
    """Write each draft's whole answers as its form carried them (`workflows.form_carry`), in
    one statement: a new draft is made; a kept one changes only if it is its reporter's, still
    a draft (neither sent nor discarded), and not kept since from a later step.

    The form's sealed copy said whose draft it is, so nothing here is refused: a keep that may
    not be written is left out, and the form's copy still holds the answers.
    """
    latest: dict[str, Keep] = {}  # one row a draft: a statement may change a row only once
    for keep in keeps:
        if keep.key not in latest or latest[keep.key].carried.revision <= keep.carried.revision:
            latest[keep.key] = keep
    rows = [
        {
            "id": keep.key,
            "reporter_id": keep.person_id,
            "step": keep.carried.step_id,
            "answers": keep.carried.answers,
            "revision": keep.carried.revision,
            "started_at": ctx.now,
            "updated_at": ctx.now,
        }
        for keep in latest.values()
    ]
    insert_or_update_where(
        ctx.session,
        _TABLE,
        rows,
        key="id",
        update=("step", "answers", "revision", "updated_at"),
        where=_may_be_rewritten,
    )
    read: dict[str, Kept | None] = ctx.session.info.setdefault(_READ, {})
    for keep in keeps:
        read.pop(keep.key, None)  # read again, as written, if asked for
        held = ctx.session.identity_map.get(ctx.session.identity_key(ConcernDraft, keep.key))
        if held is not None:
            ctx.session.expire(held)


def merged(before: dict[str, Any], typed: dict[str, Any]) -> dict[str, Any]:
    """The answers after a step: what was typed replaces what was kept; a cleared field is gone."""
    answers = dict(before)
    answers.update({k: v for k, v in typed.items() if v not in (None, "", [])})
    for key, value in typed.items():
        if value in (None, "", []) and key in answers:
            del answers[key]
    return answers


def keep_answers(ctx: Context, draft: ConcernDraft, answers: dict[str, Any]) -> None:
    """Store what was typed, valid or not, so nothing is lost if the form closes."""
    draft.answers = merged(draft.answers, answers)
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


@dataclass(frozen=True)
class Unfinished:
    """A draft as a list of them shows it: which, when last saved, and at which step."""

    id: str
    updated_at: datetime
    step: str


def unfinished(ctx: Context, actor: Actor, limit: int) -> list[Unfinished]:
    """The reporter's newest unfinished drafts, at most `limit` of them.

    Only the columns a list shows are read: a draft's answers are never read (nor decrypted) to
    list it. A reporter who left many drafts (every closed form leaves one) once paid, on every
    Home, for reading and decrypting all of them.
    """
    rows = ctx.session.execute(_UNFINISHED, {"reporter": actor.person_id, "limit": limit})
    return [Unfinished(*row) for row in rows]


# Built once (as _PEEK above): building a statement and its cache key on every Home was a
# third of the list's CPU.
_UNFINISHED = (
    select(ConcernDraft.id, ConcernDraft.updated_at, ConcernDraft.step)
    .where(
        ConcernDraft.reporter_id == bindparam("reporter"),
        ConcernDraft.submitted_reference.is_(None),
        ConcernDraft.discarded_at.is_(None),
    )
    .order_by(ConcernDraft.updated_at.desc(), ConcernDraft.id)
    .limit(bindparam("limit", type_=Integer))
)


def discard(ctx: Context, actor: Actor, draft_id: str) -> None:
    draft = load(ctx, actor, draft_id)
    draft.discarded_at = ctx.now
