"""Console commands for meetings: `/mase schedule|next|agenda|minutes`, `/map schedule|agenda|minutes`.

Forms are asked field by field from their platform-free description; refusals and problems
are worded by messages/problems.py (the session says them).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from bot.console.prompts import SAVE_WORDS, SaveForLater
from bot.console.session import ConsoleSession, command
from messages import meetings_text as words
from messages.i18n import N_
from messages.problems import field_errors
from messages.render import Platform, render
from workflows.errors import InvalidInput
from workflows.forms import FieldKind, parse_date
from workflows.meetings import access, agenda, forms, map_dates, map_meetings, minutes, series
from workflows.meetings.forms import Field, Step
from workflows.meetings.invites import meeting_facts
from workflows.outgoing import MessageKind

Handler = Callable[[ConsoleSession, str], None]


def _describe(field: Field) -> str:
    lines = [field.label + ("" if field.required else " (optional: press Enter to skip)")]
    if field.hint:
        lines.append(f"  ({field.hint})")
    lines += [f"  {n}. {o.label}" for n, o in enumerate(field.options, start=1)]
    return "\n".join(lines)


def _parse(field: Field, raw: str) -> Any:
    raw = raw.strip()
    if not raw:
        return None
    if field.kind in (FieldKind.SELECT, FieldKind.YES_NO):
        by_number = {str(n): o.value for n, o in enumerate(field.options, start=1)}
        by_word = {o.value.lower(): o.value for o in field.options} | {
            o.label.lower(): o.value for o in field.options
        }
        return by_number.get(raw) or by_word.get(raw.lower()) or raw
    return raw


def ask_step(
    step: Step,
    answers: dict[str, Any],
    ask: Callable[[str], str],
    say: Callable[[str], None],
    only: set[str] | None = None,
) -> dict[str, Any]:
    """Ask each field of a meetings form (or `only` those named); `save` raises SaveForLater."""
    given: dict[str, Any] = {}
    for field in step.fields:
        if only is not None and field.id not in only:
            given[field.id] = answers.get(field.id)
            continue
        say(_describe(field))
        if answers.get(field.id) not in (None, ""):
            say(f"  (you answered: {answers[field.id]}; press Enter to keep it)")
        raw = ask("> ")
        if raw.strip().lower() in SAVE_WORDS:
            raise SaveForLater
        value = _parse(field, raw)
        given[field.id] = (
            answers.get(field.id)
            if value is None and raw.strip() == "" and answers.get(field.id) not in (None, "")
            else value
        )
    return given


def _fill(
    session: ConsoleSession,
    step: Step,
    answers: dict[str, Any],
    save: Callable[[dict[str, Any]], Any],
) -> Any:
    """Ask the form, save it, and re-ask only the fields with problems (keeping every answer)."""
    only: set[str] | None = None
    while True:
        answers.update(ask_step(step, answers, session.ask, session.say, only))
        try:
            return save(answers)
        except InvalidInput as invalid:
            for message in field_errors(invalid, Platform.TEXT).values():
                session.say(f"  ✗ {message}")
            only = set(invalid.errors) & {f.id for f in step.fields} or None
            if only is None:
                raise


def _day(text: str) -> date | None:
    return parse_date(text) if text.strip() else None


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
        session.say(line or words.NO_MEETING)
    elif word == "schedule" and more.lower() == "set":
        with session.bot.unit_of_work("console") as ctx:
            current = series.find(ctx, area, actor)
            series.check_may_edit(ctx, actor, current)
            answers = series.form_answers(ctx, current)
            step = forms.series_form(ctx.partnership)
        session.say(words.SAVE_TO_STOP)

        def save(given: dict[str, Any]) -> series.SeriesSaved:
            with session.bot.unit_of_work("console") as ctx:
                return series.save(ctx, actor, given)

        try:
            saved = _fill(session, step, answers, save)
        except SaveForLater:
            session.say(words.STOPPED)
            return
        session.say(words.series_saved(saved))
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
            refs = minutes.references_to_minute(ctx, meeting)
            meeting_id = meeting.id
        _take_minutes(session, meeting_id, refs)
    else:
        session.say(words.MASE_HELP)


def _agenda(session: ConsoleSession, more: str, area: str | None) -> None:
    actor = session.actor()
    tz = session.bot.partnership.timezone
    parts = more.split()
    mode = next((p.lower() for p in parts if p.lower() in ("post", "document")), "show")
    fmt = "html" if "html" in (p.lower() for p in parts) else "markdown"
    dates = [p for p in parts if p.lower() not in ("post", "document", "html", "markdown", "md")]
    day = _day(dates[0]) if dates else None
    with session.bot.unit_of_work("console") as ctx:
        if mode == "post":
            built = agenda.post(ctx, actor, day, area)
            facts = agenda.chat_facts(built)
        elif mode == "document":
            document = words.agenda_document(agenda.download(ctx, actor, fmt, day, area), fmt, tz)
            session.say(document)
            return
        else:
            facts = agenda.chat_facts(agenda.view(ctx, actor, day, area))
    session.say(render(MessageKind.MASE_AGENDA, facts, Platform.TEXT, tz).text)
    if mode == "post":
        session.say(words.AGENDA_POSTED)


def _take_minutes(session: ConsoleSession, meeting_id: int, refs: list[str]) -> None:
    """Ask, per child, the summary, the risk agreed and the actions; then record them."""
    actor = session.actor()
    items: list[dict[str, Any]] = []
    try:
        for ref in refs:
            step = forms.minutes_child_form(session.bot.partnership, ref)
            session.say(f"\n== {step.title} ==")
            item: dict[str, Any] = {
                "reference": ref,
                **ask_step(step, {}, session.ask, session.say),
            }
            item["actions"] = []
            while True:
                session.say(forms.ACTION_FORM.intro or "")
                first = ask_step(
                    Step(forms.MINUTES_ACTION, "", fields=forms.ACTION_FORM.fields[:1]),
                    {},
                    session.ask,
                    session.say,
                )
                if not first.get("description"):
                    break
                rest = ask_step(
                    Step(forms.MINUTES_ACTION, "", fields=forms.ACTION_FORM.fields[1:]),
                    {},
                    session.ask,
                    session.say,
                )
                item["actions"].append({**first, **rest})
            items.append(item)
        correction: str | None = None
        while True:
            try:
                with session.bot.unit_of_work("console") as ctx:
                    done = minutes.record(
                        ctx, actor, meeting_id, items, correction_reason=correction
                    )
                break
            except InvalidInput as invalid:
                for message in field_errors(invalid, Platform.TEXT).values():
                    session.say(f"  ✗ {message}")
                _fix(session, items, invalid.errors)
                if "correction_reason" in invalid.errors:
                    correction = session.ask(words.WHY_CORRECT)
                    if correction.strip().lower() in ("save", "stop", "later"):
                        raise SaveForLater from None
    except SaveForLater:
        session.say(words.STOPPED)
        return
    session.say(words.minutes_recorded(done))


def _fix(session: ConsoleSession, items: list[dict[str, Any]], errors: dict[str, str]) -> None:
    """Re-ask only the answers named in `errors` (REF.field or REF.actions.N.field)."""
    for key in errors:
        parts = key.split(".")
        item = next((i for i in items if i["reference"] == parts[0]), None)
        if item is None:
            continue
        if len(parts) == 2:
            step = forms.minutes_child_form(session.bot.partnership, item["reference"])
            item.update(ask_step(step, item, session.ask, session.say, {parts[1]}))
        elif len(parts) == 4:
            action = item["actions"][int(parts[2]) - 1]
            action.update(ask_step(forms.ACTION_FORM, action, session.ask, session.say, {parts[3]}))


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
        session.say(words.MAP_HELP)
        return
    if word in ("propose", "available", "dates", "choose"):
        _dates(session, word, ref, extra.strip())
        return
    if word == "schedule":
        with session.bot.unit_of_work("console") as ctx:
            map_meetings.check_may_schedule(ctx, actor, ref)
        session.say(words.SAVE_TO_STOP)

        def save(given: dict[str, Any]) -> map_meetings.MapScheduled:
            with session.bot.unit_of_work("console") as ctx:
                return map_meetings.schedule(ctx, actor, ref, given)

        try:
            done = _fill(session, forms.map_form(), {}, save)
        except SaveForLater:
            session.say(words.STOPPED)
            return
        session.say(words.MAP_SET.format(reference=done.reference, invited=done.invited))
    elif word == "agenda":
        with session.bot.unit_of_work("console") as ctx:
            facts = map_meetings.agenda(ctx, actor, ref)
        for line in words.map_agenda_lines(facts, tz):
            session.say(line)
    else:
        with session.bot.unit_of_work("console") as ctx:
            meeting = minutes.map_meeting(ctx, actor, ref)
            refs = minutes.references_to_minute(ctx, meeting)
            meeting_id = meeting.id
        _take_minutes(session, meeting_id, refs)


def _dates(session: ConsoleSession, word: str, ref: str, extra: str) -> None:
    """Finding a MAP date: offer slots, answer which suit, see the answers, choose."""
    actor = session.actor()
    tz = session.bot.partnership.timezone
    if word == "propose":
        with session.bot.unit_of_work("console") as ctx:
            map_meetings.check_may_schedule(ctx, actor, ref)

        def save(given: dict[str, Any]) -> int:
            with session.bot.unit_of_work("console") as ctx:
                return map_dates.propose(ctx, actor, ref, given)

        try:
            _fill(session, map_dates.propose_form(), {}, save)
        except SaveForLater:
            session.say(words.STOPPED)
            return
        session.say(words.DATES_ASKED.format(reference=ref))
        return
    with session.bot.unit_of_work("console") as ctx:
        if word == "available":
            numbers = [int(n) for n in extra.replace(" ", ",").split(",") if n.isdecimal()]
            slots = map_dates.answer(ctx, actor, ref, numbers)
            session.say(words.DATES_THANKS)
        elif word == "choose":
            chosen = map_dates.choose(ctx, actor, ref, int(extra) if extra.isdecimal() else None)
            session.say(words.meeting_line(meeting_facts(ctx, chosen), tz))
            session.say(words.DATE_CHOSEN.format(reference=ref))
            return
        else:
            meeting = map_dates.proposed(ctx, ref)
            if not access.may_run_meeting(actor, meeting):
                access.refuse(ctx, actor, meeting.reference, "schedule_map", access.NOT_CHAIR)
            slots = map_dates.tally(ctx, meeting)
    for line in words.slot_lines(slots, tz):
        session.say(line)
