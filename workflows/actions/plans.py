"""Plans: their settings, who may see them, and finding a plan or an action by what people type."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from storage.models import ActionPlan, PlanAction
from workflows.actions.cadence import Cadence, sending_moment
from workflows.context import Actor, Context
from workflows.errors import AccessDenied, NotFound, Reason
from workflows.partnership import Role
from workflows.working_time import WorkingCalendar, calendar_for

PLAN_KINDS = {
    "strategic": "Strategic action plan",
    "map": "MAP plan (one child)",
    "mase": "MASE meeting action log",
}
OPEN, COMPLETED, CANCELLED = "open", "completed", "cancelled"
# Audit subjects ("plan:NAME", "NAME:NUMBER") must fit their 60 characters on every database.
PLAN_NAME_MAX = 40
ACTION_NUMBER_MAX = 15
PLAN_NAME = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9._-]{{0,{PLAN_NAME_MAX - 1}}}$")


@dataclass(frozen=True)
class PlanSettings:
    """What a partnership chooses for one plan; everything but name, title and owner has a default."""

    name: str
    title: str
    owner_id: str
    kind: str = "strategic"
    channel: str | None = None
    cadence: Cadence = field(default_factory=Cadence)
    digest_weekday: int = 0

    def problems(self, ctx: Context) -> list[str]:
        found = list(self.cadence.problems())
        if not PLAN_NAME.match(self.name):
            found.append(
                f"the plan name must be one word of at most {PLAN_NAME_MAX} letters, digits, "
                "dots, hyphens or underscores (no spaces or colons), e.g. cse-2026"
            )
        if self.kind not in PLAN_KINDS:
            found.append(f"the kind must be one of {', '.join(PLAN_KINDS)}")
        if ctx.partnership.find_person(self.owner_id) is None:
            found.append(
                f"the owner '{self.owner_id}' is not in the partnership file "
                "(give their person id or e-mail)"
            )
        if self.channel and self.channel not in ctx.partnership.channels:
            found.append(f"the channel '{self.channel}' is not in the partnership file")
        if not 0 <= self.digest_weekday <= 6:
            found.append("the digest day is a number from 0 (Monday) to 6 (Sunday)")
        if find_plan(ctx, self.name) is not None:
            found.append(f"a plan named '{self.name}' already exists; choose another name")
        return found


def cadence_of(plan: ActionPlan) -> Cadence:
    return Cadence(
        every_months=plan.every_months,
        meeting_day=plan.meeting_day,
        prompt_days_before=plan.prompt_days_before,
        chase_days=tuple(int(d) for d in plan.chase_days),
        escalate_days_after=plan.escalate_days_after,
        snooze_days=plan.snooze_days,
    )


def create(ctx: Context, settings: PlanSettings, created_by: str) -> ActionPlan:
    """Store a plan (the caller has checked `settings.problems`)."""
    cadence = settings.cadence
    plan = ActionPlan(
        name=settings.name,
        kind=settings.kind,
        title=settings.title,
        owner_id=settings.owner_id,
        channel=settings.channel,
        every_months=cadence.every_months,
        meeting_day=cadence.meeting_day,
        prompt_days_before=cadence.prompt_days_before,
        chase_days=list(cadence.chase_days),
        escalate_days_after=cadence.escalate_days_after,
        snooze_days=cadence.snooze_days,
        digest_weekday=settings.digest_weekday,
        created_at=ctx.now,
        created_by=created_by,
    )
    plan.next_digest_at = next_digest_moment(plan, ctx.now, calendar_for(ctx.partnership))
    ctx.session.add(plan)
    ctx.session.flush()
    return plan


def next_digest_moment(
    plan: ActionPlan, after: datetime, calendar: WorkingCalendar
) -> datetime | None:
    """The plan's next weekly digest: its weekday's opening time, moved off holidays."""
    if not plan.channel:
        return None
    day = calendar.local(after).date()
    while True:
        if day.weekday() == plan.digest_weekday:
            moment = sending_moment(day, calendar)
            if moment > after:
                return moment
        day += timedelta(days=1)


def find_plan(ctx: Context, name: str) -> ActionPlan | None:
    return ctx.session.scalar(select(ActionPlan).where(ActionPlan.name == name.strip()))


def get_plan(ctx: Context, name: str) -> ActionPlan:
    plan = find_plan(ctx, name)
    if plan is None:
        raise NotFound(Reason.PLAN_NOT_FOUND, name=name.strip())
    return plan


def may_see_plan(actor: Actor, plan: ActionPlan) -> bool:
    """The owner, the MASE chair and admins see a whole plan; leads see their own actions."""
    return actor.person_id == plan.owner_id or actor.has(Role.MASE_CHAIR) or actor.has(Role.ADMIN)


def check_may_see(ctx: Context, actor: Actor, plan: ActionPlan) -> None:
    if not may_see_plan(actor, plan):
        ctx.audit(actor, "plan_view_refused", f"plan:{plan.name}")
        raise AccessDenied(Reason.PLAN_REFUSED, name=plan.name)


def reference(plan: ActionPlan, action: PlanAction) -> str:
    """How people name an action across plans: `cse-2026:1.2a`."""
    return f"{plan.name}:{action.number}"


def find_action(ctx: Context, actor: Actor, ref: str) -> tuple[ActionPlan, PlanAction]:
    """`plan:number`, or a bare number when only one of the actor's own actions has it."""
    ref = ref.strip()
    if ":" in ref:
        plan_name, number = ref.rsplit(":", 1)
        plan = get_plan(ctx, plan_name)
        action = ctx.session.scalar(
            select(PlanAction).where(PlanAction.plan_id == plan.id, PlanAction.number == number)
        )
        if action is None:
            raise NotFound(Reason.ACTION_NOT_IN_PLAN, plan=plan.name, number=number)
        return plan, action
    mine = ctx.session.execute(
        select(ActionPlan, PlanAction)
        .join(PlanAction, PlanAction.plan_id == ActionPlan.id)
        .where(PlanAction.number == ref, PlanAction.lead_id == actor.person_id)
    ).all()
    if len(mine) == 1:
        return mine[0][0], mine[0][1]
    if not mine:
        raise NotFound(Reason.ACTION_NOT_LED, number=ref)
    raise NotFound(
        Reason.ACTION_AMBIGUOUS, number=ref, choices=[f"{p.name}:{a.number}" for p, a in mine]
    )


def action_by_id(ctx: Context, action_id: int) -> tuple[ActionPlan, PlanAction]:
    action = ctx.session.get(PlanAction, action_id)
    if action is None:
        raise NotFound(Reason.ACTION_GONE)
    return ctx.session.get_one(ActionPlan, action.plan_id), action
