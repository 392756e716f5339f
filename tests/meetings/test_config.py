"""The `meetings:` section of the partnership file is validated with plain messages."""

from __future__ import annotations

import pytest
import yaml
from pydantic import ValidationError

from bot.settings import EXAMPLE_PARTNERSHIP
from workflows.meetings.config import HolidayRule, MeetingSettings
from workflows.partnership import Partnership


def example(**meetings: object) -> dict:
    data = yaml.safe_load(EXAMPLE_PARTNERSHIP.read_text())
    data["meetings"] = {**data.get("meetings", {}), **meetings}
    return data


def test_the_example_file_sets_the_agenda_channel_and_keeps_the_defaults() -> None:
    settings = Partnership.model_validate(example()).meetings
    assert settings.agenda_channel == "mase"
    assert settings.bank_holiday_rule == HolidayRule.NEXT_WORKING_DAY
    assert [r.step for r in settings.reminders] == ["before-5wd", "before-1d"]
    assert (settings.minutes_due_working_days, settings.map_review_weeks) == (10, 6)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"agenda_channel": "nowhere"}, "meetings.agenda_channel 'nowhere' is not a channel"),
        ({"reminders": [{"working_days": 5, "days": 1}]}, "either working_days or days"),
        ({"reminders": [{"days": 1}, {"days": 1}]}, "the same reminder twice"),
        ({"bank_holiday_rule": "whenever"}, "bank_holiday_rule"),
        (
            {
                "graph": {
                    "tenant_id": "t",
                    "client_id": "c",
                    "organizer": "m@x.org",
                    "authority_host": "http://x",
                }
            },
            "authority_host",
        ),
    ],
)
def test_problems_are_named(change: dict, says: str) -> None:
    with pytest.raises(ValidationError) as problem:
        Partnership.model_validate(example(**change))
    assert says in str(problem.value)


def test_defaults_without_a_meetings_section() -> None:
    assert MeetingSettings().graph is None
