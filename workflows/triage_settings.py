"""The `triage:` section of the partnership file: timescales, risk levels, outcomes, crime teams.

Partnerships differ in all of these, so the defaults below are common practice, not rules.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RagClock(StrEnum):
    """Which hours count towards a decision deadline."""

    WORKING_HOURS = "working_hours"  # only open-office hours count
    WORKING_DAYS = "working_days"  # every hour of a working day counts; weekends and holidays not
    CALENDAR = "calendar"  # every hour counts


class RagLevel(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    label: str
    hours: float = Field(gt=0, description="Time from receipt to the decision deadline")
    clock: RagClock = RagClock.WORKING_HOURS
    worked_through: bool = Field(
        default=False,
        description="Once the MASH has it, the clock runs past closing time (a Red is worked "
        "to completion); reminders and alerts ignore quiet hours",
    )
    remind_before_minutes: int = Field(default=60, ge=0)


class RiskLevel(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    label: str
    screening_bands: tuple[str, ...] = Field(
        default=(), description="Screening bands that suggest this level"
    )


class AgeFloor(_Strict):
    """Some areas never rate a young child below a level (e.g. never an under-13 low)."""

    under_age: int = Field(gt=0, le=25)
    lowest_level: str


class OutcomeId(StrEnum):
    """Decision outcomes; the workflow gives some of them meaning (MASE, crime)."""

    NO_FURTHER_ACTION = "no_further_action"
    ADVICE_SIGNPOSTING = "advice_signposting"
    EARLY_HELP = "early_help"
    SOCIAL_CARE_ASSESSMENT = "social_care_assessment"
    STRATEGY_DISCUSSION = "strategy_discussion"
    REFER_TO_MASE = "refer_to_mase"
    CRIME_INVESTIGATION = "crime_investigation"


DEFAULT_OUTCOME_LABELS: dict[OutcomeId, str] = {
    OutcomeId.NO_FURTHER_ACTION: "No further action",
    OutcomeId.ADVICE_SIGNPOSTING: "Advice or signposting",
    OutcomeId.EARLY_HELP: "Early help",
    OutcomeId.SOCIAL_CARE_ASSESSMENT: "Children's social care assessment",
    OutcomeId.STRATEGY_DISCUSSION: "Strategy discussion",
    OutcomeId.REFER_TO_MASE: "Refer to the next MASE meeting",
    OutcomeId.CRIME_INVESTIGATION: "Crime to investigate",
}


class CrimeTeam(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    label: str


class InformationRequests(_Strict):
    due_hours: float = Field(
        default=8,
        gt=0,
        description="Working hours an agency has to answer (never past the deadline)",
    )
    question: str = (
        "What do you hold about this child or young person, their family or the people named, "
        "that is relevant to a concern of child sexual exploitation?"
    )
    lawful_basis: str = (
        "Safeguarding a child: UK GDPR Article 6(1)(e) public task and Article 9(2)(g) "
        "substantial public interest (Data Protection Act 2018, Schedule 1, paragraph 18). "
        "Consent is not needed to share to protect a child."
    )


def _default_rag() -> tuple[RagLevel, ...]:
    return (
        RagLevel(
            id="red",
            label="Red",
            hours=4,
            clock=RagClock.WORKING_HOURS,
            worked_through=True,
            remind_before_minutes=60,
        ),
        RagLevel(
            id="amber",
            label="Amber",
            hours=24,
            clock=RagClock.WORKING_DAYS,
            remind_before_minutes=240,
        ),
        RagLevel(
            id="green",
            label="Green",
            hours=72,
            clock=RagClock.WORKING_DAYS,
            remind_before_minutes=480,
        ),
    )


def _default_risk_levels() -> tuple[RiskLevel, ...]:
    return (
        RiskLevel(id="low", label="Low", screening_bands=("Low",)),
        RiskLevel(id="medium", label="Medium", screening_bands=("Medium",)),
        RiskLevel(id="high", label="High", screening_bands=("High",)),
    )


def _default_crime_teams() -> tuple[CrimeTeam, ...]:
    return (
        CrimeTeam(id="local_cid", label="Local CID"),
        CrimeTeam(id="central_cse", label="Central CSE team"),
    )


class TriageSettings(_Strict):
    rag: tuple[RagLevel, ...] = Field(default_factory=_default_rag, min_length=1)
    risk_levels: tuple[RiskLevel, ...] = Field(
        default_factory=_default_risk_levels,
        min_length=2,
        description="Lowest first; the screening score suggests one, a decision maker decides",
    )
    age_floor: AgeFloor | None = None
    outcomes: dict[OutcomeId, str] = Field(default_factory=lambda: dict(DEFAULT_OUTCOME_LABELS))
    crime_teams: tuple[CrimeTeam, ...] = Field(default_factory=_default_crime_teams, min_length=1)
    information_requests: InformationRequests = InformationRequests()
    unrated_alert_minutes: int = Field(
        default=60,
        ge=1,
        description="Tell the MASH channel when a referral has no urgency this long after it "
        "arrived: working minutes, or plain minutes when immediate danger was reported",
    )

    @field_validator("outcomes", mode="before")
    @classmethod
    def _labels_for_every_outcome(cls, given: Any) -> Any:
        """Labels given override ours; outcomes not named keep their default label."""
        if isinstance(given, dict):
            return {**{k.value: v for k, v in DEFAULT_OUTCOME_LABELS.items()}, **given}
        return given

    @model_validator(mode="after")
    def _ids_unique_and_known(self) -> TriageSettings:
        problems: list[str] = []
        for kind, ids in (
            ("rag", [r.id for r in self.rag]),
            ("risk level", [r.id for r in self.risk_levels]),
            ("crime team", [c.id for c in self.crime_teams]),
        ):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                problems.append(f"{kind} ids must be unique; repeated: {', '.join(dupes)}")
        if self.age_floor and self.age_floor.lowest_level not in {r.id for r in self.risk_levels}:
            problems.append(
                f"age_floor.lowest_level '{self.age_floor.lowest_level}' is not a risk level"
            )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def rag_level(self, level_id: str) -> RagLevel | None:
        return next((r for r in self.rag if r.id == level_id.strip().lower()), None)

    def risk_level(self, level_id: str) -> RiskLevel | None:
        return next((r for r in self.risk_levels if r.id == level_id.strip().lower()), None)

    def risk_rank(self, level_id: str) -> int:
        return [r.id for r in self.risk_levels].index(level_id)

    def crime_team(self, team_id: str) -> CrimeTeam | None:
        return next((c for c in self.crime_teams if c.id == team_id.strip().lower()), None)

    def outcome_label(self, outcome: str) -> str:
        return self.outcomes.get(OutcomeId(outcome), outcome)
