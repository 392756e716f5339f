"""The board's report of an action plan as XLSX (RAG cells coloured) and HTML, in the source layout.

Both hold the same table as the source plan: theme headings, then per action its number, the
action, the lead, the due date, the progress and one RAG column per reporting period.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from messages.labels import RAG_WORD
from workflows.actions.report import BoardReport

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

RAG_FILL = {"R": "E06666", "A": "F6B26B", "G": "93C47D"}
FORMULA_STARTS = ("=", "+", "-", "@")
HEADER = ["Number", "Action", "Lead", "Agency", "Due date", "Progress", "Status"]


def _status_word(status: str) -> str:
    return "" if status == "open" else status.capitalize()


def _as_text(row: tuple[Cell, ...]) -> None:
    """Keep a row's text as text: openpyxl takes "=…" for a formula, and Excel would on editing
    a cell starting "=", "+", "-" or "@". Plan text is not trusted."""
    for cell in row:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True


def write_xlsx(report: BoardReport, path: Path, exported_on: date) -> Path:
    """Write the report as one sheet; the layout is the one `mashbot plan import` reads."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = report.name[:31]
    sheet.append([f"{report.title} (owner: {report.owner_name}; exported {exported_on:%d/%m/%Y})"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(HEADER + report.period_labels)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center")
    bold = Font(bold=True)
    fills = {rag: PatternFill("solid", start_color=colour) for rag, colour in RAG_FILL.items()}
    line = sheet.max_row  # counted here: openpyxl's max_row scans every cell each time it is read
    for theme, rows in report.themes():
        if theme:
            sheet.append([theme])
            line += 1
            sheet.cell(line, 1).font = bold
        for row in rows:
            sheet.append(
                [
                    row.number,
                    row.description,
                    row.lead_name,
                    row.agency_name,
                    row.due_date,
                    row.progress,
                    _status_word(row.status),
                    *(row.ratings.get(p, "") for p in report.periods),
                ]
            )
            line += 1
            sheet.cell(line, 5).number_format = "DD/MM/YYYY"
            for column in (2, 6):
                sheet.cell(line, column).alignment = wrap
            for offset, period in enumerate(report.periods):
                rating = row.ratings.get(period)
                if rating:
                    cell = sheet.cell(line, len(HEADER) + 1 + offset)
                    cell.fill = fills[rating]
                    cell.alignment = centre
    for column, width in zip("ABCDEFG", (9, 50, 20, 22, 12, 60, 11), strict=True):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows():
        _as_text(line)
    book.save(path)
    return path


@cache
def _html_environment() -> Environment:
    return Environment(
        loader=PackageLoader("messages", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def to_html(report: BoardReport, exported_on: date) -> str:
    """A self-contained HTML page of the report (escaped: plan text is not trusted)."""
    return (
        _html_environment()
        .get_template("board_report.html.j2")
        .render(
            report=report,
            exported_on=exported_on,
            rag_fill=RAG_FILL,
            rag_word=RAG_WORD,
            status_word=_status_word,
        )
    )
