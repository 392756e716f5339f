"""Reading an action plan table (CSV or XLSX) in the source plan's layout, row numbers kept.

The layout: optional title rows; a header row starting `Number` with the columns Action, Lead,
Due date, Progress (and optionally Theme, Agency, Status) and one RAG column per reporting
period headed with its month (`Dec 2026` or `2026-12`); theme headings as rows of their own
(`1. Prevention & Response`); then one row per action (`1.2a`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from workflows.actions.cadence import parse_period
from workflows.forms import parse_date

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


class TableError(Exception):
    """The file cannot be read as a plan table at all (no header row, not CSV or XLSX)."""


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


def read_cells(path: Path) -> list[list[Any]]:
    """Every row of the first sheet (XLSX) or the file (CSV), as raw cell values."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return [list(row) for row in csv.reader(handle)]
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    raise TableError(f"{path.name}: give a .csv or .xlsx file")


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
        if key is None:
            key = parse_period(_text(value)) if name else None
            if key is not None:
                periods.append(key)
        if key is not None:
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
