"""Benchmark: the CPU one `messages.render.render()` takes, for the kinds the outbox delivers most.

    python bench/render.py [--renders 100] [--rounds 5] [--against REV]

Each kind below (sample facts from messages/samples.py) is rendered on Slack and on Teams, in
English and in Welsh, RENDERS times in a row; a round does every one of them. It prints the CPU
µs per render (time.process_time, the median of the rounds) for each kind and platform (both
languages together) and for the whole mix.

With `--against REV` (a commit, say the one before a change), the same renders run in a second
process from that commit's tree (`git archive REV`), each kind/platform/language run right after
this tree's, so the two share the machine's load; it prints both and the ratio (this tree / REV),
the median of the rounds' own ratios. Both processes first render every kind and say whether
their messages are the same, byte for byte: a ratio between different messages is no ratio.
The renders run in processes of their own (this one only asks them), both started alike.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.trees import export  # noqa: E402 - after the path

# What the outbox sends most: concerns to the MASH and their receipts, triage reminders,
# information requests, and an action plan's prompts, chases and escalations to every lead.
KINDS = (
    "concern_for_mash",
    "concern_receipt",
    "referral_card",
    "triage_deadline_reminder",
    "information_request",
    "actions_prompt",
    "actions_chase",
    "actions_escalation",
    "meeting_reminder",
)
PLATFORMS = ("slack", "teams")
LOCALES = ("en", "cy")
JOBS = [(k, p, loc) for k in KINDS for p in PLATFORMS for loc in LOCALES]


def worker(root: Path) -> None:
    """Render on request, from the tree at `root`: one JSON line in, one JSON line out."""
    sys.path.insert(0, str(root))
    from messages.i18n import use_locale
    from messages.render import Platform, render
    from messages.samples import SAMPLE_FACTS
    from workflows.outgoing import MessageKind

    def once(kind: str, platform: str, locale: str) -> Any:
        with use_locale(locale):
            return render(kind, SAMPLE_FACTS[MessageKind(kind)], Platform(platform))

    for line in sys.stdin:
        ask = json.loads(line)
        if ask["do"] == "outputs":  # every kind, platform and language, as sent
            digest = hashlib.sha256()
            for kind in MessageKind:
                for platform in Platform:
                    for locale in LOCALES:
                        r = once(kind.value, platform.value, locale)
                        digest.update(json.dumps([r.text, r.blocks, r.card]).encode())
            answer: Any = digest.hexdigest()
        else:
            kind, platform, locale = ask["job"]
            once(kind, platform, locale)  # warm: templates loaded, catalogues read
            start = time.process_time()
            for _ in range(ask["n"]):
                once(kind, platform, locale)
            answer = (time.process_time() - start) / ask["n"] * 1e6
        print(json.dumps(answer), flush=True)


class Renderer:
    """A worker process rendering from one tree."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", str(root)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=root,
        )

    def ask(self, **question: Any) -> Any:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(question) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--renders", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--against", metavar="REV", help="a commit to compare this tree with")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    with tempfile.TemporaryDirectory() as scratch:
        trees = {"this tree": ROOT}
        if args.against:
            trees[args.against] = export(args.against, Path(scratch))
        renderers = {name: Renderer(root) for name, root in trees.items()}
        try:
            outputs = {name: r.ask(do="outputs") for name, r in renderers.items()}
            if len(set(outputs.values())) > 1:
                print(f"WARNING: the messages differ from {args.against}'s: {outputs}")
            elif args.against:
                print(
                    f"Messages of every kind, platform and language identical to {args.against}'s"
                )
            times: dict[str, dict[tuple[str, ...], list[float]]] = {n: {} for n in trees}
            for _round in range(args.rounds):
                for job in JOBS:
                    for name, r in renderers.items():
                        us = r.ask(do="render", job=job, n=args.renders)
                        times[name].setdefault(tuple(job), []).append(us)
        finally:
            for r in renderers.values():
                r.close()
    report(times, args)


def report(times: dict[str, dict[tuple[str, ...], list[float]]], args: argparse.Namespace) -> None:
    names = list(times)
    print(
        f"CPU µs per render: {args.renders} renders a kind/platform/language, "
        f"{args.rounds} interleaved rounds, median; English and Welsh together"
    )
    print(f"{'kind':26s} {'platform':8s}" + "".join(f" {n:>12s}" for n in names), end="")
    print("  ratio (rounds)" if len(names) == 2 else "")

    def row(label: str, platform: str, jobs: list[tuple[str, ...]]) -> None:
        # a round's time for the group: the mean of its jobs in that round
        per_round = {
            n: [statistics.mean(times[n][j][i] for j in jobs) for i in range(args.rounds)]
            for n in names
        }
        line = f"{label:26s} {platform:8s}"
        line += "".join(f" {statistics.median(per_round[n]):12.0f}" for n in names)
        if len(names) == 2:
            paired = [a / b for a, b in zip(*per_round.values(), strict=True)]
            line += f"  {statistics.median(paired):5.2f} ({min(paired):.2f}-{max(paired):.2f})"
        print(line)

    for kind in KINDS:
        for platform in PLATFORMS:
            row(kind, platform, [(kind, platform, loc) for loc in LOCALES])
    row("the whole mix", "both", [tuple(j) for j in JOBS])


if __name__ == "__main__":
    main()
