"""Two people changing one referral at once: the second builds on the first, never beside it."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select

from storage.models import TriageDecision
from tests.support import actor, report_concern
from tests.triage.support import MARCUS, PRIYA, step
from workflows.errors import InvalidInput
from workflows.triage import assessment, decisions


def test_a_decision_made_while_another_is_in_hand_must_be_a_correction(bot) -> None:
    reference = report_concern(bot, area="shire")
    step(bot, PRIYA, assessment.assess, reference, "medium", "Protective mother; engaging.")
    priya, marcus = actor(bot, PRIYA), actor(bot, MARCUS)
    first_in_hand = threading.Event()
    outcomes: dict[str, object] = {}

    def first() -> None:
        with bot.unit_of_work("test") as ctx:
            decisions.decide(ctx, priya, reference, ["refer_to_mase"], "Older male, gifts.")
            first_in_hand.set()
            time.sleep(1.0)  # still uncommitted while the second decision maker presses Save
        outcomes["first"] = "saved"

    def second() -> None:
        first_in_hand.wait(10)
        try:
            with bot.unit_of_work("test") as ctx:
                decisions.decide(ctx, marcus, reference, ["early_help"], "Early help will do.")
            outcomes["second"] = "saved"
        except InvalidInput as error:
            outcomes["second"] = error.errors

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes["first"] == "saved"
    assert "correction_reason" in outcomes["second"]  # it saw the first decision
    with bot.sessions() as session:
        rows = session.scalars(select(TriageDecision)).all()
    assert [(r.decided_by, r.replaces_id) for r in rows] == [("priya.shah", None)]
