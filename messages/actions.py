"""Ids of buttons and forms: the contract between rendered messages and the entry points."""

from __future__ import annotations

from enum import StrEnum


class ActionId(StrEnum):
    VIEW_CONCERN_DETAILS = "concern_view_details"
    START_CONCERN = "concern_start"
    RESUME_DRAFT = "concern_resume_draft"
    DISCARD_DRAFT = "concern_discard_draft"
    FORM_BACK = "concern_form_back"
    # MASH triage
    CLAIM_REFERRAL = "triage_claim"
    OPEN_REQUEST = "triage_open_request"
    OPEN_CASE = "triage_open_case"
    OPEN_ASSESSMENT = "triage_open_assessment"
    OPEN_DECISION = "triage_open_decision"
    OPEN_CHRONOLOGY = "triage_open_chronology"
    EXPORT_CHRONOLOGY = "triage_export_chronology"
    OPEN_REQUEST_FORM = "triage_open_request_form"
    ACTION_NO_CHANGE = "action_no_change"
    ACTION_UPDATE = "action_update"
    ACTION_SNOOZE = "action_snooze"
    # MASE and MAP meetings: buttons that open their forms
    OPEN_SERIES_FORM = "meetings_open_series_form"
    OPEN_MAP_FORM = "meetings_open_map_form"
    OPEN_MAP_PROPOSE = "meetings_open_map_propose"
    OPEN_MINUTES = "meetings_open_minutes"


class CallbackId(StrEnum):
    CONCERN_STEP = "concern_step"
    CONCERN_DETAILS = "concern_details"
    CONCERN_SENT = "concern_sent"
    NOTICE = "notice"
    HOME = "home"
    REPORT_SHORTCUT = "report_concern"
    # MASH triage
    REQUEST_ANSWER = "triage_request_answer"
    ASSESSMENT = "triage_assessment"
    DECISION = "triage_decision"
    CHRONOLOGY = "triage_chronology"
    CASE = "triage_case"
    REQUEST_FORM = "triage_request_form"
    CHRONOLOGY_EXPORT = "triage_chronology_export"
    ACTION_UPDATE_FORM = "action_update_form"
    ACTION_SNOOZE_FORM = "action_snooze_form"
    SERIES_FORM = "meetings_series_form"
    MAP_FORM = "meetings_map_form"
    MAP_PROPOSE_FORM = "meetings_map_propose_form"
    MINUTES_FORM = "meetings_minutes_form"
