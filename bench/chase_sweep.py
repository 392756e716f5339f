"""Benchmark: the chase sweep against the floor of the same work, at two table sizes.

    python bench/chase_sweep.py [--sizes 10000,100000] [--due 2000] [--history 12] [--repeat 3]
                                [--sqlite-only]

For each database (SQLite file; PostgreSQL at MASHBOT_TEST_POSTGRES_URL when reachable) and each
table size, it builds PLANS plans holding SIZE actions of which DUE are due for their prompt now,
with the history a year-old plan has (a RAG rating, an update and a sent prompt for every action
in each of the last HISTORY months), then times, in the same run and on the same data:

* the floor: the same work done by hand in one transaction: the due rows read once, and the same
  outbox rows (one per recipient), sent-chase rows (one per due action), audit events (one per
  recipient and plan, chained) and wake-time updates written in bulk;
* the sweep: `workflows.actions.chasing.sweep`.

Both are rolled back after each run, so every repeat does the same work. It prints the sweep's
time per due action and per message, its ratio to the floor and its peak Python memory (one more,
untimed run under tracemalloc), and checks that the sweep sent exactly one message per recipient
(exit status 1 if not).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from pathlib import Path

from sqlalchemy import insert, select, text, update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.databases import databases, throwaway_database  # noqa: E402 - after the path
from bench.keys import throwaway_keys  # noqa: E402
from bot.app import build  # noqa: E402
from bot.settings import EXAMPLE_PARTNERSHIP, Settings  # noqa: E402
from storage.models import (  # noqa: E402
    ActionPlan,
    ActionRag,
    ActionUpdate,
    AuditEvent,
    AuditHead,
    OutboxMessage,
    OutboxStatus,
    PlanAction,
    SentChase,
)
from workflows.actions import chasing  # noqa: E402
from workflows.context import Context  # noqa: E402

throwaway_keys()

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)  # the December prompt moment (meeting on the 20th)
PLANS = 100
LEADS = ("nina.lowe", "sam.ito", "priya.shah", "tom.brennan", "amira.okafor", "ola.admin")


def past_periods(count: int) -> list[str]:
    """The `count` months before December 2026, oldest first."""
    found, year, month = [], 2026, 12
    for _ in range(count):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        found.append(f"{year:04d}-{month:02d}")
    return found[::-1]


def fill(bot, total: int, due: int, history: int) -> None:  # noqa: ANN001
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
        for period in past_periods(history):
            at = datetime(int(period[:4]), int(period[5:]), 10, 9, 0, tzinfo=UTC)
            for start in range(0, len(ids), 5000):
                chunk = ids[start : start + 5000]
                rag = [
                    {
                        "action_id": i,
                        "period": period,
                        "rating": "RAG"[i % 3],
                        "recorded_at": at,
                        "recorded_by": "bench",
                    }
                    for i in chunk
                ]
                answers = [
                    {
                        "action_id": i,
                        "period": period,
                        "kind": "update",
                        "at": at,
                        "by_id": "bench",
                        "entry_point": "bench",
                        "rag": "RAG"[i % 3],
                        "progress": f"Progress in {period}.",
                    }
                    for i in chunk
                ]
                prompts = [
                    {
                        "action_id": i,
                        "period": period,
                        "step": "prompt",
                        "sent_at": at,
                        "recipient_id": "bench",
                        "outbox_key": f"bench:{period}:{i}",
                    }
                    for i in chunk
                ]
                session.execute(insert(ActionRag), rag)
                session.execute(insert(ActionUpdate), answers)
                session.execute(insert(SentChase), prompts)
    if bot.engine.dialect.name == "postgresql":
        with bot.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE"))
    else:
        with bot.engine.begin() as c:
            c.execute(text("ANALYZE"))


def floor_work(ctx: Context) -> int:
    """The sweep's reads and writes with nothing else: one read, bulk writes; messages written."""
    session = ctx.session
    due = session.execute(
        select(
            PlanAction.id,
            PlanAction.plan_id,
            PlanAction.lead_id,
            PlanAction.number,
            PlanAction.description,
            PlanAction.next_chase_period,
        )
        .where(PlanAction.next_chase_at <= ctx.now)
        .order_by(PlanAction.lead_id, PlanAction.plan_id, PlanAction.id)
    ).all()
    outbox, sent, events = [], [], []
    head = session.scalar(select(AuditHead).where(AuditHead.id == 1).with_for_update())
    last_hash = head.last_hash if head else "0" * 64
    for lead, rows in groupby(due, key=lambda r: r.lead_id):
        rows = list(rows)
        key = f"floor:{lead}"
        facts = {
            "actions": [
                {"id": r.id, "number": r.number, "description": r.description} for r in rows
            ]
        }
        outbox.append(
            {
                "key": key,
                "kind": "actions_prompt",
                "recipient_type": "person",
                "recipient_id": lead,
                "facts": facts,
                "status": OutboxStatus.PENDING,
                "attempts": 0,
                "created_at": ctx.now,
                "next_attempt_at": ctx.now,
            }
        )
        for r in rows:
            sent.append(
                {
                    "action_id": r.id,
                    "period": r.next_chase_period,
                    "step": "prompt",
                    "sent_at": ctx.now,
                    "recipient_id": lead,
                    "outbox_key": key,
                }
            )
        for plan_id, in_plan in groupby(rows, key=lambda r: r.plan_id):
            details = {"to": lead, "actions": [r.number for r in in_plan]}
            body = json.dumps(  # as costly as the chain's keyed hash; not verifiable
                [last_hash, ctx.now.isoformat(), "clock", f"plan:{plan_id}", details],
                sort_keys=True,
                default=str,
            )
            digest = hashlib.sha256(body.encode()).hexdigest()
            events.append(
                {
                    "at": ctx.now,
                    "actor_id": "clock",
                    "action": "actions_prompt",
                    "subject": f"plan:{plan_id}",
                    "entry_point": "bench",
                    "details": details,
                    "prev_hash": last_hash,
                    "hash": digest,
                }
            )
            last_hash = digest
    session.execute(insert(OutboxMessage), outbox)
    session.execute(insert(SentChase), sent)
    session.execute(insert(AuditEvent), events)
    session.execute(
        update(PlanAction)
        .where(PlanAction.next_chase_at <= ctx.now)
        .values(next_chase_at=ctx.now + timedelta(days=7), next_chase_step="chase-3")
    )
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=last_hash))
    return len(outbox)


def timed(bot, work, repeat: int) -> tuple[float, int]:  # noqa: ANN001
    """Median seconds of `work(ctx)` in a transaction rolled back after each run; its result."""
    times, result = [], 0
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
            result = work(ctx)
            session.flush()
            times.append(time.perf_counter() - start)
            session.rollback()  # every repeat does the same work
    return statistics.median(times), result


def recipients(bot) -> tuple[int, int]:  # noqa: ANN001
    """(due actions, distinct leads among them): a prompt goes to each lead once."""
    with bot.sessions() as session:
        leads = (
            session.execute(select(PlanAction.lead_id).where(PlanAction.next_chase_at <= NOW))
            .scalars()
            .all()
        )
    return len(leads), len(set(leads))


def run_one(
    label: str, url: str, admin: str | None, size: int, due: int, history: int, repeat: int
) -> dict:
    with throwaway_database(url, admin) as url:
        bot = build(
            Settings(database_url=url, partnership_file=EXAMPLE_PARTNERSHIP), clock=lambda: NOW
        )
        try:
            fill(bot, size, due, history)
            counted, leads = recipients(bot)
            floor_s, floor_messages = 0.0, 0
            sweep_s, sent = 0.0, 0
            timed(bot, chasing.sweep, 1)  # warm-up: imports, caches (the bank holidays)
            for _ in range(repeat):  # alternate, so both see the same machine load
                f, floor_messages = timed(bot, floor_work, 1)
                w, sent = timed(bot, chasing.sweep, 1)
                floor_s, sweep_s = floor_s + f / repeat, sweep_s + w / repeat
            tracemalloc.start()  # once more, untimed: the sweep's peak Python memory
            timed(bot, chasing.sweep, 1)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        finally:
            bot.close()
    return {
        "db": label,
        "size": size,
        "due": counted,
        "recipients": leads,
        "messages": sent,
        "floor_messages": floor_messages,
        "floor_ms": floor_s * 1000,
        "sweep_ms": sweep_s * 1000,
        "per_due_us": sweep_s * 1e6 / max(counted, 1),
        "per_message_ms": sweep_s * 1000 / max(sent, 1),
        "ratio": sweep_s / floor_s,
        "peak_mb": peak / 1e6,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--due", type=int, default=2000)
    parser.add_argument("--history", type=int, default=12, help="months of past ratings")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"{'database':<11}{'actions':>9}{'due':>6}{'leads':>6}{'msgs':>6}{'floor ms':>10}"
        f"{'sweep ms':>10}{'us/due':>8}{'ms/msg':>8}{'ratio':>7}{'peak MB':>9}"
    )
    wrong = []
    with tempfile.TemporaryDirectory(prefix="mashbot-bench-") as folder:
        results = []
        for label, url, admin in databases("sqlite:///{folder}/bench-{size}.db", args.sqlite_only):
            for size in sizes:
                r = run_one(
                    label,
                    url.format(folder=folder, size=size),
                    admin,
                    size,
                    args.due,
                    args.history,
                    args.repeat,
                )
                results.append(r)
                print(
                    f"{r['db']:<11}{r['size']:>9}{r['due']:>6}{r['recipients']:>6}"
                    f"{r['messages']:>6}{r['floor_ms']:>10.1f}{r['sweep_ms']:>10.1f}"
                    f"{r['per_due_us']:>8.0f}{r['per_message_ms']:>8.1f}{r['ratio']:>7.1f}"
                    f"{r['peak_mb']:>9.1f}",
                    flush=True,
                )
                if r["messages"] != r["recipients"]:
                    wrong.append(
                        f"{label} {size}: {r['messages']} messages, {r['recipients']} leads"
                    )
    for label in dict.fromkeys(r["db"] for r in results):
        rows = [r for r in results if r["db"] == label]
        if len(rows) > 1:
            print(
                f"{label}: ratio to the floor x{rows[-1]['ratio'] / rows[0]['ratio']:.2f} for a "
                f"table x{rows[-1]['size'] / rows[0]['size']:.0f} with the same "
                f"{rows[0]['due']} due rows"
            )
    for problem in wrong:
        print(f"NOT ONE MESSAGE PER RECIPIENT: {problem}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
