"""Helpers for meeting tests: a MASE series set up by the chair, referrals held for MASE."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.app import Mashbot
from messages.forms import problem_text, words_of
from storage.models import Meeting, OutboxMessage
from tests.triage.support import AMIRA, HARKER, NINA, PRIYA, SAM, TOM, claimed_referral, step
from workflows.meetings import series
from workflows.triage import assessment, decisions

SERIES = {
    "area": "city",
    "title": "Riverton City MASE",
    "rule": "FREQ=MONTHLY;BYDAY=2TU",
    "first_date": "01/12/2026",
    "starts": "10:00",
    "ends": "12:00",
    "location": "Riverton Police HQ, room 2",
    "online_link": "",
    "chair": HARKER,
    "deputy": "",
    "minute_taker": "",
    "members": f"{NINA}, {SAM}, {AMIRA}",
}


def set_up_series(bot: Mashbot, **changes: Any) -> series.SeriesSaved:
    return step(bot, HARKER, series.save, {**SERIES, **changes})


def mase_referral(bot: Mashbot, level: str, **overrides: Any) -> str:
    """A referral (City unless said) assessed at `level` and referred to MASE; its reference."""
    claimer = TOM if overrides.get("area") == "shire" else AMIRA
    reference = claimed_referral(bot, claimer, **overrides)
    step(bot, PRIYA, assessment.assess, reference, level, "Known to services; see chronology.")
    step(bot, PRIYA, decisions.decide, reference, ["refer_to_mase"], "Pattern of missing.")
    return reference


def meetings(bot: Mashbot, kind: str | None = None) -> list[Meeting]:
    with bot.sessions() as session:
        query = select(Meeting).order_by(Meeting.starts_at, Meeting.id)
        if kind:
            query = query.where(Meeting.kind == kind)
        return list(session.scalars(query))


def sent(bot: Mashbot, kind: str) -> list[OutboxMessage]:
    with bot.sessions() as session:
        return list(
            session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
            )
        )


def problems_worded_for(form_id: str, problems: dict[str, Any]) -> dict[str, str]:
    """A workflow's problem codes as the form's words say them, by field."""
    words = words_of(form_id)
    return {
        key: problem_text(words, words.fields.get(key), problem)
        for key, problem in problems.items()
    }
