"""Plan files as people really send them: any encoding, damaged or hostile workbooks, mistakes."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import Mashbot
from bot.cli import main
from bot.commands.plans import import_file
from messages.problems import say
from messages.render import Platform
from storage.models import PlanAction
from tests.actions.support import SMALL_PLAN, plan_settings
from workflows.actions import table_files
from workflows.actions.importing import ImportRejected
from workflows.actions.table import TableError, parse, read_cells

ACCENTED = SMALL_PLAN.replace("Brief taxi drivers", "Brief café and taxi drivers")


@pytest.mark.parametrize(
    "encoding, bom",
    [
        ("latin-1", b""),
        ("cp1252", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-8", codecs.BOM_UTF8),
    ],
)
def test_a_csv_in_any_encoding_a_spreadsheet_saves_imports_as_written(
    bot: Mashbot, tmp_path: Path, encoding: str, bom: bytes
) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(bom + ACCENTED.encode(encoding))
    assert import_file(bot, path, plan_settings()).actions == 3
    with bot.sessions() as session:
        descriptions = session.scalars(select(PlanAction.description)).all()
    assert "Brief café and taxi drivers at licence renewal" in descriptions


def test_a_binary_csv_is_refused_saying_how_to_save_it(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(b"Number,Action\x00\x01\x02\xff")
    with pytest.raises(TableError, match="not a text CSV file.*CSV UTF-8"):
        read_cells(path)


@pytest.mark.parametrize(
    "content, says",
    [
        (b"Number,Action,Lead\n1.1,x,y\n", "is not an Excel workbook"),
        (b"", "is not an Excel workbook"),
    ],
)
def test_what_is_not_a_workbook_is_refused(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(content)
    with pytest.raises(TableError, match=says):
        read_cells(path)


def test_a_zip_without_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    with pytest.raises(TableError, match="a zip file but not an Excel workbook"):
        read_cells(path)


def test_a_damaged_workbook_is_refused_not_crashed_on(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")
    with pytest.raises(TableError, match="damaged or not a workbook"):
        read_cells(path)


def test_a_zip_bomb_is_refused_before_any_of_it_is_unzipped(tmp_path: Path) -> None:
    """A small file claiming a 250 MB sheet is refused from the zip's directory alone."""
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"<row><c><v>1</v></c></row>" * 40_000  # about 1 MB
            for _ in range(250):
                sheet.write(block)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(TableError, match="would unzip to 2.. MB; a plan workbook may hold at most"):
        read_cells(path)


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_too_many_columns_or_rows_are_refused(tmp_path: Path, monkeypatch) -> None:
    wide = tmp_path / "wide.xlsx"
    _workbook(wide, [["Number"] + [None] * 300 + ["x"]])
    with pytest.raises(TableError, match="more than 200 columns"):
        read_cells(wide)
    monkeypatch.setattr(table_files, "MAX_ROWS", 5)
    long = tmp_path / "long.csv"
    long.write_text("Number\n" + "1.1\n" * 10, encoding="utf-8")
    with pytest.raises(TableError, match="more than 5 rows"):
        read_cells(long)
    _workbook(tmp_path / "long.xlsx", [["Number"]] + [["1.1"]] * 10)
    with pytest.raises(TableError, match="more than 5 rows"):
        read_cells(tmp_path / "long.xlsx")


def test_formatting_far_below_the_plan_is_not_counted_as_rows(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Number", "Action"])
    book.active.cell(500_000, 1).value = ""  # an empty cell far down, as formatting leaves
    book.save(tmp_path / "plan.xlsx")
    assert read_cells(tmp_path / "plan.xlsx") == [["Number", "Action"]]


def test_two_columns_for_the_same_period_are_refused_naming_row_and_column(
    tmp_path: Path,
) -> None:
    raw = [
        ["Plan title"],
        ["Number", "Action", "Lead", "Due date", "Progress", "Status", "Nov 2026", "2026-11"],
    ]
    with pytest.raises(TableError) as refused:
        parse(raw)
    assert "row 2, column H: '2026-11' is already column G" in str(refused.value)


def test_a_formula_with_no_saved_value_is_refused_naming_row_and_column(
    bot: Mashbot, tmp_path: Path, capsys
) -> None:
    path = _workbook(
        tmp_path / "plan.xlsx",
        [
            ["Number", "Action", "Lead", "Due date", "Progress", "Status"],
            ["1.1", "Run sessions", "Nina Lowe", "31/03/2027", '="Two of "&"six"', ""],
        ],
    )
    with pytest.raises(TableError) as refused:
        read_cells(path)
    assert "formulas whose result was never saved" in str(refused.value)
    assert "row 2, column E" in str(refused.value)


def test_text_that_looks_like_a_formula_is_still_text(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Number", "Progress"])
    book.active.append(["1.1", "=not a formula"])
    book.active["B2"].data_type = "s"
    book.save(tmp_path / "plan.xlsx")
    assert read_cells(tmp_path / "plan.xlsx")[1] == ["1.1", "=not a formula"]


def test_a_file_with_many_problems_lists_the_first_and_counts_the_rest(
    bot: Mashbot, tmp_path: Path
) -> None:
    body = "Number,Action,Lead,Due date,Progress\n" + "".join(
        f"1.{n},Action {n},Jo Nobody,31/03/2027,\n" for n in range(1, 101)
    )
    path = tmp_path / "plan.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        import_file(bot, path, plan_settings())
    lines = say(rejected.value, Platform.TEXT).splitlines()
    assert len(rejected.value.problems) == 100
    assert lines[-1] == "  and 70 more"
    assert len(lines) == 1 + 30 + 1


def test_the_command_line_says_why_a_file_cannot_be_read(
    bot: Mashbot, tmp_path: Path, database_url: str, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("MASHBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("MASHBOT_AUTO_MIGRATE", "false")
    text = tmp_path / "plan.xlsx"
    text.write_text("just text", encoding="utf-8")
    assert main(["plan", "import", str(text), "--owner", "dci.harker"]) == 1
    said = capsys.readouterr().out
    assert said.startswith("Nothing was imported: plan.xlsx is not an Excel workbook")
