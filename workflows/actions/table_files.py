"""Reading a plan file's cells safely: any encoding a spreadsheet saves CSV in, and only workbooks
whose size, rows and columns are checked before a cell is read (a 1 MB zip can hold a 1 GB sheet).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 50 * 1024 * 1024  # a CSV, or a workbook as stored
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # everything a workbook holds, once unzipped
MAX_ROWS = 200_000
MAX_COLUMNS = 200
EXCEL_MAX_ROWS = 1_048_576  # no sheet has more; a forged one is not read further
SAVE_AS = "save it from your spreadsheet as 'CSV UTF-8' or 'Excel Workbook (.xlsx)' and try again"
FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


class TableError(Exception):
    """The file cannot be read as a plan table at all (no header row, not CSV or XLSX)."""


def read_cells(path: Path) -> list[list[Any]]:
    """Every row of the first sheet (XLSX) or the file (CSV), as raw cell values."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise TableError(f"{path.name}: give a .csv or .xlsx file")
    if path.is_dir():
        raise TableError(f"{path.name} is a folder; give the plan file inside it")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TableError(
            f"{path.name} is {size // (1024 * 1024)} MB; a plan file may be at most "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB. Split the plan or remove what is not the plan"
        )
    if suffix == ".csv":
        return _capped(path.name, _csv_rows(path))
    return _workbook_rows(path)


def decode(data: bytes, name: str) -> str:
    """The text of a CSV in UTF-8 (with or without BOM), UTF-16 (BOM) or Windows-1252/Latin-1."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise TableError(
                    f"{name} says it is {encoding.upper()} but is not: {SAVE_AS}"
                ) from error
    if b"\x00" in data:
        raise TableError(f"{name} is not a text CSV file (it holds binary data): {SAVE_AS}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # what Excel on Windows saves as plain "CSV"
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _csv_rows(path: Path) -> list[list[Any]]:
    text = decode(path.read_bytes(), path.name)
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as error:
        raise TableError(
            f"{path.name} is not a CSV file mashbot can read ({error}): {SAVE_AS}"
        ) from error


def _capped(name: str, rows: list[list[Any]]) -> list[list[Any]]:
    if len(rows) > MAX_ROWS:
        raise TableError(f"{name} has more than {MAX_ROWS:,} rows; a plan may have at most that")
    if any(len(row) > MAX_COLUMNS for row in rows):
        raise TableError(f"{name} has more than {MAX_COLUMNS} columns; a plan has far fewer")
    return rows


def _workbook_rows(path: Path) -> list[list[Any]]:
    _check_workbook(path)
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            if not book.worksheets:
                raise TableError(f"{path.name} has no worksheet; put the plan on the first sheet")
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # a forged size would pad every row to 16,384 columns
            rows = _first_rows(path.name, sheet.iter_rows(values_only=True))
        finally:
            book.close()
        if _has_formulas(path):
            _refuse_formulas_without_values(path, rows)
    except TableError:
        raise
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on a malformed file
        raise TableError(
            f"{path.name} is damaged or not a workbook mashbot can read ({type(error).__name__}): "
            f"{SAVE_AS}"
        ) from error
    return rows


def _first_rows(name: str, source: Any) -> list[list[Any]]:
    """Rows up to the last one holding anything; empty rows after it (formatting) are not kept."""
    rows: list[list[Any]] = []
    empty_after = 0
    for seen, row in enumerate(source):
        if seen == EXCEL_MAX_ROWS:
            break
        if len(row) > MAX_COLUMNS and any(v is not None for v in row[MAX_COLUMNS:]):
            raise TableError(f"{name} has more than {MAX_COLUMNS} columns; a plan has far fewer")
        if all(v is None or v == "" for v in row):
            empty_after += 1
            continue
        if len(rows) + empty_after >= MAX_ROWS:
            raise TableError(
                f"{name} has more than {MAX_ROWS:,} rows; a plan may have at most that"
            )
        rows.extend([] for _ in range(empty_after))
        empty_after = 0
        rows.append(list(row[:MAX_COLUMNS]))
    return rows


def _check_workbook(path: Path) -> None:
    """Refuse what is not a workbook or would unzip to too much, from the zip directory alone."""
    if not zipfile.is_zipfile(path):
        raise TableError(f"{path.name} is not an Excel workbook: {SAVE_AS}")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise TableError(f"{path.name} is a damaged workbook ({error}): {SAVE_AS}") from error
    if "xl/workbook.xml" not in names:
        raise TableError(f"{path.name} is a zip file but not an Excel workbook: {SAVE_AS}")
    unzipped = sum(e.file_size for e in entries)
    if unzipped > MAX_UNZIPPED_BYTES or len(entries) > 10_000:
        raise TableError(
            f"{path.name} would unzip to {unzipped // (1024 * 1024)} MB; a plan workbook may hold "
            f"at most {MAX_UNZIPPED_BYTES // (1024 * 1024)} MB. Copy the plan alone into a new "
            "workbook and try again"
        )


def _has_formulas(path: Path) -> bool:
    """Whether any sheet holds a formula, by streaming its XML (a plan rarely does)."""
    with zipfile.ZipFile(path) as archive:
        for part in archive.namelist():
            if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
                continue
            tail = b""
            with archive.open(part) as stream:
                while chunk := stream.read(1 << 20):
                    if FORMULA_TAG.search(tail + chunk):
                        return True
                    tail = chunk[-16:]
    return False


def _refuse_formulas_without_values(path: Path, rows: list[list[Any]]) -> None:
    """A formula cell whose value was never saved would import as empty: name each one."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    book = load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = book.worksheets[0]
        missing = [
            f"row {cell.row}, column {get_column_letter(cell.column)}"
            for index, row in enumerate(sheet.iter_rows(max_row=len(rows), max_col=MAX_COLUMNS))
            for cell in row
            if cell.data_type == "f"
            and (cell.column - 1 >= len(rows[index]) or rows[index][cell.column - 1] is None)
        ]
    finally:
        book.close()
    if missing:
        shown = "; ".join(missing[:10]) + (
            f"; and {len(missing) - 10} more" if len(missing) > 10 else ""
        )
        raise TableError(
            f"{path.name}: these cells are formulas whose result was never saved, so mashbot "
            f"cannot see it: {shown}. Open the file in Excel, save it, and import it again "
            "(or type the text instead of a formula)"
        )
