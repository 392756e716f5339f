"""An agency's answer to an information request: held, nothing known, or confidential.

Only the safeguarding leads of the agency asked may open a request and answer it, and they see
that request alone, never the rest of the case. An answer after the due time is still taken (and
marked late); answering again replaces the earlier answer on the record, which is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from storage.models import InformationAnswer, InformationRequest, Referral
from workflows.context import Actor, Context
from workflows.errors import AccessDenied, InvalidInput, Reason
from workflows.forms import Code, FieldProblem
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.partnership import Role
from workflows.triage import access
from workflows.triage.requests import request_facts
from workflows.triage.results import Answered

ANSWER_KINDS: dict[str, str] = {
    "held": "information held",
    "nothing_known": "nothing known",
    "confidential": "confidential information exists",
}


@dataclass(frozen=True)
class RequestView:
    """One request as its agency's lead sees it: no other part of the case."""

    request_id: int
    reference: str
    agency_id: str
    facts: dict[str, Any]
    overdue: bool
    answer: InformationAnswer | None


def _load(
    ctx: Context, actor: Actor, request_id: int | str, wanted: str, *, lock: bool = False
) -> tuple[InformationRequest, Referral]:
    """The request and its referral if `actor` leads for the agency asked; otherwise one audited
    answer whether the request exists or not, naming no agency. With `lock`, two answers at once
    queue (see access.for_mash)."""
    typed = str(request_id).strip()[:20]
    try:
        number = int(typed)
    except ValueError:
        number = 0
    allowed = actor.has(Role.AGENCY_SAFEGUARDING_LEAD) and actor.agency_id is not None
    if lock and allowed:
        ctx.session.execute(
            update(InformationRequest)
            .where(InformationRequest.id == number, InformationRequest.agency_id == actor.agency_id)
            .values(referral_id=InformationRequest.referral_id)
            .execution_options(synchronize_session=False)
        )
    row = ctx.session.execute(
        select(InformationRequest, Referral)
        .join(Referral, Referral.id == InformationRequest.referral_id)
        .where(InformationRequest.id == number)
    ).first()
    if row is None or not allowed or row[0].agency_id != actor.agency_id:
        ctx.audit(
            actor,
            "access_refused",
            row[1].reference if row is not None else None,
            wanted=wanted,
            reason=Reason.REQUEST_NOT_FOUND.value,
            request=typed,
        )
        raise AccessDenied(Reason.REQUEST_NOT_FOUND, number=typed)
    return row[0], row[1]


def latest_answer(ctx: Context, request_id: int) -> InformationAnswer | None:
    return ctx.session.scalar(
        select(InformationAnswer)
        .where(InformationAnswer.request_id == request_id)
        .order_by(InformationAnswer.id.desc())
        .limit(1)
    )


def view(ctx: Context, actor: Actor, request_id: int | str) -> RequestView:
    """The request for its agency's lead to answer; the view is audited."""
    request, referral = _load(ctx, actor, request_id, "view_information_request")
    ctx.audit(actor, "information_request_viewed", referral.reference, request_id=request.id)
    return RequestView(
        request.id,
        referral.reference,
        request.agency_id,
        request_facts(ctx, request, referral.reference, referral.area_id),
        overdue=request.answered_at is None and ctx.now > request.due_at,
        answer=latest_answer(ctx, request.id),
    )


def answer(
    ctx: Context,
    actor: Actor,
    request_id: int | str,
    kind: str,
    text: str | None = None,
    held_by: str | None = None,
) -> Answered:
    """Store the agency's answer (late or not); answering again replaces it on the record."""
    request, referral = _load(ctx, actor, request_id, "answer_information_request", lock=True)
    text = (text or "").strip() or None
    held_by = (held_by or "").strip() or None
    errors: dict[str, FieldProblem] = {}
    if kind not in ANSWER_KINDS:
        errors["kind"] = FieldProblem.rule("answer_kind")
    elif kind == "held" and not text:
        errors["text"] = FieldProblem.rule("answer_text")
    elif kind == "confidential" and not held_by:
        errors["held_by"] = FieldProblem.rule("answer_held_by")
    if text and len(text) > 3000:
        errors["text"] = FieldProblem(Code.TOO_LONG, {"limit": 3000, "length": len(text)})
    if errors:
        raise InvalidInput(errors)
    previous = latest_answer(ctx, request.id)
    late = ctx.now > request.due_at
    row = InformationAnswer(
        request_id=request.id,
        kind=kind,
        text=text,
        held_by=held_by,
        answered_by=actor.person_id,
        answered_at=ctx.now,
        late=late,
        replaces_id=previous.id if previous else None,
    )
    ctx.session.add(row)
    request.answered_at = ctx.now
    ctx.session.flush()
    ctx.audit(
        actor,
        "information_answered",
        referral.reference,
        request_id=request.id,
        answer_id=row.id,
        agency=request.agency_id,
        kind=kind,
        late=late,
        replaces=previous.id if previous else None,
    )
    agency = ctx.partnership.agency(request.agency_id).name
    target = (
        Recipient.person(referral.owner_id)
        if referral.owner_id
        else Recipient.channel(ctx.partnership.mash_channel_for(referral.area_id))
    )
    ctx.send(
        Outgoing(
            MessageKind.INFORMATION_ANSWERED,
            target,
            key=f"request:{request.id}:answer-{row.id}",
            facts={
                "request_id": request.id,
                "reference": referral.reference,
                "agency_name": agency,
                "answer_kind": kind,  # messages/ words it in the reader's language
                "answer_label": ANSWER_KINDS[kind],
                "late": late,
            },
        )
    )
    return Answered(
        request.id, referral.reference, agency, ANSWER_KINDS[kind], late, bool(previous)
    )


def for_my_agency(ctx: Context, actor: Actor, limit: int = 20) -> list[RequestView]:
    """A safeguarding lead's own agency's requests, unanswered first; nothing else of the cases."""
    if not actor.has(Role.AGENCY_SAFEGUARDING_LEAD) or not actor.agency_id:
        access.refuse(
            ctx,
            actor,
            None,
            "list_information_requests",
            Reason.REQUESTS_LEADS_ONLY,
        )
    rows = ctx.session.execute(
        select(InformationRequest, Referral)
        .join(Referral, Referral.id == InformationRequest.referral_id)
        .where(InformationRequest.agency_id == actor.agency_id)
        .order_by(InformationRequest.answered_at.is_not(None), InformationRequest.due_at)
        .limit(limit)
    ).all()
    # The list carries what each request shares (the child's name, date of birth): each shown
    # request is audited on its referral, so the case's chronology shows who saw them.
    for r, ref in rows:
        ctx.audit(actor, "information_request_listed", ref.reference, request_id=r.id)
    return [
        RequestView(
            r.id,
            ref.reference,
            r.agency_id,
            request_facts(ctx, r, ref.reference, ref.area_id),
            overdue=r.answered_at is None and ctx.now > r.due_at,
            answer=latest_answer(ctx, r.id),
        )
        for r, ref in rows
    ]
