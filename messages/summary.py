"""The answers of a concern draft as plain lines, for the review step on every platform."""

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
