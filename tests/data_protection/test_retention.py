"""Retention: found, reported to the DPO, applied only after a report; holds keep; figures count."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text

from bot.app import ManualClock, Mashbot
from storage.models import AuditEvent, Concern, ConcernDraft, TriageDecision
from tests.data_protection.support import DEE, decided_referral
from tests.support import INVENTED_CHILD, INVENTED_NARRATIVE, told
from tests.triage.support import PRIYA, TOM, in_context, outbox, step
from workflows.data_protection import erase, holds, retention
from workflows.errors import AccessDenied, WorkflowError

LATER = datetime(2044, 1, 5, 10, 0, tzinfo=UTC)  # past 7 years from the child's 25th birthday


def _concern(bot: Mashbot, reference: str) -> Concern:
    with bot.sessions() as session:
        return session.scalar(select(Concern).where(Concern.reference == reference))


def test_nothing_is_purged_without_a_report_first_and_only_by_the_dpo(
    bot: Mashbot, clock: ManualClock
) -> None:
    reference = decided_referral(bot)
    clock.set(LATER)
    with pytest.raises(WorkflowError) as problem:
        step(bot, DEE, retention.apply)
    assert "no retention report to act on" in told(problem.value)
    with pytest.raises(AccessDenied) as problem:
        step(bot, PRIYA, retention.report)
    assert "data protection officer" in told(problem.value)
    assert _concern(bot, reference).child_name == INVENTED_CHILD  # untouched


def test_the_report_lists_due_records_and_apply_anonymises_them_keeping_figures(
    bot: Mashbot, clock: ManualClock
) -> None:
    kept_young = decided_referral(bot)  # reported at the same time: both due in 2044
    held = decided_referral(bot)
    step(bot, DEE, holds.set_hold, held, "Civil claim notified by legal services.")
    clock.set(datetime(2030, 1, 1, tzinfo=UTC))
    _, early = step(bot, DEE, retention.report)
    assert early.due == []  # the child is not yet 25 and the NFA is not yet 6 years old
    clock.set(LATER)
    report, found = step(bot, DEE, retention.report)
    assert {(d.reference, d.record_type) for d in found.due} == {
        (kept_young, "concern"),
        (kept_young, "referral"),
    }
    assert found.held == [held]
    assert _concern(bot, kept_young).child_name == INVENTED_CHILD  # a report changes nothing
    report_id, done = step(bot, DEE, retention.apply)
    assert report_id == report.id and len(done) == 2
    gone = _concern(bot, kept_young)
    assert gone.child_name == erase.REMOVED and gone.what_happened == erase.REMOVED
    assert gone.child_dob is None and gone.anonymised_at == LATER and gone.child_match is None
    assert _concern(bot, held).what_happened == INVENTED_NARRATIVE  # the hold kept it
    with bot.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Concern)) == 2  # figures count
        assert (
            session.scalar(
                select(ConcernDraft.answers).where(ConcernDraft.submitted_reference == kept_young)
            )
            == {}
        )
        rationale = session.scalar(select(TriageDecision.rationale).order_by(TriageDecision.id))
        assert rationale == erase.REMOVED
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "retention_applied")
        ).all()
    assert sorted(e.subject for e in events) == [kept_young, kept_young]
    with bot.engine.connect() as connection:
        dump = repr(connection.execute(text("SELECT * FROM audit_events")).all())
    assert INVENTED_CHILD not in dump and "Invented rationale" not in dump
    with pytest.raises(WorkflowError) as problem:
        step(bot, DEE, retention.apply)  # a report is applied once
    assert "no retention report" in told(problem.value)


def test_a_hold_set_after_the_report_still_keeps_the_record(
    bot: Mashbot, clock: ManualClock
) -> None:
    reference = decided_referral(bot)
    clock.set(LATER)
    step(bot, DEE, retention.report)
    step(bot, PRIYA, holds.set_hold, reference, "Serious case review under way.")
    _, done = step(bot, DEE, retention.apply)
    assert done == []
    assert _concern(bot, reference).child_name == INVENTED_CHILD


def test_holds_need_a_reason_and_the_right_role_and_are_audited(bot: Mashbot) -> None:
    reference = decided_referral(bot)
    with pytest.raises(WorkflowError) as problem:
        step(bot, DEE, holds.set_hold, reference, "")
    assert "Say why" in told(problem.value)
    with pytest.raises(AccessDenied):
        step(bot, TOM, holds.set_hold, reference, "Because I want to keep it.")
    step(bot, DEE, holds.set_hold, reference, "Civil claim notified by legal services.")
    step(bot, DEE, holds.lift_hold, reference, "Claim settled, hold no longer needed.")
    with bot.sessions() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.subject == reference)
        ).all()
    assert "legal_hold_set" in actions and "legal_hold_lifted" in actions


def test_the_daily_job_tells_the_dpo_once_a_day(bot: Mashbot, clock: ManualClock) -> None:
    decided_referral(bot)
    clock.set(LATER)
    assert in_context(bot, retention.sweep) == 1
    assert in_context(bot, retention.sweep) == 0  # the same day: already reported
    (message,) = outbox(bot, "retention_due")
    assert message.recipient_id == "dee.okoro" and message.facts["count"] == 2
    _, done = step(bot, DEE, retention.apply)  # the clock's report is a report
    assert len(done) == 2
