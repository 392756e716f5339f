"""Retention: find records past the partnership's schedule, report them to the DPO, then (only
after a report) anonymise them. Rows stay so figures still count them; only the personal details
go, and each record gets one audit event naming its reference, never its content.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from storage.models import (
    ActionPlan,
    AuditEvent,
    Concern,
    InformationRequest,
    Referral,
    RetentionReport,
    TriageDecision,
)
from workflows.context import Actor, Context
from workflows.data_protection import erase
from workflows.errors import AccessDenied, Reason, WorkflowError
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.partnership import Role
from workflows.retention_schedule import RetentionSchedule, add_years

REPORT_VALID_DAYS = 14
LABELS = {
    "concern": "concerns",
    "referral": "referral histories",
    "agency_answers": "agency requests and answers",
    "action_plan": "MAP action plans",
}


@dataclass(frozen=True)
class Due:
    """One record past retention (references only: a report never holds content)."""

    record_type: str
    record_id: int
    reference: str
    due_on: str


@dataclass(frozen=True)
class Found:
    due: list[Due]
    held: list[str]  # references kept by a legal hold although past retention
    audit_past: int  # audit events past retention: kept, as the signed chain needs them


def _born(concern: Concern) -> date | None:
    if concern.child_dob:
        return concern.child_dob
    if concern.child_age is not None:
        return add_years(concern.received_at.date(), -concern.child_age)
    return None


def _latest_outcomes(ctx: Context, referral_id: int) -> list[str]:
    decision = ctx.session.scalar(
        select(TriageDecision)
        .where(TriageDecision.referral_id == referral_id)
        .order_by(TriageDecision.id.desc())
        .limit(1)
    )
    return list(decision.outcomes) if decision else []


def find(ctx: Context) -> Found:
    """Every record whose retention period has ended by today, and what a legal hold keeps."""
    schedule = ctx.partnership.retention
    if schedule is None:
        return Found([], [], 0)
    today = ctx.now.date()
    due: list[Due] = []
    held: set[str] = set()

    def consider(kind: str, record_id: int, referral: Referral | None, ref: str, on: date | None):  # type: ignore[no-untyped-def]
        if on is None or on > today:
            return
        if referral is not None and referral.legal_hold_since is not None:
            held.add(ref)
            return
        due.append(Due(kind, record_id, ref, on.isoformat()))

    rows = ctx.session.execute(
        select(Concern, Referral).outerjoin(Referral, Referral.concern_id == Concern.id)
    ).all()
    for concern, referral in rows:
        born = _born(concern)
        closed = referral.decided_at if referral else None
        if concern.anonymised_at is None:
            on = schedule.concern.due(concern.received_at, closed, born)
            consider("concern", concern.id, referral, concern.reference, on)
        if referral is not None and referral.anonymised_at is None and closed is not None:
            rule = schedule.referral.for_outcomes(_latest_outcomes(ctx, referral.id))
            on = rule.due(referral.opened_at, closed, born)
            consider("referral", referral.id, referral, referral.reference, on)
        if referral is not None:
            for request in ctx.session.scalars(
                select(InformationRequest).where(
                    InformationRequest.referral_id == referral.id,
                    InformationRequest.anonymised_at.is_(None),
                )
            ):
                on = schedule.agency_answers.due(request.sent_at, closed, born)
                consider("agency_answers", request.id, referral, referral.reference, on)
    _plans(ctx, schedule, consider)
    cutoff = ctx.now - timedelta(days=365.25 * schedule.audit.years)
    audit_past = ctx.session.scalar(select(func.count()).where(AuditEvent.at < cutoff)) or 0
    return Found(due, sorted(held), audit_past)


def _plans(ctx: Context, schedule: RetentionSchedule, consider) -> None:  # type: ignore[no-untyped-def]
    for plan in ctx.session.scalars(
        select(ActionPlan).where(ActionPlan.kind == "map", ActionPlan.anonymised_at.is_(None))
    ):
        closed = erase.plan_closed_at(ctx, plan)
        on = schedule.action_plans.due(plan.created_at, closed, None)
        consider("action_plan", plan.id, None, f"plan:{plan.name}", on)


def _require_dpo(ctx: Context, actor: Actor, wanted: str) -> None:
    if not actor.has(Role.DPO):
        ctx.audit(actor, "access_refused", None, wanted=wanted, reason=Reason.DPO_ONLY.value)
        raise AccessDenied(Reason.DPO_ONLY, doing="run retention")


def report(ctx: Context, actor: Actor | None = None) -> tuple[RetentionReport, Found]:
    """The dry run: record what is due (references only) so that `apply` can act on it."""
    if actor is not None:
        _require_dpo(ctx, actor, "retention_report")
    found = find(ctx)
    row = RetentionReport(
        made_at=ctx.now,
        made_by=actor.person_id if actor else "clock",
        items=[asdict(d) for d in found.due],
    )
    ctx.session.add(row)
    ctx.session.flush()
    counts = Counter(d.record_type for d in found.due)
    ctx.audit(actor or "clock", "retention_reported", None, report_id=row.id, counts=dict(counts))
    return row, found


def apply(ctx: Context, actor: Actor) -> tuple[int, list[Due]]:
    """Anonymise what the latest report listed and is still due and not held; one event each."""
    _require_dpo(ctx, actor, "retention_apply")
    latest = ctx.session.scalar(
        select(RetentionReport).order_by(RetentionReport.id.desc()).limit(1)
    )
    if latest is None or latest.applied_at is not None:
        raise WorkflowError(Reason.RETENTION_REPORT_FIRST)
    if latest.made_at < ctx.now - timedelta(days=REPORT_VALID_DAYS):
        raise WorkflowError(Reason.RETENTION_REPORT_STALE, days=REPORT_VALID_DAYS)
    still_due = {(d.record_type, d.record_id): d for d in find(ctx).due}
    done: list[Due] = []
    for item in latest.items:
        due = still_due.get((item["record_type"], item["record_id"]))
        if due is None:
            continue  # since held, or already done
        erase.ERASERS[due.record_type](ctx, due.record_id)
        ctx.audit(
            actor,
            "retention_applied",
            due.reference,
            record_type=due.record_type,
            record_id=due.record_id,
            report_id=latest.id,
        )
        done.append(due)
    latest.applied_at = ctx.now
    latest.applied_by = actor.person_id
    return latest.id, done


def sweep(ctx: Context) -> int:
    """Daily: when records are past retention, make a report and tell the DPO (once a day)."""
    if ctx.partnership.retention is None:
        return 0
    today = ctx.now.date().isoformat()
    made_today = ctx.session.scalar(
        select(func.count())
        .select_from(RetentionReport)
        .where(RetentionReport.made_by == "clock", RetentionReport.made_at >= _midnight(ctx.now))
    )
    if made_today:
        return 0
    row, found = report(ctx)
    if not found.due:
        return 0
    counts = Counter(d.record_type for d in found.due)
    items = [{"label": LABELS[k], "count": n} for k, n in sorted(counts.items())]
    sent = 0
    for dpo in ctx.partnership.people_with(Role.DPO):
        ctx.send(
            Outgoing(
                MessageKind.RETENTION_DUE,
                Recipient.person(dpo.id),
                key=f"retention:{today}:{dpo.id}",
                facts={"count": len(found.due), "items": items, "report_id": row.id},
            )
        )
        sent += 1
    return sent


def _midnight(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)
