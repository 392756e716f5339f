"""Importing a plan table: check every row first, then store all of it or none of it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import insert, select

from storage.models import PlanAction
from workflows.actions import history, schedule
from workflows.actions.cadence import period_label
from workflows.actions.plans import (
    ACTION_NUMBER_MAX,
    CANCELLED,
    COMPLETED,
    OPEN,
    PlanSettings,
    create,
)
from workflows.actions.table import NUMBER, Table, TableRow, cell_text, parse_due
from workflows.context import Context
from workflows.errors import Reason, WorkflowError
from workflows.partnership import Partnership, Person
from workflows.working_time import calendar_for

RAG_CELLS = {"r": "R", "red": "R", "a": "A", "amber": "A", "g": "G", "green": "G"}
STATUS_CELLS = {
    "": OPEN,
    "open": OPEN,
    "completed": COMPLETED,
    "complete": COMPLETED,
    "cancelled": CANCELLED,
    "canceled": CANCELLED,
}


@dataclass(frozen=True)
class Problem:
    row: int | None
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}" if self.row else self.message


class ImportRejected(WorkflowError):
    """The file has problems; nothing was stored. Every problem is listed with its row."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(Reason.IMPORT_REJECTED, problems=[str(p) for p in problems])
        self.problems = problems


@dataclass(frozen=True)
class CheckedAction:
    row: int
    number: str
    theme: str
    description: str
    lead: Person
    due: date | None
    progress: str
    status: str
    ratings: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Imported:
    plan_name: str
    actions: int
    periods: list[str]

    @property
    def period_labels(self) -> list[str]:
        return [period_label(p) for p in self.periods]


def find_lead(partnership: Partnership, text: str) -> list[Person]:
    """People a lead cell may mean: id, email or name (a bracketed group after it is ignored)."""
    wanted = re.sub(r"\s*\(.*?\)\s*$", "", text).strip().lower()
    return [
        p
        for p in partnership.people
        if wanted in (p.id.lower(), (p.email or "").lower(), p.name.lower())
    ]


def check(partnership: Partnership, table: Table) -> tuple[list[CheckedAction], list[Problem]]:
    """Every row checked; problems name the row as the spreadsheet numbers it."""
    problems: list[Problem] = []
    checked: list[CheckedAction] = []
    seen: dict[str, int] = {}
    theme = ""
    for row in table.rows:
        if row.theme_heading is not None:
            theme = row.theme_heading
            continue
        item = _check_row(partnership, table, row, theme, problems, seen)
        if item is not None:
            checked.append(item)
    if not checked and not problems:
        problems.append(Problem(None, "the file holds no actions"))
    return checked, problems


def _check_row(
    partnership: Partnership,
    table: Table,
    row: TableRow,
    theme: str,
    problems: list[Problem],
    seen: dict[str, int],
) -> CheckedAction | None:
    before = len(problems)
    cells = row.cells
    number = cell_text(cells.get("number"))
    if not number:
        problems.append(Problem(row.row, "the action has no number (like 1.2a)"))
    elif len(number) > ACTION_NUMBER_MAX:
        problems.append(
            Problem(
                row.row,
                f"action number '{number}' is longer than {ACTION_NUMBER_MAX} characters",
            )
        )
    elif not NUMBER.match(number):
        problems.append(Problem(row.row, f"'{number}' is not an action number like 1.2a"))
    elif number in seen:
        problems.append(Problem(row.row, f"number {number} is used twice (row {seen[number]})"))
    else:
        seen[number] = row.row
    description = cell_text(cells.get("action"))
    if not description:
        problems.append(Problem(row.row, "the action has no description"))
    lead_text = cell_text(cells.get("lead"))
    leads = find_lead(partnership, lead_text) if lead_text else []
    if not lead_text:
        problems.append(Problem(row.row, "the action has no lead"))
    elif not leads:
        problems.append(
            Problem(
                row.row, f"lead '{lead_text}' is not in the partnership file (use a name or email)"
            )
        )
    elif len(leads) > 1:
        problems.append(Problem(row.row, f"lead '{lead_text}' could be more than one person"))
    due = None
    try:
        due = parse_due(cells.get("due"))
    except ValueError:
        problems.append(
            Problem(
                row.row,
                f"due date '{cell_text(cells.get('due'))}' is not a date "
                "(write 30/06/2026 or June 2026)",
            )
        )
    status = STATUS_CELLS.get(cell_text(cells.get("status")).lower())
    if status is None:
        problems.append(
            Problem(
                row.row,
                f"status '{cell_text(cells.get('status'))}' is not Open, Completed or Cancelled",
            )
        )
    ratings: dict[str, str] = {}
    for period in table.periods:
        raw = cell_text(cells.get(period))
        if not raw:
            continue
        rating = RAG_CELLS.get(raw.lower())
        if rating is None:
            problems.append(
                Problem(row.row, f"RAG '{raw}' for {period_label(period)} is not R, A or G")
            )
        else:
            ratings[period] = rating
    if len(problems) > before:
        return None
    return CheckedAction(
        row=row.row,
        number=number,
        theme=cell_text(cells.get("theme")) if table.has_theme_column else theme,
        description=description,
        lead=leads[0],
        due=due,
        progress=cell_text(cells.get("progress")),
        status=status or OPEN,
        ratings=ratings,
    )


def _insert_actions(ctx: Context, plan_id: int, actions: list[PlanAction]) -> list[int]:
    """Insert a new plan's actions in one bulk statement; their ids in the plan's order."""
    if not actions:
        return []
    keys = {key for action in actions for key in vars(action) if not key.startswith("_")}
    ctx.session.execute(
        insert(PlanAction.__table__),
        [{key: getattr(action, key) for key in keys} for action in actions],
    )
    return list(
        ctx.session.scalars(
            select(PlanAction.id).where(PlanAction.plan_id == plan_id).order_by(PlanAction.position)
        )
    )


def import_plan(ctx: Context, settings: PlanSettings, table: Table, by: str) -> Imported:
    """Create the plan and all its actions in the caller's transaction, or raise ImportRejected.

    The owner may be given by person id or by e-mail.
    """
    owner = ctx.partnership.find_by_email(settings.owner_id) if "@" in settings.owner_id else None
    if owner is not None:
        settings = replace(settings, owner_id=owner.id)
    problems = [Problem(None, p) for p in settings.problems(ctx)]
    checked, row_problems = check(ctx.partnership, table)
    problems += row_problems
    if problems:
        raise ImportRejected(problems)
    plan = create(ctx, settings, by)
    actions = [
        PlanAction(
            plan_id=plan.id,
            number=item.number,
            position=position,
            theme=item.theme,
            description=item.description,
            lead_id=item.lead.id,
            lead_agency_id=item.lead.agency,
            due_date=item.due,
            progress=item.progress,
            status=item.status,
            created_at=ctx.now,
            updated_at=ctx.now,
        )
        for position, item in enumerate(checked, start=1)
    ]
    schedule.start_many(
        plan, [a for a in actions if a.status == OPEN], ctx.now, calendar_for(ctx.partnership)
    )
    ids = _insert_actions(ctx, plan.id, actions)
    updates: list[dict[str, object]] = []
    for action_id, item in zip(ids, checked, strict=True):
        first = {
            "action_id": action_id,
            "kind": "imported",
            "at": ctx.now,
            "by_id": by,
            "entry_point": ctx.entry_point,
            "reason": f"imported from row {item.row}",
        }
        updates.append(
            {
                **first,
                "period": None,
                "progress": item.progress,
                "new_due_date": item.due,
                "new_status": item.status,
            }
        )
        updates.extend(
            {**first, "period": period, "rag": rating}
            for period, rating in sorted(item.ratings.items())
        )
    history.record_first(ctx.session, updates)
    ctx.session.flush()
    ctx.audit(by, "plan_imported", f"plan:{plan.name}", actions=len(checked))
    return Imported(plan.name, len(checked), table.periods)
