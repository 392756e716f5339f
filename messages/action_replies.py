"""What mashbot answers about action plans, the same words in Slack, Teams and the console.

An entry point chooses only the layout (a bullet per action in Slack, an indent in the console);
every sentence and every fact shown comes from here.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from messages.action_words import day, month, rag, rag_key
from messages.render import Platform
from messages.vocabulary import vocabulary
from workflows.actions.report import BoardReport
from workflows.actions.results import ActionAnswered, ActionLine, Snoozed

LIST_FAILED = (
    "Sorry, your actions could not be listed just now. Please try again in a minute; "
    "if it keeps failing, tell your MASH admin."
)
NOT_SAVED = (
    "That was not saved: please try again in a minute. If it keeps failing, tell your MASH admin."
)
UPDATE_SAVED_NEXT = "It will show in the board's report."
LIST_LIMIT = 30  # a chat message stays readable; the rest are in the plan and the Home tab


def usage(platform: Platform | str) -> str:
    """How to ask for actions, as this platform types it."""
    words = vocabulary(platform)
    mine, overdue, plan = (
        words.command(f"actions {what}") for what in ("mine", "overdue", "plan NAME")
    )
    return f"Type {mine}, {overdue} or {plan}."


def answer_hint(platform: Platform | str) -> str | None:
    """How to answer from a list; in chat the reminder's own buttons do it."""
    if Platform(platform) == Platform.TEXT:
        return "Answer with: nochange REF, update REF, or snooze REF REASON."
    return None


def mine_head(count: int) -> str:
    return f"You lead {count} open action(s):" if count else "You lead no open actions."


def overdue_head(count: int) -> str:
    return f"{count} overdue action(s):" if count else "Nothing you can see is overdue."


def action_line(item: ActionLine, with_lead: bool = False) -> str:
    """One action in a list: what, when due, its RAG and whether this period's answer is in."""
    due = f"due {day(item.due_date)}" if item.due_date else "no due date"
    parts = [item.ref, item.description, due, f"RAG status {rag(item.rag)}"]
    if item.overdue:
        parts.append("Overdue")
    if item.status != "open":
        parts.append(item.status.capitalize())
    parts.append(f"{month(item.period)} update " + ("given" if item.answered else "to do"))
    if with_lead:
        parts.append(f"lead {item.lead_name}")
    return " · ".join(parts)


def action_list(head: str, items: list[ActionLine], with_lead: bool = False) -> list[str]:
    """The heading and one line per action (at most LIST_LIMIT, then how many more), and what
    the RAG words mean."""
    lines = [head, *(action_line(item, with_lead) for item in items[:LIST_LIMIT])]
    if len(items) > LIST_LIMIT:
        lines.append(f"… and {len(items) - LIST_LIMIT} more.")
    if items:
        lines.append(rag_key())
    return lines


def plan_lines(report: BoardReport) -> list[str]:
    """A whole plan: its title and owner, then each action with its RAG history, in words
    (newest period first), and what the words mean."""
    lines = [f"{report.title} (owner {report.owner_name})", rag_key()]
    newest_first = list(reversed(report.periods))
    for theme, rows in report.themes():
        if theme:
            lines.append(theme)
        for row in rows:
            due = f"due {day(row.due_date)}" if row.due_date else "no due date"
            status = "" if row.status == "open" else f" · {row.status.capitalize()}"
            lines.append(f"  {row.number} · lead {row.lead_name} · {due}{status}")
            history = [f"{month(p)}: {rag(row.ratings.get(p))}" for p in newest_first]
            lines.append("    RAG status " + ("; ".join(history) if history else "not rated yet"))
    return lines


def no_change(answered: ActionAnswered) -> str:
    said = rag(answered.rag)
    period = month(answered.period)
    if answered.already:
        return f"Already noted: no change on {answered.ref} for {period} (RAG status {said})."
    return f"Thanks. {answered.ref}: no change for {period} (RAG status still {said})."


def update_saved(answered: ActionAnswered) -> str:
    done = " and marked it complete" if answered.completed else ""
    return (
        f"Thanks. Recorded RAG status {rag(answered.rag)} for {answered.ref} "
        f"({month(answered.period)}){done}."
    )


def snoozed(held: Snoozed, tz: str) -> str:
    when: datetime = held.until.astimezone(ZoneInfo(tz))
    return f"Snoozed. The next reminder about {held.ref} waits until {day(when)}."


def give_the_action(command: str) -> str:
    """A console command typed without the action it is about."""
    example = "snooze cse-2026:1.2a on leave" if command == "snooze" else f"{command} cse-2026:1.2a"
    what = "the action and a reason" if command == "snooze" else "the action"
    return f"Give {what}, for example: {example}"
