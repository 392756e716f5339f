"""Subject access export: everything about one child, nothing about another, DPO only, audited."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from sqlalchemy import select

from bot import cli
from bot.app import Mashbot
from storage.models import AuditEvent
from tests.data_protection.support import DEE, decided_referral
from tests.support import INVENTED_CHILD, report_concern, told
from tests.triage.support import AMIRA, PRIYA, step
from workflows.data_protection import sar
from workflows.errors import AccessDenied
from workflows.triage import queries

SIBLING = "Jordan Testperson"  # shares Kayla's surname, another child


def _families(bot: Mashbot) -> tuple[list[str], str]:
    first = decided_referral(bot)
    second = report_concern(bot)  # Kayla again, a later concern
    other = report_concern(bot, child_name=SIBLING, child_dob="14/09/2013")
    step(bot, AMIRA, queries.case, first)
    step(bot, AMIRA, queries.case, other)
    return [first, second], other


def test_the_export_holds_every_record_about_the_child_and_nothing_about_another(
    bot: Mashbot,
) -> None:
    kayla, jordan = _families(bot)
    found = step(bot, DEE, sar.export, kayla[0])
    assert found.references == kayla
    dumped = json.dumps(found.cases, default=str)
    assert SIBLING not in dumped and jordan not in dumped
    first = found.cases[0]
    assert first["concern"]["child_name"] == INVENTED_CHILD
    assert first["decisions"][0]["rationale"] == "Invented rationale for the test."
    assert first["risk_assessments"] and first["assignments"]
    assert any(
        v["what"] == "case_viewed" and v["who"] == "Amira Okafor" for v in first["access_log"]
    )
    by_name = step(bot, DEE, sar.export, name="kayla testperson", dob=date(2011, 5, 2))
    assert by_name.references == kayla
    with bot.sessions() as session:
        exported = session.scalars(
            select(AuditEvent.subject).where(AuditEvent.action == "sar_exported")
        ).all()
    assert sorted(exported) == sorted(kayla + kayla)


def test_only_the_dpo_may_export(bot: Mashbot) -> None:
    kayla, _ = _families(bot)
    with pytest.raises(AccessDenied) as problem:
        step(bot, PRIYA, sar.export, kayla[0])
    assert "data protection officer" in told(problem.value)
    with bot.sessions() as session:
        refused = session.scalar(
            select(AuditEvent)
            .where(AuditEvent.action == "access_refused")
            .order_by(AuditEvent.id.desc())
        )
    assert refused.details["wanted"] == "sar_export"


def test_the_command_writes_a_zip_of_json_and_readable_html(
    bot: Mashbot,
    settings,
    monkeypatch,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    kayla, _ = _families(bot)
    monkeypatch.setenv("MASHBOT_DATABASE_URL", settings.database_url)
    out = tmp_path / "sar.zip"
    assert cli.main(["sar", "export", kayla[1], "--as", DEE, "--out", str(out)]) == 0
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        data = json.loads(archive.read("data.json"))
        html = archive.read("index.html").decode()
    assert [c["reference"] for c in data["cases"]] == kayla
    assert INVENTED_CHILD in html and SIBLING not in html and "redact" in html
    assert cli.main(["sar", "export", kayla[1], "--as", AMIRA, "--out", str(out)]) == 1


def test_the_export_holds_the_childs_meetings_and_minutes_and_never_another_childs(
    bot: Mashbot, clock
) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from tests.data_protection.support import MINUTES_SUMMARY, PARENT_NOTE, minuted_map
    from tests.meetings.support import mase_referral, meetings, set_up_series
    from tests.triage.support import HARKER
    from workflows.meetings import agenda, minutes

    kayla = mase_referral(bot, "high")
    jordan = mase_referral(bot, "medium", child_name=SIBLING, child_dob="14/09/2013")
    set_up_series(bot)
    step(bot, HARKER, agenda.post)
    _, kayla_map = minuted_map(bot, clock, kayla)
    clock.set(datetime(2026, 12, 8, 13, 0, tzinfo=UTC))
    [mase] = [m for m in meetings(bot, "mase") if m.starts_at.date().isoformat() == "2026-12-08"]
    jordan_said = "Invented: Jordan seen with older males at the invented park."
    both = [
        {"reference": kayla, "summary": "Invented: Kayla engaging.", "risk_level": "high"},
        {"reference": jordan, "summary": jordan_said, "risk_level": "medium"},
    ]
    step(bot, HARKER, minutes.record, mase.id, both, notes="Invented: Jordan's notes here.")
    _, jordan_map = minuted_map(bot, clock, jordan, day="10/12/2026")

    found = step(bot, DEE, sar.export, kayla)
    dumped = json.dumps(found.cases, default=str)
    [case] = found.cases
    ids = {m["id"] for m in case["meetings"]}
    assert {kayla_map, mase.id} <= ids  # and Kayla's MAP review, scheduled by the minutes
    assert all(m["reference"] == kayla for m in case["meetings"] if m["id"] != mase.id)
    own = next(m for m in case["meetings"] if m["id"] == kayla_map)
    assert own["parent_carer_note"] == PARENT_NOTE
    assert own["minutes"][0]["items"][0]["summary"] == MINUTES_SUMMARY
    shared = next(m for m in case["meetings"] if m["id"] == mase.id)
    assert [i["reference"] for i in shared["minutes"][0]["items"]] == [kayla]
    for other in (jordan, jordan_said, "Jordan's notes", SIBLING):
        assert other not in dumped  # never another child's minutes, MAP or reference
    assert jordan_map not in ids
    html = sar_html(found)
    assert "Kayla engaging" in html and jordan_said not in html


def sar_html(found) -> str:  # type: ignore[no-untyped-def]
    from messages.sar import as_zip

    with zipfile.ZipFile(io.BytesIO(as_zip(found))) as archive:
        return archive.read("index.html").decode()
