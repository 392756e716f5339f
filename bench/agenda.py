"""Benchmark: building the MASE agenda must cost in proportion to the children on it.

    python bench/agenda.py [--sizes 50,200] [--repeat 5] [--sqlite-only]

On each database (SQLite, and PostgreSQL when it answers: bench/databases.py) it seeds SIZE
referrals held for MASE through the workflows themselves (reported, claimed, assessed, referred)
and a series, then times in the same run, best of `--repeat`:

* the baseline: one plain SELECT of the same rows the agenda reads (each MASE referral with its
  referral and its concern, decrypting the child's name as the agenda does);
* `agenda.build` for the next meeting: what `/mase agenda` and the full document run, before
  any rendering (the clock's sweep and the chat reply add only the rendering).

It prints milliseconds per 100 referrals for each, and the ratio of the two. The ratio staying
about the same from one size to the next means the agenda is linear; a per-child query
(the agenda looks each child up) shows as a ratio well above 1 that does not grow with size.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import databases, throwaway_database  # noqa: E402 - after the path
from bench.keys import throwaway_keys  # noqa: E402

throwaway_keys()

from bot.app import Mashbot, build  # noqa: E402
from bot.settings import EXAMPLE_PARTNERSHIP, Settings  # noqa: E402
from storage.models import Concern, MaseReferral, Meeting, Referral  # noqa: E402
from tests.meetings.support import mase_referral, set_up_series  # noqa: E402
from workflows.meetings import agenda  # noqa: E402

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def best(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def plain_select(bot: Mashbot) -> int:
    """The baseline: the agenda's rows in one query, every column read (names decrypted)."""
    with bot.sessions() as session:
        rows = session.execute(
            select(MaseReferral, Referral, Concern)
            .join(Referral, Referral.id == MaseReferral.referral_id)
            .join(Concern, Concern.id == Referral.concern_id)
            .order_by(MaseReferral.referred_at, MaseReferral.id)
        ).all()
        return sum(len(concern.child_name or "") for _, _, concern in rows)


def build_agenda(bot: Mashbot) -> int:
    with bot.unit_of_work("bench") as ctx:
        meeting = ctx.session.scalar(select(Meeting).order_by(Meeting.starts_at).limit(1))
        built = agenda.build(ctx, meeting)
        return len(built.new_referrals) + len(built.under_review)


def run(url: str, size: int, repeat: int) -> tuple[float, float]:
    settings = Settings(
        database_url=url,
        partnership_file=EXAMPLE_PARTNERSHIP,
        slack_bot_token=None,
        slack_signing_secret=None,
    )
    bot = build(settings, clock=lambda: NOW)
    try:
        set_up_series(bot)
        for _ in range(size):
            mase_referral(bot, "high")
        assert build_agenda(bot) == size, "every referral is on the agenda"
        baseline = best(lambda: plain_select(bot), repeat)
        built = best(lambda: build_agenda(bot), repeat)
    finally:
        bot.close()
    return baseline, built


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"{'database':<11} {'referrals':>9} {'SELECT ms/100':>14} {'agenda ms/100':>14} {'ratio':>6}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for label, _, admin in databases(f"sqlite:///{tmp}/unused.db", args.sqlite_only):
            for size in sizes:  # each size on a new empty database of its own
                sqlite = f"sqlite:///{Path(tmp) / f'agenda-{size}.db'}"  # PostgreSQL: made anew
                with throwaway_database(sqlite, admin) as db_url:
                    baseline, built = run(db_url, size, args.repeat)
                per = 100 / size * 1000
                print(
                    f"{label:<11} {size:>9} {baseline * per:>14.2f} {built * per:>14.2f}"
                    f" {built / baseline:>6.1f}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
