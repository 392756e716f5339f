"""The board's report of an action plan as XLSX and HTML, in the source layout.

Both hold the same table as the source plan: theme headings, then per action its number, the
action, the lead, the due date, the progress and one RAG column per reporting period. A RAG cell
holds its word (Red, Amber, Green); its colour is only a help to the eye, never the meaning, and
both say once what the words mean.
"""

from __future__ import annotations

from copy import copy
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from messages.action_words import day, month, rag, rag_key
from messages.i18n import _, current_locale
from workflows.actions.report import BoardReport

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

# Light fills: the word in black on each has a contrast ratio of at least 7:1 (WCAG AAA).
RAG_FILL = {"R": "F4C7C3", "A": "FCE8B2", "G": "B7E1CD"}
TEXT_COLOUR = "0B0C0C"
DUE_FORMAT = "dddd d mmmm yyyy"  # a date cell stays a date; it reads "Friday 29 January 2027"
FORMULA_STARTS = ("=", "+", "-", "@")
# The XLSX is also the table `mashbot plan import` reads back, so its header, status and RAG
# cells keep the importer's (English) words in every language; its title and key are translated.
HEADER = ["Number", "Action", "Lead", "Agency", "Due date", "Progress", "Status"]
RAG_CELL = {"R": "Red", "A": "Amber", "G": "Green"}


def _status_word(status: str) -> str:
    return "" if status == "open" else status.capitalize()


def _status_shown(status: str) -> str:
    """A status as the HTML page says it, in the reader's language."""
    if status == "completed":
        return _("Completed")
    if status == "cancelled":
        return _("Cancelled")
    return _status_word(status)


def _headings() -> list[str]:
    return [
        _("Number"),
        _("Action"),
        _("Lead"),
        _("Agency"),
        _("Due date"),
        _("Progress"),
        _("Status"),
    ]


def _as_text(cells: list[Cell]) -> list[Cell]:
    """Keep a row's text as text: openpyxl takes "=…" for a formula, and Excel would on editing
    a cell starting "=", "+", "-" or "@". Plan text is not trusted."""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
    return cells


def write_xlsx(report: BoardReport, path: Path, exported_on: date) -> Path:
    """Write the report as one sheet, streamed row by row; the layout `mashbot plan import` reads."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook(write_only=True)
    sheet = book.create_sheet(report.name[:31])
    for column, width in zip("ABCDEFG", (9, 50, 20, 22, 26, 60, 11), strict=True):
        sheet.column_dimensions[column].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center")
    bold = Font(bold=True)
    fills = {code: PatternFill("solid", start_color=colour) for code, colour in RAG_FILL.items()}

    styled: dict[tuple[tuple[str, object], ...], Cell] = {}

    def cell(value: object, **style: object) -> Cell:
        """A cell; each style is set once on a template and copied (hashing styles is slow)."""
        made = WriteOnlyCell(sheet, value)
        if style:
            key = tuple(sorted(style.items(), key=lambda item: item[0]))
            template = styled.get(key)
            if template is None:
                template = styled[key] = WriteOnlyCell(sheet)
                for name, setting in style.items():
                    setattr(template, name, setting)
            made._style = copy(template._style)
        return made

    title = _(
        "%(title)s (owner: %(owner)s; exported %(date)s)",
        title=report.title,
        owner=report.owner_name,
        date=day(exported_on),
    )
    sheet.append(_as_text([cell(title, font=Font(bold=True, size=13))]))
    sheet.append(_as_text([cell(rag_key())]))
    periods = [f"RAG {label}" for label in report.period_labels]  # the importer's words
    sheet.append(_as_text([cell(h, font=bold) for h in HEADER + periods]))
    for theme, rows in report.themes():
        if theme:
            sheet.append(_as_text([cell(theme, font=bold)]))
        for row in rows:
            ratings = [row.ratings.get(p) for p in report.periods]
            sheet.append(
                _as_text(
                    [
                        cell(row.number),
                        cell(row.description, alignment=wrap),
                        cell(row.lead_name),
                        cell(row.agency_name),
                        cell(row.due_date, number_format=DUE_FORMAT),
                        cell(row.progress, alignment=wrap),
                        cell(_status_word(row.status)),
                        *(
                            cell(RAG_CELL[r], fill=fills[r], alignment=centre) if r else cell("")
                            for r in ratings
                        ),
                    ]
                )
            )
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
            text_colour=TEXT_COLOUR,
            rag=rag,
            rag_key=rag_key(),
            day=day,
            month=month,
            headings=_headings(),
            lang=current_locale(),
            status_word=_status_shown,
            _=_,
        )
    )
