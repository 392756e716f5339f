"""Benchmark: importing and exporting a plan must cost in proportion to its actions.

    python bench/plans.py [--sizes 1000,10000,100000] [--repeat 1]

For each size it writes an XLSX plan of SIZE actions (three RAG periods), then times in the same
run, on a fresh SQLite file each time:

* the baseline: reading that file with openpyxl alone (every cell of the first sheet), and
  writing the same rows with openpyxl alone (a plain write-only workbook);
* `mashbot plan import` (read, check every row, store plan, actions, history and schedule);
* `mashbot plan export` (load the board report, write XLSX and HTML).

It prints seconds per 1,000 actions and the ratio to the baseline. Both stay about the same from
1k to 100k when import and export are linear; a quadratic step would grow tenfold per size.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.keys import throwaway_keys  # noqa: E402
from bot.app import build  # noqa: E402
from bot.commands.plans import export, import_file  # noqa: E402
from bot.settings import EXAMPLE_PARTNERSHIP, Settings  # noqa: E402
from workflows.actions.cadence import Cadence  # noqa: E402
from workflows.actions.plans import PlanSettings  # noqa: E402

throwaway_keys()

LEADS = ("Nina Lowe", "sam.ito@example.org", "Priya Shah", "Tom Brennan")
HEADER = ["Number", "Action", "Lead", "Due date", "Progress", "Status"]
PERIODS = ["Sep 2026", "Oct 2026", "Nov 2026"]


def rows(size: int) -> list[list[object]]:
    """SIZE actions under themes of 100 each, in the source plan's layout."""
    out: list[list[object]] = [["Benchmark plan"], [], HEADER + PERIODS]
    for n in range(size):
        if n % 100 == 0:
            out.append([f"{n // 100 + 1}. Theme {n // 100 + 1}"])
        out.append(
            [
                f"{n // 10000 + 1}.{n // 100 % 100 + 1}.{n % 100 + 1}",
                f"Benchmark action {n} with a sentence of description",
                LEADS[n % len(LEADS)],
                "31/03/2027",
                f"Progress note {n}.",
                "",
                "GAR"[n % 3],
                "AR"[n % 2],
                "G",
            ]
        )
    return out


def write_plain(path: Path, table: list[list[object]]) -> None:
    """The baseline writer: openpyxl alone, write-only, no styling."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in table:
        sheet.append(row)
    book.save(path)


def read_plain(path: Path) -> int:
    """The baseline reader: openpyxl alone, every cell of the first sheet."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(len(row) for row in book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def timed(work) -> float:  # noqa: ANN001
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def run(size: int, folder: Path) -> dict[str, float]:
    table = rows(size)
    source = folder / f"plan-{size}.xlsx"
    write_base = timed(lambda: write_plain(source, table))
    read_base = timed(lambda: read_plain(source))
    settings = Settings(
        database_url=f"sqlite:///{folder / f'bench-{size}.db'}",
        partnership_file=EXAMPLE_PARTNERSHIP,
        slack_bot_token=None,
        slack_signing_secret=None,
    )
    bot = build(settings)
    try:
        plan = PlanSettings(
            name="bench", title="Benchmark", owner_id="dci.harker", cadence=Cadence()
        )
        imported = timed(lambda: import_file(bot, source, plan))
        exported = timed(lambda: export(bot, "bench", folder / f"out-{size}"))
    finally:
        bot.close()
    return {"read": read_base, "import": imported, "write": write_base, "export": exported}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    print(
        f"{'actions':>8} {'read s/1k':>10} {'import s/1k':>12} {'ratio':>6}"
        f" {'write s/1k':>11} {'export s/1k':>12} {'ratio':>6}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            t = run(size, Path(tmp))
            per = 1000 / size
            print(
                f"{size:>8} {t['read'] * per:>10.3f} {t['import'] * per:>12.3f}"
                f" {t['import'] / t['read']:>6.1f} {t['write'] * per:>11.3f}"
                f" {t['export'] * per:>12.3f} {t['export'] / t['write']:>6.1f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
