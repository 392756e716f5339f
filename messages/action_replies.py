"""What mashbot answers about action plans, the same words in Slack, Teams and the console.

An entry point chooses only the layout (a bullet per action in Slack, an indent in the console);
every sentence and every fact shown comes from here.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from messages.action_words import day, month, rag, rag_key
from messages.i18n import _, ngettext
from messages.render import Platform
from messages.vocabulary import vocabulary
from workflows.actions.report import BoardReport
from workflows.actions.results import ActionAnswered, ActionLine, Snoozed

LIST_LIMIT = 30  # a chat message stays readable; the rest are in the plan and the Home tab


def list_failed() -> str:
    return _(
        "Sorry, your actions could not be listed just now. Please try again in a minute; "
        "if it keeps failing, tell your MASH admin."
    )


def not_saved() -> str:
    return _(
        "That was not saved: please try again in a minute. If it keeps failing, tell your MASH "
        "admin."
    )


def update_saved_next() -> str:
    return _("It will show in the board's report.")


def usage(platform: Platform | str) -> str:
    """How to ask for actions, as this platform types it."""
    words = vocabulary(platform)
    mine, overdue, plan = (
        words.command(f"actions {what}").strip("`") for what in ("mine", "overdue", "plan NAME")
    )
    return _("Type `%(mine)s`, `%(overdue)s` or `%(plan)s`.", mine=mine, overdue=overdue, plan=plan)


def answer_hint(platform: Platform | str) -> str | None:
    """How to answer from a list; in chat the reminder's own buttons do it."""
    if Platform(platform) == Platform.TEXT:
        return _("Answer with: `nochange REF`, `update REF`, or `snooze REF REASON`.")
    return None


def mine_head(count: int) -> str:
    if not count:
        return _("You lead no open actions.")
    return ngettext("You lead %(num)d open action:", "You lead %(num)d open actions:", count)


def overdue_head(count: int) -> str:
    if not count:
        return _("Nothing you can see is overdue.")
    return ngettext("%(num)d overdue action:", "%(num)d overdue actions:", count)


def _status(status: str) -> str:
    if status == "completed":
        return _("Completed")
    if status == "cancelled":
        return _("Cancelled")
    return status.capitalize()


def action_line(item: ActionLine, with_lead: bool = False) -> str:
    """One action in a list: what, when due, its RAG and whether this period's answer is in."""
    due = _("due %(date)s", date=day(item.due_date)) if item.due_date else _("no due date")
    parts = [item.ref, item.description, due, _("RAG status %(rag)s", rag=rag(item.rag))]
    if item.overdue:
        parts.append(_("Overdue"))
    if item.status != "open":
        parts.append(_status(item.status))
    period = month(item.period)
    if item.answered:
        parts.append(_("%(period)s update given", period=period))
    else:
        parts.append(_("%(period)s update to do", period=period))
    if with_lead:
        parts.append(_("lead %(lead)s", lead=item.lead_name))
    return " · ".join(parts)


def action_list(head: str, items: list[ActionLine], with_lead: bool = False) -> list[str]:
    """The heading and one line per action (at most LIST_LIMIT, then how many more), and what
    the RAG words mean."""
    lines = [head, *(action_line(item, with_lead) for item in items[:LIST_LIMIT])]
    more = len(items) - LIST_LIMIT
    if more > 0:
        lines.append(ngettext("… and %(num)d more.", "… and %(num)d more.", more))
    if items:
        lines.append(rag_key())
    return lines


def plan_lines(report: BoardReport) -> list[str]:
    """A whole plan: its title and owner, then each action with its RAG history, in words
    (newest period first), and what the words mean."""
    lines = [
        _("%(title)s (owner %(owner)s)", title=report.title, owner=report.owner_name),
        rag_key(),
    ]
    newest_first = list(reversed(report.periods))
    for theme, rows in report.themes():
        if theme:
            lines.append(theme)
        for row in rows:
            due = _("due %(date)s", date=day(row.due_date)) if row.due_date else _("no due date")
            status = "" if row.status == "open" else f" · {_status(row.status)}"
            lead = _("lead %(lead)s", lead=row.lead_name)
            lines.append(f"  {row.number} · {lead} · {due}{status}")
            history = "; ".join(
                _("%(period)s: %(rag)s", period=month(p), rag=rag(row.ratings.get(p)))
                for p in newest_first
            )
            said = _("RAG status %(history)s", history=history) if history else _("not rated yet")
            lines.append(f"    {said}")
    return lines


def no_change(answered: ActionAnswered) -> str:
    facts = {"ref": answered.ref, "period": month(answered.period), "rag": rag(answered.rag)}
    if answered.already:
        return _(
            "Already noted: no change on %(ref)s for %(period)s (RAG status %(rag)s).", **facts
        )
    return _("Thanks. %(ref)s: no change for %(period)s (RAG status still %(rag)s).", **facts)


def update_saved(answered: ActionAnswered) -> str:
    facts = {"ref": answered.ref, "period": month(answered.period), "rag": rag(answered.rag)}
    if answered.completed:
        return _(
            "Thanks. Recorded RAG status %(rag)s for %(ref)s (%(period)s) and marked it complete.",
            **facts,
        )
    return _("Thanks. Recorded RAG status %(rag)s for %(ref)s (%(period)s).", **facts)


def snoozed(held: Snoozed, tz: str) -> str:
    when: datetime = held.until.astimezone(ZoneInfo(tz))
    return _(
        "Snoozed. The next reminder about %(ref)s waits until %(date)s.",
        ref=held.ref,
        date=day(when.date()),
    )


def give_the_action(command: str) -> str:
    """A console command typed without the action it is about."""
    if command == "snooze":
        return _("Give the action and a reason, for example: `snooze cse-2026:1.2a on leave`")
    return _("Give the action, for example: `%(command)s cse-2026:1.2a`", command=command)


def updating(facts: dict[str, str]) -> str:
    """The console's first line when a lead starts an update."""
    return _(
        "Updating %(ref)s: %(description)s", ref=facts["ref"], description=facts["description"]
    )


def updating_status(facts: dict[str, str]) -> str:
    said = rag(facts.get("rag"))
    if facts.get("due_date"):
        return _(
            "Due %(date)s · RAG status %(rag)s. Type 'save' to stop without recording anything.",
            date=day(facts["due_date"]),
            rag=said,
        )
    return _(
        "No due date · RAG status %(rag)s. Type 'save' to stop without recording anything.",
        rag=said,
    )
