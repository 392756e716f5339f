"""The `retention:` section of the partnership file: how long each record type is kept, from when."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from workflows.triage_settings import OutcomeId


class RunsFrom(StrEnum):
    """The event a retention period is counted from."""

    CASE_CLOSED = "case_closed"  # the MASH decision on the referral
    BIRTHDAY_25 = "25th_birthday"  # the child's 25th birthday
    CREATED = "created"


class Rule(BaseModel):
    """Keep for `years` after the event `from`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    years: int = Field(ge=1, le=100)
    runs_from: RunsFrom = Field(alias="from")

    def due(self, created: datetime, closed: datetime | None, born: date | None) -> date | None:
        """The day the record falls due, or None while its event has not happened or is unknown."""
        if self.runs_from is RunsFrom.CREATED:
            start: date | None = created.date()
        elif self.runs_from is RunsFrom.CASE_CLOSED:
            start = closed.date() if closed else None
        else:
            start = add_years(born, 25) if born else None
        return add_years(start, self.years) if start else None


class ReferralRule(BaseModel):
    """Referrals by decision outcome; a referral with several outcomes keeps the longest."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    default: Rule
    by_outcome: dict[OutcomeId, Rule] = {}

    def for_outcomes(self, outcomes: list[str]) -> Rule:
        rules = [self.by_outcome[OutcomeId(o)] for o in outcomes if o in self.by_outcome]
        return max(
            rules,
            key=lambda r: (r.runs_from is RunsFrom.BIRTHDAY_25, r.years),
            default=self.default,
        )


class RetentionSchedule(BaseModel):
    """Per record type; meeting minutes are kept only where the meetings feature stores them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    concern: Rule
    referral: ReferralRule
    agency_answers: Rule
    meeting_minutes: Rule | None = None
    action_plans: Rule
    audit: Rule

    @model_validator(mode="after")
    def _plans_and_audit_have_no_child(self) -> RetentionSchedule:
        for name in ("action_plans", "audit"):
            if getattr(self, name).runs_from is RunsFrom.BIRTHDAY_25:
                raise ValueError(
                    f"retention.{name} cannot run from the child's 25th birthday: those records "
                    "are not about one child. Use created or case_closed."
                )
        return self


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
