"""Asking partner agencies what they hold: the least detail, the lawful basis, a due time.

A request shares the least identifying detail the agency needs to search its records, says the
lawful basis and when it is due, and goes to the agency's channel (where the details stay behind
the Answer button) or, if it has none, to each of its safeguarding leads by direct message.
Only that agency's safeguarding leads may open and answer it (workflows.triage.answers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from storage.models import Concern, InformationRequest
from workflows.children import DESCRIBED, NOT_KNOWN, name_known
from workflows.context import Actor, Context
from workflows.errors import InvalidInput, Task
from workflows.forms import FieldProblem
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.partnership import Person, Role
from workflows.triage import access
from workflows.triage.results import SentRequest
from workflows.triage.timescales import request_due
from workflows.working_time import calendar_for


def _dob(c: Concern) -> str | None:
    return c.child_dob.isoformat() if c.child_dob else None  # messages/ words the date


def _name(c: Concern) -> str:
    return c.child_name if name_known(c.child_name) else NOT_KNOWN


# What a request may share to help an agency search, least identifying first, as codes and
# values (messages/ words each key, `messages.triage_text.SEARCH_LABELS`, and each code).
SHAREABLE: dict[str, Callable[[Concern], Any]] = {
    "age": lambda c: c.child_age,
    "gender": lambda c: c.child_gender,  # the code ("female"): messages/ words it
    "dob": _dob,
    "name": _name,  # NOT_KNOWN when the reporter did not know it (and see DESCRIBED)
    "school": lambda c: c.school_or_setting,
}
DEFAULT_SHARE: tuple[str, ...] = ("name", "dob", "age")


def leads_of(ctx: Context, agency_id: str) -> list[Person]:
    return [
        p
        for p in ctx.partnership.people_with(Role.AGENCY_SAFEGUARDING_LEAD)
        if p.agency == agency_id
    ]


def search_details(concern: Concern, share: list[str]) -> list[list[str]]:
    """The chosen details as [key, value] pairs (a date of birth as YYYY-MM-DD, a gender as its
    code), skipping those the concern does not have; a name not known is shared as the
    reporter's description ([DESCRIBED, text]) when they gave one. Requests sent before keys
    were stored hold [label, value], and before codes, the English words."""
    pairs = []
    for key in share:
        value = SHAREABLE[key](concern)
        if key == "name" and value == NOT_KNOWN and concern.child_description:
            key, value = DESCRIBED, concern.child_description
        if value not in (None, ""):
            pairs.append([key, str(value)])
    return pairs


def send(
    ctx: Context,
    actor: Actor,
    reference: str,
    agency_ids: list[str],
    *,
    question: str | None = None,
    lawful_basis: str | None = None,
    share: list[str] | None = None,
) -> list[SentRequest]:
    """Ask each chosen agency what it holds; each request is a record of what was shared, why."""
    loaded = access.for_owner(
        ctx, actor, reference, "request_information", Task.REQUEST_INFORMATION, lock=True
    )
    settings = ctx.partnership.triage.information_requests
    question = (question or "").strip() or settings.question
    lawful_basis = (lawful_basis or "").strip() or settings.lawful_basis
    share = list(dict.fromkeys(share or DEFAULT_SHARE))
    errors: dict[str, str] = {}
    known = {a.id for a in ctx.partnership.agencies}
    unknown = [a for a in agency_ids if a not in known]
    if not agency_ids:
        errors["agencies"] = FieldProblem.rule("agency_needed")
    elif unknown:
        errors["agencies"] = FieldProblem.rule("agency_unknown", unknown=", ".join(unknown))
    if any(key not in SHAREABLE for key in share):
        errors["share"] = FieldProblem.rule("share_unknown", keys=", ".join(SHAREABLE))
    elif not search_details(loaded.concern, share):
        errors["share"] = FieldProblem.rule("share_needed")
    for agency_id in agency_ids if not errors else []:
        name = ctx.partnership.agency(agency_id).name
        if not leads_of(ctx, agency_id):
            errors["agencies"] = FieldProblem.rule("agency_no_lead", agency=name)
        elif _open_request(ctx, loaded.referral.id, agency_id) is not None:
            errors["agencies"] = FieldProblem.rule("agency_already_asked", agency=name)
    if errors:
        raise InvalidInput(errors)
    calendar = calendar_for(ctx.partnership)
    level = ctx.partnership.triage.rag_level(loaded.referral.rag_level or "")
    due = request_due(settings.due_hours, ctx.now, loaded.referral.deadline_at, calendar)
    chase_at = due if level and level.worked_through else calendar.next_sending_moment(due)
    details = search_details(loaded.concern, share)
    sent = []
    for agency_id in dict.fromkeys(agency_ids):
        agency = ctx.partnership.agency(agency_id)
        row = InformationRequest(
            referral_id=loaded.referral.id,
            agency_id=agency_id,
            question=question,
            lawful_basis=lawful_basis,
            search_details={"shared": share, "pairs": details},
            due_at=due,
            chase_at=chase_at,
            sent_by=actor.person_id,
            sent_at=ctx.now,
            sent_to="channel" if agency.channel else "leads",
        )
        ctx.session.add(row)
        ctx.session.flush()
        ctx.audit(
            actor,
            "information_requested",
            loaded.reference,
            request_id=row.id,
            agency=agency_id,
            shared=share,
            due=due.isoformat(),
        )
        facts = request_facts(ctx, row, loaded.reference, loaded.referral.area_id)
        for recipient in recipients(ctx, row):
            in_channel = recipient.type.value == "channel"
            ctx.send(
                Outgoing(
                    MessageKind.INFORMATION_REQUEST,
                    recipient,
                    key=f"request:{row.id}:sent:{recipient.id}",
                    facts=_for_recipient(facts, in_channel, actor.name),
                )
            )
        sent.append(SentRequest(row.id, agency.name, due, row.sent_to))
    return sent


def recipients(ctx: Context, request: InformationRequest) -> list[Recipient]:
    """The agency's channel if it has one, else each of its safeguarding leads."""
    agency = ctx.partnership.agency(request.agency_id)
    if agency.channel:
        return [Recipient.channel(agency.channel)]
    return [Recipient.person(p.id) for p in leads_of(ctx, request.agency_id)]


def request_facts(
    ctx: Context, row: InformationRequest, reference: str, area_id: str
) -> dict[str, Any]:
    return {
        "request_id": row.id,
        "reference": reference,
        "agency_name": ctx.partnership.agency(row.agency_id).name,
        "area_name": ctx.partnership.area(area_id).name,
        "question": row.question,
        "lawful_basis": row.lawful_basis,
        "search_details": row.search_details["pairs"],
        "due_at": row.due_at.isoformat(),
    }


def _for_recipient(facts: dict[str, Any], in_channel: bool, sender: str) -> dict[str, Any]:
    """A channel copy carries no question and no details: those open behind the Answer button."""
    shown = dict(facts, in_channel=in_channel, requested_by_name=sender)
    if in_channel:
        shown.update(question=None, search_details=[])
    return shown


def _open_request(ctx: Context, referral_id: int, agency_id: str) -> InformationRequest | None:
    return ctx.session.scalar(
        select(InformationRequest).where(
            InformationRequest.referral_id == referral_id,
            InformationRequest.agency_id == agency_id,
            InformationRequest.answered_at.is_(None),
        )
    )
