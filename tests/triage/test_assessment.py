"""Risk assessment: the screening suggests, a decision maker decides, an override needs a reason."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from messages.problems import field_errors
from storage.models import RiskAssessment
from tests.support import report_concern, told
from tests.triage.support import AMIRA, PRIYA, audit_actions, claimed_referral, step
from workflows.errors import AccessDenied, InvalidInput
from workflows.triage import assessment


def test_agreeing_with_the_suggestion_needs_no_rationale(bot) -> None:
    reference = claimed_referral(bot)  # missing (3) + older boyfriend (3) = 6: Medium
    suggestion, previous = step(bot, PRIYA, assessment.prepare, reference)
    assert (suggestion.band, suggestion.score, suggestion.level_label) == ("Medium", 6, "Medium")
    assert previous is None
    result = step(bot, PRIYA, assessment.assess, reference, "medium")
    assert (result.level_label, result.override) == ("Medium", False)


def test_an_override_without_a_rationale_is_refused_with_a_clear_error(bot) -> None:
    reference = claimed_referral(bot)
    with pytest.raises(InvalidInput) as refused:
        step(bot, PRIYA, assessment.assess, reference, "high", "  ")
    assert field_errors(refused.value, "text") == {
        "rationale": "The signs checklist suggests Medium. To record High, say why in the rationale."
    }
    with bot.sessions() as session:
        assert session.scalars(select(RiskAssessment)).all() == []
    result = step(
        bot, PRIYA, assessment.assess, reference, "high", "Police intelligence links the car."
    )
    assert result.override and result.suggested_label == "Medium"
    with bot.sessions() as session:
        row = session.scalar(select(RiskAssessment))
        assert (row.suggested_level, row.level) == ("medium", "high")
        assert row.rationale == "Police intelligence links the car."
    assert "risk_assessed" in audit_actions(bot, reference)


def test_a_reassessment_replaces_the_last_and_keeps_it(bot) -> None:
    reference = claimed_referral(bot)
    step(bot, PRIYA, assessment.assess, reference, "medium")
    step(bot, PRIYA, assessment.assess, reference, "low", "Disclosure withdrawn; kept open.")
    with bot.sessions() as session:
        rows = session.scalars(select(RiskAssessment).order_by(RiskAssessment.id)).all()
    assert [r.level for r in rows] == ["medium", "low"] and rows[1].replaces_id == rows[0].id


def test_an_under_13_is_never_rated_low(bot) -> None:
    reference = report_concern(bot, child_dob="01/09/2015")  # eleven
    suggestion, _ = step(bot, PRIYA, assessment.prepare, reference)
    assert suggestion.level_label == "Medium"
    with pytest.raises(InvalidInput) as low:
        step(bot, PRIYA, assessment.assess, reference, "low", "Seems fine.")
    assert field_errors(low.value, "text") == {
        "level": "This partnership never rates a child under 13 below Medium: choose Medium or "
        "higher."
    }


def test_a_low_band_for_a_young_child_is_lifted_to_the_floor(bot) -> None:
    reference = report_concern(
        bot, child_dob="01/09/2015", indicators_0=["school_absence"], indicators_1=[]
    )
    suggestion, _ = step(bot, PRIYA, assessment.prepare, reference)
    assert (suggestion.band, suggestion.level_label, suggestion.raised_for_age) == (
        "Low",
        "Medium",
        True,
    )


def test_unknown_levels_and_triagers_are_refused(bot) -> None:
    reference = claimed_referral(bot)
    with pytest.raises(InvalidInput) as unknown:
        step(bot, PRIYA, assessment.assess, reference, "severe")
    assert field_errors(unknown.value, "text") == {"level": "Choose one of: Low, Medium, High."}
    with pytest.raises(AccessDenied) as triager:
        step(bot, AMIRA, assessment.assess, reference, "medium")
    assert told(triager.value) == (
        "Only a MASH decision maker can record a risk assessment. Ask Priya Shah to do it for "
        f"{reference}."
    )
