"""The plan table in and out: the example plan round-trips; a bad file stores nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app import Mashbot
from bot.cli import main
from bot.commands.plans import export, import_file
from bot.settings import PROJECT_ROOT
from storage.models import ActionPlan, ActionRag, ActionUpdate, AuditEvent, PlanAction
from tests.actions.support import plan_settings, write_plan
from tests.support import told
from workflows.actions.board import board_report
from workflows.actions.importing import ImportRejected, find_lead
from workflows.actions.plans import get_plan
from workflows.actions.table import parse, read_cells

EXAMPLE = PROJECT_ROOT / "examples" / "action-plan.example.csv"


def table_facts(bot: Mashbot, path: Path) -> list[tuple]:
    """What a plan table holds, read back with the importer's own reader."""
    table = parse(read_cells(path))
    facts = []
    theme = ""
    for row in table.rows:
        if row.theme_heading:
            theme = row.theme_heading
            continue
        c = row.cells
        [lead] = find_lead(bot.partnership, str(c["lead"]))
        due = c["due"]
        due = due.date() if hasattr(due, "date") else due
        ratings = {  # a cell says R or Red: the same rating
            p: str(c[p]).strip()[:1].upper() for p in table.periods if c.get(p) not in (None, "")
        }
        facts.append((str(c["number"]), theme, str(c["action"]), lead.id, due, ratings))
    return facts


def normalise(facts: list[tuple]) -> list[tuple]:
    from workflows.actions.table import parse_due

    return [(n, t, a, lead, parse_due(d), r) for n, t, a, lead, d, r in facts]


def test_the_example_plan_imports_and_exports_to_the_same_table(
    bot: Mashbot, tmp_path: Path
) -> None:
    imported = import_file(bot, EXAMPLE, plan_settings("cse-2026", channel="cse-subgroup"))
    assert imported.actions == 14
    assert imported.period_labels == ["September 2026", "October 2026", "November 2026"]
    xlsx, html = export(bot, "cse-2026", tmp_path / "out")
    assert normalise(table_facts(bot, xlsx)) == normalise(table_facts(bot, EXAMPLE))

    again = import_file(bot, xlsx, plan_settings("cse-2026-copy"))
    assert again.actions == 14
    with bot.unit_of_work("test") as ctx:
        first = board_report(ctx, get_plan(ctx, "cse-2026"))
        second = board_report(ctx, get_plan(ctx, "cse-2026-copy"))
    assert first.rows == second.rows and first.periods == second.periods
    assert [r.status for r in first.rows].count("completed") == 3

    page = html.read_text(encoding="utf-8")
    for row in first.rows:
        assert f"<td>{row.number}</td>" in page
    assert page.count('class="rag rag-') == sum(len(r.ratings) for r in first.rows)
    assert "<th>RAG September 2026</th>" in page and "Prevention &amp; Response" in page
    assert ">Green</td>" in page and "title=" not in page  # the word is shown, not hidden
    assert "RAG status: Red means off track" in page


def test_rag_cells_hold_their_word_and_are_coloured_in_the_xlsx(
    bot: Mashbot, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    import_file(bot, EXAMPLE, plan_settings("cse-2026"))
    xlsx, _ = export(bot, "cse-2026", tmp_path)
    sheet = load_workbook(xlsx).active
    colours = {
        cell.value: cell.fill.start_color.rgb[-6:]
        for row in sheet.iter_rows(min_row=4)
        for cell in row[7:]
        if cell.value
    }
    # The cell holds the word; the fill is only a help to the eye.
    assert colours == {"Red": "F4C7C3", "Amber": "FCE8B2", "Green": "B7E1CD"}
    assert sheet.cell(row=2, column=1).value.startswith("RAG status: Red means")


BAD_PLAN = """Number,Action,Lead,Due date,Progress,Status,Nov 2026
1.1,A good action,Nina Lowe,31/03/2027,Fine.,,G
1.2,An unknown lead,Jo Nobody,31/03/2027,,,A
1.3,A date nobody can read,Sam Ito,the 31st of never,,,A
1.4,A bad RAG,Sam Ito,31/03/2027,,,Purple
1.1,A repeated number,Nina Lowe,31/03/2027,,,G
"""


def test_a_bad_file_is_rejected_with_row_numbers_and_nothing_stored(
    bot: Mashbot, tmp_path: Path
) -> None:
    with pytest.raises(ImportRejected) as rejected:
        import_file(bot, write_plan(tmp_path, BAD_PLAN), plan_settings())
    problems = [str(p) for p in rejected.value.problems]
    assert problems == [
        "row 3: lead 'Jo Nobody' is not in the partnership file (use a name or email)",
        "row 4: due date 'the 31st of never' is not a date (write 30/06/2026 or June 2026)",
        "row 5: RAG 'Purple' for November 2026 is not R, A or G",
        "row 6: number 1.1 is used twice (row 2)",
    ]
    assert told(rejected.value).startswith("Nothing was imported.")
    with bot.sessions() as session:
        for model in (ActionPlan, PlanAction, ActionRag, ActionUpdate, AuditEvent):
            assert session.scalar(select(func.count()).select_from(model)) == 0, model


def test_the_command_line_lists_problems_and_imports_a_good_file(
    bot: Mashbot, tmp_path: Path, database_url: str, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("MASHBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("MASHBOT_AUTO_MIGRATE", "false")
    bad = write_plan(tmp_path, BAD_PLAN, "bad.csv")
    assert main(["plan", "import", str(bad), "--owner", "dci.harker"]) == 1
    said = capsys.readouterr().out
    assert "row 3: lead 'Jo Nobody'" in said and "row 4: due date" in said
    code = main(
        ["plan", "import", str(EXAMPLE), "--name", "cse-2026", "--owner", "dci.harker"]
        + ["--channel", "cse-subgroup", "--meeting-day", "15", "--chase=-2,0,1"]
    )
    assert code == 0
    assert "Imported plan cse-2026: 14 actions" in capsys.readouterr().out
    with bot.sessions() as session:
        plan = session.scalar(select(ActionPlan))
        assert (plan.meeting_day, plan.chase_days, plan.channel) == (15, [-2, 0, 1], "cse-subgroup")
    assert main(["plan", "export", "cse-2026", "--out", str(tmp_path / "x")]) == 0
    assert (tmp_path / "x" / "cse-2026.xlsx").exists()
    assert (
        main(["plan", "import", str(EXAMPLE), "--name", "cse-2026", "--owner", "dci.harker"]) == 1
    )
    assert "already exists" in capsys.readouterr().out


def test_due_dates_as_plans_write_them() -> None:
    from workflows.actions.table import parse_due

    assert parse_due("June 2027") == date(2027, 6, 30)
    assert parse_due("Dec 2026") == date(2026, 12, 31)
    assert parse_due("30/06/2027") == date(2027, 6, 30)
    assert parse_due("2027-06-30") == date(2027, 6, 30)
    assert parse_due("") is None
    for bad in ("30/06/27", "June", "soon"):
        with pytest.raises(ValueError):
            parse_due(bad)


def _exports(bot: Mashbot) -> int:
    with bot.sessions() as session:
        return session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "plan_exported")
        )


def test_an_export_to_a_file_is_refused_and_not_audited(
    bot: Mashbot, tmp_path: Path, database_url: str, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("MASHBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("MASHBOT_AUTO_MIGRATE", "false")
    import_file(bot, EXAMPLE, plan_settings("cse-2026"))
    target = tmp_path / "report.txt"
    target.write_text("something else", encoding="utf-8")
    assert main(["plan", "export", "cse-2026", "--out", str(target)]) == 1
    assert capsys.readouterr().out == (
        f"Nothing was exported: {target} is a file, not a folder. "
        "Give --out a folder (made if missing).\n"
    )
    assert main(["plan", "export", "cse-2026", "--out", str(target / "inside")]) == 1
    assert "Nothing was exported: " in capsys.readouterr().out
    assert target.read_text(encoding="utf-8") == "something else"
    assert _exports(bot) == 0


def test_an_export_that_fails_half_way_is_not_audited_and_leaves_no_partial_file(
    bot: Mashbot, tmp_path: Path, monkeypatch
) -> None:
    import bot.commands.plans as plans

    import_file(bot, EXAMPLE, plan_settings("cse-2026"))

    def killed(*_args: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(plans, "to_html", killed)
    with pytest.raises(KeyboardInterrupt):
        export(bot, "cse-2026", tmp_path)
    assert _exports(bot) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cse-2026.xlsx"]
    monkeypatch.undo()
    export(bot, "cse-2026", tmp_path)
    assert _exports(bot) == 1


def test_the_owner_may_be_given_by_email(
    bot: Mashbot, tmp_path: Path, database_url: str, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("MASHBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("MASHBOT_AUTO_MIGRATE", "false")
    args = ["plan", "import", str(EXAMPLE), "--name", "cse-2026", "--owner"]
    assert main([*args, "nobody@example.org"]) == 1
    assert (
        "the owner 'nobody@example.org' is not in the partnership file" in capsys.readouterr().out
    )
    assert main([*args, "Jo.Harker@example.org"]) == 0
    with bot.sessions() as session:
        assert session.scalar(select(ActionPlan.owner_id)) == "dci.harker"
