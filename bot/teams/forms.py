"""Forms in Teams: a dialog (task module) per step, drawn from the form driver's answer.

A button that opens a form asks Teams for a dialog (task/fetch); each submitted step
(task/submit) carries the form, its key (a draft id, a reference, an action) and the step in the
card's data, so a repeated submission lands on the same draft and one result. Nothing is stepped
here: the form driver does it for Slack, Teams and the console alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy.exc import IntegrityError

from bot.app import Mashbot
from bot.forms import FLOWS
from messages import teams_cards, teams_render
from messages.actions import ActionId
from messages.forms import form_screen, words_of
from messages.forms.done import done_screen
from messages.problems import say
from messages.render import Platform
from messages.screen import Screen
from messages.screens import notice
from messages.screens.meetings import FORM_OF
from storage.session import NeedsDatabase
from workflows import form_carry, form_driver
from workflows.actions.form import SNOOZE_FORM_ID, UPDATE_FORM_ID
from workflows.concerns import drafts
from workflows.concerns.form import FORM_ID as CONCERN_FORM_ID
from workflows.context import Context
from workflows.errors import WorkflowError
from workflows.forms import FormView, Keep
from workflows.triage.forms import ANSWER_FORM_ID, ASSESS_FORM_ID, DECIDE_FORM_ID, REQUEST_FORM_ID

log = logging.getLogger("mashbot.teams")
ENTRY = "teams"
# Characters of sealed answers a dialog carries at most: an Adaptive Card in a dialog may be about
# 28 KB; longer answers are kept before answering instead (workflows/form_carry.py).
CARRY_LIMIT = 12_000

# Which form each opening button opens; the button's value is the form's key.
OPENS = {
    ActionId.START_CONCERN.value: CONCERN_FORM_ID,
    ActionId.RESUME_DRAFT.value: CONCERN_FORM_ID,
    ActionId.ACTION_UPDATE.value: UPDATE_FORM_ID,
    ActionId.ACTION_SNOOZE.value: SNOOZE_FORM_ID,
    ActionId.OPEN_REQUEST_FORM.value: REQUEST_FORM_ID,
    ActionId.OPEN_REQUEST.value: ANSWER_FORM_ID,
    ActionId.OPEN_ASSESSMENT.value: ASSESS_FORM_ID,
    ActionId.OPEN_DECISION.value: DECIDE_FORM_ID,
    **FORM_OF,  # the meetings' forms: the series, a MAP, a child's minutes
}


def _dialog(screen: Any) -> dict[str, Any]:
    return teams_render.dialog(screen)


def _refusal(form_id: str, error: WorkflowError) -> dict[str, Any]:
    return _dialog(notice(words_of(form_id).title, [say(error, Platform.TEAMS)]))


Unit = Callable[[str], AbstractContextManager[Context]]  # Mashbot.unit_of_work or without_database


def fetch(
    mashbot: Mashbot, actor: Any, data: dict[str, Any], unit: Unit | None = None
) -> dict[str, Any]:
    """The dialog a button opens: the step the person reached, or a polite refusal."""
    action = str(data.get("action") or "")
    form_id = OPENS.get(action)
    if form_id is None:
        return _dialog(notice("mashbot", [teams_cards.not_a_form_button()]))
    given = str(data.get("value") or "")
    key = given or drafts.new_id()
    prefill = None
    if form_id == REQUEST_FORM_ID and data.get("agencies"):
        prefill = {"agencies": list(data["agencies"])}
    flow = FLOWS[form_id]
    show = form_driver.show if given else form_driver.show_new  # a key made now: no look-up
    try:
        with (unit or mashbot.unit_of_work)(ENTRY) as ctx:
            view = show(flow, ctx, actor, key, prefill=prefill)
            sealed = form_carry.seal_shown(ctx, actor, view)
    except WorkflowError as error:
        return _refusal(form_id, error)
    return _dialog(_carrying(form_screen(view), sealed))


def _carrying(screen: Screen, sealed: str | None) -> Screen:
    """The screen with the sealed answers in its meta, which each of its buttons sends back."""
    if sealed is not None and len(sealed) <= CARRY_LIMIT:
        screen.meta["carry"] = sealed
    return screen


def submit(
    mashbot: Mashbot, actor: Any, data: dict[str, Any], unit: Unit | None = None
) -> dict[str, Any]:
    """A submitted step (or Back): the next step, the same one with its problems, or done."""
    meta = data.get("meta") or {}
    form_id, key, step = str(meta["form"]), str(meta["key"]), str(meta["step"])
    flow = FLOWS[form_id]
    carry = meta.get("carry") if form_driver.carries(flow) else None

    def work() -> tuple[FormView | form_driver.Done, str | None, Keep | None]:
        """The step to show, its sealed answers, and a keep to write after answering (when the
        dialog carried its answers and the step goes on: workflows/form_carry.py)."""
        with (unit or mashbot.unit_of_work)(ENTRY) as ctx:
            carried = form_carry.unseal(ctx, actor, form_id, key, carry) if carry else None
            if data.get("action") == ActionId.FORM_BACK.value:
                shown = form_driver.back(flow, ctx, actor, key, step, {}, carried)
                return shown, form_carry.seal_shown(ctx, actor, shown), None
            fields = form_driver.fields(flow, ctx, actor, key, step, carried)
            given = teams_render.answers_of(fields, data)
            went = carried and form_driver.ahead(flow, ctx, actor, key, step, given, carried)
            if went:
                return went[0], form_carry.seal_shown(ctx, actor, went[0]), went[1]
            done = form_driver.submit(flow, ctx, actor, key, step, given, carried)
            return done, form_carry.seal_shown(ctx, actor, done), None

    try:
        try:
            shown, sealed, keep = work()
        except IntegrityError:  # a double click's twin won the race: answer from its result
            shown, sealed, keep = work()
    except WorkflowError as error:
        return _refusal(form_id, error)
    if isinstance(shown, form_driver.Done):
        log.info("form %s finished in Teams by %s", form_id, actor.person_id)
        return _dialog(done_screen(shown, mashbot.partnership.timezone, Platform.TEAMS))
    if keep is not None:
        mashbot.later.put(flow.keep_whole, keep)
    return _dialog(_carrying(form_screen(shown), sealed))


def without_database(
    step: Callable[..., dict[str, Any]], mashbot: Mashbot, actor: Any, data: dict[str, Any]
) -> dict[str, Any] | None:
    """`fetch` or `submit` done on the spot if it needs no database, else None (nothing done).

    The busiest dialog requests need none: a step drawn from the answers its dialog carries
    (`workflows/form_carry.py`), a new form opened. Worked where they arrive (the event loop)
    they skip the hand-over to a worker thread and back: 80-120 µs of CPU a request with twenty
    in flight, a fifth of what a step cost over a bare agent's fixed answer. A step that reads
    or writes anything (its last, one with problems, Back, a refusal to audit) stops at its
    first use of the session, before a connection is taken and before anything is sent or
    kept, and is worked again in a worker thread with the database."""
    try:
        return step(mashbot, actor, data, mashbot.without_database)
    except NeedsDatabase:
        return None
