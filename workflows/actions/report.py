"""The board's table as plain data: what the XLSX and HTML reports and a plan's view in chat show.

No storage here, so `messages/` may render it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from workflows.actions.cadence import period_label


@dataclass(frozen=True)
class BoardRow:
    number: str
    theme: str
    description: str
    lead_name: str
    agency_name: str
    due_date: date | None
    progress: str
    status: str
    ratings: dict[str, str]  # period -> R | A | G


@dataclass(frozen=True)
class BoardReport:
    name: str
    title: str
    kind: str
    owner_name: str
    periods: list[str]
    rows: list[BoardRow] = field(default_factory=list)

    @property
    def period_labels(self) -> list[str]:
        return [period_label(p) for p in self.periods]

    def themes(self) -> list[tuple[str, list[BoardRow]]]:
        """Rows grouped under their themes, in the plan's order, as the source table is."""
        grouped: list[tuple[str, list[BoardRow]]] = []
        for row in self.rows:
            if not grouped or grouped[-1][0] != row.theme:
                grouped.append((row.theme, []))
            grouped[-1][1].append(row)
        return grouped
