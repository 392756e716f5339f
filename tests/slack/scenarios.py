"""Steps many Slack tests share: a person filling the whole concern form, counting records."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot.app import Mashbot
from bot.settings import EXAMPLE_PARTNERSHIP
from storage.models import AuditEvent, Concern
from tests.slack.fake_slack import BOT_TOKEN, FakeSlack
from tests.slack.slack_client import SIGNING_SECRET, Person
from tests.support import ANSWERS, TEST_AUDIT_KEY, TEST_DATA_KEY
from workflows.concerns import form

MASHBOT = str(Path(sys.executable).parent / "mashbot")  # the console script, as installed

# Field answers per step, as the person types or picks them in the modals.
STEPS = (form.CHILD, form.INDICATORS, form.SHARING)


def fill_concern(person: Person, *, danger: str = "no", **overrides: Any) -> dict[str, Any]:
    """Open the form with /concern and answer every step up to the review; the review modal."""
    person.start_concern()
    person.submit({"immediate_danger": danger})
    if danger == "yes":
        person.submit()  # "Carry on" past the call-for-help step
    for step in STEPS:
        answers = {**ANSWERS[step], **{k: v for k, v in overrides.items() if k in ANSWERS[step]}}
        person.submit(answers)
        assert not person.errors, person.errors
    assert person.modal is not None and person.modal["submit"]["text"] == "Send to MASH"
    return person.modal


def concerns(bot: Mashbot) -> list[Concern]:
    with bot.sessions() as session:
        return list(session.scalars(select(Concern).order_by(Concern.id)))


def audit_actions(bot: Mashbot, subject: str | None = None) -> list[tuple[str, str]]:
    """(action, actor) of each audit event, optionally for one subject."""
    query = select(AuditEvent.action, AuditEvent.actor_id).order_by(AuditEvent.id)
    if subject is not None:
        query = query.where(AuditEvent.subject == subject)
    with bot.sessions() as session:
        return [(a, b) for a, b in session.execute(query)]


def count(bot: Mashbot, model: type) -> int:
    with bot.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def texts(view: dict[str, Any]) -> str:
    """All the words a modal or message shows, for assertions about what a person reads."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("plain_text", "mrkdwn"):
                out.append(node.get("text", ""))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(view.get("blocks", view))
    return "\n".join(out)


def slack_env(database_url: str, fake: FakeSlack, **more: str) -> dict[str, str]:
    """The environment of a `mashbot` process wired to the fake Slack; nothing from ours."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MASHBOT_"))}
    return (
        base
        | {
            "MASHBOT_DATABASE_URL": database_url,
            "MASHBOT_PARTNERSHIP_FILE": str(EXAMPLE_PARTNERSHIP),
            "MASHBOT_AUDIT_KEY": TEST_AUDIT_KEY,
            "MASHBOT_DATA_KEY": TEST_DATA_KEY,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.url,
        }
        | more
    )
