"""`/mase` and `/map` typed in a chat (Slack, and Teams without the slash).

Platform-free: each command gives a `ChatReply` (lines to say, the short agenda's facts to
render, the full document for the person's own direct message, a form to open or a screen of
buttons opening forms); each platform's listener only renders and sends it. Who may open a form
is checked before it is offered. Refusals and problems become lines in messages/' words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.app import Mashbot
from messages import meetings_text as words
from messages.agenda_pdf import agenda_pdf
from messages.problems import say
from messages.render import Platform
from messages.screen import Screen
from messages.screens.meetings import minutes_openers
from workflows.context import Actor
from workflows.errors import WorkflowError
from workflows.forms import parse_date
from workflows.meetings import agenda, forms, map_dates, map_meetings, minutes, series
from workflows.meetings.invites import meeting_facts


@dataclass(frozen=True)
class ChatReply:
    lines: list[str] = field(default_factory=list)
    agenda: dict[str, Any] | None = None  # MASE_AGENDA facts: render for the platform
    # file name, content (bytes for a PDF), type: the person's own direct message only
    document: tuple[str, str | bytes, str] | None = None
    form: tuple[str, str] | None = None  # a form to open: its id and key
    buttons: Screen | None = None  # buttons opening forms (one per child to minute)


def mase(mashbot: Mashbot, actor: Actor, typed: list[str], entry_point: str) -> ChatReply:
    tz = mashbot.partnership.timezone
    area, typed = series.area_in(mashbot.partnership, typed)
    name = typed[0].lower() if typed else "help"
    rest = [w.lower() for w in typed[1:]]
    if name == "agenda" and "document" in rest:
        return ChatReply(document=document(mashbot, actor, rest, entry_point, area))
    with mashbot.unit_of_work(entry_point) as ctx:
        if name == "next":
            meeting = series.next_meeting(ctx, actor, area)
            line = words.meeting_line(meeting_facts(ctx, meeting), tz) if meeting else None
            return ChatReply([line or words.no_meeting()])
        if name == "schedule" and not rest:
            found = series.show(ctx, actor, area)
            meeting = series.next_meeting(ctx, actor, area)
            facts = meeting_facts(ctx, meeting) if meeting else None
            return ChatReply(words.series_lines(series.facts(ctx, found), facts, tz))
        if name == "agenda":
            dates = [w for w in rest if w != "post"]
            day = parse_date(dates[0]) if dates else None
            built = (
                agenda.post(ctx, actor, day, area)
                if "post" in rest
                else agenda.view(ctx, actor, day, area)
            )
            return ChatReply(agenda=agenda.chat_facts(built))
        if name == "schedule" and rest == ["set"]:
            series.check_may_edit(ctx, actor, series.find(ctx, area, actor))
            return ChatReply(form=(forms.SERIES_FORM_ID, area or forms.WHOLE_PARTNERSHIP))
        if name == "minutes":
            day = parse_date(rest[0]) if rest else None
            targets = minutes.to_minute(ctx, minutes.mase_meeting(ctx, actor, day, area))
            return _minutes(targets)
    return ChatReply([words.mase_help(entry_point)])


def _minutes(targets: minutes.ToMinute) -> ChatReply:
    """One child's form at once; for several, a button each."""
    if len(targets.references) == 1:
        return ChatReply(form=(forms.MINUTES_FORM_ID, targets.key(targets.references[0])))
    return ChatReply(buttons=minutes_openers(targets))


DOCUMENT_FORMATS = {"html": "html", "markdown": "markdown", "md": "markdown", "pdf": "pdf"}
EXTENSIONS = {
    "html": ("html", "text/html"),
    "markdown": ("md", "text/markdown"),
    "pdf": ("pdf", "application/pdf"),
}


def document(
    mashbot: Mashbot, actor: Actor, rest: list[str], entry_point: str, area: str | None
) -> tuple[str, str | bytes, str]:
    """The full agenda for a member (audited in the workflow): file name, content, type."""
    fmt = next((DOCUMENT_FORMATS[w] for w in rest if w in DOCUMENT_FORMATS), "markdown")
    dates = [w for w in rest if w != "document" and w not in DOCUMENT_FORMATS]
    day = parse_date(dates[0]) if dates else None
    with mashbot.unit_of_work(entry_point) as ctx:
        facts = agenda.download(ctx, actor, fmt, day, area)
    tz = mashbot.partnership.timezone
    content = agenda_pdf(facts, tz) if fmt == "pdf" else words.agenda_document(facts, fmt, tz)
    extension, mimetype = EXTENSIONS[fmt]
    return f"mase-agenda-{facts['starts_at'][:10]}.{extension}", content, mimetype


def map_(mashbot: Mashbot, actor: Actor, typed: list[str], entry_point: str) -> ChatReply:
    tz = mashbot.partnership.timezone
    name = typed[0].lower() if typed else "help"
    if len(typed) < 2 or name not in MAP_WORDS:
        return ChatReply([words.map_help(entry_point)])
    reference = typed[1].upper()
    with mashbot.unit_of_work(entry_point) as ctx:
        if name in ("schedule", "propose"):
            map_meetings.check_may_schedule(ctx, actor, reference)
            form_id = forms.MAP_FORM_ID if name == "schedule" else forms.PROPOSE_FORM_ID
            return ChatReply(form=(form_id, reference))
        if name == "minutes":
            return _minutes(minutes.to_minute(ctx, minutes.map_meeting(ctx, actor, reference)))
        if name == "dates":
            meeting = map_dates.proposed(ctx, reference)
            map_dates.check_may_choose(ctx, actor, meeting)
            return ChatReply(words.slot_lines(map_dates.tally(ctx, meeting), tz))
        if name == "choose":
            number = int(typed[2]) if len(typed) > 2 and typed[2].isdecimal() else None
            chosen = map_dates.choose(ctx, actor, reference, number)
            line = words.meeting_line(meeting_facts(ctx, chosen), tz)
            return ChatReply([line, words.date_chosen(reference, entry_point)])
        if name == "available":
            numbers = [int(n) for w in typed[2:] for n in w.split(",") if n.isdecimal()]
            map_dates.answer(ctx, actor, typed[1], numbers)
            return ChatReply([words.dates_thanks()])
        facts = map_meetings.agenda(ctx, actor, typed[1])
    return ChatReply(words.map_agenda_lines(facts, tz))


MAP_WORDS = ("schedule", "propose", "available", "dates", "choose", "agenda", "minutes")
Command = Callable[[Mashbot, Actor, list[str], str], ChatReply]
COMMANDS: dict[str, Command] = {"/mase": mase, "/map": map_}


def answer(
    mashbot: Mashbot, actor: Actor, command: str, text: str, platform: Platform
) -> ChatReply:
    """Run a typed command; refusals and problems come back as lines in `platform`'s words."""
    try:
        return COMMANDS[command](mashbot, actor, text.split(), platform.value)
    except WorkflowError as error:
        return ChatReply([say(error, platform)])
    except ValueError:
        return ChatReply([words.bad_date(platform)])
