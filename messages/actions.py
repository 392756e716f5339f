"""Ids of buttons and forms: the contract between rendered messages and the entry points."""

from __future__ import annotations

from enum import StrEnum


class ActionId(StrEnum):
    VIEW_CONCERN_DETAILS = "concern_view_details"
    START_CONCERN = "concern_start"
    RESUME_DRAFT = "concern_resume_draft"
    DISCARD_DRAFT = "concern_discard_draft"
    FORM_BACK = "concern_form_back"
    ACTION_NO_CHANGE = "action_no_change"
    ACTION_UPDATE = "action_update"
    ACTION_SNOOZE = "action_snooze"


class CallbackId(StrEnum):
    CONCERN_STEP = "concern_step"
    CONCERN_DETAILS = "concern_details"
    CONCERN_SENT = "concern_sent"
    NOTICE = "notice"
    REPORT_SHORTCUT = "report_concern"
    ACTION_UPDATE_FORM = "action_update_form"
    ACTION_SNOOZE_FORM = "action_snooze_form"
