"""The clock's meetings sweep: keep each series' next meetings scheduled (and invited), then
send the reminders that have come. Nothing goes out at night, on weekends or bank holidays."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import MeetingSeries
from workflows.context import Context
from workflows.meetings import reminders, series
from workflows.working_time import calendar_for


def sweep(ctx: Context) -> int:
    """New meetings of every active series as their dates come into view, then reminders."""
    if calendar_for(ctx.partnership).next_sending_moment(ctx.now) > ctx.now:
        return 0
    queued = len(ctx.sent)
    for row in ctx.session.scalars(
        select(MeetingSeries).where(MeetingSeries.status == "active").order_by(MeetingSeries.id)
    ):
        series.sync(ctx, row, [])
    return len(ctx.sent) - queued + reminders.sweep(ctx)
