"""Notification text: the line Slack and Teams show on lock screens, which names no child.

Previews are read by anyone near a phone, so each one is built only from the facts in
`SAFE_KEYS` (references, areas, agencies, counts) and never from names, dates of birth,
narratives, questions or addresses, even for people allowed to see those in the message.
"""

from __future__ import annotations

from typing import Any

from messages.i18n import N_, _, ngettext
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

# Whole sentences (a translator may need to reorder them), for the kinds whose facts say the
# reporter saw a child in immediate danger.
DANGER_PREVIEWS: dict[MessageKind, str] = {
    MessageKind.CONCERN_RECEIPT: N_(
        "If the child is still in danger, call %(emergency_number)s now. "
        "Your concern %(reference)s has reached the %(area_name)s MASH."
    ),
    MessageKind.CONCERN_FOR_MASH: N_(
        "Immediate danger reported. New concern %(reference)s for the %(area_name)s MASH."
    ),
    MessageKind.REFERRAL_CARD: N_(
        "Immediate danger reported. Referral %(reference)s (%(area_name)s)."
    ),
    MessageKind.TRIAGE_UNRATED: N_(
        "Immediate danger reported. Referral %(reference)s (%(area_name)s) has no urgency set yet."
    ),
}

# One sentence, or (singular, plural) where the sentence counts `count`.
PREVIEWS: dict[MessageKind, str | tuple[str, str]] = {
    MessageKind.CONCERN_RECEIPT: N_(
        "Your concern %(reference)s has reached the %(area_name)s MASH."
    ),
    MessageKind.CONCERN_FOR_MASH: N_("New concern %(reference)s for the %(area_name)s MASH."),
    MessageKind.DELIVERY_FAILED: (
        N_("A message could not be delivered after %(count)s try."),
        N_("A message could not be delivered after %(count)s tries."),
    ),
    MessageKind.REFERRAL_CARD: N_("Referral %(reference)s (%(area_name)s)."),
    MessageKind.REFERRAL_ASSIGNED: N_(
        "You have been given referral %(reference)s (%(area_name)s)."
    ),
    MessageKind.TRIAGE_UNRATED: N_(
        "Referral %(reference)s (%(area_name)s) has no urgency set yet."
    ),
    MessageKind.TRIAGE_DEADLINE_REMINDER: N_(
        "Reminder: the decision on referral %(reference)s (%(area_name)s) is due soon."
    ),
    MessageKind.TRIAGE_DEADLINE_PASSED: N_(
        "Overdue: the decision on referral %(reference)s (%(area_name)s) has not been made."
    ),
    MessageKind.RED_OUT_OF_HOURS: N_(
        "Red (most urgent) referral out of hours: %(reference)s (%(area_name)s)."
    ),
    MessageKind.INFORMATION_REQUEST: N_(
        "Information request %(request_id)s for %(agency_name)s, about referral %(reference)s. "
        "Open it to read what the MASH needs to know."
    ),
    MessageKind.INFORMATION_REQUEST_CHASE: N_(
        "Overdue: information request %(request_id)s for %(agency_name)s, about referral "
        "%(reference)s. Please answer."
    ),
    MessageKind.INFORMATION_ANSWERED: N_(
        "%(agency_name)s has answered information request %(request_id)s on %(reference)s."
    ),
    MessageKind.REPORTER_UPDATE: N_("Update on your concern %(reference)s."),
    MessageKind.ACTIONS_PROMPT: N_("Time for your %(period_label)s update on %(plan_title)s."),
    MessageKind.ACTIONS_CHASE: N_(
        "Reminder: your %(period_label)s update on %(plan_title)s is due."
    ),
    MessageKind.ACTIONS_ESCALATION: N_("Missing updates on %(plan_title)s for %(period_label)s."),
    MessageKind.ACTIONS_OVERDUE: N_("An action on %(plan_title)s is past its due date."),
    MessageKind.ACTIONS_DIGEST: N_("Weekly digest: %(plan_title)s."),
    MessageKind.ACTIONS_FORM_OFFER: N_(
        "Please use the form so your update reaches the right action."
    ),
    MessageKind.SWEEP_FAILING: N_('The scheduled job "%(job)s" keeps failing.'),
    MessageKind.AUDIT_CHECKPOINT: (
        N_("Audit checkpoint: the audit log held %(count)s event."),
        N_("Audit checkpoint: the audit log held %(count)s events."),
    ),
    MessageKind.BREAK_GLASS_ALERT: N_(
        "Emergency access: someone opened %(reference)s (%(area_name)s), an area they do not cover."
    ),
    MessageKind.CLOCK_STALE: N_("The scheduler has stopped: reminders may not be going out."),
    MessageKind.MEETING_INVITE: N_(
        "A meeting invitation or change. Open it for the date and place."
    ),
    MessageKind.MEETING_REMINDER: N_("Reminder: you have a meeting coming up."),
    MessageKind.MINUTES_DUE: N_("The minutes of a meeting are due."),
    MessageKind.MASE_AGENDA: N_("The agenda for the next meeting is ready."),
    MessageKind.MAP_DATES_ASKED: N_("Which dates can you attend a meeting? Open it to answer."),
    MessageKind.RETENTION_DUE: (
        N_("Retention: %(count)s record is past its retention period."),
        N_("Retention: %(count)s records are past their retention period."),
    ),
}

DANGER_KINDS = frozenset(DANGER_PREVIEWS)


def preview(kind: MessageKind, facts: dict[str, Any]) -> str:
    """The notification line for `kind`, in the reader's language, from the safe facts only."""
    safe = {key: facts[key] for key in SAFE_KEYS if key in facts}
    if kind in DANGER_KINDS and facts.get("immediate_danger"):
        return _(DANGER_PREVIEWS[kind], **safe)
    wording = PREVIEWS[kind]
    if isinstance(wording, tuple):
        count = int(safe.get("count", safe.get("attempts", 0)))
        return ngettext(*wording, count, **{**safe, "count": count})
    return _(wording, **safe)
