"""The chronology lists every event in time order and exports as text; the audit chain behind it
catches an edited or a deleted event and `mashbot audit verify` names the first broken one."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from bot.cli import main
from messages.chronology_text import chronology_text
from storage.models import AuditEvent
from tests.triage.support import (
    AMIRA,
    BEN,
    NINA,
    PRIYA,
    claimed_referral,
    local,
    step,
    sweep,
)
from workflows.audit_verify import verify
from workflows.concerns import details
from workflows.errors import AccessDenied
from workflows.triage import answers, assessment, chronology, decisions, queries, requests, urgency


def whole_path(bot, clock) -> tuple[str, int, int]:  # noqa: ANN001
    """Reported, claimed, Red, details viewed, two requests (answered; chased), a refusal,
    assessed with an override, decided; the reference and the two request numbers."""
    clock.set(local("2026-11-24 10:00"))
    reference = claimed_referral(bot)
    clock.set(local("2026-11-24 10:05"))
    step(bot, AMIRA, urgency.set_urgency, reference, "red")
    clock.set(local("2026-11-24 10:10"))
    step(bot, AMIRA, details.view, reference)
    health, education = step(bot, AMIRA, requests.send, reference, ["health", "education"])
    clock.set(local("2026-11-24 11:00"))
    step(bot, NINA, answers.answer, health.request_id, "nothing_known")
    clock.set(local("2026-11-24 13:00"))  # Red: the reminder, then the request is chased at 14:00
    sweep(bot)
    clock.set(local("2026-11-24 14:00"))
    sweep(bot)
    with pytest.raises(AccessDenied):
        step(bot, BEN, queries.case, reference)
    clock.set(local("2026-11-24 14:30"))
    step(bot, PRIYA, assessment.assess, reference, "high", "Older male with a car, repeated.")
    step(bot, PRIYA, decisions.decide, reference, ["strategy_discussion"], "Risk of harm.")
    return reference, health.request_id, education.request_id


def test_the_chronology_has_every_event_in_time_order(bot, clock) -> None:
    reference, _, _ = whole_path(bot, clock)
    clock.set(local("2026-11-24 15:00"))
    found = step(bot, AMIRA, chronology.read, reference)
    actions = [e.action for e in found.entries]
    assert actions == [
        "concern_reported",
        "referral_claimed",
        "urgency_set",
        "details_viewed",
        "information_requested",
        "information_requested",
        "information_answered",
        "deadline_reminder_sent",
        "deadline_passed_alerted",
        "information_request_chased",
        "access_refused",
        "risk_assessed",
        "decision_recorded",
        "reporter_updated",
        "chronology_viewed",
    ]
    times = [e.at for e in found.entries]
    assert times == sorted(times)


def test_the_chronology_exports_as_text(bot, clock) -> None:
    reference, health, education = whole_path(bot, clock)
    clock.set(local("2026-11-24 15:00"))
    found = step(bot, PRIYA, chronology.read, reference, export=True)
    text = chronology_text(found, "Europe/London", local("2026-11-24 15:00"))
    lines = text.splitlines()
    assert lines[0] == f"Chronology of referral {reference} (Riverton City MASH)"
    assert "Tuesday 24 November 2026, 10am  Ben Carter (Education) reported the concern." in lines
    assert (
        "Tuesday 24 November 2026, 10:05am  Amira Okafor set the urgency to Red; decision due by Tuesday 24 November 2026, 2pm."
        in lines
    )
    assert (
        "Tuesday 24 November 2026, 11am  Nina Lowe answered for Riverton Health Trust "
        f"(request {health}): nothing known." in lines
    )
    assert (
        f"Tuesday 24 November 2026, 2pm  mashbot chased Education for request {education}, now overdue."
        in lines
    )
    assert (
        "Tuesday 24 November 2026, 2:30pm  Priya Shah recorded the risk as High (the signs checklist suggested "
        "Medium). Rationale: Older male with a car, repeated." in lines
    )
    assert (
        "Tuesday 24 November 2026, 2:30pm  Priya Shah decided: Strategy discussion. Why: Risk of harm."
        in lines
    )
    assert lines[-1] == "Tuesday 24 November 2026, 3pm  Priya Shah exported the chronology."


def test_an_edited_triage_event_is_named_by_audit_verify(
    bot, clock, settings, monkeypatch, capsys
) -> None:
    reference, _, _ = whole_path(bot, clock)
    with bot.sessions() as session:
        target = session.scalar(
            select(AuditEvent.id).where(
                AuditEvent.subject == reference, AuditEvent.action == "risk_assessed"
            )
        )
    with bot.sessions() as session, session.begin():
        session.execute(
            update(AuditEvent).where(AuditEvent.id == target).values(details={"level": "low"})
        )
    with bot.sessions() as session:
        report = verify(session, bot.audit_log.keys)
    assert report.first_broken_id == target and report.finding.kind == "changed"
    monkeypatch.setenv("MASHBOT_DATABASE_URL", settings.database_url)
    assert main(["audit", "verify"]) == 1
    assert f"event {target} was changed after it was written" in capsys.readouterr().out


def test_a_deleted_triage_event_is_caught_by_audit_verify(
    bot, clock, settings, monkeypatch, capsys
) -> None:
    reference, _, _ = whole_path(bot, clock)
    with bot.sessions() as session:
        ids = session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
        refused = session.scalar(
            select(AuditEvent.id).where(
                AuditEvent.subject == reference, AuditEvent.action == "access_refused"
            )
        )
    before = ids[ids.index(refused) - 1]
    with bot.sessions() as session, session.begin():
        session.execute(delete(AuditEvent).where(AuditEvent.id == refused))
    monkeypatch.setenv("MASHBOT_DATABASE_URL", settings.database_url)
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "Audit log broken (events are missing)" in out
    assert f"one or more events after event {before} are missing (deleted)" in out


def test_an_intact_chain_verifies_after_the_whole_path(
    bot, clock, settings, monkeypatch, capsys
) -> None:
    whole_path(bot, clock)
    monkeypatch.setenv("MASHBOT_DATABASE_URL", settings.database_url)
    assert main(["audit", "verify"]) == 0
    assert "Audit log intact" in capsys.readouterr().out


def test_the_chronology_words_a_repeated_claim_and_a_refused_risk_recording(bot) -> None:
    from workflows.errors import WorkflowError
    from workflows.triage import assessment, claim

    reference = claimed_referral(bot)  # Amira's
    step(bot, AMIRA, claim.claim, reference)  # again: it is already hers
    with pytest.raises(WorkflowError):
        step(bot, AMIRA, assessment.assess, reference, "medium")  # decision makers only
    found = step(bot, PRIYA, chronology.read, reference, export=True)
    text = chronology_text(found, "Europe/London", local("2026-11-24 15:00"))
    assert "Amira Okafor claimed it again; it was already theirs, so nothing changed." in text
    assert "tried to claim it, but it was already claimed" not in text
    assert (
        "Amira Okafor tried to record the risk level and was refused, so nothing changed." in text
    )
