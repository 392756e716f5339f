"""The forms every adapter can open: which flow runs each form, by the form's id.

Adapters call the form driver with these flows and render what it returns; they never step a
form themselves.
"""

from __future__ import annotations

from workflows.actions.flows import SNOOZE, UPDATE
from workflows.concerns.flow import CONCERN
from workflows.form_driver import Flow
from workflows.meetings.flows import MAP, MINUTES, PROPOSE, SERIES
from workflows.triage.flows import ANSWER, ASSESS, DECIDE, REQUEST

FLOWS: dict[str, Flow] = {
    flow.form_id: flow
    for flow in (
        *(CONCERN, UPDATE, SNOOZE),
        *(REQUEST, ANSWER, ASSESS, DECIDE),
        *(SERIES, MAP, PROPOSE, MINUTES),
    )
}
