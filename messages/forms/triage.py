"""The MASH triage forms' words: asking agencies, an agency's answer, risk and decision.

Each form's words are built when read (`_Lazy`), so every label is in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from messages import triage_text as words
from messages.actions import CallbackId
from messages.forms import FieldWords, FormWords, StepWords, register
from messages.i18n import N_, _
from messages.screen import Section, Text
from workflows.forms import FormView
from workflows.triage import forms

ANSWER_OPTIONS = {
    "held": N_("Information held"),
    "nothing_known": N_("Nothing known"),
    "confidential": N_("Confidential information exists"),
}


def answer_options() -> dict[str, str]:
    return {key: _(label) for key, label in ANSWER_OPTIONS.items()}


class _Lazy:
    """A form's words, built again whenever they are read (in the language of that moment)."""

    def __init__(self, build: Callable[[], FormWords]) -> None:
        self._build = build

    def __getattr__(self, name: str) -> Any:
        return getattr(self._build(), name)


def _request_head(view: FormView) -> list[Section]:
    return [
        Text(
            _(
                "Ask partner agencies what they hold about %(reference)s.",
                reference=view.facts["reference"],
            )
        )
    ]


def _request_more(view: FormView) -> list[Section]:
    basis = _("Why the MASH may ask (lawful basis): %(basis)s", basis=view.facts["lawful_basis"])
    return [Text(basis, "note")]


def _answer_head(view: FormView) -> list[Section]:
    f = view.facts
    shown: list[Section] = [
        Text(line) for line in words.request_lines(f["request"], f["overdue"], f["tz"])
    ]
    if f["previous"]:
        previous = _(ANSWER_OPTIONS[f["previous"]]) if f["previous"] in ANSWER_OPTIONS else ""
        said = _(
            "You answered before (%(answer)s); a new answer replaces it.",
            answer=previous or f["previous"],
        )
        shown.append(Text(said, "note"))
    return shown


def _assess_head(view: FormView) -> list[Section]:
    return [Text(words.suggestion_line(view.facts["suggestion"]))]


def _decide_head(view: FormView) -> list[Section]:
    return [
        Text(
            _(
                "The decision on %(reference)s. The reporter is told the outcome only.",
                reference=view.facts["reference"],
            )
        )
    ]


# What each outcome means, for whoever reads the decision form without the jargon.
OUTCOME_MEANING = {
    "early_help": N_(
        "%(outcome)s: support for the family from local services, before problems grow."
    ),
    "social_care_assessment": N_("%(outcome)s: a social worker finds out what the child needs."),
    "strategy_discussion": N_(
        "%(outcome)s: a meeting between police and children's social care to decide whether "
        "to investigate."
    ),
    "refer_to_mase": N_(
        "%(outcome)s: the MASE (multi-agency sexual exploitation) meeting, where agencies plan "
        "together for children at risk of exploitation."
    ),
    "crime_investigation": N_(
        "%(outcome)s: the police investigate; choose the team (CID is the police's Criminal "
        "Investigation Department)."
    ),
}


def _decide_more(view: FormView) -> list[Section]:
    outcomes = next(f for f in view.step.fields if f.id == "outcomes")
    lines = [
        "• " + _(OUTCOME_MEANING[o.value], outcome=o.label or o.value)
        for o in outcomes.options
        if o.value in OUTCOME_MEANING
    ]
    return [Text(_("What the outcomes mean:") + "\n" + "\n".join(lines), "note")]


def _request_words() -> FormWords:
    return FormWords(
        screen_id=CallbackId.REQUEST_FORM.value,
        title=_("Ask agencies"),
        fields={
            "agencies": FieldWords(_("Agencies to ask")),
            "question": FieldWords(_("Question")),
            "share": FieldWords(
                _("Details they need to search their records"),
                hint=_("Share the least you can."),
                options=words.search_labels(),
            ),
        },
        steps={"request": StepWords(submit=_("Send"))},
        close=_("Cancel"),
        check_again=_("Please check these answers, then press {submit}:"),
        head=_request_head,
        more=_request_more,
    )


def _answer_words() -> FormWords:
    return FormWords(
        screen_id=CallbackId.REQUEST_ANSWER.value,
        title=_("Answer a request"),
        fields={
            "kind": FieldWords(_("What does your agency hold?"), options=answer_options()),
            "text": FieldWords(
                _("What you hold that is relevant"),
                hint=_("Necessary, proportionate, accurate. Needed if you hold information."),
            ),
            "held_by": FieldWords(
                _("Who holds the confidential information"),
                hint=_(
                    "Needed if confidential information exists: a team or role and how to "
                    "reach them."
                ),
            ),
        },
        steps={"answer": StepWords(submit=_("Send answer"))},
        close=_("Cancel"),
        check_again=_("Please check these answers, then press {submit}:"),
        head=_answer_head,
    )


def _assess_words() -> FormWords:
    return FormWords(
        screen_id=CallbackId.ASSESSMENT.value,
        title=_("Risk assessment"),
        fields={
            "level": FieldWords(_("Risk level")),
            "rationale": FieldWords(
                _("Rationale"),
                hint=_(
                    "Needed if you choose a different level from the one the signs checklist "
                    "suggests."
                ),
            ),
        },
        steps={"assess": StepWords(submit=_("Record"))},
        close=_("Cancel"),
        check_again=_("Please check these answers, then press {submit}:"),
        head=_assess_head,
    )


def _decide_words() -> FormWords:
    return FormWords(
        screen_id=CallbackId.DECISION.value,
        title=_("Decision"),
        fields={
            "outcomes": FieldWords(_("Outcome")),
            "crime_team": FieldWords(
                _("Who investigates the crime"),
                hint=_(
                    "Needed when the outcome is 'crime to investigate'. CID is the police's "
                    "Criminal Investigation Department."
                ),
            ),
            "rationale": FieldWords(_("Why")),
            "correction_reason": FieldWords(_("Why you are correcting the earlier decision")),
        },
        steps={"decide": StepWords(submit=_("Record"))},
        close=_("Cancel"),
        check_again=_("Please check these answers, then press {submit}:"),
        head=_decide_head,
        more=_decide_more,
    )


REQUEST = register(_Lazy(_request_words), forms.REQUEST_FORM_ID)  # type: ignore[arg-type]
ANSWER = register(_Lazy(_answer_words), forms.ANSWER_FORM_ID)  # type: ignore[arg-type]
ASSESS = register(_Lazy(_assess_words), forms.ASSESS_FORM_ID)  # type: ignore[arg-type]
DECIDE = register(_Lazy(_decide_words), forms.DECIDE_FORM_ID)  # type: ignore[arg-type]
