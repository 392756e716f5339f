"""Break-glass: out-of-area MASH staff open a case only with a reason; the area's manager is told."""

from __future__ import annotations

import pytest

from bot.app import Mashbot
from tests.support import report_concern, told
from tests.triage.support import AMIRA, MARCUS, TOM, audit_actions, outbox, step
from workflows.errors import AccessDenied
from workflows.triage import queries


def test_out_of_area_without_a_reason_is_refused_and_nobody_is_alerted(bot: Mashbot) -> None:
    reference = report_concern(bot)  # a Riverton City concern; Tom covers Shire only
    with pytest.raises(AccessDenied) as refused:
        step(bot, TOM, queries.case, reference)
    said = told(refused.value)
    assert "saying why" in said and "MASH manager is told at once" in said
    assert "There is no referral with the reference" in said  # the same as for none at all
    with pytest.raises(AccessDenied):
        step(bot, TOM, queries.case, reference, reason="   ")
    assert "access_refused" in audit_actions(bot, reference)
    assert "break_glass_view" not in audit_actions(bot, reference)
    assert outbox(bot, "break_glass_alert") == []


def test_out_of_area_with_a_reason_opens_it_and_alerts_the_area_managers(bot: Mashbot) -> None:
    reference = report_concern(bot)
    view = step(bot, TOM, queries.case, reference, reason="The child is at our station now.")
    assert view.reference == reference
    assert "break_glass_view" in audit_actions(bot, reference)
    alerts = outbox(bot, "break_glass_alert")
    recipients = {row.recipient_id for row in alerts}
    assert "priya.shah" in recipients  # the decision maker covering every area
    assert "marcus.reid" not in recipients  # Shire's manager is not City's
    assert alerts[0].facts["reason"] == "The child is at our station now."


def test_in_area_staff_need_no_reason_and_raise_no_alert(bot: Mashbot) -> None:
    reference = report_concern(bot)
    assert step(bot, AMIRA, queries.case, reference).reference == reference
    assert outbox(bot, "break_glass_alert") == []
    with pytest.raises(AccessDenied):  # a decision maker elsewhere is still out of area
        step(bot, MARCUS, queries.case, reference)
