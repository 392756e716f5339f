"""Sample facts for every message kind: what tests and template authors render with.

A new kind without a sample fails the test that renders every kind on every platform.
"""

from __future__ import annotations

from typing import Any

from workflows.outgoing import MessageKind

SAMPLE_FACTS: dict[MessageKind, dict[str, Any]] = {
    MessageKind.CONCERN_RECEIPT: {
        "reference": "CSE-2026-00042",
        "area_name": "Riverton City",
        "mash_phone": "0300 555 0101",
        "emergency_number": "999",
        "immediate_danger": True,
        "decision_within": {"hours": 72, "clock": "working_days"},
    },
    MessageKind.CONCERN_FOR_MASH: {
        "reference": "CSE-2026-00042",
        "area_name": "Riverton City",
        "agency_name": "Education",
        "received_at": "2026-11-24T10:00:00+00:00",
        "immediate_danger": True,
        "indicator_count": 3,
        "screening_band": "Medium",
        "exploitation_type": "CSE",
        "status": "received",
    },
    MessageKind.DELIVERY_FAILED: {
        "outbox_id": 7,
        "description": "concern for mash",
        "recipient": "channel mash-city",
        "attempts": 8,
        "error": "not_in_channel",
    },
    MessageKind.REFERRAL_CARD: {
        "reference": "CSE-2026-00042",
        "area_name": "Riverton City",
        "agency_name": "Education",
        "received_at": "2026-11-24T10:00:00+00:00",
        "immediate_danger": False,
        "indicator_count": 3,
        "screening_band": "Medium",
        "exploitation_type": "CSE",
        "status": "open",
        "owner_name": "Amira Okafor",
        "rag_label": "Amber",
        "deadline_at": "2026-11-25T10:00:00+00:00",
        "decided_at": None,
    },
    MessageKind.REFERRAL_ASSIGNED: {
        "reference": "CSE-2026-00042",
        "area_name": "Riverton City",
        "assigned_by_name": "Priya Shah",
        "reason": "Amira is on leave tomorrow.",
        "rag_label": "Red",
        "rag_hours": 4,
        "rag_clock": "hours",
        "deadline_at": "2026-11-24T14:00:00+00:00",
    },
    MessageKind.TRIAGE_UNRATED: {
        "reference": "CSE-2026-00042",
        "area_name": "Riverton City",
        "received_at": "2026-11-24T10:00:00+00:00",
        "immediate_danger": True,
        "owner_name": None,
    },
    MessageKind.TRIAGE_DEADLINE_REMINDER: {
        "reference": "CSE-2026-00042",
        "area_name": "Riverton City",
        "rag_label": "Red",
        "rag_hours": 4,
        "rag_clock": "hours",
        "deadline_at": "2026-11-24T14:00:00+00:00",
        "owner_name": "Amira Okafor",
    },
    MessageKind.TRIAGE_DEADLINE_PASSED: {
        "reference": "CSE-2026-00042",
        "area_name": "Riverton City",
        "rag_label": "Amber",
        "rag_hours": 24,
        "rag_clock": "working_days",
        "deadline_at": "2026-11-24T14:00:00+00:00",
        "owner_name": None,
    },
    MessageKind.INFORMATION_REQUEST: {
        "request_id": 3,
        "reference": "CSE-2026-00042",
        "agency_name": "Riverton Health Trust",
        "area_name": "Riverton City",
        "requested_by_name": "Amira Okafor",
        "question": "What do you hold about this young person that is relevant to a CSE concern?",
        "lawful_basis": "Safeguarding a child: UK GDPR Article 6(1)(e) and 9(2)(g).",
        "search_details": [["name", "Kayla Testperson"], ["dob", "2011-05-02"]],
        "due_at": "2026-11-24T17:00:00+00:00",
        "in_channel": False,
    },
    MessageKind.INFORMATION_REQUEST_CHASE: {
        "request_id": 3,
        "reference": "CSE-2026-00042",
        "agency_name": "Riverton Health Trust",
        "due_at": "2026-11-24T17:00:00+00:00",
        "in_channel": False,
    },
    MessageKind.INFORMATION_ANSWERED: {
        "request_id": 3,
        "reference": "CSE-2026-00042",
        "agency_name": "Riverton Health Trust",
        "answer_kind": "held",
        "answer_label": "information held",
        "late": True,
    },
    MessageKind.RED_OUT_OF_HOURS: {
        "reference": "CSE-2026-00042",
        "area_name": "Riverton City",
        "rag_label": "Red",
        "rag_hours": 4,
        "rag_clock": "hours",
        "agency_name": "Education",
        "received_at": "2026-11-27T17:01:00+00:00",
        "deadline_at": "2026-11-27T21:01:00+00:00",
        "mash_phone": "0300 555 0101",
        "out_of_hours_phone": "0300 555 0199",
        "emergency_number": "999",
        "contact_name": "Riverton Emergency Duty Team",
        "for_mash": False,
    },
    MessageKind.REPORTER_UPDATE: {
        "reference": "CSE-2026-00042",
        "area_name": "Riverton City",
        "mash_phone": "0300 555 0101",
        "emergency_number": "999",
        "outcomes": ["strategy_discussion", "refer_to_mase"],
        "outcome_labels": ["Strategy discussion", "Refer to the next MASE meeting"],
        "corrected": False,
    },
}

from messages.action_samples import ACTION_SAMPLE_FACTS  # noqa: E402 - merged after the core kinds

SAMPLE_FACTS.update(ACTION_SAMPLE_FACTS)

from messages.meeting_samples import MEETING_SAMPLE_FACTS  # noqa: E402 - merged like the actions'

SAMPLE_FACTS.update(MEETING_SAMPLE_FACTS)
SAMPLE_FACTS.update(
    {
        MessageKind.BREAK_GLASS_ALERT: {
            "reference": "CSE-2026-00042",
            "area_name": "Riverton City",
            "viewer_name": "Sam Shire",
            "reason": "The child is in our office now and we need the history.",
            "at": "2026-11-24T10:00:00+00:00",
        },
        MessageKind.RETENTION_DUE: {
            "count": 3,
            "items": [{"label": "concern", "count": 2}, {"label": "agency answers", "count": 1}],
        },
    }
)
