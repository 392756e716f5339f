"""`mashbot console` (a local workspace in the terminal) and `mashbot demo`."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import func, select

from bot.app import Mashbot, build
from bot.console.line_editor import terminal_ask
from bot.console.session import ConsoleSession
from bot.settings import EXAMPLE_PARTNERSHIP, PROJECT_ROOT, Settings
from storage.models import ActionPlan
from workflows.actions.plans import PlanSettings

EXAMPLE_PLAN = PROJECT_ROOT / "examples" / "action-plan.example.csv"
EXAMPLE_PLAN_SETTINGS = PlanSettings(
    name="cse-2026",
    title="CSE strategic action plan 2026 (example)",
    owner_id="dci.harker",
    channel="cse-subgroup",
)


def register(subparsers: argparse._SubParsersAction) -> None:
    console = subparsers.add_parser("console", help="a local workspace in the terminal")
    console.add_argument(
        "--as",
        dest="email",
        default="ben.carter@example.org",
        help="act as the person with this email (default: a teacher)",
    )
    console.add_argument(
        "--no-clock",
        action="store_true",
        help="do not run reminders and chases in the background while the console is open",
    )
    console.set_defaults(run=run_console)

    demo = subparsers.add_parser("demo", help="play a scripted scenario on a fresh database")
    demo.set_defaults(run=run_demo)


def run_console(args: argparse.Namespace) -> int:
    """The console; its clock queues reminders, shown after the next thing you type."""
    from bot.clock.scheduler import start_clock

    settings = Settings()
    if settings.slack_bot_token is not None:
        print(
            "The console delivers every queued message to this terminal, so it must not share "
            "a database with a Slack bot (SLACK_BOT_TOKEN is set). Unset SLACK_BOT_TOKEN and "
            "point MASHBOT_DATABASE_URL at a database of its own to try the console.",
            file=sys.stderr,
        )
        return 1
    bot = build(settings, development=True)
    if bot.partnership.find_by_email(args.email) is None:
        bot.close()
        print(
            f"Nobody in the partnership file has the e-mail {args.email}. Check the spelling, or "
            "start the console --as someone in the file (see README: the console).",
            file=sys.stderr,
        )
        return 2
    print(plans_for_console(bot))
    clock = None if args.no_clock else start_clock(bot)
    try:
        ConsoleSession(bot, args.email, ask=terminal_ask()).loop()
    finally:
        if clock is not None:
            clock.stop()
        bot.close()
    return 0


def plans_for_console(bot: Mashbot) -> str:
    """With the example partnership and no plan yet, load the example plan so /actions shows one."""
    from bot.commands.plans import import_file

    with bot.sessions() as session:
        plans = session.scalar(select(func.count()).select_from(ActionPlan))
    if plans:
        return f"{plans} action plan{'s' if plans > 1 else ''} loaded: type /actions to see them."
    if bot.settings.partnership_file.resolve() != EXAMPLE_PARTNERSHIP.resolve():
        return (
            "No action plans yet, so /actions has nothing to show. Load one with: "
            "mashbot plan import FILE --owner EMAIL"
        )
    import_file(bot, EXAMPLE_PLAN, EXAMPLE_PLAN_SETTINGS, by="console")
    return (
        f"The example action plan {EXAMPLE_PLAN_SETTINGS.name} is loaded: type /actions mine "
        "as one of its leads (/as nina.lowe@example.org), or /actions plan "
        f"{EXAMPLE_PLAN_SETTINGS.name} as its owner (/as jo.harker@example.org)."
    )


def run_demo(_: argparse.Namespace) -> int:
    from bot.demo import play

    return play()
