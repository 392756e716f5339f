"""Forms in Teams: a dialog (task module) per step, drawn from the form driver's answer.

A button that opens a form asks Teams for a dialog (task/fetch); each submitted step
(task/submit) carries the form, its key (a draft id, a reference, an action) and the step in the
card's data, so a repeated submission lands on the same draft and one result. Nothing is stepped
here: the form driver does it for Slack, Teams and the console alike.
"""

from __future__ import annotations

import logging
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
from messages.screens import notice
from messages.screens.meetings import FORM_OF
from workflows import form_driver
from workflows.actions.form import SNOOZE_FORM_ID, UPDATE_FORM_ID
from workflows.concerns import drafts
from workflows.concerns.form import FORM_ID as CONCERN_FORM_ID
from workflows.errors import WorkflowError
from workflows.triage.forms import ANSWER_FORM_ID, ASSESS_FORM_ID, DECIDE_FORM_ID, REQUEST_FORM_ID

log = logging.getLogger("mashbot.teams")
ENTRY = "teams"

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
    shown = teams_render.dialog(screen)
    teams_cards.with_dialogs(shown["task"]["value"]["card"]["content"])
    return shown


def _refusal(form_id: str, error: WorkflowError) -> dict[str, Any]:
    return _dialog(notice(words_of(form_id).title, [say(error, Platform.TEAMS)]))


def fetch(mashbot: Mashbot, actor: Any, data: dict[str, Any]) -> dict[str, Any]:
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
    show = form_driver.show if given else form_driver.show_new  # a key made now: no look-up
    try:
        with mashbot.unit_of_work(ENTRY) as ctx:
            view = show(FLOWS[form_id], ctx, actor, key, prefill=prefill)
    except WorkflowError as error:
        return _refusal(form_id, error)
    return _dialog(form_screen(view))


def submit(mashbot: Mashbot, actor: Any, data: dict[str, Any]) -> dict[str, Any]:
    """A submitted step (or Back): the next step, the same one with its problems, or done."""
    meta = data.get("meta") or {}
    form_id, key, step = str(meta["form"]), str(meta["key"]), str(meta["step"])
    flow = FLOWS[form_id]

    def work() -> Any:
        with mashbot.unit_of_work(ENTRY) as ctx:
            if data.get("action") == ActionId.FORM_BACK.value:
                return form_driver.back(flow, ctx, actor, key, step, {})
            fields = form_driver.show(flow, ctx, actor, key, step).step.fields
            given = teams_render.answers_of(fields, data)
            return form_driver.submit(flow, ctx, actor, key, step, given)

    try:
        try:
            shown = work()
        except IntegrityError:  # a double click's twin won the race: answer from its result
            shown = work()
    except WorkflowError as error:
        return _refusal(form_id, error)
    if isinstance(shown, form_driver.Done):
        log.info("form %s finished in Teams by %s", form_id, actor.person_id)
        return _dialog(done_screen(shown, mashbot.partnership.timezone, Platform.TEAMS))
    return _dialog(form_screen(shown))
