"""Every screen with sample data: what the table-driven rendering tests draw on all platforms.

A new screen gets a sample here, so it is rendered to Slack, Teams and text by the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bot.partnership_file import load
from bot.settings import EXAMPLE_PARTNERSHIP
from messages import triage_text as triage_words
from messages.action_samples import ACTION_SAMPLE_FACTS
from messages.chronology_text import chronology_text
from messages.forms import form_screen
from messages.forms.done import done_screen
from messages.problems import wording
from messages.samples import SAMPLE_FACTS
from messages.screen import Screen
from messages.screens import notice
from messages.screens.concern import details_screen, home_screen
from messages.screens.meetings import minutes_openers, opener
from messages.screens.triage import case_screen, chronology_screen, export_screen, reply_screen
from messages.summary import DETAIL_ROWS
from tests.support import ANSWERS, INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE
from workflows.actions.form import SNOOZE_FORM, UPDATE_FORM
from workflows.concerns import form
from workflows.errors import Problem, Reason
from workflows.forms import Code, Done, FieldProblem, Form, FormView
from workflows.meetings import forms as meetings
from workflows.outgoing import MessageKind
from workflows.triage import forms as triage
from workflows.triage.results import (
    AssessmentLine,
    CaseView,
    Chronology,
    ChronologyEntry,
    Decided,
    DecisionLine,
    RequestLine,
    Suggestion,
)

PARTNERSHIP = load(Path(EXAMPLE_PARTNERSHIP))
EVERY_ANSWER = {k: v for step in ANSWERS.values() for k, v in step.items()}
ACTION = {**ACTION_SAMPLE_FACTS[MessageKind.ACTIONS_PROMPT]["actions"][0], "snooze_days": 2}
CHILD_SECRETS = (INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE)


def concern_step(step_id: str, answers: dict[str, Any], **more: Any) -> Screen:
    concern = form.form(PARTNERSHIP, answers)
    return form_screen(FormView(concern, "draft-1", concern.step(step_id), answers, **more))


DETAILS = {
    "reference": "CSE-2026-00042",
    "area_name": "Riverton City",
    "received_at": "2026-11-24T10:00:00+00:00",
    "immediate_danger": True,
    "indicators": ["Missing from home"],
    "screening_band": "Medium",
    "screening_score": 4,
    **{key: f"{label} answer" for key, label in DETAIL_ROWS},
    "child_name": INVENTED_CHILD,
    "child_gender": "female",
    "child_dob": "2011-05-02",
}


def _details() -> Screen:
    return details_screen(DETAILS)


OWN_CONCERN = {
    **DETAILS,
    "child_name": "not known",
    "child_description": "Girl about 13, red hair, green blazer",
    "when_happened": "not known",
    "status": "in_triage",
    "own": True,
    "mash_phone": "0300 555 0101",
    "emergency_number": "999",
}


def _own_concern() -> Screen:
    """What the reporter sees of their own concern: what they sent, its status."""
    return details_screen({k: v for k, v in OWN_CONCERN.items() if "screening" not in k})


NOT_KNOWN = {
    "immediate_danger": "no",
    "child_name_not_known": ["not_known"],
    "child_description": "Girl about 13, red hair, green blazer",
    "when_not_known": ["not_known"],
    "where_not_known": ["not_known"],
}


def _home() -> Screen:
    when = "2026-11-24T10:00:00+00:00"
    concerns = [
        {
            "reference": "CSE-2026-00042",
            "area_name": "Riverton City",
            "received_at": when,
            "status": "Received by the MASH",
        }
    ]
    drafts = [{"draft_id": "d1", "updated_at": when}]
    actions = [
        {**ACTION, "answered": False, "period_label": "December 2026"},
        {**ACTION, "id": 13, "answered": True, "period_label": "December 2026"},
    ]
    return home_screen(concerns, drafts, actions)


def _action_form(f: Any, **more: Any) -> Screen:
    return form_screen(FormView(f, ACTION["value"], f.steps[0], {}, ACTION, **more))


SENT = SimpleNamespace(reference="CSE-2026-00042", area_name="Riverton City", mash_phone="0300")
SENT_IN_DANGER = SimpleNamespace(
    **vars(SENT), immediate_danger=True, emergency_number="999", already_sent=False
)
ANSWERED = SimpleNamespace(
    ref="cse-2026:1.2a", period="2026-12", period_label="December 2026", rag="A", completed=True
)
HELD = SimpleNamespace(ref="cse-2026:1.2a", until=datetime(2026, 12, 17, 9, tzinfo=UTC))

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
SUGGESTION = Suggestion("medium", "Medium", "Medium", 6)
CASE = CaseView(
    reference="CSE-2026-00042",
    area_name="Riverton City",
    received_at=NOW,
    agency_name="Education",
    immediate_danger=True,
    screening_band="Medium",
    screening_score=6,
    status="open",
    owner_name="Amira Okafor",
    rag_label="Red",
    deadline_at=NOW,
    overdue=False,
    decided_at=None,
    requests=[
        RequestLine(3, "Riverton Police", NOW, NOW, "answered", "nothing known", None, None, 1)
    ],
    suggestion=SUGGESTION,
    assessment=AssessmentLine("High", "Medium", "Older male with a car.", "Priya Shah", NOW),
    decision=DecisionLine(
        ["Crime to investigate"], "Local CID", "Disclosed.", "Priya Shah", NOW, None
    ),
    mase=None,
)
CHRONOLOGY = Chronology(
    "CSE-2026-00042",
    "Riverton City",
    [ChronologyEntry(NOW, "amira.okafor", "Amira Okafor", "referral_claimed")],
)
REQUEST_FACTS = SAMPLE_FACTS[MessageKind.INFORMATION_REQUEST]
DECIDED = Decided("CSE-1", ["Crime to investigate"], "Local CID", True, False, True)


def triage_form(f: Form, facts: dict[str, Any], answers: dict[str, Any] | None = None) -> Screen:
    return form_screen(FormView(f, "CSE-2026-00042", f.steps[0], answers or {}, facts))


SCREENS: dict[str, Callable[[], Screen]] = {
    "concern: danger": lambda: concern_step(form.DANGER, {}),
    "concern: call for help": lambda: concern_step(form.DANGER_ADVICE, {"immediate_danger": "yes"}),
    "concern: the child": lambda: concern_step(form.CHILD, {"immediate_danger": "yes"}),
    "concern: the child, with problems": lambda: concern_step(
        form.CHILD,
        {"child_dob": "31/02/2012"},
        problems={
            "child_dob": FieldProblem(Code.BAD_DATE),
            "child_name": FieldProblem(Code.REQUIRED),
        },
        in_place=True,
    ),
    "concern: the child, not known": lambda: concern_step(form.CHILD, NOT_KNOWN),
    "concern: the child, blank name, when and where": lambda: concern_step(
        form.CHILD,
        {"immediate_danger": "no"},
        problems={
            "child_name": FieldProblem.rule("child_name_or_not_known"),
            "when_happened": FieldProblem.rule("when_happened_or_not_known"),
            "where_happened": FieldProblem.rule("where_happened_or_not_known"),
        },
        in_place=True,
    ),
    "concern: the child, not known but not described": lambda: concern_step(
        form.CHILD,
        {**NOT_KNOWN, "child_description": ""},
        problems={"child_description": FieldProblem.rule("describe_the_child")},
    ),
    "concern: review, not known": lambda: concern_step(
        form.REVIEW, {**EVERY_ANSWER, **NOT_KNOWN, "child_name": "", "when_happened": ""}
    ),
    "concern: sent back to fix": lambda: concern_step(
        form.SHARING, EVERY_ANSWER, problems={"consent": FieldProblem(Code.REQUIRED)}
    ),
    "concern: signs": lambda: concern_step(form.INDICATORS, EVERY_ANSWER),
    "concern: sharing": lambda: concern_step(form.SHARING, EVERY_ANSWER),
    "concern: review": lambda: concern_step(form.REVIEW, EVERY_ANSWER),
    "concern: sent": lambda: done_screen(Done(form.FORM_ID, "d", SENT), "Europe/London"),
    "concern: sent, child in danger": lambda: done_screen(
        Done(form.FORM_ID, "d", SENT_IN_DANGER), "Europe/London"
    ),
    "concern: details": _details,
    "concern: your own concern": _own_concern,
    "home": _home,
    "notice": lambda: notice(  # a refusal as Slack and Teams show one, titled by its reference
        "CSE-2026-00042",
        [wording(Problem(Reason.DETAILS_NOT_FOUND, {"ref": "CSE-2026-00042"}), "slack")],
    ),
    "action: update": lambda: _action_form(UPDATE_FORM),
    "action: snooze": lambda: _action_form(SNOOZE_FORM),
    "action: update saved": lambda: done_screen(Done("action_update", "v", ANSWERED), "UTC"),
    "action: snoozed": lambda: done_screen(Done("action_snooze", "v", HELD), "Europe/London"),
    "triage: case": lambda: case_screen(CASE, "Europe/London", decision_maker=True),
    "triage: chronology": lambda: chronology_screen(CHRONOLOGY, "Europe/London"),
    "triage: export": lambda: export_screen(
        "CSE-2026-00042", chronology_text(CHRONOLOGY, "Europe/London", CHRONOLOGY.entries[0].at)
    ),
    "triage: reply": lambda: reply_screen([triage_words.queue_heading(1), "CSE-1"]),
    "triage: request form": lambda: triage_form(
        triage.request_form(PARTNERSHIP, ["name", "age"]),
        {"reference": "CSE-2026-00042", "lawful_basis": REQUEST_FACTS["lawful_basis"]},
        {"agencies": ["health"], "question": "What do you hold?", "share": ["age"]},
    ),
    "triage: answer form": lambda: triage_form(
        triage.ANSWER_FORM,
        {"request": REQUEST_FACTS, "overdue": True, "previous": "held", "tz": "Europe/London"},
    ),
    "triage: assessment form": lambda: triage_form(
        triage.assess_form(PARTNERSHIP), {"suggestion": SUGGESTION}, {"level": "medium"}
    ),
    "triage: decision form": lambda: triage_form(
        triage.decide_form(PARTNERSHIP, decided_before=True),
        {"reference": "CSE-2026-00042", "decided_before": True},
    ),
    "triage: decision recorded": lambda: done_screen(
        Done(triage.DECIDE_FORM_ID, "r", DECIDED),
        "Europe/London",
    ),
}


def meetings_form(f: Form, facts: dict[str, Any], answers: dict[str, Any] | None = None) -> Screen:
    return form_screen(FormView(f, "1:CSE-2026-00042", f.steps[0], answers or {}, facts))


MINUTES_FACTS = {
    "reference": "CSE-2026-00042",
    "title": "Riverton City MASE",
    "position": 2,
    "of": 5,
    "corrected": True,
    "actions": 3,
}
SERIES_SAVED = SimpleNamespace(
    name="mase-city", version=2, created=False, invited=1, updated=2, cancelled=1
)
MINUTES_RECORDED = SimpleNamespace(
    version=2, action_refs=["mase-city-log:261208-1"], review_meeting_id=None
)
TO_MINUTE = SimpleNamespace(
    meeting_id=1,
    references=["CSE-2026-00042", "CSE-2026-00043"],
    recorded=["CSE-2026-00042"],
    key=lambda ref: f"1:{ref}",
)
SCREENS |= {
    "meetings: series form": lambda: meetings_form(
        meetings.series_form(PARTNERSHIP),
        {"version": 2},
        {"area": "city", "starts": "ten"},
    ),
    "meetings: series form, with problems": lambda: form_screen(
        FormView(
            meetings.series_form(PARTNERSHIP),
            "city",
            meetings.series_form(PARTNERSHIP).steps[0],
            {"members": "nobody@example.org"},
            {"version": None},
            {
                "members": FieldProblem.rule("unknown_people", emails="nobody@example.org"),
                "rule": FieldProblem.rule("rrule"),
            },
            in_place=True,
        )
    ),
    "meetings: MAP form": lambda: meetings_form(
        meetings.map_form(), {"reference": "CSE-2026-00042"}
    ),
    "meetings: MAP dates form": lambda: meetings_form(
        meetings.propose_form(), {"reference": "CSE-2026-00042"}
    ),
    "meetings: minutes form": lambda: meetings_form(
        meetings.minutes_form(PARTNERSHIP, 4, corrected=True),
        MINUTES_FACTS,
        {"summary": "Discussed.", "risk_level": "high", "action_1_description": "Visit"},
    ),
    "meetings: minutes buttons": lambda: minutes_openers(TO_MINUTE),
    "meetings: form opener": lambda: opener(meetings.MAP_FORM_ID, "CSE-2026-00042"),
    "meetings: series saved": lambda: PLATFORM_SCREENS["meetings: series saved"]("slack"),
    "meetings: minutes recorded": lambda: PLATFORM_SCREENS["meetings: minutes recorded"]("teams"),
}


# Screens that name commands, built for the platform they are shown on (the adapter passes it).
PLATFORM_SCREENS: dict[str, Callable[[str], Screen]] = {
    "meetings: series saved": lambda platform: done_screen(
        Done(meetings.SERIES_FORM_ID, "city", SERIES_SAVED), "Europe/London", platform
    ),
    "meetings: minutes recorded": lambda platform: done_screen(
        Done(meetings.MINUTES_FORM_ID, "1:CSE-1", MINUTES_RECORDED), "Europe/London", platform
    ),
}
