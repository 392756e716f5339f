"""The agenda as PDF: the same facts as the HTML and Markdown documents, with or without a
Unicode font on the system (a name Latin-1 lacks never fails the download)."""

from __future__ import annotations

import re
import zlib

import pytest

from messages import agenda_pdf
from tests.meetings.support import mase_referral, set_up_series
from tests.support import INVENTED_CHILD
from tests.triage.support import NINA, step
from workflows.meetings import agenda


def page_text(pdf: bytes) -> str:
    """The text shown by a core-font PDF's pages (their streams, inflated)."""
    shown = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            shown.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(re.findall(r"\((.*?)\)\s*Tj", "".join(shown)))


@pytest.mark.parametrize("unicode_font", [True, False])
def test_the_pdf_is_made_from_the_documents_facts(bot, monkeypatch, unicode_font: bool) -> None:
    set_up_series(bot)
    reference = mase_referral(bot, "high")
    facts = step(bot, NINA, agenda.download, "pdf")
    assert facts["new_referrals"][0]["child_name"] == INVENTED_CHILD
    facts["new_referrals"][0]["child_name"] = "Łucja Example"  # a letter Latin-1 lacks
    if not unicode_font:
        monkeypatch.setattr(agenda_pdf, "FONT_DIRS", ())
    pdf = agenda_pdf.agenda_pdf(facts, "Europe/London")
    assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-10:]
    if not unicode_font:  # the core font's text can be read back
        text = page_text(pdf)
        assert reference in text and "?ucja Example" in text
        assert "Agenda: Riverton City MASE" in text
