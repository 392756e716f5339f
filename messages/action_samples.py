"""Sample facts for the action-plan message kinds (merged into `messages.samples.SAMPLE_FACTS`)."""

from __future__ import annotations

from typing import Any

from workflows.outgoing import MessageKind

_ACTION = {
    "id": 12,
    "ref": "cse-2026:1.2a",
    "number": "1.2a",
    "description": "Develop a training programme that works across every agency",
    "lead_name": "Nina Lowe",
    "due_date": "2027-01-29",
    "due_label": "29 Jan 2027",
    "overdue": False,
    "rag": "A",
    "period": "2026-12",
    "step": "prompt",
    "value": "12|2026-12|prompt",
}
_OVERDUE = dict(_ACTION, id=13, ref="cse-2026:2.1b", number="2.1b", overdue=True, rag=None)
_PLAN = {
    "plan_name": "cse-2026",
    "plan_title": "Riverton CSE Multi-Agency Action Plan 2026-27",
    "plan_kind": "strategic",
    "period": "2026-12",
    "period_label": "December 2026",
}
_DEADLINE = {"deadline": "2026-12-18", "deadline_label": "18 Dec 2026"}
_MAP = {
    "plan_name": "map-0042",
    "plan_title": "map-0042",
    "plan_kind": "map",
    "period": "2026-12",
    "period_label": "December 2026",
    "deadline": "2026-12-11",
    "deadline_label": "11 Dec 2026",
}


def _plans(top: dict[str, Any], *more: dict[str, Any]) -> dict[str, Any]:
    """Facts as the sweep writes them: the first plan's at the top, every plan under `plans`."""
    first = {k: v for k, v in top.items() if k != "actions"}
    sections = [dict(top, missed=top.get("missed", []))]
    sections += [dict(first, missed=[], **m) for m in more]
    actions = [a for section in sections for a in section["actions"]]
    return dict(first, missed=sections[0]["missed"], plans=sections, actions=actions)


ACTION_SAMPLE_FACTS: dict[MessageKind, dict[str, Any]] = {
    MessageKind.ACTIONS_PROMPT: _plans(
        {
            **_PLAN,
            **_DEADLINE,
            "step": "prompt",
            "days": None,
            "when": None,
            "actions": [_ACTION, _OVERDUE],
        },
        {**_MAP, "actions": [dict(_ACTION, id=40, ref="map-0042:1", number="1")]},
    ),
    MessageKind.ACTIONS_CHASE: _plans(
        {
            **_PLAN,
            **_DEADLINE,
            "step": "chase+0",
            "days": 0,
            "when": "on",
            "missed": ["2026-12-15"],
            "actions": [dict(_ACTION, step="chase+0", value="12|2026-12|chase+0")],
        }
    ),
    MessageKind.ACTIONS_ESCALATION: _plans(
        {
            **_PLAN,
            **_DEADLINE,
            "step": "escalation",
            "days": None,
            "when": None,
            "owner_name": "DCI Jo Harker",
            "actions": [
                _ACTION,
                dict(_OVERDUE, snoozed_until="2026-12-23", snooze_reason="On leave until Monday"),
            ],
        }
    ),
    MessageKind.ACTIONS_OVERDUE: _plans(
        {
            "plan_name": "cse-2026",
            "plan_title": "Riverton CSE Multi-Agency Action Plan 2026-27",
            "plan_kind": "strategic",
            "step": "overdue",
            "days": None,
            "when": None,
            "actions": [_OVERDUE],
        }
    ),
    MessageKind.ACTIONS_DIGEST: {
        "plan_name": "cse-2026",
        "plan_title": "Riverton CSE Multi-Agency Action Plan 2026-27",
        "plan_kind": "strategic",
        "counts": {"R": 1, "A": 3, "G": 5, "none": 1},
        "open_count": 10,
        "completed_count": 4,
        "overdue": [
            {
                "number": "2.1b",
                "description": "Outputs",
                "lead_name": "Sam Ito",
                "due_label": "30 Nov 2026",
                "due_date": "2026-11-30",
            }
        ],
        "overdue_more": 0,
        "missing": [
            {
                "number": "1.3",
                "description": "Engage young people",
                "lead_name": "Priya Shah",
                "period": "2026-12",
                "period_label": "December 2026",
            }
        ],
        "missing_more": 0,
    },
    MessageKind.ACTIONS_FORM_OFFER: {"actions": [_ACTION], "more": 0},
    MessageKind.CLOCK_STALE: {
        "since": "2026-11-24T10:00:00+00:00",
        "minutes": 10,
        "what": ["action plan prompts, reminders and escalations", "weekly action plan digests"],
        "leader": "mash-host-1:4242:9f3c2a1b",
    },
    MessageKind.SWEEP_FAILING: {
        "job": "action chases",
        "what": "action plan prompts and reminders",
        "failures": 3,
        "since": "2026-11-24T10:00:00+00:00",
        "error": "OperationalError: could not connect to server",
    },
    MessageKind.AUDIT_CHECKPOINT: {
        "at": "2026-11-24T10:00:00+00:00",
        "count": 1234,
        "last_event_id": 1240,
        "fingerprint": "3fa2c09be41d7a55",
        "in_file": True,
    },
}
