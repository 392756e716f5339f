"""Console commands for action plans: `/actions mine|overdue|plan NAME`, update, nochange, snooze."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.console.prompts import SaveForLater, ask_step
from bot.console.session import ConsoleSession, command
from messages.labels import RAG_WORD
from messages.problems import field_errors
from messages.render import Platform
from workflows.actions import queries, snooze, updates
from workflows.actions.cadence import period_label
from workflows.actions.plans import find_action
from workflows.actions.queries import ActionLine
from workflows.errors import InvalidInput

USAGE = "Type /actions mine, /actions overdue or /actions plan NAME."


def _line(item: ActionLine, with_lead: bool = False) -> str:
    flags = []
    if item.overdue:
        flags.append("OVERDUE")
    if item.status != "open":
        flags.append(item.status)
    flags.append(f"{period_label(item.period)} update " + ("given" if item.answered else "to do"))
    lead = f" · {item.lead_name}" if with_lead else ""
    rag = RAG_WORD.get(item.rag or "", "not rated")
    return f"  {item.ref:<18} {rag:<9} due {item.due_label}{lead} · {', '.join(flags)}\n      {item.description}"


@command(
    "/actions", "your action plan actions: /actions mine, /actions overdue, /actions plan NAME"
)
def _actions(session: ConsoleSession, rest: str) -> None:
    word, _, name = rest.partition(" ")
    actor = session.actor()
    word = word.lower() or "mine"
    with session.bot.unit_of_work("console") as ctx:
        if word == "mine":
            lines = queries.mine(ctx, actor)
            if not lines:
                session.say("You lead no open actions. Nothing to do.")
                return
            session.say(f"You lead {len(lines)} open action(s):")
            for item in lines:
                session.say(_line(item))
            session.say("Answer with: nochange REF, update REF, or snooze REF REASON.")
        elif word == "overdue":
            lines = queries.overdue(ctx, actor)
            if not lines:
                session.say("Nothing you can see is overdue.")
                return
            session.say(f"{len(lines)} overdue action(s):")
            for item in lines:
                session.say(_line(item, with_lead=True))
        elif word == "plan" and name.strip():
            report = queries.plan_view(ctx, actor, name.strip())
            session.say(f"{report.title} (owner {report.owner_name})")
            session.say("  " + " ".join(f"{label:>8}" for label in report.period_labels))
            for theme, rows in report.themes():
                if theme:
                    session.say(f" {theme}")
                for row in rows:
                    ratings = " ".join(f"{row.ratings.get(p, '-'):>8}" for p in report.periods)
                    due = row.due_date.strftime("%d/%m/%Y") if row.due_date else "no date"
                    status = "" if row.status == "open" else f" [{row.status}]"
                    session.say(f"  {ratings}  {row.number:<6} {row.lead_name} · due {due}{status}")
        else:
            session.say(USAGE)


@command("nochange", "nochange REF: nothing has changed on your action this period")
def _no_change(session: ConsoleSession, rest: str) -> None:
    if not rest:
        session.say("Give the action, for example: nochange cse-2026:1.2a")
        return
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        _, action = find_action(ctx, actor, rest)
        answered = updates.record_no_change(ctx, actor, action.id)
    if answered.already:
        session.say(f"Already noted: no change on {answered.ref} for {answered.period_label}.")
    else:
        session.say(
            f"Thanks. {answered.ref}: no change for {answered.period_label} "
            f"(still {RAG_WORD[answered.rag]})."
        )


@command("update", "update REF: give this period's RAG and progress, move the date or complete")
def _update(session: ConsoleSession, rest: str) -> None:
    if not rest:
        session.say("Give the action, for example: update cse-2026:1.2a")
        return
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        _, action = find_action(ctx, actor, rest)
        facts = updates.facts_to_answer(ctx, actor, action.id)
        action_id = action.id
    rag = RAG_WORD.get(facts["rag"] or "", "not rated")
    session.say(f"Updating {facts['ref']}: {facts['description']}")
    session.say(
        f"  Due {facts['due_label']} · {rag}. Type 'save' to stop without recording anything."
    )
    answers: dict = {}
    only: set[str] | None = None
    while True:
        try:
            answers.update(ask_step(updates.UPDATE_FORM, answers, session.ask, session.say, only))
        except SaveForLater:
            session.say("Stopped; nothing was recorded.")
            return
        try:
            with session.bot.unit_of_work("console") as ctx:
                answered = updates.record_update(ctx, actor, action_id, answers)
        except InvalidInput as invalid:
            for message in field_errors(invalid, Platform.TEXT).values():
                session.say(f"  ✗ {message}")
            only = set(invalid.errors)
            continue
        break
    done = " and marked it complete" if answered.completed else ""
    session.say(
        f"Thanks. Recorded {RAG_WORD[answered.rag]} for {answered.ref} "
        f"({answered.period_label}){done}."
    )


@command("snooze", "snooze REF REASON: hold the latest reminder about an action, once")
def _snooze(session: ConsoleSession, rest: str) -> None:
    ref, _, reason = rest.partition(" ")
    if not ref or not reason.strip():
        session.say("Give the action and a reason, for example: snooze cse-2026:1.2a on leave")
        return
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        _, action = find_action(ctx, actor, ref)
        latest = snooze.latest_chase(ctx, action.id)
        if latest is None:
            session.say(f"There is no reminder about {ref} to snooze.")
            return
        held = snooze.snooze(ctx, actor, action.id, latest[0], latest[1], reason)
    when = held.until.astimezone(ZoneInfo(session.bot.partnership.timezone))
    session.say(f"Snoozed. The next reminder about {held.ref} waits until {when:%a %d %b, %H:%M}.")
