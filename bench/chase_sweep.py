"""Benchmark: the chase sweep must cost in proportion to the due rows, not to the table.

    python bench/chase_sweep.py [--sizes 10000,100000] [--due 2000] [--repeat 3] [--sqlite-only]

For each database (SQLite file; PostgreSQL at MASHBOT_TEST_POSTGRES_URL when reachable) and each
table size, it builds plans holding SIZE actions of which DUE are due now (with history rows for
every action, so the look-ups run against full tables), then times in the same run:

* the baseline: a plain indexed `SELECT count(*) ... WHERE next_chase_at <= now`;
* the sweep: `workflows.actions.chasing.sweep`, which sends every prompt (rolled back after each
  run so every repeat does the same work).

It prints both and their ratio. The ratio stays about the same from 10k to 100k rows when the
sweep reads only the due rows; a sweep that scanned the table would grow tenfold with it.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import build  # noqa: E402
from bot.settings import EXAMPLE_PARTNERSHIP, Settings  # noqa: E402
from storage.models import ActionPlan, ActionUpdate, PlanAction, SentChase  # noqa: E402
from workflows.actions import chasing  # noqa: E402
from workflows.context import Context  # noqa: E402

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)  # the December prompt moment (meeting on the 20th)
PLANS = 100
LEADS = ("nina.lowe", "sam.ito", "priya.shah", "tom.brennan", "amira.okafor", "ola.admin")
POSTGRES = os.environ.get(
    "MASHBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def fill(bot, total: int, due: int) -> None:  # noqa: ANN001
    """SIZE actions across PLANS plans; DUE of them due now, the rest asked in January."""
    later = NOW + timedelta(days=33)
    with bot.sessions() as session, session.begin():
        plan_ids = []
        for n in range(PLANS):
            plan = ActionPlan(
                name=f"bench-{n}",
                kind="strategic",
                title=f"Benchmark plan {n}",
                owner_id="dci.harker",
                chase_days=[-3, 0, 2],
                created_at=NOW,
                created_by="bench",
            )
            session.add(plan)
            session.flush()
            plan_ids.append(plan.id)
        due_every = total // due
        rows = []
        for n in range(total):
            is_due = n % due_every == 0 and n // due_every < due
            k = n // due_every if is_due else n  # due rows spread alike whatever the size
            rows.append(
                {
                    "plan_id": plan_ids[k % PLANS],
                    "number": f"d{k}" if is_due else f"n{n}",
                    "position": n,
                    "theme": "Benchmark",
                    "description": f"Benchmark action {n}",
                    "lead_id": LEADS[k % len(LEADS)],
                    "lead_agency_id": "csc",
                    "due_date": date(2027, 6, 30),
                    "progress": "",
                    "status": "open",
                    "created_at": NOW,
                    "updated_at": NOW,
                    "next_chase_at": NOW - timedelta(minutes=1) if is_due else later,
                    "next_chase_period": "2026-12" if is_due else "2027-01",
                    "next_chase_step": "prompt",
                }
            )
        for start in range(0, total, 5000):
            session.execute(insert(PlanAction), rows[start : start + 5000])
        ids = session.scalars(select(PlanAction.id)).all()
        history = [
            {
                "action_id": i,
                "period": "2026-12",
                "kind": "update",
                "at": NOW,
                "by_id": "bench",
                "entry_point": "bench",
                "rag": "G",
            }
            for i in ids
        ]
        sent = [
            {
                "action_id": i,
                "period": "2026-11",
                "step": "prompt",
                "sent_at": NOW - timedelta(days=28),
                "recipient_id": "bench",
                "outbox_key": f"bench:{i}",
            }
            for i in ids
        ]
        for start in range(0, len(ids), 5000):
            session.execute(insert(ActionUpdate), history[start : start + 5000])
            session.execute(insert(SentChase), sent[start : start + 5000])
        # The due rows have not answered for December: drop their December updates.
        due_ids = session.scalars(
            select(PlanAction.id).where(PlanAction.next_chase_at <= NOW)
        ).all()
        for start in range(0, len(due_ids), 1000):
            session.execute(
                ActionUpdate.__table__.delete().where(
                    ActionUpdate.action_id.in_(due_ids[start : start + 1000])
                )
            )
    if bot.engine.dialect.name == "postgresql":
        with bot.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE"))
    else:
        with bot.engine.begin() as c:
            c.execute(text("ANALYZE"))


def time_count(bot, repeat: int) -> tuple[float, int]:  # noqa: ANN001
    times, count = [], 0
    with bot.engine.connect() as connection:
        for _ in range(repeat * 5):
            start = time.perf_counter()
            count = connection.scalar(
                select(func.count()).select_from(PlanAction).where(PlanAction.next_chase_at <= NOW)
            )
            times.append(time.perf_counter() - start)
    return statistics.median(times), count


def time_sweep(bot, repeat: int) -> tuple[float, int]:  # noqa: ANN001
    times, sent = [], 0
    for _ in range(repeat):
        with bot.sessions() as session:
            session.begin()
            ctx = Context(
                session=session,
                partnership=bot.partnership,
                now=NOW,
                entry_point="bench",
                audit_log=bot.audit_log,
            )
            start = time.perf_counter()
            sent = chasing.sweep(ctx)
            session.flush()
            times.append(time.perf_counter() - start)
            session.rollback()  # every repeat does the same work
    return statistics.median(times), sent


def databases(sqlite_only: bool, folder: Path) -> list[tuple[str, str, str | None]]:
    found = [("SQLite", "sqlite:///{folder}/bench-{size}.db", None)]
    if sqlite_only:
        return found
    try:
        engine = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable": say so
        print(f"PostgreSQL not reachable ({str(error).splitlines()[0]}); SQLite only.")
        return found
    return [*found, ("PostgreSQL", POSTGRES, POSTGRES)]


def run_one(label: str, url: str, admin: str | None, size: int, due: int, repeat: int) -> dict:
    database = None
    if admin:
        database = f"mashbot_bench_{secrets.token_hex(4)}"
        with create_engine(admin, isolation_level="AUTOCOMMIT").connect() as c:
            c.execute(text(f'CREATE DATABASE "{database}"'))
        url = make_url(admin).set(database=database).render_as_string(hide_password=False)
    bot = build(Settings(database_url=url, partnership_file=EXAMPLE_PARTNERSHIP), clock=lambda: NOW)
    try:
        fill(bot, size, due)
        count_s, counted = time_count(bot, repeat)
        sweep_s, sent = time_sweep(bot, repeat)
    finally:
        bot.close()
        if database:
            with create_engine(admin, isolation_level="AUTOCOMMIT").connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
    return {
        "db": label,
        "size": size,
        "due": counted,
        "messages": sent,
        "count_ms": count_s * 1000,
        "sweep_ms": sweep_s * 1000,
        "ratio": sweep_s / count_s,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--due", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"{'database':<11}{'actions':>9}{'due':>6}{'msgs':>6}{'count ms':>10}{'sweep ms':>10}{'ratio':>8}"
    )
    with tempfile.TemporaryDirectory(prefix="mashbot-bench-") as folder:
        results = []
        for label, url, admin in databases(args.sqlite_only, Path(folder)):
            for size in sizes:
                r = run_one(
                    label, url.format(folder=folder, size=size), admin, size, args.due, args.repeat
                )
                results.append(r)
                print(
                    f"{r['db']:<11}{r['size']:>9}{r['due']:>6}{r['messages']:>6}"
                    f"{r['count_ms']:>10.2f}{r['sweep_ms']:>10.1f}{r['ratio']:>8.0f}",
                    flush=True,
                )
    for label in dict.fromkeys(r["db"] for r in results):
        rows = [r for r in results if r["db"] == label]
        if len(rows) > 1:
            print(
                f"{label}: sweep time x{rows[-1]['sweep_ms'] / rows[0]['sweep_ms']:.2f} for a table "
                f"x{rows[-1]['size'] / rows[0]['size']:.0f} with the same {rows[0]['due']} due rows"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
