"""The meetings' forms through the one form driver: who may open each (both ways, refusals
audited), a child's minutes added one child at a time into one versioned record, and a
correction that keeps the earlier text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from storage.models import MeetingMinutes
from tests.meetings.support import mase_referral, meetings, set_up_series
from tests.triage.support import AMIRA, BEN, HARKER, NINA, OLA, audit_actions, step
from workflows import form_driver
from workflows.errors import AccessDenied
from workflows.forms import Code, FieldProblem, FormView
from workflows.meetings import agenda
from workflows.meetings.flows import MAP, MINUTES, PROPOSE, SERIES


def show(bot, who: str, flow, key: str):  # noqa: ANN001, ANN201
    return step(bot, who, lambda ctx, actor: form_driver.show(flow, ctx, actor, key))


def submit(bot, who: str, flow, key: str, given: dict):  # noqa: ANN001, ANN201
    return step(
        bot, who, lambda ctx, actor: form_driver.submit(flow, ctx, actor, key, "minutes", given)
    )


def held(bot, clock) -> tuple[int, str, str]:  # noqa: ANN001
    set_up_series(bot, minute_taker=AMIRA)
    first = mase_referral(bot, "high")
    second = mase_referral(bot, "medium")
    step(bot, HARKER, agenda.post)
    clock.set(datetime(2026, 12, 8, 13, 0, tzinfo=UTC))
    return meetings(bot)[0].id, first, second


@pytest.mark.parametrize("flow", [SERIES, MAP, PROPOSE])
def test_chairs_and_admins_open_the_scheduling_forms_and_members_are_refused(bot, flow) -> None:
    reference = mase_referral(bot, "high")
    set_up_series(bot)
    key = "city" if flow is SERIES else reference
    for allowed in (HARKER, OLA):
        assert isinstance(show(bot, allowed, flow, key), FormView)
    with pytest.raises(AccessDenied) as refused:
        show(bot, NINA, flow, key)
    assert refused.value.reason == "meeting_chairs_only"
    subject = "series:mase-city" if flow is SERIES else reference
    assert "meeting_refused" in audit_actions(bot, subject)


def test_the_minutes_form_opens_for_chair_and_minute_taker_and_no_one_else(bot, clock) -> None:
    meeting_id, first, _ = held(bot, clock)
    key = f"{meeting_id}:{first}"
    for allowed in (HARKER, AMIRA, OLA):
        view = show(bot, allowed, MINUTES, key)
        assert view.facts["position"] == 1 and view.facts["of"] == 2
    for refused_person in (NINA, BEN):
        with pytest.raises(AccessDenied):
            show(bot, refused_person, MINUTES, key)


def test_minutes_child_by_child_make_one_record_and_a_correction_keeps_the_earlier(
    bot, clock
) -> None:
    meeting_id, first, second = held(bot, clock)
    said = {"summary": "Missing twice.", "risk_level": "high"}
    submit(bot, HARKER, MINUTES, f"{meeting_id}:{first}", said)
    submit(bot, AMIRA, MINUTES, f"{meeting_id}:{second}", {**said, "risk_level": "medium"})
    view = show(bot, HARKER, MINUTES, f"{meeting_id}:{first}")
    assert view.answers == said and view.facts["corrected"]
    again = submit(bot, HARKER, MINUTES, f"{meeting_id}:{first}", {**said, "risk_level": "low"})
    assert again.problems == {"correction_reason": FieldProblem(Code.REQUIRED)}
    submit(
        bot,
        HARKER,
        MINUTES,
        f"{meeting_id}:{first}",
        {**said, "risk_level": "low", "correction_reason": "Agreed low on review."},
    )
    with bot.sessions() as session:
        versions = session.scalars(select(MeetingMinutes).order_by(MeetingMinutes.version)).all()
    assert [[(i["reference"], i["risk_level"]) for i in v.items] for v in versions] == [
        [(first, "high")],
        [(first, "high"), (second, "medium")],
        [(first, "low"), (second, "medium")],
    ]
    assert [v.correction_reason for v in versions] == [None, None, "Agreed low on review."]
