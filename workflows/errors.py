"""Why a workflow step could not be done, as a reason and its facts; `messages/` words it.

A workflow never writes the sentence: the same refusal is said in each platform's own words
(each platform names its own commands and screens: see messages/vocabulary.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Reason(StrEnum):
    """Every refusal and problem a person can be told about; each has wording in `messages/`."""

    # Referrals. REFERRAL_NOT_FOUND is one answer for "no such referral" and "not in your areas",
    # so nobody learns from it whether a reference exists.
    REFERRAL_NOT_FOUND = "referral_not_found"
    NOT_MASH = "not_mash"
    NOT_MASH_REPORTER = "not_mash_reporter"
    NOT_MASH_AGENCY_LEAD = "not_mash_agency_lead"
    DECISION_MAKERS_ONLY = "decision_makers_only"
    CLAIM_FIRST = "claim_first"
    OWNED_BY_OTHER = "owned_by_other"
    ASSESS_FIRST = "assess_first"
    # A concern's identifying details; DETAILS_NOT_FOUND is "missing or not yours".
    DETAILS_NOT_FOUND = "details_not_found"
    # Information requests; REQUEST_NOT_FOUND is "missing or not your agency's".
    REQUEST_NOT_FOUND = "request_not_found"
    REQUESTS_LEADS_ONLY = "requests_leads_only"
    # Referrals held for MASE.
    MASE_ONLY = "mase_only"
    MASE_AREA_NOT_COVERED = "mase_area_not_covered"
    MASE_LIST_NOT_COVERED = "mase_list_not_covered"
    # Concern drafts.
    DRAFT_GONE = "draft_gone"
    DRAFT_NOT_YOURS = "draft_not_yours"
    CONCERN_ALREADY_SENT = "concern_already_sent"
    # Action plans.
    PLAN_NOT_FOUND = "plan_not_found"
    PLAN_REFUSED = "plan_refused"
    ACTION_NOT_IN_PLAN = "action_not_in_plan"
    ACTION_NOT_LED = "action_not_led"
    ACTION_AMBIGUOUS = "action_ambiguous"
    ACTION_GONE = "action_gone"
    NOT_THE_LEAD = "not_the_lead"
    ACTION_CLOSED = "action_closed"
    NO_EARLIER_RATING = "no_earlier_rating"
    ONLY_REMINDERS_SNOOZE = "only_reminders_snooze"
    NO_REMINDER = "no_reminder"
    ALREADY_SNOOZED = "already_snoozed"
    IMPORT_REJECTED = "import_rejected"
    # MASE and MAP meetings; `wanted` names what was being done (see messages/problems.py).
    MEETING_CHAIRS_ONLY = "meeting_chairs_only"
    MEETING_MEMBERS_ONLY = "meeting_members_only"
    NO_SERIES = "no_series"
    SERIES_AREA_NEEDED = "series_area_needed"
    NO_MEETING_ON_DATE = "no_meeting_on_date"
    MEETING_GONE = "meeting_gone"
    NO_MASE_HELD = "no_mase_held"
    NO_MAP = "no_map"
    NO_MAP_HELD = "no_map_held"
    NO_DATES_ASKED = "no_dates_asked"
    # Data protection.
    BREAK_GLASS_NEEDS_REASON = "break_glass_needs_reason"
    DPO_ONLY = "dpo_only"
    RETENTION_REPORT_FIRST = "retention_report_first"
    RETENTION_REPORT_STALE = "retention_report_stale"
    HOLD_REFUSED = "hold_refused"
    HOLD_NEEDS_REASON = "hold_needs_reason"
    ALREADY_HELD = "already_held"
    NOT_HELD = "not_held"
    ACCESS_REVIEW_MANAGERS_ONLY = "access_review_managers_only"
    PERIOD_BACKWARDS = "period_backwards"
    SAR_NEEDS_CHILD = "sar_needs_child"
    SAR_NOTHING_FOUND = "sar_nothing_found"
    # A person's language: a code mashbot has no catalogue for (facts: `choices`).
    LANGUAGE_UNKNOWN = "language_unknown"
    # Answers that fail validation: the field errors say what to fix.
    INVALID_INPUT = "invalid_input"


class Task(StrEnum):
    """What someone was trying to do, for a refusal to name ("only a decision maker can ...")."""

    ASSESS = "assess"
    DECIDE = "decide"
    REASSIGN = "reassign"
    SET_URGENCY = "set_urgency"
    REQUEST_INFORMATION = "request_information"
    # MASE and MAP meetings
    EDIT_SERIES = "edit_series"
    POST_AGENDA = "post_agenda"
    RECORD_MINUTES = "record_minutes"
    SCHEDULE_MAP = "schedule_map"
    VIEW_SERIES = "view_series"
    VIEW_AGENDA = "view_agenda"
    DOWNLOAD_AGENDA = "download_agenda"
    VIEW_MAP_AGENDA = "view_map_agenda"
    ANSWER_MAP_DATES = "answer_map_dates"


@dataclass(frozen=True)
class Problem:
    """One reason with its facts (references, names, numbers: never a child's details)."""

    reason: Reason
    facts: dict[str, Any] = field(default_factory=dict)


class WorkflowError(Exception):
    """A refusal or a problem to show the user; `messages.problems.say` words it per platform."""

    def __init__(self, reason: Reason, **facts: Any) -> None:
        super().__init__(reason.value)  # the code only: facts stay out of logs and tracebacks
        self.problem = Problem(reason, facts)

    @property
    def reason(self) -> Reason:
        return self.problem.reason

    @property
    def facts(self) -> dict[str, Any]:
        return self.problem.facts


class AccessDenied(WorkflowError):
    """The user may not do this; audited, and the audit commits even though the step fails."""


class NotFound(WorkflowError):
    """Nothing by that name or number, where saying so reveals nothing."""


class InvalidInput(WorkflowError):
    """Answers that fail validation, by field id; nothing the user typed is discarded.

    A value is a `Problem` or a form's `FieldProblem` (both worded by `messages/`) or, for the
    form definitions' own field checks, a sentence already.
    """

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__(Reason.INVALID_INPUT, fields=sorted(errors))
        self.errors = errors
