"""`mashbot retention`, `mashbot hold`, `mashbot sar` and `mashbot audit report`: the DPO's tools.

Each takes `--as EMAIL`; the workflow checks that person's role and audits what they do.
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import Mashbot, build
from messages import access_review as review_words
from messages import sar as sar_files
from messages.problems import say
from messages.render import Platform
from workflows.context import Actor, Context
from workflows.data_protection import access_review, holds, retention, sar
from workflows.errors import WorkflowError
from workflows.people import resolve


def register(subparsers: argparse._SubParsersAction) -> None:
    ret = subparsers.add_parser("retention", help="records past the retention schedule (DPO)")
    ret_sub = ret.add_subparsers(dest="retention_command", required=True)
    rep = ret_sub.add_parser("report", help="dry run: list what is due, change nothing")
    rep.set_defaults(run=retention_report)
    app = ret_sub.add_parser("apply", help="anonymise what the last report listed")
    app.set_defaults(run=retention_apply)
    hold = subparsers.add_parser("hold", help="legal holds on referrals")
    hold_sub = hold.add_subparsers(dest="hold_command", required=True)
    for name, run in (("set", hold_set), ("lift", hold_lift)):
        cmd = hold_sub.add_parser(name, help=f"{name} a legal hold (with a reason)")
        cmd.add_argument("reference")
        cmd.add_argument("--reason", required=True)
        cmd.set_defaults(run=run)
    sar_cmd = subparsers.add_parser("sar", help="subject access requests (DPO)")
    sar_sub = sar_cmd.add_subparsers(dest="sar_command", required=True)
    exp = sar_sub.add_parser("export", help="everything about one child, as a ZIP")
    exp.add_argument("reference", nargs="?", help="a referral about the child")
    exp.add_argument("--child", help="or the child's name (with --dob)")
    exp.add_argument("--dob", type=date.fromisoformat, help="YYYY-MM-DD")
    exp.add_argument("--out", type=Path, help="where to write the ZIP")
    exp.set_defaults(run=sar_export)
    for parser in (rep, app, exp, *hold_sub.choices.values()):
        parser.add_argument("--as", dest="as_email", required=True, help="your email")


def register_audit_report(audit_sub: argparse._SubParsersAction) -> None:
    """`mashbot audit report --from --to`: who viewed what and why, with flags."""
    report = audit_sub.add_parser("report", help="the access review: who viewed what and why")
    report.add_argument("--from", dest="start", type=date.fromisoformat, required=True)
    report.add_argument("--to", dest="end", type=date.fromisoformat, required=True)
    report.add_argument("--as", dest="as_email", required=True, help="your email")
    report.set_defaults(run=audit_report)


def _actor(ctx: Context, email: str) -> Actor:
    return resolve(
        ctx.session,
        ctx.partnership,
        platform="console",
        external_id=email,
        email=email,
        now=ctx.now,
    )


def _run(step, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    bot: Mashbot = build()
    try:
        with bot.unit_of_work("cli") as ctx:
            lines = step(ctx, _actor(ctx, args.as_email), args)
    except WorkflowError as error:
        print(say(error, Platform.TEXT))
        return 1
    finally:
        bot.close()
    print("\n".join(lines))
    return 0


def retention_report(args: argparse.Namespace) -> int:
    def step(ctx: Context, actor: Actor, _: argparse.Namespace) -> list[str]:
        row, found = retention.report(ctx, actor)
        counts = Counter(d.record_type for d in found.due)
        lines = [f"Retention report {row.id}: {len(found.due)} records past retention."]
        lines += [f"  {retention.LABELS[k]}: {n}" for k, n in sorted(counts.items())]
        lines += [f"  {d.reference} {d.record_type} (due {d.due_on})" for d in found.due]
        if found.held:
            lines.append(f"Kept by a legal hold: {', '.join(found.held)}.")
        if found.audit_past:
            lines.append(
                f"{found.audit_past} audit events are past retention; they are kept, because the "
                "signed audit chain needs every event (archive with a checkpoint first)."
            )
        lines.append(
            "Nothing was changed. Next: check the list, then `mashbot retention apply`."
            if found.due
            else "Nothing to do."
        )
        return lines

    return _run(step, args)


def retention_apply(args: argparse.Namespace) -> int:
    def step(ctx: Context, actor: Actor, _: argparse.Namespace) -> list[str]:
        report_id, done = retention.apply(ctx, actor)
        return [
            f"Applied retention report {report_id}: {len(done)} records anonymised "
            "(kept for figures without personal details; each recorded in the audit log)."
        ] + [f"  {d.reference} {d.record_type}" for d in done]

    return _run(step, args)


def hold_set(args: argparse.Namespace) -> int:
    def step(ctx: Context, actor: Actor, a: argparse.Namespace) -> list[str]:
        ref = holds.set_hold(ctx, actor, a.reference, a.reason)
        return [f"{ref} is under a legal hold: retention will keep it until the hold is lifted."]

    return _run(step, args)


def hold_lift(args: argparse.Namespace) -> int:
    def step(ctx: Context, actor: Actor, a: argparse.Namespace) -> list[str]:
        ref = holds.lift_hold(ctx, actor, a.reference, a.reason)
        return [f"The legal hold on {ref} is lifted: retention applies to it again."]

    return _run(step, args)


def sar_export(args: argparse.Namespace) -> int:
    def step(ctx: Context, actor: Actor, a: argparse.Namespace) -> list[str]:
        found = sar.export(ctx, actor, a.reference, name=a.child, dob=a.dob)
        out = a.out or Path(f"sar-{ctx.now:%Y%m%d-%H%M%S}.zip")
        out.write_bytes(sar_files.as_zip(found))
        return [
            f"Wrote {out}: {len(found.cases)} case(s) ({', '.join(found.references)}).",
            "Next: review and redact it (other people, serious harm) before sending anything.",
        ]

    return _run(step, args)


def audit_report(args: argparse.Namespace) -> int:
    def step(ctx: Context, actor: Actor, a: argparse.Namespace) -> list[str]:
        tz = ZoneInfo(ctx.partnership.timezone)
        start = datetime.combine(a.start, time(0), tz).astimezone(UTC)
        end = datetime.combine(a.end, time(0), tz).astimezone(UTC)
        if end <= start:
            raise WorkflowError(
                "--to must be after --from (e.g. --from 2026-11-01 --to 2026-12-01)."
            )
        found = access_review.review(ctx, actor, start, end)
        return review_words.review_lines(found, ctx.partnership.timezone)

    return _run(step, args)
