"""Raising a concern end to end in the domain: drafts, submission, routing, receipts, access."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, func, select, update

from storage.models import AuditEvent, Concern, ConcernDraft, OutboxMessage, Referral
from tests.support import (
    ANSWERS,
    INVENTED_CHILD,
    INVENTED_NARRATIVE,
    actor,
    report_concern,
    told,
)
from workflows.concerns import details, drafts, form, mine, report
from workflows.errors import AccessDenied, InvalidInput, Reason
from workflows.triage import claim


def outbox(bot) -> list[OutboxMessage]:
    with bot.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_concern_gets_a_reference_and_two_messages(bot, clock) -> None:
    reference = report_concern(bot)
    assert reference == "CSE-2026-00001"
    rows = outbox(bot)
    assert [(r.kind, r.recipient_type, r.recipient_id) for r in rows] == [
        ("concern_receipt", "person", "ben.teacher"),
        ("concern_for_mash", "channel", "mash-city"),
    ]
    receipt = rows[0].facts
    assert receipt["reference"] == reference and receipt["mash_phone"] == "0300 555 0101"
    with bot.sessions() as session:
        concern = session.scalar(select(Concern))
        assert concern.received_at == clock.now
        assert concern.screening_band == "Medium"  # missing (3) + older boyfriend (3)
        events = session.scalars(select(AuditEvent.action)).all()
    assert "concern_reported" in events


def test_references_count_up_per_year(bot, clock) -> None:
    assert report_concern(bot) == "CSE-2026-00001"
    assert report_concern(bot) == "CSE-2026-00002"
    clock.set(clock.now.replace(year=2027, month=1, day=4))
    assert report_concern(bot) == "CSE-2027-00001"


def test_the_mash_card_never_carries_the_child(bot) -> None:
    report_concern(bot)
    card = next(r for r in outbox(bot) if r.recipient_type == "channel")
    text = json.dumps(card.facts)
    for secret in (
        INVENTED_CHILD,
        "Kayla",
        "02/05/2011",
        "2011-05-02",
        INVENTED_NARRATIVE,
        "leisure centre",
        "Riverton Academy",
    ):
        assert secret not in text


def test_an_unknown_area_goes_to_the_fallback_channel(bot) -> None:
    assert bot.partnership.mash_channel_for("nowhere") == "mash-central"
    assert bot.partnership.mash_channel_for("shire") == "mash-shire"
    report_concern(bot, area="shire")
    assert outbox(bot)[1].recipient_id == "mash-shire"


def test_sending_the_same_draft_twice_makes_one_concern(bot) -> None:
    ben = actor(bot, "ben.carter@example.org")
    with bot.unit_of_work("test") as ctx:
        draft_id = drafts.start(ctx, ben).id
    for step_id in (form.DANGER, form.CHILD, form.INDICATORS, form.SHARING):
        with bot.unit_of_work("test") as ctx:
            assert drafts.submit_step(ctx, ben, draft_id, step_id, ANSWERS[step_id]).ok
    with bot.unit_of_work("test") as ctx:
        first = report.submit(ctx, ben, draft_id)
    with bot.unit_of_work("test") as ctx:
        second = report.submit(ctx, ben, draft_id)
    assert second.reference == first.reference and second.already_sent
    with bot.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Concern)) == 1
    assert len(outbox(bot)) == 2


def test_errors_keep_everything_typed(bot) -> None:
    ben = actor(bot, "ben.carter@example.org")
    with bot.unit_of_work("test") as ctx:
        draft_id = drafts.start(ctx, ben).id
    typed = {**ANSWERS[form.CHILD], "child_dob": "31/02/2012", "child_name": ""}
    with bot.unit_of_work("test") as ctx:
        result = drafts.submit_step(ctx, ben, draft_id, form.CHILD, typed)
    assert set(result.errors) == {"child_dob", "child_name"}
    assert result.next_step == form.CHILD
    with bot.sessions() as session:
        kept = session.get(ConcernDraft, draft_id).answers
    assert kept["child_dob"] == "31/02/2012"
    assert kept["what_happened"] == INVENTED_NARRATIVE


def test_an_incomplete_draft_cannot_be_sent(bot) -> None:
    ben = actor(bot, "ben.carter@example.org")
    with bot.unit_of_work("test") as ctx:
        draft_id = drafts.start(ctx, ben).id
    with pytest.raises(InvalidInput) as raised, bot.unit_of_work("test") as ctx:
        report.submit(ctx, ben, draft_id)
    assert "immediate_danger" in raised.value.errors
    assert outbox(bot) == []


def test_drafts_belong_to_their_reporter(bot) -> None:
    ben = actor(bot, "ben.carter@example.org")
    nina = actor(bot, "nina.lowe@example.org")
    with bot.unit_of_work("test") as ctx:
        draft_id = drafts.start(ctx, ben).id
    with pytest.raises(AccessDenied), bot.unit_of_work("test") as ctx:
        drafts.load(ctx, nina, draft_id)
    with bot.unit_of_work("test") as ctx:
        assert [d.id for d in drafts.unfinished(ctx, ben, limit=10)] == [draft_id]
        assert drafts.unfinished(ctx, nina, limit=10) == []
    with bot.sessions() as session:
        refused = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "draft_refused")
        ).all()
    assert [(e.actor_id, e.subject, e.details) for e in refused] == [
        (nina.person_id, None, {"draft": draft_id})
    ]


@pytest.mark.parametrize(
    "email",
    ["amira.okafor@example.org", "priya.shah@example.org"],  # city triager; any-area decision maker
)
def test_mash_roles_of_the_area_open_the_details_and_it_is_audited(bot, email) -> None:
    reference = report_concern(bot)
    viewer = actor(bot, email)
    with bot.unit_of_work("test") as ctx:
        facts = details.view(ctx, viewer, reference)
    assert facts["child_name"] == INVENTED_CHILD
    assert facts["child_dob"] == "2011-05-02"  # a date; the details screen words it
    with bot.sessions() as session:
        viewed = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "details_viewed")
        ).all()
    assert [(e.actor_id, e.subject) for e in viewed] == [(viewer.person_id, reference)]


@pytest.mark.parametrize(
    "email",
    [
        "nina.lowe@example.org",  # an agency safeguarding lead
        "jo.harker@example.org",  # the MASE chair
        "ola.bright@example.org",  # an admin
        "tom.brennan@example.org",  # a MASH triager of another area
        "stranger@example.net",  # someone the partnership file does not list
    ],
)
def test_everyone_else_is_refused_politely_and_the_refusal_is_audited(bot, email) -> None:
    reference = report_concern(bot)
    viewer = actor(bot, email)
    with pytest.raises(AccessDenied) as refused, bot.unit_of_work("test") as ctx:
        details.view(ctx, viewer, reference)
    assert told(refused.value).startswith(f"Sorry, you cannot open the details of {reference}")
    assert INVENTED_CHILD not in told(refused.value)
    with bot.sessions() as session:
        refusals = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "details_refused")
        ).all()
    assert [(e.actor_id, e.subject) for e in refusals] == [(viewer.person_id, reference)]


def test_the_reference_is_taken_as_in_mash_case_any_case_spaces_around(bot) -> None:
    reference = report_concern(bot)
    amira = actor(bot, "amira.okafor@example.org")
    with bot.unit_of_work("test") as ctx:
        facts = details.view(ctx, amira, f"  {reference.lower()} ")
    assert facts["reference"] == reference and facts["child_name"] == INVENTED_CHILD
    with bot.sessions() as session:
        viewed = session.scalars(
            select(AuditEvent.subject).where(AuditEvent.action == "details_viewed")
        ).all()
    assert viewed == [reference]


@pytest.mark.parametrize(
    ("email", "why"),
    [
        ("tom.brennan@example.org", "there is no such concern, or it is not one you may open"),
        ("stranger@example.net", "Only MASH staff for a concern's area can open its details."),
        ("nina.lowe@example.org", "If you need to know more, call the MASH."),
    ],
)
def test_a_refusal_says_why(bot, email: str, why: str) -> None:
    reference = report_concern(bot)
    with pytest.raises(AccessDenied) as refused, bot.unit_of_work("test") as ctx:
        details.view(ctx, actor(bot, email), reference)
    assert why in told(refused.value)


def test_the_details_carry_the_referrals_status_not_the_day_it_arrived(bot) -> None:
    reference = report_concern(bot)
    amira = actor(bot, "amira.okafor@example.org")
    with bot.unit_of_work("test") as ctx:
        assert details.view(ctx, amira, reference)["status"] == "received"
    with bot.unit_of_work("test") as ctx:
        claim.claim(ctx, amira, reference)
    with bot.unit_of_work("test") as ctx:
        assert details.view(ctx, amira, reference)["status"] == "in_triage"
    with bot.sessions() as session, session.begin():
        session.execute(update(Referral).values(status="decided"))
    with bot.unit_of_work("test") as ctx:
        assert details.view(ctx, amira, reference)["status"] == "decided"


def test_an_unknown_reference_gets_the_same_answer_as_one_not_yours_and_is_audited(bot) -> None:
    reference = report_concern(bot)  # a Riverton City concern
    amira, tom = actor(bot, "amira.okafor@example.org"), actor(bot, "tom.brennan@example.org")
    with pytest.raises(AccessDenied) as missing, bot.unit_of_work("test") as ctx:
        details.view(ctx, amira, "cse-2026-09999 ")
    with pytest.raises(AccessDenied) as not_yours, bot.unit_of_work("test") as ctx:
        details.view(ctx, tom, reference)
    assert missing.value.reason == not_yours.value.reason == Reason.DETAILS_NOT_FOUND
    said = told(missing.value)
    assert said.startswith("Sorry, you cannot open the details of CSE-2026-09999")
    assert said.replace("CSE-2026-09999", reference) == told(not_yours.value)
    assert "Riverton" not in told(not_yours.value)
    with bot.sessions() as session:
        refusals = session.execute(
            select(AuditEvent.actor_id, AuditEvent.subject, AuditEvent.details).where(
                AuditEvent.action == "details_refused"
            )
        ).all()
    assert [(a, s, d["reference"]) for a, s, d in refusals] == [
        (amira.person_id, None, "CSE-2026-09999"),
        (tom.person_id, reference, reference),
    ]


def test_the_reporter_sees_their_own_concerns_and_drafts_only(bot) -> None:
    reference = report_concern(bot)
    ben = actor(bot, "ben.carter@example.org")
    nina = actor(bot, "nina.lowe@example.org")
    with bot.unit_of_work("test") as ctx:
        drafts.start(ctx, ben)
    statements: list[str] = []
    event.listen(bot.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with bot.unit_of_work("test") as ctx:
        own = mine.home(ctx, ben)
        other = mine.home(ctx, nina)
    # Listing them reads no child's details (nor any draft's answers): nothing to decrypt.
    assert statements and not [s for s in statements if "child_" in s or "answers" in s]
    assert [c.reference for c in own.concerns] == [reference]
    assert own.concerns[0].status == "received"
    assert len(own.drafts) == 1
    assert other.concerns == [] and other.drafts == []


SAVED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_unfinished_drafts_are_listed_newest_first_and_their_answers_never_read(bot) -> None:
    """Home lists the newest ten; sent and discarded drafts are not unfinished."""
    ben = actor(bot, "ben.carter@example.org")
    with bot.unit_of_work("test") as ctx:
        ids = [drafts.start(ctx, ben).id for _ in range(14)]
    with bot.sessions() as session, session.begin():
        for n, draft_id in enumerate(ids):  # saved a minute apart, the last one latest
            session.execute(
                update(ConcernDraft)
                .where(ConcernDraft.id == draft_id)
                .values(updated_at=SAVED + timedelta(minutes=n))
            )
        sent, thrown = ids[-1], ids[-2]
        session.execute(
            update(ConcernDraft).where(ConcernDraft.id == sent).values(submitted_reference="X1")
        )
        session.execute(
            update(ConcernDraft).where(ConcernDraft.id == thrown).values(discarded_at=SAVED)
        )
    statements: list[str] = []
    event.listen(bot.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with bot.unit_of_work("test") as ctx:
        listed = drafts.unfinished(ctx, ben, limit=10)
        home = mine.home(ctx, ben)
    assert [d.id for d in listed] == ids[-3::-1][:10]
    assert [d.draft_id for d in home.drafts] == [d.id for d in listed]
    assert all(d.step == form.DANGER for d in listed)
    assert statements and not [s for s in statements if "answers" in s]
