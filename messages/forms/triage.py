"""The MASH triage forms' words: asking agencies, an agency's answer, risk and decision."""

from __future__ import annotations

from messages import triage_text as words
from messages.actions import CallbackId
from messages.forms import FieldWords, FormWords, StepWords, register
from messages.screen import Section, Text
from workflows.forms import FormView
from workflows.triage import forms

ANSWER_OPTIONS = {
    "held": "Information held",
    "nothing_known": "Nothing known",
    "confidential": "Confidential information exists",
}


def _request_head(view: FormView) -> list[Section]:
    return [Text(f"Ask partner agencies what they hold about {view.facts['reference']}.")]


def _request_more(view: FormView) -> list[Section]:
    return [Text(f"Why the MASH may ask (lawful basis): {view.facts['lawful_basis']}", "note")]


def _answer_head(view: FormView) -> list[Section]:
    f = view.facts
    shown: list[Section] = [
        Text(line) for line in words.request_lines(f["request"], f["overdue"], f["tz"])
    ]
    if f["previous"]:
        previous = ANSWER_OPTIONS.get(f["previous"], f["previous"])
        shown.append(Text(f"You answered before ({previous}); a new answer replaces it.", "note"))
    return shown


def _assess_head(view: FormView) -> list[Section]:
    return [Text(words.suggestion_line(view.facts["suggestion"]))]


def _decide_head(view: FormView) -> list[Section]:
    return [
        Text(f"The decision on {view.facts['reference']}. The reporter is told the outcome only.")
    ]


# What each outcome means, for whoever reads the decision form without the jargon.
OUTCOME_MEANING = {
    "early_help": "support for the family from local services, before problems grow",
    "social_care_assessment": "a social worker finds out what the child needs",
    "strategy_discussion": (
        "a meeting between police and children's social care to decide whether to investigate"
    ),
    "refer_to_mase": (
        "the MASE (multi-agency sexual exploitation) meeting, where agencies plan together "
        "for children at risk of exploitation"
    ),
    "crime_investigation": (
        "the police investigate; choose the team (CID is the police's Criminal Investigation "
        "Department)"
    ),
}


def _decide_more(view: FormView) -> list[Section]:
    outcomes = next(f for f in view.step.fields if f.id == "outcomes")
    lines = [
        f"• {o.label or o.value}: {OUTCOME_MEANING[o.value]}."
        for o in outcomes.options
        if o.value in OUTCOME_MEANING
    ]
    return [Text("What the outcomes mean:\n" + "\n".join(lines), "note")]


REQUEST = register(
    FormWords(
        screen_id=CallbackId.REQUEST_FORM.value,
        title="Ask agencies",
        fields={
            "agencies": FieldWords("Agencies to ask"),
            "question": FieldWords("Question"),
            "share": FieldWords(
                "Details they need to search their records",
                hint="Share the least you can.",
                options=words.SEARCH_LABELS,
            ),
        },
        steps={"request": StepWords(submit="Send")},
        head=_request_head,
        more=_request_more,
    ),
    forms.REQUEST_FORM_ID,
)

ANSWER = register(
    FormWords(
        screen_id=CallbackId.REQUEST_ANSWER.value,
        title="Answer a request",
        fields={
            "kind": FieldWords("What does your agency hold?", options=ANSWER_OPTIONS),
            "text": FieldWords(
                "What you hold that is relevant",
                hint="Necessary, proportionate, accurate. Needed if you hold information.",
            ),
            "held_by": FieldWords(
                "Who holds the confidential information",
                hint="Needed if confidential information exists: a team or role and how to reach them.",
            ),
        },
        steps={"answer": StepWords(submit="Send answer")},
        head=_answer_head,
    ),
    forms.ANSWER_FORM_ID,
)

ASSESS = register(
    FormWords(
        screen_id=CallbackId.ASSESSMENT.value,
        title="Risk assessment",
        fields={
            "level": FieldWords("Risk level"),
            "rationale": FieldWords(
                "Rationale",
                hint="Needed if you choose a different level from the one the signs checklist "
                "suggests.",
            ),
        },
        steps={"assess": StepWords(submit="Record")},
        head=_assess_head,
    ),
    forms.ASSESS_FORM_ID,
)

DECIDE = register(
    FormWords(
        screen_id=CallbackId.DECISION.value,
        title="Decision",
        fields={
            "outcomes": FieldWords("Outcome"),
            "crime_team": FieldWords(
                "Who investigates the crime",
                hint="Needed when the outcome is 'crime to investigate'. CID is the police's "
                "Criminal Investigation Department.",
            ),
            "rationale": FieldWords("Why"),
            "correction_reason": FieldWords("Why you are correcting the earlier decision"),
        },
        steps={"decide": StepWords(submit="Record")},
        head=_decide_head,
        more=_decide_more,
    ),
    forms.DECIDE_FORM_ID,
)
