"""The full MASE agenda as a PDF: the HTML document (the same facts, the same template) laid out
by fpdf2, so the three formats never say different things.

A Unicode font is used where the system has one (DejaVu Sans ships with most Linux images);
without one, the PDF core font Helvetica covers Latin-1 and anything else is shown as '?'
rather than failing the download.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from messages.i18n import _
from messages.meeting_words import title_of
from messages.meetings_text import agenda_document

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
)
# Punctuation Latin-1 lacks, said in what it has (for the core-font fallback).
_PLAIN = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})


def _unicode_font() -> tuple[Path, Path] | None:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


def _latin1(text: str) -> str:
    text = unicodedata.normalize("NFKC", text.translate(_PLAIN))
    return text.encode("latin-1", "replace").decode("latin-1")


def agenda_pdf(facts: dict[str, Any], tz: str) -> bytes:
    """The full agenda (names included: members only, audited by the workflow) as PDF bytes, in
    the reader's language (the HTML document's words)."""
    # Imported here, not at the top: fpdf2 and what it loads (fontTools, Pillow) add about 30 MB
    # to a process for as long as it lives, and a server makes an agenda PDF rarely, if ever.
    from fpdf import FPDF

    html = agenda_document(facts, "html", tz)
    body = html[html.index("<body>") + len("<body>") : html.index("</body>")]
    pdf = FPDF(format="A4")
    pdf.set_title(_("Agenda: %(title)s", title=title_of(facts)))
    pdf.set_creator("mashbot")
    font = _unicode_font()
    if font is not None:
        pdf.add_font("body", fname=str(font[0]))
        pdf.add_font("body", style="B", fname=str(font[1]))
        pdf.set_font("body", size=10)
    else:
        pdf.set_font("helvetica", size=10)
        body = _latin1(body)
    pdf.add_page()
    pdf.write_html(body, font_family=pdf.font_family)
    return bytes(pdf.output())
