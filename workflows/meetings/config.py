"""The `meetings:` section of the partnership file: holiday rule, reminders, minutes, themes, Graph.

Partnerships run their MASE and MAP meetings differently, so every choice here has a common
default and is validated when the file is read.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HolidayRule(StrEnum):
    """Where a meeting goes when its date is a bank holiday (or a closed day)."""

    NEXT_WORKING_DAY = "next_working_day"
    PREVIOUS_WORKING_DAY = "previous_working_day"
    SAME_WEEKDAY_NEXT_WEEK = "same_weekday_next_week"
    SKIP = "skip"  # no meeting that month
    KEEP = "keep"  # meet anyway


class Reminder(_Strict):
    """One reminder before a meeting: `working_days` before it, or plain `days` before it."""

    working_days: int | None = Field(default=None, ge=1, le=30)
    days: int | None = Field(default=None, ge=1, le=30)

    @model_validator(mode="after")
    def _exactly_one(self) -> Reminder:
        if (self.working_days is None) == (self.days is None):
            raise ValueError("give a reminder either working_days or days, not both")
        return self

    @property
    def step(self) -> str:
        """The reminder's name in the sent-reminders table, e.g. `before-5wd`."""
        return f"before-{self.working_days}wd" if self.working_days else f"before-{self.days}d"


class GraphSettings(_Strict):
    """Microsoft Graph (app-only): where the bot creates Outlook events and Teams meeting links.

    The client secret is never in the file: `client_secret_env` names the variable holding it.
    """

    tenant_id: str = Field(min_length=1)
    client_id: str = Field(min_length=1)
    client_secret_env: str = Field(default="MASHBOT_GRAPH_CLIENT_SECRET", min_length=1)
    organizer: str = Field(min_length=3, description="The mailbox (UPN or id) that owns events")
    authority_host: str = Field(default="https://login.microsoftonline.com", pattern=r"^https://")
    api_url: str = Field(default="https://graph.microsoft.com/v1.0", pattern=r"^https?://")
    teams_meeting: bool = True


DEFAULT_THEMES = ("Locations of concern", "Perpetrator disruption", "Missing episodes")
DEFAULT_CONFIDENTIALITY = (
    "The information shared at this meeting is confidential. It is shared to safeguard "
    "children and may be used only for that purpose. Do not copy or forward it."
)


class MeetingSettings(_Strict):
    bank_holiday_rule: HolidayRule = HolidayRule.NEXT_WORKING_DAY
    reminders: tuple[Reminder, ...] = (Reminder(working_days=5), Reminder(days=1))
    minutes_due_working_days: int = Field(default=10, ge=1, le=60)
    minutes_chase_every_working_days: int = Field(default=2, ge=1, le=20)
    map_review_weeks: int = Field(default=6, ge=1, le=52)
    occurrences_ahead: int = Field(default=3, ge=1, le=12)
    themes: tuple[str, ...] = DEFAULT_THEMES
    confidentiality_statement: str = DEFAULT_CONFIDENTIALITY
    agenda_channel: str | None = Field(
        default=None, description="Channel key where the short agenda is posted"
    )
    closed_risk_label: str = "Risk closed"
    graph: GraphSettings | None = None

    @model_validator(mode="after")
    def _reminders_distinct(self) -> MeetingSettings:
        steps = [r.step for r in self.reminders]
        if len(set(steps)) != len(steps):
            raise ValueError("meetings.reminders lists the same reminder twice")
        return self
