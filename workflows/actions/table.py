"""Reading an action plan table (CSV or XLSX) in the source plan's layout, row numbers kept.

The layout: optional title rows; a header row starting `Number` with the columns Action, Lead,
Due date, Progress (and optionally Theme, Agency, Status) and one RAG column per reporting
period headed with its month (`Dec 2026` or `2026-12`); theme headings as rows of their own
(`1. Prevention & Response`); then one row per action (`1.2a`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from workflows.actions.cadence import parse_period
from workflows.actions.table_files import TableError, read_cells
from workflows.forms import parse_date

__all__ = ["Table", "TableError", "TableRow", "cell_text", "parse", "parse_due", "read_cells"]

COLUMNS = {
    "number": ("number", "no", "no.", "ref"),
    "theme": ("theme",),
    "action": ("action", "description"),
    "lead": ("lead",),
    "agency": ("agency",),
    "due": ("due date", "due"),
    "progress": ("progress",),
    "status": ("status",),
}
REQUIRED = ("number", "action", "lead", "due", "progress")
NUMBER = re.compile(r"^[0-9A-Za-z]{1,3}([.-][0-9A-Za-z]{1,4})*\)?$")


@dataclass(frozen=True)
class TableRow:
    row: int  # 1-based, as a spreadsheet shows it
    cells: dict[str, Any]  # by column key: number, action, lead, ... and each period
    theme_heading: str | None = None


@dataclass(frozen=True)
class Table:
    periods: list[str]
    has_theme_column: bool
    rows: list[TableRow]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse(raw: list[list[Any]]) -> Table:
    """Find the header, name the columns, and mark theme headings."""
    for index, row in enumerate(raw):
        if row and _text(row[0]).lower() in COLUMNS["number"]:
            header_at = index
            break
    else:
        raise TableError("no header row: the first column of the header must say 'Number'")
    columns: dict[int, str] = {}
    periods: list[str] = []
    for position, value in enumerate(raw[header_at]):
        name = _text(value).lower()
        key = next((k for k, words in COLUMNS.items() if name in words), None)
        is_period = False
        if key is None and name:
            key = parse_period(_text(value))
            is_period = key is not None
        if key is None:
            continue
        earlier = next((p for p, k in columns.items() if k == key), None)
        if earlier is not None:
            raise TableError(
                f"row {header_at + 1}, column {column_letter(position)}: '{_text(value)}' is "
                f"already column {column_letter(earlier)}; give each "
                f"{'period' if is_period else 'heading'} one column only, then import again"
            )
        if is_period:
            periods.append(key)
        columns[position] = key
    missing = [k for k in REQUIRED if k not in columns.values()]
    if missing:
        raise TableError(
            f"row {header_at + 1}: the header has no {', '.join(missing)} column; "
            "see examples/action-plan.example.csv"
        )
    rows: list[TableRow] = []
    for index in range(header_at + 1, len(raw)):
        values = raw[index]
        cells = {key: values[pos] if pos < len(values) else None for pos, key in columns.items()}
        texts = [_text(v) for v in values]
        if not any(texts):
            continue
        first = texts[0] if texts else ""
        if first and not any(texts[1:]) and not NUMBER.match(first):
            rows.append(TableRow(index + 1, {}, theme_heading=first))
            continue
        rows.append(TableRow(index + 1, cells))
    return Table(periods, "theme" in columns.values(), rows)


MONTH_NAMES = {
    name: n
    for n, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


def parse_due(value: Any) -> date | None:
    """A due date as plans hold it: a date cell, 30/06/2026, 2026-06-30 or `June 2026`.

    Raises ValueError for anything else; a month alone means its last day.
    """
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    parts = text.replace(",", " ").split()
    if len(parts) == 2 and parts[0].lower() in MONTH_NAMES and parts[1].isdigit():
        year, month = int(parts[1]), MONTH_NAMES[parts[0].lower()]
        if year < 1000:
            raise ValueError("give the year in full")
        following = date(year + month // 12, month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return parse_date(text)


def cell_text(value: Any) -> str:
    return _text(value)


def column_letter(position: int) -> str:
    """The spreadsheet's name of a 0-based column: 0 is A, 26 is AA."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
