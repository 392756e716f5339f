"""The concern form's words: every question, hint, option and problem a reporter reads."""

from __future__ import annotations

from messages.actions import CallbackId
from messages.forms import FieldWords, FormWords, StepWords, answer_text, register
from messages.screen import Section, Text
from workflows import children
from workflows.concerns import form
from workflows.forms import FormView

YES_NO = {"yes": "Yes", "no": "No"}
NOT_KNOWN = "Not known"

FIELDS = {
    "immediate_danger": FieldWords("Is the child in immediate danger?", options=YES_NO),
    "child_name": FieldWords(
        "Child's name",
        hint="As you know them; a nickname is fine. If you do not know it, choose 'Not known' "
        "and describe the child.",
    ),
    "child_name_not_known": FieldWords(
        "If you do not know the child's name", options={form.NOT_KNOWN_CODE: "Not known"}
    ),
    "child_description": FieldWords(
        "Describe the child",
        hint="If you do not know their name: how old they look, what they look like or wear, "
        "anything that would help find them.",
    ),
    "child_dob": FieldWords(
        "Date of birth",
        hint="If you know it. Otherwise give an approximate age.",
        placeholder="dd/mm/yyyy",
    ),
    "child_age": FieldWords(
        "Approximate age",
        problems={
            "not_whole_number": "Give the age as a whole number, for example 14.",
            "out_of_range": "Give an age between {lowest} and {highest}.",
        },
    ),
    "child_gender": FieldWords("Gender", options=children.GENDERS),
    "area": FieldWords(
        "Area where the child lives", hint="This decides which MASH receives the concern."
    ),
    "school_or_setting": FieldWords("School or setting"),
    "what_happened": FieldWords(
        "What happened", hint="What you saw or were told, in the words used if you can."
    ),
    "when_happened": FieldWords(
        "When", hint="For example: last Friday evening. If you do not know, choose 'Not known'."
    ),
    "when_not_known": FieldWords(
        "If you do not know when", options={form.NOT_KNOWN_CODE: "Not known"}
    ),
    "where_happened": FieldWords(
        "Where",
        hint="For example: the park on Mill Lane. If you do not know, choose 'Not known'.",
    ),
    "where_not_known": FieldWords(
        "If you do not know where", options={form.NOT_KNOWN_CODE: "Not known"}
    ),
    "others_involved": FieldWords(
        "Who else is involved",
        hint="Adults, other young people, cars, addresses: anything you know.",
    ),
    "other_indicator": FieldWords("Other sign (describe)"),
    "family_aware": FieldWords(
        "Does the family know you are raising this?",
        options={
            "yes": "Yes, the family knows",
            "no": "No, not yet",
            "no_risk": "No: telling them could put the child at risk",
        },
    ),
    "consent": FieldWords(
        "Consent to share",
        hint="You do not need consent to share to protect a child.",
        options={
            "given": "Consent sought and given",
            "refused": "Consent sought and refused",
            "not_sought": "Consent not sought",
        },
    ),
    "sharing_reason": FieldWords(
        "If shared without consent, why",
        hint="For example: to protect the child from significant harm.",
    ),
    "reporter_agency": FieldWords("Your agency"),
    "reporter_role": FieldWords("Your role"),
    "spoke_to_lead": FieldWords("Have you spoken to your safeguarding lead?", options=YES_NO),
}

STEPS = {
    form.DANGER: StepWords("Immediate danger"),  # the question is the field's label, asked once
    form.DANGER_ADVICE: StepWords(
        "Call for help first", submit="Carry on", confirm="Press Enter to carry on"
    ),
    form.CHILD: StepWords("The child and what happened"),
    form.INDICATORS: StepWords(
        "Signs of exploitation",
        "Tick every sign you have noticed. The absence of a complaint is not the absence of risk.",
    ),
    form.SHARING: StepWords("Sharing this information"),
    form.REVIEW: StepWords(
        "Check and send",
        "Check your answers, then send them to the MASH.",
        submit="Send to MASH",
        confirm="Send this to the MASH now? (yes / save / back to change an answer)",
        agree=("yes", "y", "send"),
    ),
}

PROBLEMS = {
    "not_listed": "Please tick only the listed signs.",
    "child_name_or_not_known": (
        "Enter the child's name. If you do not know it, choose 'Not known' and describe the child."
    ),
    "describe_the_child": (
        "Describe the child so the MASH can find them: for example how old they look, what "
        "they look like or wear."
    ),
    "when_happened_or_not_known": "Enter when it happened. If you do not know, choose 'Not known'.",
    "where_happened_or_not_known": (
        "Enter where it happened. If you do not know, choose 'Not known'."
    ),
    "dob_or_age": "Give a date of birth or an approximate age.",
    "a_sign": "Tick at least one sign, or describe what worried you here.",
    "why_without_consent": (
        "Say why you are sharing without consent (for example, to protect the child)."
    ),
}

DANGER_FIRST = "If a child is in immediate danger, call {emergency_number} now."

DANGER_REMINDER = (
    "You said the child is in immediate danger. If you have not called 999, do it now."
)


def danger_advice(facts: dict) -> list[str]:
    """What to do first, in order: the emergency number, then each area's MASH line."""
    lines = [f"Call {facts['emergency_number']} now if you have not already done so."]
    for area in facts["areas"]:
        line = f"Then call the {area['name']} MASH on {area['mash_phone']}"
        if area["out_of_hours"]:
            line += f" (out of hours: {area['out_of_hours']})"
        lines.append(line + ".")
    lines.append("When the child is safe you can carry on and record the concern here.")
    return lines


def review_lines(view: FormView) -> list[str]:
    """One line per answered question, option values shown as their labels."""
    words = FORM.fields
    boxes = set(form.NOT_KNOWN_BOXES.values())  # said on their question's line instead
    lines = []
    for step in view.form.steps:
        for f in step.fields:
            value = view.answers.get(f.id)
            label = words[f.id].label if f.id in words else step.facts["labels"][f.id]
            if f.id in form.NOT_KNOWN_BOXES and form.said_not_known(view.answers, f.id):
                lines.append(f"{label}: {NOT_KNOWN}")
            if value in (None, "", []) or f.id in boxes:
                continue
            lines.append(f"{label}: {answer_text(view, f, value)}")
    return lines


def top(view: FormView) -> list[Section]:
    """The 999 line before anything else on the first step, then where the reporter is."""
    n, total = view.position
    shown: list[Section] = []
    if view.step.id == form.DANGER:
        number = view.step.facts.get("emergency_number", "999")
        shown.append(Text(DANGER_FIRST.format(emergency_number=number), "alarm"))
    return shown + [Text(f"Step {n} of {total}", "note")]


def head(view: FormView) -> list[Section]:
    if view.answers.get("immediate_danger") == "yes" and view.step.id != form.DANGER_ADVICE:
        return [Text(DANGER_REMINDER, "alarm"), *_mash_to_call(view)]
    return []


def _mash_to_call(view: FormView) -> list[Section]:
    """Once the area is known, the one MASH to call (the advice step listed every area's)."""
    facts = next((s.facts for s in view.form.steps if s.id == form.DANGER_ADVICE), {})
    area = next(
        (a for a in facts.get("areas", []) if a.get("id") == view.answers.get("area")), None
    )
    if area is None:
        return []
    line = f"The child is in {area['name']}: call the {area['name']} MASH on {area['mash_phone']}"
    if area["out_of_hours"]:
        line += f" (out of hours: {area['out_of_hours']})"
    return [Text(line + " if you have not already.", "alarm")]


def more(view: FormView) -> list[Section]:
    shown: list[Section] = []
    if view.step.id == form.DANGER_ADVICE:
        shown += [Text(line, "strong") for line in danger_advice(view.step.facts)]
    if view.step.id == form.REVIEW:
        shown += [Text(line) for line in review_lines(view)]
    return shown


FORM = register(
    FormWords(
        screen_id=CallbackId.CONCERN_STEP.value,
        title="Report a concern",
        fields=FIELDS,
        steps=STEPS,
        close="Save for later",
        problems=PROBLEMS,
        back="Back to the previous step",
        top=top,
        head=head,
        more=more,
        keep_on_close=True,
        saved="Saved. Type /concern resume to finish it later.",
    ),
    form.FORM_ID,
)
