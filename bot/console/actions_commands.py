"""Console commands for action plans: `/actions mine|overdue|plan NAME`, update, nochange, snooze."""

from __future__ import annotations

from bot.console.prompts import run_form
from bot.console.session import ConsoleSession, command
from messages import action_replies as replies
from messages.i18n import N_
from messages.render import Platform
from workflows.actions import queries, snooze, updates
from workflows.actions.form import UPDATE_FORM_ID
from workflows.actions.plans import find_action
from workflows.errors import Reason, WorkflowError


@command(
    "/actions",
    N_("your action plan actions: `/actions mine`, `/actions overdue`, `/actions plan NAME`"),
)
def _actions(session: ConsoleSession, rest: str) -> None:
    word, _, name = rest.partition(" ")
    actor = session.actor()
    word = word.lower() or "mine"
    with session.bot.unit_of_work("console") as ctx:
        if word == "mine":
            items = queries.mine(ctx, actor)
            lines = replies.action_list(replies.mine_head(len(items)), items)
            hint = replies.answer_hint(Platform.TEXT) if items else None
        elif word == "overdue":
            items = queries.overdue(ctx, actor)
            lines = replies.action_list(replies.overdue_head(len(items)), items, True)
            hint = None
        elif word == "plan" and name.strip():
            lines, hint = replies.plan_lines(queries.plan_view(ctx, actor, name.strip())), None
        else:
            lines, hint = [replies.usage(Platform.TEXT)], None
    session.say(lines[0])
    for line in lines[1:]:
        session.say(f"  {line}")
    if hint:
        session.say(hint)


@command("nochange", N_("`nochange REF`: nothing has changed on your action this period"))
def _no_change(session: ConsoleSession, rest: str) -> None:
    if not rest:
        session.say(replies.give_the_action("nochange"))
        return
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        _, action = find_action(ctx, actor, rest)
        answered = updates.record_no_change(ctx, actor, action.id)
    session.say(replies.no_change(answered))


@command(
    "update",
    N_("`update REF`: give this period's RAG rating and progress, move the date or complete"),
)
def _update(session: ConsoleSession, rest: str) -> None:
    if not rest:
        session.say(replies.give_the_action("update"))
        return
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        _, action = find_action(ctx, actor, rest)
        facts = updates.facts_to_answer(ctx, actor, action.id)
    session.say(replies.updating(facts))
    session.say(f"  {replies.updating_status(facts)}")
    run_form(session.bot, actor, UPDATE_FORM_ID, facts["value"], session.ask, session.say)


@command("snooze", N_("`snooze REF REASON`: hold the latest reminder about an action, once"))
def _snooze(session: ConsoleSession, rest: str) -> None:
    ref, _, reason = rest.partition(" ")
    if not ref or not reason.strip():
        session.say(replies.give_the_action("snooze"))
        return
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        _, action = find_action(ctx, actor, ref)
        latest = snooze.latest_chase(ctx, action.id)
        if latest is None:
            raise WorkflowError(Reason.NO_REMINDER, ref=ref)  # the session says it
        held = snooze.snooze(ctx, actor, action.id, latest[0], latest[1], reason)
    session.say(replies.snoozed(held, session.bot.partnership.timezone))
