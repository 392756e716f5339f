"""Access both ways for every role: who may see a referral, who is refused, and every refusal audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import AuditEvent
from tests.support import report_concern, told
from tests.triage.support import (
    AMIRA,
    BEN,
    HARKER,
    MARCUS,
    NINA,
    OLA,
    PRIYA,
    SAM,
    TOM,
    claimed_referral,
    step,
)
from workflows.concerns import details, mine
from workflows.errors import AccessDenied
from workflows.triage import answers, assessment, chronology, claim, queries, requests, urgency

# A Riverton City referral: who may open it (True) and who is refused.
CITY_CASE = {
    AMIRA: True,  # City triager
    PRIYA: True,  # decision maker for every area
    TOM: False,  # Shire triager
    MARCUS: False,  # Shire decision maker
    HARKER: False,  # MASE chair and police safeguarding lead
    NINA: False,  # health safeguarding lead
    SAM: False,  # education safeguarding lead
    OLA: False,  # admin
    BEN: False,  # the teacher who reported it
}

REFUSALS = {
    TOM: "in the areas you cover. Check it, or type `/mash queue`",  # the same as a missing one
    MARCUS: "in the areas you cover. Check it, or type `/mash queue`",
    HARKER: "as a safeguarding lead you can see only the requests sent to your agency",
    NINA: "as a safeguarding lead you can see only the requests sent to your agency",
    SAM: "as a safeguarding lead you can see only the requests sent to your agency",
    OLA: "only MASH staff can see or work on referrals",
    BEN: "so you can follow its status by typing `/home`",
}


def refusals_of(bot, person_id: str) -> int:  # noqa: ANN001
    with bot.sessions() as session:
        return len(
            session.scalars(
                select(AuditEvent).where(
                    AuditEvent.actor_id == person_id,
                    AuditEvent.action.in_(["access_refused", "details_refused"]),
                )
            ).all()
        )


@pytest.mark.parametrize("email", list(CITY_CASE))
def test_the_case_its_chronology_and_details_both_ways(bot, email: str) -> None:
    reference = claimed_referral(bot)
    allowed = CITY_CASE[email]
    person_id = step(bot, email, lambda ctx, who: who.person_id)
    own = email == BEN and allowed is False  # the reporter opens what he sent, not the case
    for look in (queries.case, chronology.read, details.view):
        if allowed or (own and look is details.view):
            shown = step(bot, email, look, reference)
            assert shown is not None and (not own or shown["own"] is True)
        else:
            with pytest.raises(AccessDenied) as refused:
                step(bot, email, look, reference)
            if look is not details.view:
                assert REFUSALS[email] in told(refused.value)
    assert refusals_of(bot, person_id) == (0 if allowed else 2 if own else 3)


@pytest.mark.parametrize("email", list(CITY_CASE))
def test_the_queue_both_ways(bot, email: str) -> None:
    reference = report_concern(bot)
    mash_staff = email in (AMIRA, PRIYA, TOM, MARCUS)
    if mash_staff:
        rows = step(bot, email, queries.queue)
        seen = [r.reference for r in rows]
        assert seen == ([reference] if CITY_CASE[email] else [])  # Shire staff see no City case
        assert step(bot, email, queries.mine) == []
    else:
        for look in (queries.queue, queries.mine):
            with pytest.raises(AccessDenied):
                step(bot, email, look)


@pytest.mark.parametrize("email", [TOM, MARCUS, HARKER, NINA, SAM, OLA, BEN])
def test_changes_are_refused_to_everyone_outside_the_city_mash(bot, email: str) -> None:
    reference = report_concern(bot)
    attempts = [
        (claim.claim, ()),
        (urgency.set_urgency, ("red",)),
        (requests.send, (["health"],)),
        (assessment.assess, ("medium",)),
    ]
    for fn, args in attempts:
        with pytest.raises(AccessDenied):
            step(bot, email, fn, reference, *args)


def test_triagers_do_not_assess_decide_or_work_someone_elses_referral(bot) -> None:
    reference = claimed_referral(bot, PRIYA)
    with pytest.raises(AccessDenied) as not_owner:
        step(bot, AMIRA, urgency.set_urgency, reference, "red")
    assert told(not_owner.value) == (
        f"Priya Shah owns {reference}, so only they or a decision maker can set its urgency."
    )
    with pytest.raises(AccessDenied):
        step(bot, AMIRA, requests.send, reference, ["health"])
    with pytest.raises(AccessDenied):
        step(bot, AMIRA, assessment.prepare, reference)


def test_agency_leads_see_their_own_request_and_nothing_else(bot) -> None:
    reference = claimed_referral(bot)
    health, education = step(bot, AMIRA, requests.send, reference, ["health", "education"])
    assert step(bot, NINA, answers.view, health.request_id).reference == reference
    with pytest.raises(AccessDenied):
        step(bot, NINA, answers.view, education.request_id)
    assert step(bot, SAM, answers.view, education.request_id).request_id == education.request_id
    with pytest.raises(AccessDenied):
        step(bot, SAM, answers.view, health.request_id)
    for email in (AMIRA, PRIYA, BEN, OLA):
        with pytest.raises(AccessDenied) as refused:
            step(bot, email, answers.for_my_agency)
        assert told(refused.value) == (
            "Only agency safeguarding leads have information requests to answer."
        )


def test_reporters_see_only_their_own_concerns_status(bot) -> None:
    reference = claimed_referral(bot)
    own = step(bot, BEN, mine.home)
    assert [(c.reference, c.status) for c in own.concerns] == [
        (reference, "in_triage")  # "Being looked at by the MASH", as messages/ words it
    ]
    stranger = step(bot, "kim.stranger@example.org", mine.home)
    assert stranger.concerns == []
    with pytest.raises(AccessDenied) as refused:
        step(bot, "kim.stranger@example.org", queries.case, reference)
    assert "only MASH staff can see or work on referrals" in told(refused.value)
