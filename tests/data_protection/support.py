"""Helpers for data protection tests: the example partnership's DPO and decided referrals."""

from __future__ import annotations

from typing import Any

from bot.app import Mashbot
from tests.triage.support import PRIYA, claimed_referral, step
from workflows.triage import assessment, decisions

DEE = "dee.okoro@example.org"  # the data protection officer


def decided_referral(bot: Mashbot, outcome: str = "no_further_action", **overrides: Any) -> str:
    """A City concern, claimed, assessed and decided by Priya; its reference."""
    reference = claimed_referral(bot, **overrides)
    step(bot, PRIYA, assessment.assess, reference, "medium")
    step(bot, PRIYA, decisions.decide, reference, [outcome], "Invented rationale for the test.")
    return reference
