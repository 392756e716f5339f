"""Benchmark: what encryption at rest costs to submit a concern and to view its details.

    python bench/encryption.py [--concerns 200] [--repeat 3] [--sqlite-only]

For each database (a SQLite file; PostgreSQL at MASHBOT_TEST_POSTGRES_URL when reachable) it
runs, in the same process and run, the same workload twice on fresh databases:

* the baseline: protected columns written through the same column types but with a stand-in
  cipher that only tags the value (no AES-GCM, no HMAC) - i.e. the bot as it was without
  encryption, on the same code path;
* encrypted: the real `FieldCipher` (AES-GCM per value, HMAC child match key).

The workload: walk the concern form and submit CONCERNS concerns (every step saved to the draft,
as a person would), then open each one's identifying details as a MASH triager. It prints the
best time of REPEAT runs for each and the ratio encrypted / baseline.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.databases import databases, throwaway_database  # noqa: E402
from bot.app import ManualClock, build  # noqa: E402
from bot.settings import EXAMPLE_PARTNERSHIP, Settings  # noqa: E402
from storage import crypto  # noqa: E402
from storage.keys import Keyring, key_from  # noqa: E402
from workflows.concerns import details, drafts, form, report  # noqa: E402
from workflows.people import resolve  # noqa: E402

KEY = "bench-invented-data-key-0123456789abcdef-0123456789"
ANSWERS = {
    form.DANGER: {"immediate_danger": "no"},
    form.CHILD: {
        "child_name": "Benchy Inventedname",
        "child_dob": "02/05/2011",
        "child_gender": "female",
        "area": "city",
        "school_or_setting": "Invented Academy",
        "what_happened": "An invented narrative of a few sentences. " * 8,
        "when_happened": "Last Friday evening",
        "where_happened": "An invented car park",
        "others_involved": "Two invented adults",
    },
    form.INDICATORS: {"indicators_0": ["missing"], "indicators_1": ["older_boyfriend"]},
    form.SHARING: {
        "family_aware": "no",
        "consent": "not_sought",
        "sharing_reason": "To protect her from significant harm.",
        "reporter_agency": "education",
        "reporter_role": "Head of year",
        "spoke_to_lead": "yes",
    },
}


class TagOnly(crypto.FieldCipher):
    """The baseline: same column types and code path, no cryptography."""

    def encrypt(self, plain: str, label: str = "") -> str:
        return f"{crypto.PREFIX}:plain:{plain}"

    def decrypt(self, stored: str, label: str = "") -> str:
        return stored.split(":", 2)[2]

    def child_match(self, name: str, dob: date | None) -> str:
        return crypto.normalised_child(name, dob)[:64]


def _actor(bot, email: str):  # noqa: ANN001, ANN202
    with bot.unit_of_work("bench") as ctx:
        return resolve(
            ctx.session,
            ctx.partnership,
            platform="console",
            external_id=email,
            email=email,
            now=ctx.now,
        )


def workload(bot, count: int) -> None:  # noqa: ANN001
    """Submit `count` concerns step by step, then open each one's details as a triager."""
    ben, amira = _actor(bot, "ben.carter@example.org"), _actor(bot, "amira.okafor@example.org")
    references = []
    for _ in range(count):
        with bot.unit_of_work("bench") as ctx:
            draft_id = drafts.start(ctx, ben).id
        step_id: str | None = form.DANGER
        while step_id and step_id != form.REVIEW:
            with bot.unit_of_work("bench") as ctx:
                step_id = drafts.submit_step(
                    ctx, ben, draft_id, step_id, ANSWERS[step_id]
                ).next_step
        with bot.unit_of_work("bench") as ctx:
            references.append(report.submit(ctx, ben, draft_id).reference)
    for reference in references:
        with bot.unit_of_work("bench") as ctx:
            assert details.view(ctx, amira, reference)["child_name"] == "Benchy Inventedname"


def one_run(admin: str | None, encrypted: bool, count: int, workdir: Path) -> float:
    """The workload timed on a fresh database: a new SQLite file, or (`admin` given) a new
    PostgreSQL database, dropped afterwards."""
    sqlite = f"sqlite:///{workdir / secrets.token_hex(4)}.db"
    with throwaway_database(sqlite, admin) as url:
        os.environ["MASHBOT_DATA_KEY"] = KEY
        settings = Settings(
            database_url=url, partnership_file=EXAMPLE_PARTNERSHIP, auto_migrate=True
        )
        bot = build(settings, clock=ManualClock(datetime(2026, 11, 24, 10, 0, tzinfo=UTC)))
        keys = Keyring((key_from(KEY),))
        if not encrypted:
            bot.engine.dialect.mashbot_cipher = TagOnly(keys)  # type: ignore[attr-defined]
        try:
            started = time.perf_counter()
            workload(bot, count)
            return time.perf_counter() - started
        finally:
            bot.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concerns", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("MASHBOT_AUDIT_KEY", "bench-invented-audit-key-0123456789abcdef-0123")
    with tempfile.TemporaryDirectory() as tmp:
        for kind, _, admin in databases(f"sqlite:///{tmp}/unused.db", args.sqlite_only):
            best = {True: float("inf"), False: float("inf")}
            for _ in range(args.repeat):
                for encrypted in (False, True):  # interleaved, so drift hits both alike
                    took = one_run(admin, encrypted, args.concerns, Path(tmp))
                    best[encrypted] = min(best[encrypted], took)
            per = {k: v / args.concerns * 1000 for k, v in best.items()}
            print(
                f"{kind}: submit+view {args.concerns} concerns: baseline {best[False]:.2f}s "
                f"({per[False]:.1f} ms/concern), encrypted {best[True]:.2f}s "
                f"({per[True]:.1f} ms/concern), ratio {best[True] / best[False]:.3f}"
            )


if __name__ == "__main__":
    main()
