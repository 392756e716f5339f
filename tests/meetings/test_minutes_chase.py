"""The minute-taker is chased until every child on the meeting's agenda is minuted in the
latest version, not just until some minutes exist; each reminder names the children left, by
reference only; a correction that drops a child starts the chasing again; a MAP (one child)
is chased as before."""

from __future__ import annotations

from datetime import UTC, datetime

from messages.render import Platform, render
from storage.models import Meeting
from tests.meetings.support import mase_referral, meetings, sent, set_up_series
from tests.meetings.test_minutes_and_map import MAP_ANSWERS, item
from tests.support import INVENTED_CHILD
from tests.triage.support import HARKER, in_context, step
from workflows.meetings import agenda, map_meetings, minutes, reminders
from workflows.outgoing import MessageKind


def _sweep(bot) -> int:  # noqa: ANN001
    return in_context(bot, reminders.sweep)


def _held_with_three(bot, clock) -> tuple[int, list[str]]:  # noqa: ANN001
    set_up_series(bot)
    refs = [mase_referral(bot, level) for level in ("high", "medium", "low")]
    step(bot, HARKER, agenda.post)
    clock.set(datetime(2026, 12, 8, 13, 0, tzinfo=UTC))  # after Tue 8 Dec, 10:00-12:00
    return meetings(bot)[0].id, refs


def _chases(bot, meeting_id: int) -> list:  # noqa: ANN001
    return [m for m in sent(bot, "minutes_due") if m.facts["meeting_id"] == meeting_id]


def _next_wake(bot, meeting_id: int) -> datetime | None:  # noqa: ANN001
    return next(m for m in meetings(bot) if m.id == meeting_id).next_wake_at


def _record_one(bot, meeting_id: int, reference: str) -> None:  # noqa: ANN001
    """As the minutes form does: one child at a time (`/mase minutes`, a button per child)."""
    step(bot, HARKER, minutes.record_child, meeting_id, item(reference, actions=[]))


def test_minutes_for_one_child_of_three_do_not_stop_the_chasing(bot, clock) -> None:
    meeting_id, (first, second, third) = _held_with_three(bot, clock)
    _record_one(bot, meeting_id, first)
    late_referral = mase_referral(bot, "high")  # decided after the meeting: not on its agenda
    assert _next_wake(bot, meeting_id) is not None

    # due 10 working days after Tue 8 Dec: Tue 22 Dec; reminded 2 working days before
    clock.set(datetime(2026, 12, 18, 9, 0, tzinfo=UTC))
    assert _sweep(bot) == 1
    [soon] = _chases(bot, meeting_id)
    assert (soon.facts["step"], soon.recipient_id) == ("minutes-soon", "dci.harker")
    assert soon.facts["left_to_minute"] == [second, third]
    text = render(MessageKind.MINUTES_DUE, soon.facts, Platform.TEXT).text
    assert f"2 children on the agenda have no minutes yet: {second}, {third}." in text
    slack = render(MessageKind.MINUTES_DUE, soon.facts, Platform.SLACK)
    teams = render(MessageKind.MINUTES_DUE, soon.facts, Platform.TEAMS)
    for shown in (text, str(slack.blocks), str(teams.card)):
        assert second in shown and third in shown
        assert first not in shown and late_referral not in shown
        assert INVENTED_CHILD not in shown  # references only, never the child's name

    _record_one(bot, meeting_id, second)
    # January's agenda is posted: the later referral is listed there, still not on December's
    assert late_referral in {c.reference for c in step(bot, HARKER, agenda.post).new_referrals}
    clock.set(datetime(2026, 12, 22, 9, 0, tzinfo=UTC))
    assert _sweep(bot) == 1
    due = _chases(bot, meeting_id)[-1]
    assert (due.facts["step"], due.facts["left_to_minute"]) == ("minutes-due", [third])
    text = render(MessageKind.MINUTES_DUE, due.facts, Platform.TEXT).text
    assert f"1 child on the agenda has no minutes yet: {third}." in text

    _record_one(bot, meeting_id, third)
    assert _next_wake(bot, meeting_id) is None, "every child minuted: nothing more to wake for"
    clock.set(datetime(2027, 1, 8, 9, 0, tzinfo=UTC))
    _sweep(bot)  # January's meeting is reminded of; December's minutes are not chased
    assert [m.facts["step"] for m in _chases(bot, meeting_id)] == ["minutes-soon", "minutes-due"]
    offered = in_context(
        bot, lambda ctx: minutes.to_minute(ctx, ctx.session.get_one(Meeting, meeting_id))
    )
    assert offered.references == [first, second, third], "the later referral is not offered"


def test_minutes_for_every_child_at_once_stop_the_chasing(bot, clock) -> None:
    meeting_id, refs = _held_with_three(bot, clock)
    step(bot, HARKER, minutes.record, meeting_id, [item(r, actions=[]) for r in refs])
    assert _next_wake(bot, meeting_id) is None
    for day in (18, 22, 29):
        clock.set(datetime(2026, 12, day, 9, 0, tzinfo=UTC))
        _sweep(bot)
    assert _chases(bot, meeting_id) == []


def test_a_correction_that_drops_a_child_starts_the_chasing_again(bot, clock) -> None:
    meeting_id, (first, second, third) = _held_with_three(bot, clock)
    clock.set(datetime(2026, 12, 10, 11, 0, tzinfo=UTC))
    every = [item(r, actions=[]) for r in (first, second, third)]
    step(bot, HARKER, minutes.record, meeting_id, every)
    clock.set(datetime(2026, 12, 18, 9, 0, tzinfo=UTC))
    assert _sweep(bot) == 0

    clock.set(datetime(2026, 12, 23, 10, 0, tzinfo=UTC))  # past the due date (22 Dec)
    step(
        bot,
        HARKER,
        minutes.record,
        meeting_id,
        every[:2],
        correction_reason="The third child's item was minuted against the wrong meeting.",
    )
    assert _next_wake(bot, meeting_id) is not None
    assert _sweep(bot) == 1
    [chase] = _chases(bot, meeting_id)
    # the latest step that has come stands for the ones skipped while nothing was left
    assert (chase.facts["step"], chase.facts["late"]) == ("minutes-due", False)
    assert chase.facts["left_to_minute"] == [third]
    assert _sweep(bot) == 0, "sent once"

    _record_one(bot, meeting_id, third)
    clock.set(datetime(2027, 1, 8, 9, 0, tzinfo=UTC))
    _sweep(bot)
    assert len(_chases(bot, meeting_id)) == 1


def test_a_map_is_chased_until_its_child_is_minuted_as_before(bot, clock) -> None:
    reference = mase_referral(bot, "high")
    step(bot, HARKER, map_meetings.schedule, reference, MAP_ANSWERS)  # Thu 3 Dec, 14:00
    [meeting] = meetings(bot, "map")
    # due 10 working days on: Thu 17 Dec; reminded 2 working days before
    clock.set(datetime(2026, 12, 15, 9, 0, tzinfo=UTC))
    assert _sweep(bot) == 1
    [chase] = _chases(bot, meeting.id)
    assert chase.facts["step"] == "minutes-soon"
    text = render(MessageKind.MINUTES_DUE, chase.facts, Platform.TEXT).text
    assert "no minutes yet" not in text, "a MAP's one child is in its title already"
    assert f"/map minutes {reference}" in text

    step(bot, HARKER, minutes.record, meeting.id, [item(reference, actions=[])])
    clock.set(datetime(2026, 12, 17, 9, 0, tzinfo=UTC))
    _sweep(bot)
    assert len(_chases(bot, meeting.id)) == 1
    assert _next_wake(bot, meeting.id) is None
