"""Saving a series schedules its meetings and sends `.ics` invites that icalendar reads back:
one UID per meeting, SEQUENCE rising with each update and cancellation. Reminders go once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar
from sqlalchemy import select

from messages.problems import say
from messages.render import Platform
from storage.models import MeetingReminder
from tests.meetings.support import meetings, problems_worded_for, sent, set_up_series
from tests.triage.support import AMIRA, NINA, OLA, SAM, audit_actions, in_context, step
from workflows.errors import AccessDenied, InvalidInput, NotFound
from workflows.meetings import clock as meetings_clock
from workflows.meetings import reminders, series
from workflows.meetings.forms import SERIES_FORM_ID


def calendar_of(message) -> tuple[str, dict]:  # noqa: ANN001
    ical = Calendar.from_ical(message.facts["attachment"]["content"])
    [event] = ical.walk("VEVENT")
    return str(ical["METHOD"]), event


def invites_to(bot, person_id: str) -> list:  # noqa: ANN001
    return [m for m in sent(bot, "meeting_invite") if m.recipient_id == person_id]


def test_a_series_schedules_its_next_meetings_and_invites_everyone(bot) -> None:
    saved = set_up_series(bot)
    assert (saved.name, saved.created, saved.invited) == ("mase-city", True, 3)
    held = meetings(bot)
    assert [m.starts_at for m in held] == [
        datetime(2026, 12, 8, 10, 0, tzinfo=UTC),
        datetime(2027, 1, 12, 10, 0, tzinfo=UTC),
        datetime(2027, 2, 9, 10, 0, tzinfo=UTC),
    ]
    assert {m.recipient_id for m in sent(bot, "meeting_invite")} == {
        "dci.harker",
        "nina.lowe",
        "sam.ito",
        "amira.okafor",
    }
    method, event = calendar_of(invites_to(bot, "nina.lowe")[0])
    assert method == "REQUEST"
    assert str(event["UID"]) == held[0].uid
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 12, 8, 12, 0, tzinfo=UTC)
    assert "Riverton Police HQ" in str(event["LOCATION"])
    attendees = {str(a) for a in event.get("ATTENDEE")}
    assert "mailto:nina.lowe@example.org" in attendees


def test_an_update_keeps_the_uid_and_raises_the_sequence_and_a_dropped_date_is_cancelled(
    bot, clock
) -> None:
    set_up_series(bot)
    first = meetings(bot)[0]
    clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    changed = set_up_series(bot, location="Town Hall", starts="10:30", ends="12:30")
    assert (changed.version, changed.updated, changed.cancelled) == (2, 3, 0)
    method, event = calendar_of(invites_to(bot, "nina.lowe")[-3])
    assert method == "REQUEST"
    assert str(event["UID"]) == first.uid
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == datetime(2026, 12, 8, 10, 30, tzinfo=UTC)
    assert "Town Hall" in str(event["LOCATION"])

    # Third Tuesdays instead: every meeting on a second Tuesday is cancelled, new ones invited.
    set_up_series(
        bot, rule="FREQ=MONTHLY;BYDAY=3TU", location="Town Hall", starts="10:30", ends="12:30"
    )
    cancelled = [m for m in meetings(bot) if m.status == "cancelled"]
    assert [m.uid for m in cancelled][:1] == [first.uid]
    nina = invites_to(bot, "nina.lowe")
    cancels = [calendar_of(m) for m in nina if m.facts["cancelled"]]
    assert cancels, "cancellations were sent"
    method, event = next(c for c in cancels if str(c[1]["UID"]) == first.uid)
    assert method == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2


def test_a_member_dropped_gets_a_cancellation_and_a_new_one_an_invite(bot, clock) -> None:
    set_up_series(bot)
    clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    set_up_series(bot, members=f"{NINA}, {AMIRA}, {OLA}")
    sam = invites_to(bot, "sam.ito")
    assert [m.facts["cancelled"] for m in sam] == [False] * 3 + [True] * 3
    assert len(invites_to(bot, "ola.admin")) == 3


def test_series_problems_are_said_by_field_and_nothing_is_saved(bot) -> None:
    with pytest.raises(InvalidInput) as problems:
        set_up_series(bot, rule="every other week", starts="ten", members="nobody@example.org")
    assert set(problems.value.errors) == {"rule", "starts", "members"}
    worded = problems_worded_for(SERIES_FORM_ID, problems.value.errors)
    assert "FREQ=MONTHLY;BYDAY=2TU" in worded["rule"]
    assert worded["members"] == "Not in the partnership file: nobody@example.org. Check the emails."
    assert meetings(bot) == []


def test_only_chairs_deputies_and_admins_edit_a_series(bot) -> None:
    with pytest.raises(AccessDenied) as refused:
        step(bot, NINA, series.save, {"area": "city"})
    assert refused.value.reason == "meeting_chairs_only"
    assert "meeting_refused" in audit_actions(bot, "series:mase-city")
    assert meetings(bot) == []
    assert step(bot, OLA, series.save, {**_answers(), "deputy": SAM}).created
    # the deputy chair may now change it
    assert not step(bot, SAM, series.save, {**_answers(), "deputy": SAM, "title": "MASE"}).created


def _answers() -> dict:
    from tests.meetings.support import SERIES

    return dict(SERIES)


def test_members_see_the_next_meeting_and_others_are_refused(bot) -> None:
    set_up_series(bot)
    nxt = step(bot, NINA, series.next_meeting)
    assert nxt.starts_at == datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
    with pytest.raises(AccessDenied) as refused:
        step(bot, "ben.carter@example.org", series.next_meeting)
    assert refused.value.reason == "meeting_members_only"


def test_reminders_go_five_working_days_and_one_day_before_each_once(bot, clock) -> None:
    set_up_series(bot)
    sweep = lambda: in_context(bot, reminders.sweep)  # noqa: E731
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))  # Monday: too early
    assert sweep() == 0
    clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))  # Tue 1 Dec: 5 working days before
    assert sweep() == 4
    assert sweep() == 0
    clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))  # the day before
    assert sweep() == 4
    steps = [m.facts["step"] for m in sent(bot, "meeting_reminder")]
    assert steps == ["before-5wd"] * 4 + ["before-1d"] * 4
    with bot.sessions() as session:
        assert len(session.scalars(select(MeetingReminder)).all()) == 2


def test_a_bank_holiday_meeting_moves_and_says_so_in_its_invite(bot) -> None:
    # First Mondays: 3 May 2027 is the Early May bank holiday, so that meeting is on the 4th.
    set_up_series(bot, rule="FREQ=MONTHLY;BYDAY=1MO", first_date="01/03/2027")
    held = meetings(bot)
    assert [(m.planned_date, m.starts_at) for m in held] == [
        (date(2027, 3, 1), datetime(2027, 3, 1, 10, 0, tzinfo=UTC)),
        (date(2027, 4, 5), datetime(2027, 4, 5, 9, 0, tzinfo=UTC)),
        (date(2027, 5, 3), datetime(2027, 5, 4, 9, 0, tzinfo=UTC)),
    ]


def test_the_clock_schedules_and_invites_the_next_meeting_as_one_is_held(bot, clock) -> None:
    set_up_series(bot)
    assert len(meetings(bot)) == 3
    clock.set(datetime(2026, 12, 8, 13, 0, tzinfo=UTC))  # December's has been held
    in_context(bot, meetings_clock.sweep)
    assert [m.starts_at.date() for m in meetings(bot)][-1] == date(2027, 3, 9)
    march = [
        m for m in sent(bot, "meeting_invite") if "20270309" in m.facts["attachment"]["filename"]
    ]
    assert {m.recipient_id for m in march} == {"dci.harker", "nina.lowe", "sam.ito", "amira.okafor"}
    in_context(bot, meetings_clock.sweep)
    assert len(meetings(bot)) == 4, "a second run schedules nothing more"


def test_with_a_series_per_area_each_person_gets_theirs_or_is_asked_which(bot) -> None:
    set_up_series(bot)  # City: Nina, Sam, Amira
    set_up_series(
        bot,
        area="shire",
        title="Riverton Shire MASE",
        rule="FREQ=MONTHLY;BYDAY=3WE",
        members="tom.brennan@example.org",
    )
    assert step(bot, NINA, series.next_meeting).title == "Riverton City MASE"
    assert step(bot, "tom.brennan@example.org", series.next_meeting).title == "Riverton Shire MASE"
    with pytest.raises(NotFound) as which:
        step(bot, OLA, series.next_meeting)
    assert which.value.reason == "series_area_needed"
    assert "add the area to the command, one of city, shire" in say(which.value, Platform.TEXT)
    assert step(bot, OLA, series.next_meeting, "shire").title == "Riverton Shire MASE"
    with pytest.raises(AccessDenied):
        step(bot, NINA, series.next_meeting, "shire")
