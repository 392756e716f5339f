"""A reporter opens their own concern by its reference: what they sent and its status, never
the MASH's work on it or another agency's answer; not a refusal, nor audited as one."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from messages import slack_render, teams_render, text_render
from messages.screens.concern import details_screen
from storage.models import AuditEvent
from tests.support import INVENTED_CHILD, INVENTED_NARRATIVE, actor, report_concern, told
from tests.triage.support import AMIRA, NINA, PRIYA, claimed_referral, step
from workflows.concerns import details
from workflows.errors import AccessDenied, Reason
from workflows.triage import answers, assessment, decisions, requests

BEN = "ben.carter@example.org"
MASH_ONLY = ("screening_band", "screening_score")
AGENCY_ANSWER = "Zq known to the clinic since March, missed three appointments"
RATIONALE = "Zq rationale only the MASH writes"


def audit(bot, *actions: str) -> list[tuple[str, str | None]]:
    with bot.sessions() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.action.in_(actions)).order_by(AuditEvent.id)
        ).all()
    return [(e.action, e.actor_id) for e in rows]


def test_the_reporter_sees_what_they_sent_and_its_status(bot) -> None:
    reference = report_concern(bot)
    ben = actor(bot, BEN)
    with bot.unit_of_work("test") as ctx:
        facts = details.view(ctx, ben, f" {reference.lower()}")
    assert facts["own"] is True
    assert facts["child_name"] == INVENTED_CHILD and facts["what_happened"] == INVENTED_NARRATIVE
    assert facts["status"] == "received"
    assert not set(MASH_ONLY) & set(facts)
    assert audit(bot, "own_concern_viewed", "details_refused", "access_refused") == [
        ("own_concern_viewed", ben.person_id)
    ]


def test_the_reporter_never_sees_the_mashs_work_or_another_agencys_answer(bot) -> None:
    reference = claimed_referral(bot)  # Ben reported it; Amira claimed it
    sent = step(bot, AMIRA, requests.send, reference, ["health"])
    step(bot, NINA, answers.answer, sent[0].request_id, "held", AGENCY_ANSWER)
    step(bot, PRIYA, assessment.assess, reference, "high", RATIONALE)
    step(bot, PRIYA, decisions.decide, reference, ["early_help"], RATIONALE)
    with bot.unit_of_work("test") as ctx:
        facts = details.view(ctx, actor(bot, BEN), reference)
    assert facts["status"] == "decided"
    screen = details_screen(facts)
    shown = json.dumps(
        [facts, slack_render.modal(screen), teams_render.card(screen), text_render.lines(screen)]
    )
    for secret in (AGENCY_ANSWER, RATIONALE, "Amira", "Priya", "Medium", "High", "Early help"):
        assert secret not in shown, secret
    assert "The MASH has decided" in shown


@pytest.mark.parametrize("email", ["stranger@example.net", "nina.lowe@example.org"])
def test_another_frontline_worker_is_refused_politely_and_audited(bot, email) -> None:
    reference = report_concern(bot)
    other = actor(bot, email)
    with pytest.raises(AccessDenied) as refused, bot.unit_of_work("test") as ctx:
        details.view(ctx, other, reference)
    assert refused.value.reason == Reason.DETAILS_NOT_FOUND
    assert told(refused.value).startswith(f"Sorry, you cannot open the details of {reference}")
    assert INVENTED_CHILD not in told(refused.value)
    assert audit(bot, "own_concern_viewed", "details_refused") == [
        ("details_refused", other.person_id)
    ]


def test_mash_roles_still_get_the_whole_record(bot) -> None:
    reference = report_concern(bot)
    with bot.unit_of_work("test") as ctx:
        facts = details.view(ctx, actor(bot, "amira.okafor@example.org"), reference)
    assert facts["own"] is False and facts["screening_band"] == "Medium"
    assert audit(bot, "own_concern_viewed", "details_viewed") == [
        ("details_viewed", "amira.okafor")
    ]
