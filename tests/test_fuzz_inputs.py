"""Fuzzing the files people hand mashbot: whatever the bytes, a clear refusal, never a crash.

The plan importer (CSV and XLSX) may only raise `TableError` or list problems; the partnership
file loader may only raise `PartnershipFileError`. Hypothesis shrinks any other outcome to the
smallest file that shows it.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import partnership_file
from bot.settings import EXAMPLE_PARTNERSHIP, PROJECT_ROOT
from workflows.actions.importing import check
from workflows.actions.table import TableError, parse, read_cells

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PARTNERSHIP = partnership_file.load(EXAMPLE_PARTNERSHIP)
EXAMPLE_PLAN = (PROJECT_ROOT / "examples" / "action-plan.example.csv").read_text(encoding="utf-8")
EXAMPLE_YAML = EXAMPLE_PARTNERSHIP.read_text(encoding="utf-8")

# Cells a plan table holds, and near misses of them.
CELLS = st.one_of(
    st.sampled_from(
        [
            "Number",
            "Action",
            "Lead",
            "Due date",
            "Progress",
            "Status",
            "Theme",
            "Agency",
            "Nov 2026",
            "2026-11",
            "Dec 2026",
            "1.1",
            "1.1",
            "2.3b",
            "1. Prevention",
            "Nina Lowe",
            "sam.ito@example.org",
            "Priya Shah (CSC)",
            "31/03/2027",
            "31/02/2027",
            "June 2027",
            "R",
            "A",
            "G",
            "Purple",
            "Completed",
            "cancelled",
            "=1+1",
            "",
            " ",
            "\x1b[31m",
        ]
    ),
    st.text(max_size=20),
)
TABLES = st.lists(st.lists(CELLS, max_size=12), max_size=25)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252"])


def _csv(rows: list[list[str]]) -> str:
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def _import_checks(path: Path) -> None:
    """Read, parse and check a plan file: refusals are TableError, row problems are listed."""
    try:
        table = parse(read_cells(path))
    except TableError as refused:
        assert str(refused)
        return
    checked, problems = check(PARTNERSHIP, table)
    assert all(str(p) for p in problems)
    assert checked or problems


def _mutated(text: str, data: st.DataObject) -> str:
    """The text with a few lines deleted, repeated or replaced by generated text."""
    lines = text.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 4))):
        if not lines:
            break
        at = data.draw(st.integers(0, len(lines) - 1))
        change = data.draw(st.sampled_from(["delete", "repeat", "replace", "insert"]))
        if change == "delete":
            del lines[at]
        elif change == "repeat":
            lines.insert(at, lines[at])
        else:
            new = data.draw(st.text(max_size=40)) + "\n"
            lines[at : at + (change == "replace")] = [new]
    return "".join(lines)


@FUZZ
@given(rows=TABLES, encoding=ENCODINGS)
def test_any_csv_table_is_read_or_refused_clearly(rows: list[list[str]], encoding: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.csv"
        try:
            body = _csv(rows).encode(encoding)
        except UnicodeEncodeError:
            body = _csv(rows).encode("utf-8")
        path.write_bytes(body)
        _import_checks(path)


@FUZZ
@given(data=st.data())
def test_a_damaged_example_plan_is_read_or_refused_clearly(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.csv"
        path.write_text(_mutated(EXAMPLE_PLAN, data), encoding="utf-8")
        _import_checks(path)


@FUZZ
@given(content=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_any_bytes_are_read_or_refused_clearly(content: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"plan{suffix}"
        path.write_bytes(content)
        _import_checks(path)


def _workbook_bytes(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SMALL_WORKBOOK = _workbook_bytes(
    [
        ["Number", "Action", "Lead", "Due date", "Progress", "Nov 2026"],
        ["1.1", "x", "Nina Lowe", "", "", "G"],
    ]
)
PARTS = [
    "[Content_Types].xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "_rels/.rels",
]


@FUZZ
@given(data=st.data())
def test_a_damaged_workbook_is_read_or_refused_clearly(data: st.DataObject) -> None:
    """A real workbook with some parts dropped, emptied, truncated or replaced by junk."""
    source = zipfile.ZipFile(io.BytesIO(SMALL_WORKBOOK))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            body = source.read(name)
            change = data.draw(st.sampled_from(["keep", "keep", "keep", "drop", "cut", "junk"]))
            if change == "drop":
                continue
            if change == "cut":
                body = body[: data.draw(st.integers(0, len(body)))]
            elif change == "junk":
                body = data.draw(st.binary(max_size=200))
            target.writestr(name, body)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        path.write_bytes(out.getvalue())
        _import_checks(path)


@FUZZ
@given(rows=TABLES)
def test_any_workbook_table_is_read_or_refused_clearly(rows: list[list[str]]) -> None:
    rows = [
        [c for c in row if not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in c)] for row in rows
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        path.write_bytes(_workbook_bytes(rows))
        _import_checks(path)


def _load_refused_clearly(text: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "partnership.yaml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            partnership_file.load(path, platform="slack")
        except partnership_file.PartnershipFileError as refused:
            assert refused.problems and all(str(p) for p in refused.problems)


@FUZZ
@given(data=st.data())
def test_a_damaged_partnership_file_is_loaded_or_refused_clearly(data: st.DataObject) -> None:
    _load_refused_clearly(_mutated(EXAMPLE_YAML, data))


@FUZZ
@given(text=st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_any_partnership_file_is_loaded_or_refused_clearly(text: str | bytes) -> None:
    _load_refused_clearly(text)


YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10), st.floats()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(FUZZ, max_examples=50)
@given(data=st.data())
def test_any_value_in_any_setting_is_loaded_or_refused_clearly(data: st.DataObject) -> None:
    """One setting of the example replaced by any YAML value."""
    import yaml

    settings_ = yaml.safe_load(EXAMPLE_YAML)
    node = settings_
    for _ in range(data.draw(st.integers(1, 4))):
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node, key=str)))
        elif isinstance(node, list) and node:
            key = data.draw(st.integers(0, len(node) - 1))
        else:
            break
        parent, node = node, node[key]
    else:
        parent[key] = data.draw(YAML_VALUES)
    _load_refused_clearly(yaml.safe_dump(settings_, allow_unicode=True))
