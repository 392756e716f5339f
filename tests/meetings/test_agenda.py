"""The MASE agenda from the data: exactly the expected children in the expected order, open and
overdue actions, and no child's name in the channel version; the full document for members only,
every download audited."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from messages.render import Platform, render
from storage.models import AuditEvent, MaseReferral
from tests.meetings.support import mase_referral, meetings, sent, set_up_series
from tests.support import INVENTED_CHILD, INVENTED_DOB
from tests.triage.support import BEN, HARKER, NINA, TOM, step
from workflows.errors import AccessDenied
from workflows.meetings import agenda, minutes
from workflows.outgoing import MessageKind


def minute(bot, meeting_id: int, levels: dict[str, str], actions: dict | None = None) -> None:  # noqa: ANN001
    items = [
        {
            "reference": ref,
            "summary": "Discussed.",
            "risk_level": level,
            "actions": (actions or {}).get(ref, []),
        }
        for ref, level in levels.items()
    ]
    step(bot, HARKER, minutes.record, meeting_id, items)


def test_the_agenda_holds_new_referrals_and_children_under_review_by_risk(bot, clock) -> None:
    set_up_series(bot)
    low = mase_referral(bot, "medium")
    high = mase_referral(bot, "high")
    closing = mase_referral(bot, "medium")
    shire = mase_referral(bot, "high", area="shire")  # another area's MASE
    posted = step(bot, HARKER, agenda.post)
    assert [c.reference for c in posted.new_referrals] == [low, high, closing]
    assert posted.under_review == []
    assert shire not in {c.reference for c in posted.new_referrals}

    december = meetings(bot)[0]
    clock.set(datetime(2026, 12, 8, 13, 0, tzinfo=UTC))
    minute(
        bot,
        december.id,
        {low: "medium", high: "high", closing: "closed"},
        {high: [{"description": "Disruption notice", "lead": NINA, "due_date": "15/12/2026"}]},
    )
    newer = mase_referral(bot, "low")
    clock.set(datetime(2026, 12, 16, 9, 0, tzinfo=UTC))  # the action is now overdue
    january = step(bot, NINA, agenda.view)
    assert [c.reference for c in january.new_referrals] == [newer]
    assert [c.reference for c in january.under_review] == [high, low]  # most serious first
    assert [(a.ref, a.overdue) for a in january.actions] == [("mase-city-log:261208-1", True)]


def test_the_channel_version_carries_no_name_and_the_document_does_for_members(bot) -> None:
    set_up_series(bot)
    reference = mase_referral(bot, "high")
    step(bot, HARKER, agenda.post)
    [message] = sent(bot, "mase_agenda")
    assert message.recipient_type == "channel" and message.recipient_id == "mase"
    for platform in Platform:
        rendered = render(MessageKind.MASE_AGENDA, message.facts, platform)
        whole = f"{rendered.text}{rendered.blocks}{rendered.card}"
        assert reference in whole
        assert INVENTED_CHILD not in whole and INVENTED_DOB not in whole
    assert INVENTED_CHILD not in str(message.facts)
    assert set(message.facts["new_referrals"][0]) == {
        "reference",
        "area_id",
        "area_name",
        "risk_level",
        "risk_label",
        "agency_name",
    }

    document = step(bot, NINA, agenda.download, "html")
    assert document["new_referrals"][0]["child_name"] == INVENTED_CHILD
    with bot.sessions() as session:
        downloads = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "agenda_downloaded")
        ).all()
    assert [(d.actor_id, d.details["format"]) for d in downloads] == [("nina.lowe", "html")]


@pytest.mark.parametrize("who", [BEN, TOM])
def test_people_outside_the_meeting_are_refused_the_agenda_and_audited(bot, who: str) -> None:
    set_up_series(bot)
    mase_referral(bot, "high")
    with pytest.raises(AccessDenied) as refused:
        step(bot, who, agenda.download, "markdown")
    assert refused.value.reason == "meeting_members_only"
    with bot.sessions() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert "meeting_refused" in actions and "agenda_downloaded" not in actions


def test_only_chairs_post_the_agenda_and_members_who_try_change_nothing(bot) -> None:
    set_up_series(bot)
    mase_referral(bot, "high")
    with pytest.raises(AccessDenied) as refused:
        step(bot, NINA, agenda.post)
    assert refused.value.reason == "meeting_chairs_only"
    assert sent(bot, "mase_agenda") == []
    with bot.sessions() as session:
        assert session.scalars(select(MaseReferral.listed_for)).all() == [None]
