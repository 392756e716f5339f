"""Information requests: two agencies asked, one answers in time, one is chased and answers late."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from messages.chronology_text import describe
from messages.i18n import use_locale
from messages.problems import field_errors
from messages.render import Platform
from messages.triage_text import search_line
from storage.models import (
    AuditEvent,
    InformationAnswer,
    InformationRequest,
    InformationRequestChase,
)
from tests.support import INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE, told
from tests.triage.support import (
    AMIRA,
    NINA,
    SAM,
    claimed_referral,
    local,
    outbox,
    step,
    sweep,
)
from workflows.errors import AccessDenied, InvalidInput
from workflows.triage import answers, chronology, queries, requests, urgency


def test_two_requests_one_answered_one_chased_then_answered_late(bot, clock) -> None:
    clock.set(local("2026-11-24 10:00"))
    reference = claimed_referral(bot)
    step(bot, AMIRA, urgency.set_urgency, reference, "amber")  # decision due Wed 10:00
    sent = step(bot, AMIRA, requests.send, reference, ["health", "education"])
    health, education = sent
    assert (health.agency_name, health.sent_to) == ("Riverton Health Trust", "channel")
    assert (education.agency_name, education.sent_to) == ("Education", "leads")
    assert health.due_at == local("2026-11-25 10:00")  # 8 working hours, within the deadline

    # Health's channel copy carries no question and no details; Education's lead gets them by DM.
    delivered = outbox(bot, "information_request")
    by_recipient = {m.recipient_id: m.facts for m in delivered}
    assert set(by_recipient) == {"health-safeguarding", "sam.ito"}
    channel = by_recipient["health-safeguarding"]
    assert channel["in_channel"] and channel["search_details"] == [] and channel["question"] is None
    assert INVENTED_CHILD not in str(channel) and INVENTED_DOB not in str(channel)
    direct = by_recipient["sam.ito"]
    assert direct["search_details"] == [["name", INVENTED_CHILD], ["dob", "2011-05-02"]]
    assert "lawful_basis" in direct and "public task" in direct["lawful_basis"]
    assert INVENTED_NARRATIVE not in str(delivered[0].facts) + str(delivered[1].facts)

    # Health answers in time.
    clock.set(local("2026-11-24 15:00"))
    view = step(bot, NINA, answers.view, health.request_id)
    assert view.facts["search_details"][0] == ["name", INVENTED_CHILD]
    done = step(
        bot, NINA, answers.answer, health.request_id, "held", "Two clinic visits in October."
    )
    assert not done.late
    told = outbox(bot, "information_answered")
    assert [(m.recipient_id, m.facts["answer_label"]) for m in told] == [
        ("amira.okafor", "information held")
    ]

    # Education does not: at the due time it is chased once, and shown overdue.
    clock.set(local("2026-11-25 09:59"))
    sweep(bot)  # (the owner's reminder for the Amber deadline goes now)
    assert outbox(bot, "information_request_chase") == []
    clock.set(local("2026-11-25 10:00"))
    sweep(bot)
    chases = outbox(bot, "information_request_chase")
    assert [(m.recipient_id, m.facts["request_id"]) for m in chases] == [
        ("sam.ito", education.request_id)
    ]
    clock.set(local("2026-11-25 11:00"))
    sweep(bot)
    assert len(outbox(bot, "information_request_chase")) == 1, "chased once"
    case = step(bot, AMIRA, queries.case, reference)
    states = {r.agency_name: (r.state, r.chases) for r in case.requests}
    assert states == {
        "Riverton Health Trust": ("answered", 0),
        "Education": ("overdue", 1),
    }
    queue = step(bot, AMIRA, queries.queue)
    assert (queue[0].requests_waiting, queue[0].requests_overdue) == (1, 1)

    # A late answer is still accepted, and marked late.
    clock.set(local("2026-11-25 14:00"))
    late = step(bot, SAM, answers.answer, education.request_id, "nothing_known")
    assert late.late
    case = step(bot, AMIRA, queries.case, reference)
    assert {r.agency_name: r.state for r in case.requests} == {
        "Riverton Health Trust": "answered",
        "Education": "answered late",
    }
    with bot.sessions() as session:
        assert session.scalar(select(InformationAnswer.late).order_by(InformationAnswer.id.desc()))
        assert len(session.scalars(select(InformationRequestChase)).all()) == 1


def test_confidential_information_records_who_holds_it(bot) -> None:
    reference = claimed_referral(bot)
    (sent,) = step(bot, AMIRA, requests.send, reference, ["health"])
    with pytest.raises(InvalidInput) as missing:
        step(bot, NINA, answers.answer, sent.request_id, "confidential")
    assert "Say who holds" in field_errors(missing.value, "text")["held_by"]
    step(
        bot,
        NINA,
        answers.answer,
        sent.request_id,
        "confidential",
        held_by="Sexual health service, Dr Example's team",
    )
    line = step(bot, AMIRA, queries.case, reference).requests[0]
    assert line.answer_label == "confidential information exists"
    assert line.held_by == "Sexual health service, Dr Example's team"
    assert line.answer_text is None


def test_answering_again_replaces_the_answer_and_keeps_the_first(bot) -> None:
    reference = claimed_referral(bot)
    (sent,) = step(bot, AMIRA, requests.send, reference, ["education"])
    step(bot, SAM, answers.answer, sent.request_id, "nothing_known")
    again = step(bot, SAM, answers.answer, sent.request_id, "held", "Found: absent 12 Fridays.")
    assert again.replaced
    with bot.sessions() as session:
        rows = session.scalars(select(InformationAnswer).order_by(InformationAnswer.id)).all()
    assert [r.kind for r in rows] == ["nothing_known", "held"]
    assert rows[1].replaces_id == rows[0].id


def test_least_detail_and_plain_errors(bot) -> None:
    reference = claimed_referral(bot)
    with pytest.raises(InvalidInput) as nobody:
        step(bot, AMIRA, requests.send, reference, ["csc"])
    assert "lists no safeguarding lead" in field_errors(nobody.value, "text")["agencies"]
    with pytest.raises(InvalidInput) as none:
        step(bot, AMIRA, requests.send, reference, [])
    assert field_errors(none.value, "text")["agencies"] == "Choose at least one agency to ask."
    (sent,) = step(bot, AMIRA, requests.send, reference, ["education"], share=["age", "gender"])
    with bot.sessions() as session:
        row = session.get(InformationRequest, sent.request_id)
        pairs = row.search_details["pairs"]
    assert [search_line(*pair) for pair in pairs] == ["Gender: Female"]  # no age was given
    with use_locale("cy"):  # shared as a code, worded for the agency's reader
        assert [search_line(*pair) for pair in pairs] == ["Rhywedd: Benyw"]
    with pytest.raises(InvalidInput) as twice:
        step(bot, AMIRA, requests.send, reference, ["education"])
    assert "already has an unanswered request" in field_errors(twice.value, "text")["agencies"]


def test_only_the_agency_asked_may_open_or_answer(bot) -> None:
    reference = claimed_referral(bot)
    (sent,) = step(bot, AMIRA, requests.send, reference, ["health"])
    for email in (SAM, AMIRA, "ben.carter@example.org", "kim.stranger@example.org"):
        with pytest.raises(AccessDenied) as refused:
            step(bot, email, answers.view, sent.request_id)
        with pytest.raises(AccessDenied) as missing:
            step(bot, email, answers.view, sent.request_id + 100)
        # One answer for "not yours" and "no such request": nobody learns which agency was asked.
        assert told(refused.value) == (
            f"There is no information request {sent.request_id} for your agency to answer. "
            "Check the number in the request message, or type `/mash requests` to see your "
            "agency's requests."
        )
        assert told(missing.value) == told(refused.value).replace(
            str(sent.request_id), str(sent.request_id + 100)
        )
        assert "Health" not in told(refused.value, Platform.SLACK)
        assert "`mash requests` to see" in told(refused.value, Platform.TEAMS)
        assert "/mash" not in told(refused.value, Platform.TEAMS)
        with pytest.raises(AccessDenied):
            step(bot, email, answers.answer, sent.request_id, "nothing_known")
        with pytest.raises(AccessDenied):
            step(bot, email, answers.answer, sent.request_id + 100, "nothing_known")
    with bot.sessions() as session:
        refused_views = session.execute(
            select(AuditEvent.subject, AuditEvent.details).where(
                AuditEvent.action == "access_refused"
            )
        ).all()
    # Every refusal and every miss is on the record: 4 people x (view, miss, answer, miss).
    assert len(refused_views) == 16
    assert {d["wanted"] for _, d in refused_views} == {
        "view_information_request",
        "answer_information_request",
    }
    assert sorted({subject for subject, _ in refused_views}, key=str) == sorted(
        {reference, None}, key=str
    )
    assert [v.request_id for v in step(bot, NINA, answers.for_my_agency)] == [sent.request_id]
    assert step(bot, SAM, answers.for_my_agency) == []


def test_the_agency_list_is_on_each_referrals_record(bot) -> None:
    """The list carries what each request shares (name, date of birth): each case records it."""
    first = claimed_referral(bot)
    (sent,) = step(bot, AMIRA, requests.send, first, ["health"])
    [listed] = step(bot, NINA, answers.for_my_agency)
    assert dict(listed.facts["search_details"])["name"] == INVENTED_CHILD
    with bot.sessions() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "information_request_listed")
        ).all()
    assert [(e.actor_id, e.subject, e.details) for e in events] == [
        ("nina.lowe", first, {"request_id": sent.request_id})
    ]
    lines = [describe(e, "Europe/London") for e in step(bot, AMIRA, chronology.read, first).entries]
    assert (
        f"Nina Lowe saw request {sent.request_id}, with the details it shares, in their "
        "agency's list." in lines
    )
