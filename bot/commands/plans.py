"""`mashbot plan import FILE`, `plan export NAME` and `plan list`: the board's table in and out."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from bot.app import Mashbot, build
from messages.board_report import to_html, write_xlsx
from messages.problems import say
from messages.render import Platform
from storage.models import ActionPlan, PlanAction
from workflows.actions.board import board_report
from workflows.actions.cadence import Cadence
from workflows.actions.importing import Imported, import_plan
from workflows.actions.plans import PLAN_KINDS, PlanSettings, get_plan
from workflows.actions.table import TableError, parse, read_cells
from workflows.errors import WorkflowError
from workflows.working_time import calendar_for


def register(subparsers: argparse._SubParsersAction) -> None:
    plan = subparsers.add_parser("plan", help="action plans: import, export the board report, list")
    sub = plan.add_subparsers(dest="plan_command", required=True)

    imp = sub.add_parser("import", help="import a plan table (CSV or XLSX); all of it or nothing")
    imp.add_argument("file", type=Path)
    imp.add_argument("--name", help="short name used in commands (default: the file's name)")
    imp.add_argument("--title", help="the plan's title (default: the name)")
    imp.add_argument("--owner", required=True, help="the owner or chair: person id or e-mail")
    imp.add_argument("--kind", default="strategic", choices=sorted(PLAN_KINDS))
    imp.add_argument("--channel", help="channel key for the weekly digest")
    imp.add_argument("--meeting-day", type=int, default=20, help="day of the month the group meets")
    imp.add_argument("--every-months", type=int, default=1, help="1 monthly, 3 quarterly")
    imp.add_argument("--prompt-days", type=int, default=10, help="working days before the deadline")
    imp.add_argument(
        "--chase", default="-3,0,2", help="reminders, working days from the deadline (-3,0,2)"
    )
    imp.add_argument("--escalate-after", type=int, default=3, help="working days after deadline")
    imp.add_argument("--snooze-days", type=int, default=2, help="working days a snooze lasts")
    imp.add_argument("--digest-day", type=int, default=0, help="weekday of the digest, 0 Monday")
    imp.set_defaults(run=run_import)

    exp = sub.add_parser("export", help="write the board report as XLSX and HTML")
    exp.add_argument("name")
    exp.add_argument("--out", type=Path, default=Path("."), help="folder to write into")
    exp.set_defaults(run=run_export)

    listing = sub.add_parser("list", help="the plans and how many open actions each has")
    listing.set_defaults(run=run_list)


def settings_from(args: argparse.Namespace) -> PlanSettings:
    name = args.name or args.file.stem.replace(".", "-")
    return PlanSettings(
        name=name,
        title=args.title or name,
        owner_id=args.owner,
        kind=args.kind,
        channel=args.channel,
        cadence=Cadence(
            every_months=args.every_months,
            meeting_day=args.meeting_day,
            prompt_days_before=args.prompt_days,
            chase_days=tuple(int(d) for d in args.chase.split(",") if d.strip()),
            escalate_days_after=args.escalate_after,
            snooze_days=args.snooze_days,
        ),
        digest_weekday=args.digest_day,
    )


def import_file(bot: Mashbot, path: Path, settings: PlanSettings, by: str = "cli") -> Imported:
    """Read and import a plan file in one transaction; raises TableError or ImportRejected."""
    table = parse(read_cells(path))
    with bot.unit_of_work("cli") as ctx:
        return import_plan(ctx, settings, table, by)


def run_import(args: argparse.Namespace) -> int:
    try:
        settings = settings_from(args)
    except ValueError:
        print("--chase takes whole numbers separated by commas, for example -3,0,2")
        return 2
    bot = build()
    try:
        imported = import_file(bot, args.file, settings)
    except (TableError, OSError) as error:
        print(f"Nothing was imported: {error}")
        return 1
    except WorkflowError as error:
        print(say(error, Platform.TEXT))
        return 1
    finally:
        bot.close()
    periods = ", ".join(imported.period_labels) or "none"
    print(
        f"Imported plan {imported.plan_name}: {imported.actions} actions, RAG history for {periods}."
    )
    print(
        f"Leads will be asked before each deadline. See it with /actions plan {imported.plan_name}."
    )
    return 0


class ExportFailed(Exception):  # noqa: N818 - reads as the outcome
    """The report could not be written where asked; nothing was recorded as exported."""


def export(bot: Mashbot, name: str, folder: Path) -> tuple[Path, Path]:
    """Write NAME.xlsx and NAME.html into `folder`; the export is audited once both are written."""
    with bot.unit_of_work("cli") as ctx:
        plan = get_plan(ctx, name)
        report = board_report(ctx, plan)
        today = calendar_for(ctx.partnership).local(ctx.now).date()
    if folder.exists() and not folder.is_dir():
        raise ExportFailed(
            f"{folder} is a file, not a folder. Give --out a folder (made if missing)."
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        xlsx = _replace(folder / f"{report.name}.xlsx", lambda p: write_xlsx(report, p, today))
        html = _replace(
            folder / f"{report.name}.html",
            lambda p: p.write_text(to_html(report, today), encoding="utf-8"),
        )
    except OSError as error:
        raise ExportFailed(
            f"cannot write into {folder} ({error.strerror or error}). Give --out a folder you may "
            "write to."
        ) from error
    with bot.unit_of_work("cli") as ctx:
        ctx.audit("cli", "plan_exported", f"plan:{report.name}", folder=str(folder))
    return xlsx, html


def _replace(path: Path, write: Callable[[Path], object]) -> Path:
    """Write beside `path`, then rename: a half-written report never takes its place."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        write(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def run_export(args: argparse.Namespace) -> int:
    bot = build()
    try:
        xlsx, html = export(bot, args.name, args.out)
    except WorkflowError as error:
        print(say(error, Platform.TEXT))
        return 1
    except ExportFailed as error:
        print(f"Nothing was exported: {error}")
        return 1
    finally:
        bot.close()
    print(f"Wrote {xlsx} and {html}.")
    return 0


def run_list(_: argparse.Namespace) -> int:
    bot = build()
    try:
        with bot.sessions() as session:
            rows = session.execute(
                select(ActionPlan.name, ActionPlan.title, func.count(PlanAction.id))
                .outerjoin(
                    PlanAction,
                    (PlanAction.plan_id == ActionPlan.id) & (PlanAction.status == "open"),
                )
                .group_by(ActionPlan.id, ActionPlan.name, ActionPlan.title)
                .order_by(ActionPlan.name)
            ).all()
    finally:
        bot.close()
    if not rows:
        print("No plans yet. Import one with: mashbot plan import FILE --owner PERSON_ID")
    for name, title, open_count in rows:
        print(f"  {name:<20} {open_count:>4} open  {title}")
    return 0
