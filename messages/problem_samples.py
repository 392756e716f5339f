"""Sample facts for every refusal and problem reason, as the workflows raise them.

What tests render every refusal with, on every platform and in the pseudo-locale; a new reason
without a sample fails tests/test_wording.py.
"""

from __future__ import annotations

from typing import Any

from workflows.errors import Reason, Task

PROBLEM_SAMPLES: dict[Reason, dict[str, Any]] = {
    Reason.REFERRAL_NOT_FOUND: {"ref": "CSE-2026-00042"},
    Reason.NOT_MASH: {},
    Reason.NOT_MASH_REPORTER: {"ref": "CSE-2026-00042"},
    Reason.NOT_MASH_AGENCY_LEAD: {},
    Reason.DECISION_MAKERS_ONLY: {
        "ref": "CSE-2026-00042",
        "task": Task.ASSESS,
        "names": ["Priya Shah"],
    },
    Reason.CLAIM_FIRST: {"ref": "CSE-2026-00042", "task": Task.SET_URGENCY},
    Reason.OWNED_BY_OTHER: {"ref": "CSE-2026-00042", "owner": "Priya Shah", "task": Task.DECIDE},
    Reason.ASSESS_FIRST: {"ref": "CSE-2026-00042"},
    Reason.DETAILS_NOT_FOUND: {"ref": "CSE-2026-00042"},
    Reason.REQUEST_NOT_FOUND: {"number": "7"},
    Reason.REQUESTS_LEADS_ONLY: {},
    Reason.MASE_ONLY: {},
    Reason.MASE_AREA_NOT_COVERED: {"area": "Riverton City"},
    Reason.MASE_LIST_NOT_COVERED: {"ref": "CSE-2026-00042", "area": "Riverton City"},
    Reason.DRAFT_GONE: {},
    Reason.DRAFT_NOT_YOURS: {},
    Reason.CONCERN_ALREADY_SENT: {"ref": "CSE-2026-00042"},
    Reason.PLAN_NOT_FOUND: {"name": "cse-2026"},
    Reason.PLAN_REFUSED: {"name": "cse-2026"},
    Reason.ACTION_NOT_IN_PLAN: {"plan": "cse-2026", "number": "1.2a"},
    Reason.ACTION_NOT_LED: {"number": "1.2a"},
    Reason.ACTION_AMBIGUOUS: {"number": "1.2a", "choices": ["cse-2026:1.2a", "map-07:1.2a"]},
    Reason.ACTION_GONE: {},
    Reason.NOT_THE_LEAD: {"ref": "cse-2026:1.2a", "lead": "Nina Lowe"},
    Reason.ACTION_CLOSED: {"ref": "cse-2026:1.2a", "status": "completed"},
    Reason.NO_EARLIER_RATING: {"ref": "cse-2026:1.2a"},
    Reason.ONLY_REMINDERS_SNOOZE: {"ref": "cse-2026:1.2a"},
    Reason.NO_REMINDER: {"ref": "cse-2026:1.2a"},
    Reason.ALREADY_SNOOZED: {"ref": "cse-2026:1.2a", "earlier_reason": "on leave"},
    Reason.IMPORT_REJECTED: {"problems": ["row 4: the action has no lead"]},
    Reason.MEETING_CHAIRS_ONLY: {"task": Task.POST_AGENDA},
    Reason.MEETING_MEMBERS_ONLY: {"task": Task.DOWNLOAD_AGENDA},
    Reason.NO_SERIES: {},
    Reason.SERIES_AREA_NEEDED: {"areas": ["city", "shire"]},
    Reason.NO_MEETING_ON_DATE: {},
    Reason.MEETING_GONE: {},
    Reason.NO_MASE_HELD: {},
    Reason.NO_MAP: {"ref": "CSE-2026-00042"},
    Reason.NO_MAP_HELD: {"ref": "CSE-2026-00042"},
    Reason.NO_DATES_ASKED: {"ref": "CSE-2026-00042"},
    Reason.INVALID_INPUT: {"fields": ["level"]},
    Reason.BREAK_GLASS_NEEDS_REASON: {"ref": "CSE-2026-00042"},
    Reason.DPO_ONLY: {"doing": "run retention"},
    Reason.RETENTION_REPORT_FIRST: {},
    Reason.RETENTION_REPORT_STALE: {"days": 14},
    Reason.HOLD_REFUSED: {"ref": "CSE-2026-00042"},
    Reason.HOLD_NEEDS_REASON: {"doing": "set", "least": 10},
    Reason.ALREADY_HELD: {"ref": "CSE-2026-00042"},
    Reason.NOT_HELD: {"ref": "CSE-2026-00042"},
    Reason.ACCESS_REVIEW_MANAGERS_ONLY: {},
    Reason.PERIOD_BACKWARDS: {},
    Reason.SAR_NEEDS_CHILD: {},
    Reason.SAR_NOTHING_FOUND: {},
    Reason.LANGUAGE_UNKNOWN: {"choices": ("cy", "en")},
}
