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
