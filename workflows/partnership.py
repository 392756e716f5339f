"""The partnership's own description of itself: areas, agencies, people, channels, indicators.

Each partnership's procedure wins over ours, so everything a partnership may do differently is
read from its partnership file and validated here, never hard-coded in a workflow.
"""

from __future__ import annotations

from datetime import date, time
from enum import StrEnum
from typing import Literal, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from workflows.language_codes import ENGLISH, SUPPORTED_LANGUAGES, normalise
from workflows.meetings.config import MeetingSettings
from workflows.retention_schedule import RetentionSchedule
from workflows.triage_settings import TriageSettings


class Role(StrEnum):
    """What a person may do; anyone may report a concern, so reporting needs no role."""

    MASH_TRIAGER = "mash_triager"
    MASH_DECISION_MAKER = "mash_decision_maker"
    AGENCY_SAFEGUARDING_LEAD = "agency_safeguarding_lead"
    MASE_CHAIR = "mase_chair"
    ADMIN = "admin"
    DPO = "dpo"  # the data protection officer: retention reports, subject access exports


# Validation context key: the caller runs `partnership_checks` itself, to locate each problem.
LOCATED_CHECKS = "located_checks"
MASH_ROLES = frozenset({Role.MASH_TRIAGER, Role.MASH_DECISION_MAKER})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OutOfHoursContact(_Strict):
    """Who acts on a Red referral while the MASH is closed: the emergency duty team."""

    name: str = Field(description="Said in the message, e.g. 'Riverton Emergency Duty Team'")
    channel: str | None = Field(default=None, description="Key of its channel (in `channels`)")
    person: str | None = Field(default=None, description="Or the id of a person (in `people`)")

    @model_validator(mode="after")
    def _one_address(self) -> OutOfHoursContact:
        if (self.channel is None) == (self.person is None):
            raise ValueError("give exactly one of channel or person")
        return self


class Area(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    mash_channel: str = Field(description="Key of the channel (in `channels`) of this area's MASH")
    mash_phone: str = Field(description="The MASH advice line, said to every reporter")
    out_of_hours_phone: str | None = None
    out_of_hours_contact: OutOfHoursContact | None = None


ChatPlatform = Literal["slack", "teams"]


class Agency(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    channel: str | None = None
    platform: ChatPlatform | None = Field(
        default=None,
        description="Where its people known only by email are reached, when the partnership "
        "runs on both platforms (default: the first of `platforms`)",
    )


class Person(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str
    agency: str
    roles: tuple[Role, ...] = ()
    areas: tuple[str, ...] = Field(
        default=(), description="Areas whose cases a MASH role covers; empty means every area"
    )
    email: str | None = None
    slack_user_id: str | None = None
    teams_user_id: str | None = Field(
        default=None, description="The person's Microsoft Entra object id (a GUID)"
    )

    @model_validator(mode="after")
    def _known_somewhere(self) -> Person:
        if not (self.email or self.slack_user_id or self.teams_user_id):
            raise ValueError("give an email, a slack_user_id or a teams_user_id")
        return self


class ChatChannel(_Strict):
    """A channel known by our key; each platform's own id is only an address for delivery."""

    name: str
    slack_channel_id: str | None = None
    teams_team_id: str | None = Field(default=None, description="The team's id (19:...)")
    teams_channel_id: str | None = Field(
        default=None, description="The channel's id (19:...@thread.tacv2) in that team"
    )


class Indicator(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    label: str
    weight: int = Field(ge=0, le=100)


class IndicatorGroup(_Strict):
    name: str
    indicators: tuple[Indicator, ...] = Field(min_length=1)


class ScoreBand(_Strict):
    name: str
    min_score: int = Field(ge=0)


class Screening(_Strict):
    groups: tuple[IndicatorGroup, ...] = Field(min_length=1)
    bands: tuple[ScoreBand, ...] = Field(min_length=1)

    @field_validator("bands")
    @classmethod
    def _bands_start_at_zero(cls, bands: tuple[ScoreBand, ...]) -> tuple[ScoreBand, ...]:
        ordered = tuple(sorted(bands, key=lambda b: b.min_score))
        if ordered[0].min_score != 0:
            raise ValueError("the lowest score band must start at min_score 0")
        for lower, upper in zip(ordered, ordered[1:], strict=False):
            if lower.min_score == upper.min_score:
                raise ValueError(
                    f"bands '{lower.name}' and '{upper.name}' both start at min_score "
                    f"{lower.min_score}, so a score would be in both; give each its own min_score"
                )
        names = [b.name.lower() for b in ordered]
        if len(set(names)) < len(names):
            raise ValueError("two score bands have the same name; give each its own name")
        return ordered

    def indicator(self, indicator_id: str) -> Indicator | None:
        for group in self.groups:
            for indicator in group.indicators:
                if indicator.id == indicator_id:
                    return indicator
        return None

    def all_indicators(self) -> list[Indicator]:
        return [i for g in self.groups for i in g.indicators]


class WorkingHours(_Strict):
    """When the MASH is open and when routine chasing may be sent (never in quiet hours)."""

    opens: time = time(9, 0)
    closes: time = time(17, 0)
    weekdays: tuple[int, ...] = Field(default=(0, 1, 2, 3, 4), description="Monday is 0")
    bank_holidays_country: str = "GB"
    bank_holidays_subdivision: str | None = Field(
        default="ENG", description="ENG for England and Wales, SCT, NIR; none for national only"
    )
    closed_days: tuple[date, ...] = ()
    quiet_from: time = time(20, 0)
    quiet_until: time = time(8, 0)

    @model_validator(mode="after")
    def _opens_before_closing(self) -> WorkingHours:
        if self.opens >= self.closes:
            raise ValueError("opens must be earlier than closes")
        if any(not 0 <= d <= 6 for d in self.weekdays):
            raise ValueError("weekdays are numbers from 0 (Monday) to 6 (Sunday)")
        return self


class Partnership(_Strict):
    name: str
    reference_prefix: str = Field(default="CSE", pattern=r"^[A-Z]{2,6}$")
    exploitation_types: tuple[str, ...] = ("CSE",)
    emergency_number: str = "999"
    timezone: str = "Europe/London"
    language: str = Field(
        default=ENGLISH,
        description="What mashbot writes in unless a person chooses otherwise: "
        + ", ".join(SUPPORTED_LANGUAGES),
    )
    bilingual_channels: bool = Field(
        default=False,
        description="Post in shared channels in `language` first, then English",
    )
    working_hours: WorkingHours = WorkingHours()
    areas: tuple[Area, ...] = Field(min_length=1)
    fallback_mash_channel: str
    agencies: tuple[Agency, ...] = Field(min_length=1)
    people: tuple[Person, ...] = ()
    channels: dict[str, ChatChannel]
    platforms: tuple[ChatPlatform, ...] = Field(
        default=("slack",),
        min_length=1,
        description="Where the partnership works; people are reached where they are known",
    )
    screening: Screening
    triage: TriageSettings = TriageSettings()
    meetings: MeetingSettings = MeetingSettings()
    retention: RetentionSchedule | None = Field(
        default=None, description="How long records are kept; none means nothing is purged"
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError(
                f"'{name}' is not a time zone mashbot knows; use a name like Europe/London"
            ) from None
        return name

    @field_validator("language")
    @classmethod
    def _known_language(cls, code: str) -> str:
        known = normalise(code)
        if known is None:
            raise ValueError(
                f"'{code}' is not a language mashbot speaks; use one of "
                f"{', '.join(SUPPORTED_LANGUAGES)}"
            )
        return known

    @field_validator("bilingual_channels")
    @classmethod
    def _bilingual_needs_a_second_language(cls, bilingual: bool, info: ValidationInfo) -> bool:
        if bilingual and info.data.get("language") == ENGLISH:  # an unknown one is said already
            raise ValueError(
                "bilingual_channels posts in `language` and in English, so it needs a language "
                f"other than {ENGLISH}: set language (e.g. cy) or bilingual_channels: false"
            )
        return bilingual

    @model_validator(mode="after")
    def _references_resolve(self, info: ValidationInfo) -> Partnership:
        """Cross-references; the partnership file's loader checks them itself to name each line."""
        if isinstance(info.context, dict) and info.context.get(LOCATED_CHECKS):
            return self
        from workflows.partnership_checks import reference_problems

        problems = reference_problems(self)
        if problems:
            raise ValueError("; ".join(message for _, message in problems))
        return self

    # Look-ups used across workflows; all raise KeyError on an unknown id by design.
    def area(self, area_id: str) -> Area:
        for area in self.areas:
            if area.id == area_id:
                return area
        return _miss("area", area_id)

    def _has_area(self, area_id: str) -> bool:
        return any(a.id == area_id for a in self.areas)

    def agency(self, agency_id: str) -> Agency:
        for agency in self.agencies:
            if agency.id == agency_id:
                return agency
        return _miss("agency", agency_id)

    def person(self, person_id: str) -> Person:
        for person in self.people:
            if person.id == person_id:
                return person
        return _miss("person", person_id)

    def find_person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def find_by_email(self, email: str) -> Person | None:
        """The person with this e-mail, whatever its case (check-config refuses repeats)."""
        wanted = email.strip().lower()
        return next((p for p in self.people if (p.email or "").lower() == wanted), None)

    def mash_channel_for(self, area_id: str | None) -> str:
        """The MASH channel key for an area, or the fallback when the area is unknown."""
        if area_id and self._has_area(area_id):
            return self.area(area_id).mash_channel
        return self.fallback_mash_channel

    def people_with(self, role: Role, area_id: str | None = None) -> list[Person]:
        return [
            p
            for p in self.people
            if role in p.roles and (area_id is None or not p.areas or area_id in p.areas)
        ]


def _miss(kind: str, key: str) -> NoReturn:
    raise KeyError(f"unknown {kind} '{key}'")
