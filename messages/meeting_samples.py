"""Sample facts for the meetings' message kinds (merged into `messages.samples.SAMPLE_FACTS`)."""

from __future__ import annotations

from typing import Any

from workflows.outgoing import MessageKind

_MEETING = {
    "meeting_id": 4,
    "kind": "mase",
    "title": "Riverton City MASE",
    "reference": None,
    "starts_at": "2026-12-08T10:00:00+00:00",
    "ends_at": "2026-12-08T12:00:00+00:00",
    "location": "Riverton Police HQ, room 2",
    "online_link": "https://meet.example.org/mase-city",
    "chair_name": "DCI Jo Harker",
}
_CHILD = {
    "reference": "CSE-2026-00042",
    "area_id": "city",
    "area_name": "Riverton City",
    "risk_level": "high",
    "risk_label": "High",
    "agency_name": "Education",
}

MEETING_SAMPLE_FACTS: dict[MessageKind, dict[str, Any]] = {
    MessageKind.MEETING_INVITE: {
        **_MEETING,
        "sequence": 1,
        "updated": True,
        "cancelled": False,
        "why": None,
        "attachment": {
            "filename": "mase-20261208.ics",
            "mimetype": "text/calendar",
            "content": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        },
    },
    MessageKind.MEETING_REMINDER: {
        **_MEETING,
        "step": "before-5wd",
        "minutes_due": "2026-12-22",
        "late": False,
    },
    MessageKind.MINUTES_DUE: {
        **_MEETING,
        "kind": "map",
        "title": "MAP CSE-2026-00042",
        "reference": "CSE-2026-00042",
        "step": "minutes-late-1",
        "minutes_due": "2026-12-22",
        "late": True,
    },
    MessageKind.MAP_DATES_ASKED: {
        **_MEETING,
        "kind": "map",
        "title": "MAP CSE-2026-00042",
        "reference": "CSE-2026-00042",
        "options": [
            ["2026-12-15T14:00:00+00:00", "2026-12-15T15:30:00+00:00"],
            ["2026-12-17T10:00:00+00:00", "2026-12-17T11:30:00+00:00"],
        ],
    },
    MessageKind.MASE_AGENDA: {
        **_MEETING,
        "last_meeting_on": "2026-11-10T10:00:00+00:00",
        "new_referrals": [_CHILD],
        "under_review": [{**_CHILD, "reference": "CSE-2026-00007", "risk_label": "Medium"}],
        "actions": [{"ref": "mase-city-log:261110-1", "due_date": "2026-11-30", "overdue": True}],
        "themes": ["Locations of concern", "Perpetrator disruption", "Missing episodes"],
    },
}

# The full agenda document's facts (workflows.meetings.agenda.document_facts): invented names,
# a child whose name is not known, one not assessed yet, actions overdue and without a date.
DOCUMENT_SAMPLE_FACTS: dict[str, Any] = {
    **_MEETING,
    "review": False,
    "last_meeting_on": "2026-11-10T10:00:00+00:00",
    "confidentiality": "What is shared here stays here.",
    "new_referrals": [
        {**_CHILD, "age": 14, "child_name": "Kayla Testperson", "child_description": None},
        {
            **_CHILD,
            "reference": "CSE-2026-00051",
            "age": None,
            "risk_level": None,
            "risk_label": None,
            "child_name": "not known",
            "child_description": "Tall, red coat, seen at the bus station",
        },
    ],
    "under_review": [
        {
            **_CHILD,
            "reference": "CSE-2026-00007",
            "age": 15,
            "risk_level": "medium",
            "risk_label": "Medium",
            "child_name": "Jordan Sampleton",
            "child_description": None,
        }
    ],
    "actions": [
        {
            "ref": "mase-city-log:261110-1",
            "description": "Disruption visit to the takeaway",
            "lead_name": "Nina Lowe",
            "agency_name": "Police",
            "due_date": "2026-11-30",
            "overdue": True,
        },
        {
            "ref": "map-CSE-2026-00042:261110-1",
            "description": "Safety plan with school",
            "lead_name": "Sam Ito",
            "agency_name": "Education",
            "due_date": None,
            "overdue": False,
        },
    ],
    "themes": ["Locations of concern", "Missing episodes"],
}
