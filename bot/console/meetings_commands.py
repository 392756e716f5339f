"""Console commands for meetings: `/mase schedule|next|agenda|minutes`, `/map schedule|agenda|minutes`.

Forms are the same ones Slack and Teams show, asked one question per field by `run_form` and
stepped by the form driver; refusals and problems are worded by messages/ (the session says them).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot import meetings_chat
from bot.console.prompts import run_form
from bot.console.session import ConsoleSession, command
from messages import meetings_text as words
from messages.i18n import N_
from messages.render import Platform, render
from workflows import form_driver
from workflows.forms import parse_date
from workflows.meetings import agenda, forms, map_dates, map_meetings, minutes, series
from workflows.meetings.invites import meeting_facts
from workflows.outgoing import MessageKind

Handler = Callable[[ConsoleSession, str], None]


def _day(text: str) -> date | None:
    return parse_date(text) if text.strip() else None


def _form(session: ConsoleSession, form_id: str, key: str) -> form_driver.Done | None:
    """Fill one of the meetings' forms at the prompt (the same form Slack and Teams show)."""
    return run_form(session.bot, session.actor(), form_id, key, session.ask, session.say)


def _take_minutes(session: ConsoleSession, targets: minutes.ToMinute) -> None:
    """One form per child discussed, in the agenda's order; `save` stops before the next."""
    for reference in targets.references:
        if _form(session, forms.MINUTES_FORM_ID, targets.key(reference)) is None:
            return


@command(
    "/mase",
    N_(
        "MASE meetings: `/mase next`, `/mase schedule [set]`, "
        "`/mase agenda [DATE] [post|document]`, `/mase minutes [DATE]`"
    ),
)
def _mase(session: ConsoleSession, rest: str) -> None:
    area, typed = series.area_in(session.bot.partnership, rest.split())
    word, more = (typed[0].lower() if typed else ""), " ".join(typed[1:])
    actor = session.actor()
    tz = session.bot.partnership.timezone
    if word == "next":
        with session.bot.unit_of_work("console") as ctx:
            meeting = series.next_meeting(ctx, actor, area)
            line = words.meeting_line(meeting_facts(ctx, meeting), tz) if meeting else None
        session.say(line or words.no_meeting())
    elif word == "schedule" and more.lower() == "set":
        _form(session, forms.SERIES_FORM_ID, area or forms.WHOLE_PARTNERSHIP)
    elif word == "schedule":
        with session.bot.unit_of_work("console") as ctx:
            found = series.show(ctx, actor, area)
            meeting = series.next_meeting(ctx, actor, area)
            lines = words.series_lines(
                series.facts(ctx, found), meeting_facts(ctx, meeting) if meeting else None, tz
            )
        for line in lines:
            session.say(line)
    elif word == "agenda":
        _agenda(session, more, area)
    elif word == "minutes":
        with session.bot.unit_of_work("console") as ctx:
            meeting = minutes.mase_meeting(ctx, actor, _day(more), area)
            targets = minutes.to_minute(ctx, meeting)
        _take_minutes(session, targets)
    else:
        session.say(words.mase_help())


def _agenda(session: ConsoleSession, more: str, area: str | None) -> None:
    actor = session.actor()
    tz = session.bot.partnership.timezone
    parts = more.split()
    mode = next((p.lower() for p in parts if p.lower() in ("post", "document")), "show")
    if mode == "document":
        typed = [p.lower() for p in parts]
        name, content, _ = meetings_chat.document(session.bot, actor, typed, "console", area)
        if isinstance(content, bytes):  # a PDF: a file beside the console, said where
            path = Path(name).resolve()
            path.write_bytes(content)
            session.say(words.pdf_written(str(path)))
        else:
            session.say(content)
        return
    dates = [p for p in parts if p.lower() != "post"]
    day = _day(dates[0]) if dates else None
    with session.bot.unit_of_work("console") as ctx:
        if mode == "post":
            built = agenda.post(ctx, actor, day, area)
            facts = agenda.chat_facts(built)
        else:
            facts = agenda.chat_facts(agenda.view(ctx, actor, day, area))
    session.say(render(MessageKind.MASE_AGENDA, facts, Platform.TEXT, tz).text)
    if mode == "post":
        session.say(words.agenda_posted())


MAP_WORDS = ("schedule", "propose", "available", "dates", "choose", "agenda", "minutes")


@command(
    "/map",
    N_(
        "MAP meetings for one child: `/map schedule REF`, `/map propose REF`, `/map dates REF`, "
        "`/map choose REF`, `/map agenda REF`, `/map minutes REF`, `/map available REF 1,3`"
    ),
)
def _map(session: ConsoleSession, rest: str) -> None:
    word, _, ref = rest.partition(" ")
    ref, _, extra = ref.strip().partition(" ")
    word, ref = word.lower(), ref.strip().upper()
    actor = session.actor()
    tz = session.bot.partnership.timezone
    if not ref or word not in MAP_WORDS:
        session.say(words.map_help())
        return
    if word in ("propose", "available", "dates", "choose"):
        _dates(session, word, ref, extra.strip())
        return
    if word == "schedule":
        _form(session, forms.MAP_FORM_ID, ref)
    elif word == "agenda":
        with session.bot.unit_of_work("console") as ctx:
            facts = map_meetings.agenda(ctx, actor, ref)
        for line in words.map_agenda_lines(facts, tz):
            session.say(line)
    else:
        with session.bot.unit_of_work("console") as ctx:
            targets = minutes.to_minute(ctx, minutes.map_meeting(ctx, actor, ref))
        _take_minutes(session, targets)


def _dates(session: ConsoleSession, word: str, ref: str, extra: str) -> None:
    """Finding a MAP date: offer slots, answer which suit, see the answers, choose."""
    actor = session.actor()
    tz = session.bot.partnership.timezone
    if word == "propose":
        _form(session, forms.PROPOSE_FORM_ID, ref)
        return
    with session.bot.unit_of_work("console") as ctx:
        if word == "available":
            numbers = [int(n) for n in extra.replace(" ", ",").split(",") if n.isdecimal()]
            slots = map_dates.answer(ctx, actor, ref, numbers)
            session.say(words.dates_thanks())
        elif word == "choose":
            chosen = map_dates.choose(ctx, actor, ref, int(extra) if extra.isdecimal() else None)
            session.say(words.meeting_line(meeting_facts(ctx, chosen), tz))
            session.say(words.date_chosen(ref))
            return
        else:
            meeting = map_dates.proposed(ctx, ref)
            map_dates.check_may_choose(ctx, actor, meeting)
            slots = map_dates.tally(ctx, meeting)
    for line in words.slot_lines(slots, tz):
        session.say(line)
