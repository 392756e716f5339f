"""A subject access export as a ZIP: `data.json` (everything) and `index.html` (to read)."""

from __future__ import annotations

import io
import json
import zipfile
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from messages.i18n import N_, UK_TIME, _, current_locale, format_datetime, ngettext
from workflows.data_protection.results import SubjectAccess

SECTIONS = (
    ("concern", N_("The concern as reported")),
    ("referral", N_("The MASH referral")),
    ("assignments", N_("Who worked on it")),
    ("ratings", N_("Urgency ratings")),
    ("information_requests", N_("Information asked of agencies, and their answers")),
    ("risk_assessments", N_("Risk assessments")),
    ("decisions", N_("Decisions")),
    ("mase_referrals", N_("Referred to MASE")),
    ("meetings", N_("MAP and MASE meetings and their minutes (this child's part only)")),
    ("access_log", N_("Who viewed or changed it, when and why")),
)


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("messages", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )


def _rows(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def as_zip(export: SubjectAccess) -> bytes:
    """The ZIP the DPO reviews and redacts before anything is sent to the requester."""
    data = {
        "made_at": export.made_at.isoformat(),
        "made_by": export.made_by,
        "cases": export.cases,
    }
    html = (
        _env()
        .get_template("sar.html.j2")
        .render(
            export=export,
            sections=[(key, _(title)) for key, title in SECTIONS],
            rows=_rows,
            json=json,
            _=_,
            ngettext=ngettext,
            made_at=format_datetime(export.made_at, UK_TIME, zone=True),
            lang=current_locale(),
        )
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, default=str, sort_keys=True))
        archive.writestr("index.html", html)
    return buffer.getvalue()
