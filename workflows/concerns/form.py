"""The guided concern form: its steps, fields and plain-English validation, platform-free.

Slack modals, Teams cards and the console all draw the same steps from here, so a question is
worded once and checked once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from workflows import children
from workflows.partnership import Partnership


class FieldKind(StrEnum):
    TEXT = "text"
    MULTILINE = "multiline"
    DATE = "date"
    NUMBER = "number"
    SELECT = "select"
    CHECKBOXES = "checkboxes"
    YES_NO = "yes_no"


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    kind: FieldKind
    required: bool = True
    hint: str | None = None
    options: tuple[Option, ...] = ()
    max_length: int = 3000


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    intro: str | None = None
    fields: tuple[Field, ...] = ()
    advice: tuple[str, ...] = field(default=())


DANGER, DANGER_ADVICE, CHILD, INDICATORS, SHARING, REVIEW = (
    "danger",
    "danger_advice",
    "child",
    "indicators",
    "sharing",
    "review",
)

GENDERS = tuple(Option(code, label) for code, label in children.GENDERS.items())
FAMILY_AWARE = (
    Option("yes", "Yes, the family knows"),
    Option("no", "No, not yet"),
    Option("no_risk", "No: telling them could put the child at risk"),
)
CONSENT = (
    Option("given", "Consent sought and given"),
    Option("refused", "Consent sought and refused"),
    Option("not_sought", "Consent not sought"),
)
YES_NO = (Option("yes", "Yes"), Option("no", "No"))
INDICATOR_FIELD_PREFIX = "indicators_"


def danger_advice(partnership: Partnership) -> tuple[str, ...]:
    """What to do first, in order: the emergency number, then each area's MASH line."""
    lines = [f"Call {partnership.emergency_number} now if you have not already done so."]
    for area in partnership.areas:
        line = f"Then call the {area.name} MASH on {area.mash_phone}"
        if area.out_of_hours_phone:
            line += f" (out of hours: {area.out_of_hours_phone})"
        lines.append(line + ".")
    lines.append("When the child is safe you can carry on and record the concern here.")
    return tuple(lines)


def steps(partnership: Partnership, answers: dict[str, Any]) -> list[Step]:
    """The steps this reporter will see, in order; danger advice only if danger was answered yes."""
    result = [
        Step(
            DANGER,
            "Immediate danger",
            intro="Is the child in immediate danger right now?",
            fields=(
                Field(
                    "immediate_danger",
                    "Is the child in immediate danger?",
                    FieldKind.YES_NO,
                    options=YES_NO,
                ),
            ),
        )
    ]
    if answers.get("immediate_danger") == "yes":
        result.append(Step(DANGER_ADVICE, "Call for help first", advice=danger_advice(partnership)))
    result += [
        Step(CHILD, "The child and what happened", fields=_child_fields(partnership)),
        Step(
            INDICATORS,
            "Signs of exploitation",
            intro="Tick every sign you have noticed. The absence of a complaint is not the "
            "absence of risk.",
            fields=_indicator_fields(partnership),
        ),
        Step(SHARING, "Sharing this information", fields=_sharing_fields(partnership)),
        Step(REVIEW, "Check and send", intro="Check your answers, then send them to the MASH."),
    ]
    return result


def _child_fields(partnership: Partnership) -> tuple[Field, ...]:
    return (
        Field(
            "child_name",
            "Child's name",
            FieldKind.TEXT,
            max_length=200,
            hint="As you know them; a nickname is fine if that is all you have.",
        ),
        Field(
            "child_dob",
            "Date of birth",
            FieldKind.DATE,
            required=False,
            hint="If you know it. Otherwise give an approximate age.",
        ),
        Field("child_age", "Approximate age", FieldKind.NUMBER, required=False),
        Field("child_gender", "Gender", FieldKind.SELECT, options=GENDERS),
        Field(
            "area",
            "Area where the child lives",
            FieldKind.SELECT,
            options=tuple(Option(a.id, a.name) for a in partnership.areas),
            hint="This decides which MASH receives the concern.",
        ),
        Field(
            "school_or_setting", "School or setting", FieldKind.TEXT, required=False, max_length=200
        ),
        Field(
            "what_happened",
            "What happened",
            FieldKind.MULTILINE,
            hint="What you saw or were told, in the words used if you can.",
        ),
        Field("when_happened", "When", FieldKind.TEXT, max_length=200),
        Field("where_happened", "Where", FieldKind.TEXT, max_length=200),
        Field(
            "others_involved",
            "Who else is involved",
            FieldKind.MULTILINE,
            required=False,
            hint="Adults, other young people, cars, addresses: anything you know.",
        ),
    )


def _indicator_fields(partnership: Partnership) -> tuple[Field, ...]:
    groups = tuple(
        Field(
            f"{INDICATOR_FIELD_PREFIX}{n}",
            group.name,
            FieldKind.CHECKBOXES,
            required=False,
            options=tuple(Option(i.id, i.label) for i in group.indicators),
        )
        for n, group in enumerate(partnership.screening.groups)
    )
    return groups + (
        Field(
            "other_indicator",
            "Other sign (describe)",
            FieldKind.MULTILINE,
            required=False,
            max_length=1000,
        ),
    )


def _sharing_fields(partnership: Partnership) -> tuple[Field, ...]:
    return (
        Field(
            "family_aware",
            "Does the family know you are raising this?",
            FieldKind.SELECT,
            options=FAMILY_AWARE,
        ),
        Field(
            "consent",
            "Consent to share",
            FieldKind.SELECT,
            options=CONSENT,
            hint="You do not need consent to share to protect a child.",
        ),
        Field(
            "sharing_reason",
            "If shared without consent, why",
            FieldKind.MULTILINE,
            required=False,
            max_length=1000,
            hint="For example: to protect the child from significant harm.",
        ),
        Field(
            "reporter_agency",
            "Your agency",
            FieldKind.SELECT,
            options=tuple(Option(a.id, a.name) for a in partnership.agencies),
        ),
        Field("reporter_role", "Your role", FieldKind.TEXT, max_length=200),
        Field(
            "spoke_to_lead",
            "Have you spoken to your safeguarding lead?",
            FieldKind.YES_NO,
            options=YES_NO,
        ),
    )


def find_step(partnership: Partnership, answers: dict[str, Any], step_id: str) -> Step:
    for step in steps(partnership, answers):
        if step.id == step_id:
            return step
    raise KeyError(f"unknown step '{step_id}'")


def next_step_id(partnership: Partnership, answers: dict[str, Any], step_id: str) -> str | None:
    ids = [s.id for s in steps(partnership, answers)]
    position = ids.index(step_id)
    return ids[position + 1] if position + 1 < len(ids) else None


def previous_step_id(partnership: Partnership, answers: dict[str, Any], step_id: str) -> str | None:
    ids = [s.id for s in steps(partnership, answers)]
    position = ids.index(step_id)
    return ids[position - 1] if position > 0 else None


def validate_step(step: Step, answers: dict[str, Any], today: date) -> dict[str, str]:
    """Plain-English errors by field id; an empty dict means the step may move on."""
    errors: dict[str, str] = {}
    for f in step.fields:
        value = answers.get(f.id)
        error = _check_field(f, value, today)
        if error:
            errors[f.id] = error
    if step.id == CHILD and not errors.get("child_dob") and not errors.get("child_age"):
        if not _present(answers.get("child_dob")) and not _present(answers.get("child_age")):
            errors["child_age"] = "Give a date of birth or an approximate age."
    if step.id == INDICATORS:
        ticked = indicators_ticked(answers)
        if not ticked and not _present(answers.get("other_indicator")):
            errors["other_indicator"] = "Tick at least one sign, or describe what worried you here."
    if step.id == SHARING and answers.get("consent") in ("refused", "not_sought"):
        if not _present(answers.get("sharing_reason")):
            errors["sharing_reason"] = (
                "Say why you are sharing without consent (for example, to protect the child)."
            )
    return errors


def indicators_ticked(answers: dict[str, Any]) -> list[str]:
    ticked: list[str] = []
    for key, value in answers.items():
        if key.startswith(INDICATOR_FIELD_PREFIX) and isinstance(value, list):
            ticked.extend(str(v) for v in value)
    return ticked


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return bool(value)
    return True


def _check_field(f: Field, value: Any, today: date) -> str | None:
    if not _present(value):
        if not f.required:
            return None
        question = f.label[0].lower() + f.label[1:]
        return f"Please answer: {question}" + ("" if question.endswith("?") else ".")
    if f.kind in (FieldKind.TEXT, FieldKind.MULTILINE):
        if len(str(value)) > f.max_length:
            return f"Please keep this under {f.max_length} characters (it has {len(str(value))})."
    if f.kind == FieldKind.DATE:
        try:
            parsed = parse_date(str(value))
        except ValueError:
            return "Give the date as day/month/year, for example 14/03/2012."
        if parsed > today:
            return "That date is in the future; check the year."
        if (today - parsed).days > 26 * 366:
            return "That date makes them over 25; check the year."
    if f.kind == FieldKind.NUMBER:
        try:
            number = int(str(value).strip())
        except ValueError:
            return "Give the age as a whole number, for example 14."
        if not 0 <= number <= 25:
            return "Give an age between 0 and 25."
    if f.kind in (FieldKind.SELECT, FieldKind.YES_NO):
        if str(value) not in {o.value for o in f.options}:
            return "Please choose one of the options."
    if f.kind == FieldKind.CHECKBOXES:
        allowed = {o.value for o in f.options}
        unknown = [v for v in value if v not in allowed]
        if unknown:
            return "Please tick only the listed signs."
    return None


def parse_date(text: str) -> date:
    """Dates as people type them here: 14/03/2012, 14-03-2012 or 2012-03-14."""
    text = text.strip()
    if len(text) == 10 and text[4] == "-":
        return date.fromisoformat(text)
    for sep in ("/", "-", "."):
        parts = text.split(sep)
        if len(parts) == 3:
            day, month, year = (int(p) for p in parts)
            if year < 100:
                raise ValueError("two-digit year")
            return date(year, month, day)
    raise ValueError(f"not a date: {text!r}")
