"""Claiming and reassigning: one owner, a real race, the card updated in place, history kept."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from messages.problems import field_errors
from storage.models import Referral, ReferralAssignment
from tests.support import report_concern, told
from tests.triage.support import AMIRA, MARCUS, PRIYA, TOM, audit_actions, outbox, step, who
from workflows.errors import AccessDenied, InvalidInput
from workflows.triage import claim


def test_a_claim_takes_the_referral_and_updates_the_card_in_place(bot) -> None:
    reference = report_concern(bot)
    result = step(bot, AMIRA, claim.claim, reference)
    assert result.won and result.owner_name == "Amira Okafor"
    cards = outbox(bot, "referral_card")
    assert len(cards) == 1
    assert cards[0].replaces_key == f"concern:{reference}:mash-card"
    assert cards[0].recipient_id == "mash-city"
    assert cards[0].facts["owner_name"] == "Amira Okafor"
    assert "child_name" not in cards[0].facts and "what_happened" not in cards[0].facts
    assert audit_actions(bot, reference)[-1] == "referral_claimed"


def test_a_second_claim_is_told_who_has_it_and_changes_nothing(bot) -> None:
    reference = report_concern(bot)
    step(bot, AMIRA, claim.claim, reference)
    late = step(bot, PRIYA, claim.claim, reference)
    assert not late.won and late.owner_name == "Amira Okafor"
    again = step(bot, AMIRA, claim.claim, reference)
    assert again.already_yours
    with bot.sessions() as session:
        assert session.scalar(select(Referral.owner_id)) == "amira.okafor"
        assert len(session.scalars(select(ReferralAssignment)).all()) == 1
    assert len(outbox(bot, "referral_card")) == 1


def test_two_claims_at_once_one_wins(bot) -> None:
    """Two triagers press Claim in the same instant, each in their own transaction."""
    reference = report_concern(bot)
    claimers = [who(bot, AMIRA), who(bot, PRIYA)]
    barrier = threading.Barrier(2)
    results: list = []
    errors: list[BaseException] = []

    def press(actor) -> None:  # noqa: ANN001
        try:
            with bot.unit_of_work("test") as ctx:
                barrier.wait(timeout=10)
                results.append(claim.claim(ctx, actor, reference))
        except BaseException as error:  # noqa: BLE001 - re-raised in the test thread below
            errors.append(error)

    threads = [threading.Thread(target=press, args=(a,)) for a in claimers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    winners = [r for r in results if r.won]
    losers = [r for r in results if not r.won]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].owner_name == winners[0].owner_name
    with bot.sessions() as session:
        assert session.scalar(select(Referral.owner_id)) == winners[0].owner_id
        assert len(session.scalars(select(ReferralAssignment)).all()) == 1


def test_a_claim_waiting_on_another_uncommitted_claim_loses(bot) -> None:
    """Deterministic interleaving: B's UPDATE waits for A's lock, then finds an owner."""
    reference = report_concern(bot)
    amira, priya = who(bot, AMIRA), who(bot, PRIYA)
    outcome: dict = {}
    with bot.unit_of_work("test") as first:
        assert claim.claim(first, amira, reference).won

        def second() -> None:
            with bot.unit_of_work("test") as ctx:
                outcome["result"] = claim.claim(ctx, priya, reference)

        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.3)  # the second claim is now blocked on the first's row lock
        assert "result" not in outcome
    thread.join(timeout=60)
    assert not outcome["result"].won
    assert outcome["result"].owner_name == "Amira Okafor"


def test_a_decision_maker_reassigns_with_a_reason(bot) -> None:
    reference = report_concern(bot)
    step(bot, AMIRA, claim.claim, reference)
    with pytest.raises(InvalidInput) as missing:
        step(bot, PRIYA, claim.reassign, reference, "tom.brennan", "")
    assert "Tom Brennan does not cover" in field_errors(missing.value, "text")["owner"]
    assert "Say why" in field_errors(missing.value, "text")["reason"]
    result = step(bot, PRIYA, claim.reassign, reference, "priya.shah", "Amira is on leave.")
    assert result.owner_name == "Priya Shah"
    with bot.sessions() as session:
        rows = session.scalars(select(ReferralAssignment).order_by(ReferralAssignment.id)).all()
    assert [(r.kind, r.owner_id) for r in rows] == [
        ("claim", "amira.okafor"),
        ("reassign", "priya.shah"),
    ]
    assert rows[1].replaces_id == rows[0].id and rows[1].reason == "Amira is on leave."
    told = outbox(bot, "referral_assigned")
    assert [m.recipient_id for m in told] == ["priya.shah"]
    assert told[0].facts["reason"] == "Amira is on leave."
    assert outbox(bot, "referral_card")[-1].facts["owner_name"] == "Priya Shah"


def test_only_decision_makers_of_the_area_reassign(bot) -> None:
    reference = report_concern(bot)
    step(bot, AMIRA, claim.claim, reference)
    with pytest.raises(AccessDenied) as triager:
        step(bot, AMIRA, claim.reassign, reference, "priya.shah", "Busy.")
    assert "Only a MASH decision maker can reassign a referral" in told(triager.value)
    with pytest.raises(AccessDenied) as other_area:
        step(bot, MARCUS, claim.reassign, reference, "priya.shah", "Busy.")
    assert "in the areas you cover" in told(other_area.value)  # as if it did not exist
    with pytest.raises(AccessDenied):
        step(bot, TOM, claim.claim, reference)
    assert audit_actions(bot, reference).count("access_refused") == 3
