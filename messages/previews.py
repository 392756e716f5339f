"""Notification text: the line Slack and Teams show on lock screens, which names no child.

Previews are read by anyone near a phone, so each one is built only from the facts in
`SAFE_KEYS` (references, areas, agencies, counts) and never from names, dates of birth,
narratives, questions or addresses, even for people allowed to see those in the message.
"""

from __future__ import annotations

from typing import Any

from workflows.outgoing import MessageKind

SAFE_KEYS = frozenset(
    {
        "reference",
        "area_name",
        "agency_name",
        "request_id",
        "attempts",
        "emergency_number",
        "plan_title",
        "period_label",
        "job",
        "count",
    }
)

DANGER_FIRST = "If the child is still in danger, call {emergency_number} now. "

PREVIEWS: dict[MessageKind, str] = {
    MessageKind.CONCERN_RECEIPT: "Your concern {reference} has reached the {area_name} MASH.",
    MessageKind.CONCERN_FOR_MASH: "New concern {reference} for the {area_name} MASH.",
    MessageKind.DELIVERY_FAILED: "A message could not be delivered after {attempts} tries.",
    MessageKind.REFERRAL_CARD: "Referral {reference} ({area_name}).",
    MessageKind.REFERRAL_ASSIGNED: "You have been given referral {reference} ({area_name}).",
    MessageKind.TRIAGE_UNRATED: "Referral {reference} ({area_name}) has no urgency set yet.",
    MessageKind.TRIAGE_DEADLINE_REMINDER: (
        "Reminder: the decision on {reference} ({area_name}) is due soon."
    ),
    MessageKind.TRIAGE_DEADLINE_PASSED: "The decision on {reference} ({area_name}) is overdue.",
    MessageKind.RED_OUT_OF_HOURS: "Red (urgent) referral out of hours: {reference} ({area_name}).",
    MessageKind.INFORMATION_REQUEST: (
        "Information request {request_id} to {agency_name} for referral {reference}. "
        "Open it to read the question."
    ),
    MessageKind.INFORMATION_REQUEST_CHASE: (
        "Information request {request_id} to {agency_name} for referral {reference} is overdue."
    ),
    MessageKind.INFORMATION_ANSWERED: (
        "{agency_name} has answered information request {request_id} on {reference}."
    ),
    MessageKind.REPORTER_UPDATE: "Update on your concern {reference}.",
    MessageKind.ACTIONS_PROMPT: "Time for your {period_label} update on {plan_title}.",
    MessageKind.ACTIONS_CHASE: "Reminder: your {period_label} update on {plan_title} is due.",
    MessageKind.ACTIONS_ESCALATION: "Missing updates on {plan_title} for {period_label}.",
    MessageKind.ACTIONS_OVERDUE: "An action on {plan_title} is past its due date.",
    MessageKind.ACTIONS_DIGEST: "Weekly digest: {plan_title}.",
    MessageKind.ACTIONS_FORM_OFFER: "Please use the form so your update reaches the right action.",
    MessageKind.SWEEP_FAILING: 'The scheduled job "{job}" keeps failing.',
    MessageKind.AUDIT_CHECKPOINT: "Audit checkpoint: the audit log held {count} events.",
    MessageKind.BREAK_GLASS_ALERT: (
        "Emergency access: someone opened {reference} ({area_name}), an area they do not cover."
    ),
    MessageKind.CLOCK_STALE: "The scheduler has stopped: reminders may not be going out.",
    MessageKind.MEETING_INVITE: "A meeting invitation or change. Open it for the date and place.",
    MessageKind.MEETING_REMINDER: "Reminder: you have a meeting coming up.",
    MessageKind.MINUTES_DUE: "The minutes of a meeting are due.",
    MessageKind.MASE_AGENDA: "The agenda for the next meeting is ready.",
    MessageKind.MAP_DATES_ASKED: "Which dates can you attend a meeting? Open it to answer.",
    MessageKind.RETENTION_DUE: "Retention: {count} records are past their retention period.",
}

DANGER_KINDS = frozenset(
    {MessageKind.CONCERN_RECEIPT, MessageKind.CONCERN_FOR_MASH, MessageKind.TRIAGE_UNRATED}
)


def preview(kind: MessageKind, facts: dict[str, Any]) -> str:
    """The notification line for `kind`, from the safe facts only."""
    safe = {key: facts[key] for key in SAFE_KEYS if key in facts}
    text = PREVIEWS[kind].format(**safe)
    if kind in DANGER_KINDS and facts.get("immediate_danger"):
        if kind == MessageKind.CONCERN_RECEIPT:
            return DANGER_FIRST.format(**safe) + text
        return "Immediate danger reported. " + text
    return text
