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
        "title": "MAP meeting CSE-2026-00042",
        "reference": "CSE-2026-00042",
        "step": "minutes-late-1",
        "minutes_due": "2026-12-22",
        "late": True,
    },
    MessageKind.MAP_DATES_ASKED: {
        **_MEETING,
        "kind": "map",
        "title": "MAP meeting CSE-2026-00042",
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
