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
}

from messages.action_samples import ACTION_SAMPLE_FACTS  # noqa: E402 - merged after the core kinds

SAMPLE_FACTS.update(ACTION_SAMPLE_FACTS)
