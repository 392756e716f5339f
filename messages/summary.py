"""A concern as plain lines: the draft's answers for the review step, the details for MASH staff."""

from __future__ import annotations

from typing import Any

from workflows.concerns.form import FieldKind, Step


def review_lines(steps: list[Step], answers: dict[str, Any]) -> list[str]:
    """One line per answered question, option values shown as their labels."""
    lines: list[str] = []
    for step in steps:
        for field in step.fields:
            value = answers.get(field.id)
            if value in (None, "", []):
                continue
            labels = {o.value: o.label for o in field.options}
            if field.kind == FieldKind.CHECKBOXES:
                shown = ", ".join(labels.get(v, v) for v in value)
            else:
                shown = labels.get(str(value), str(value))
            lines.append(f"{field.label}: {shown}")
    return lines


# The identifying details of a concern, in the order MASH staff read them (every platform).
DETAIL_ROWS = (
    ("child_name", "Child"),
    ("child_dob", "Date of birth"),
    ("child_age", "Approximate age"),
    ("child_gender", "Gender"),
    ("school_or_setting", "School or setting"),
    ("what_happened", "What happened"),
    ("when_happened", "When"),
    ("where_happened", "Where"),
    ("others_involved", "Others involved"),
    ("other_indicator", "Other sign"),
    ("family_aware", "Family aware"),
    ("consent", "Consent"),
    ("sharing_reason", "Reason for sharing without consent"),
    ("reporter_agency", "Reporting agency"),
    ("reporter_role", "Reporter's role"),
)


def details_lines(facts: dict[str, Any]) -> list[str]:
    """The details view as text; the caller has audited the view."""
    lines = [
        f"{facts['reference']} · {facts['area_name']}"
        + (" · IMMEDIATE DANGER" if facts["immediate_danger"] else "")
    ]
    lines += [
        f"  {label}: {facts[key]}" for key, label in DETAIL_ROWS if facts.get(key) not in (None, "")
    ]
    lines.append(f"  Signs: {', '.join(facts['indicators']) or 'none ticked'}")
    lines.append(f"  Screening: {facts['screening_band']} (score {facts['screening_score']})")
    lines.append("This view has been recorded in the audit log.")
    return lines
