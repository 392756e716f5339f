"""What the data protection workflows return: plain data that `messages/` words and files."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class View:
    at: datetime
    person_id: str
    person_name: str
    reference: str
    action: str
    entry_point: str
    reason: str | None
    break_glass: bool
    out_of_hours: bool


@dataclass(frozen=True)
class Flag:
    kind: str  # many_cases | out_of_hours | break_glass
    person_name: str
    day: date
    count: int
    references: tuple[str, ...]


@dataclass
class AccessReview:
    start: datetime
    end: datetime
    reference: str | None
    views: list[View] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def per_person(self) -> dict[str, list[View]]:
        grouped: dict[str, list[View]] = defaultdict(list)
        for view in self.views:
            grouped[view.person_name].append(view)
        return dict(sorted(grouped.items()))

    def per_case(self) -> dict[str, list[View]]:
        grouped: dict[str, list[View]] = defaultdict(list)
        for view in self.views:
            grouped[view.reference].append(view)
        return dict(sorted(grouped.items()))


@dataclass
class SubjectAccess:
    """One child's records: a list of cases, each a concern with all that followed from it."""

    made_at: datetime
    made_by: str
    cases: list[dict[str, Any]] = field(default_factory=list)

    @property
    def references(self) -> list[str]:
        return [case["reference"] for case in self.cases]
