"""The full MASE agenda a member pulls (HTML, Markdown, PDF) in the pseudo-locale and in Welsh.

Like tests/test_pseudo_locale.py for the message kinds: in `en-XA` every sentence is accented, so
a plain-English word left in a document (once facts are taken out) bypassed the catalogue. The
PDF's text is read back from its pages with the core font (Latin-1: accented letters it lacks
become '?', plain English stays as typed). In Welsh, every sentence the document shows must be in
the Welsh catalogue, and a member who chose Welsh gets the document in Welsh.
"""

from __future__ import annotations

import gettext
import html
import re
import zlib
from typing import Any

import pytest

from bot.console.session import ConsoleSession
from messages import agenda_pdf, i18n
from messages.i18n import PSEUDO_LOCALE, use_locale
from messages.meeting_samples import DOCUMENT_SAMPLE_FACTS
from messages.meetings_text import agenda_document
from tests.meetings.support import mase_referral, set_up_series
from tests.support import INVENTED_CHILD
from tests.test_pseudo_locale import _strings, untranslated
from tests.triage.support import NINA

TZ = "Europe/London"


def _facts_shown(facts: dict[str, Any]) -> list[str]:
    """The facts as they may be shown: whole, and word by word (a PDF line may break a fact)."""
    whole = {s for s in _strings(facts) if s.strip()}
    words = {w for s in whole for w in re.findall(r"[A-Za-z]{2,}", s)}
    return sorted(whole | words, key=len, reverse=True)


def _text_of_html(document: str) -> list[str]:
    """What a reader of the HTML sees: the text between tags, and the page's title."""
    without_style = re.sub(r"<style>.*?</style>", " ", document, flags=re.S)
    return [html.unescape(t) for t in re.split(r"<[^<>]*>", without_style) if t.strip()]


def _pdf_pieces(pdf: bytes) -> list[str]:
    """Each piece of text a core-font PDF's pages show (table cells apart)."""
    streams = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            streams.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            continue
    return re.findall(r"\((.*?)\)\s*Tj", "".join(streams))


def _left(texts: list[str], facts: dict[str, Any]) -> list[str]:
    return sorted(set(untranslated(texts, _facts_shown(facts))))


def test_the_html_agenda_is_all_through_the_catalogue() -> None:
    with use_locale(PSEUDO_LOCALE):
        document = agenda_document(DOCUMENT_SAMPLE_FACTS, "html", TZ)
    assert '<html lang="en-XA">' in document
    assert not _left(_text_of_html(document), DOCUMENT_SAMPLE_FACTS)


def test_the_markdown_agenda_is_all_through_the_catalogue() -> None:
    with use_locale(PSEUDO_LOCALE):
        document = agenda_document(DOCUMENT_SAMPLE_FACTS, "markdown", TZ)
    assert "Kayla Testperson" in document  # the facts are there, as they are
    assert not _left([document], DOCUMENT_SAMPLE_FACTS)


def test_the_pdf_agenda_is_all_through_the_catalogue(monkeypatch) -> None:
    monkeypatch.setattr(agenda_pdf, "FONT_DIRS", ())  # the core font: its text can be read back
    with use_locale(PSEUDO_LOCALE):
        pdf = agenda_pdf.agenda_pdf(DOCUMENT_SAMPLE_FACTS, TZ)
    pieces = _pdf_pieces(pdf)
    assert "CSE-2026-00051" in pieces and "Kayla Testperson" in pieces
    assert not _left(pieces, DOCUMENT_SAMPLE_FACTS)


def test_the_check_would_see_an_english_heading() -> None:
    with use_locale(PSEUDO_LOCALE):
        document = agenda_document(DOCUMENT_SAMPLE_FACTS, "markdown", TZ)
    assert _left([document + "\n## Any other business"], DOCUMENT_SAMPLE_FACTS) == [
        "Any",
        "business",
        "other",
    ]


class _Recording(gettext.NullTranslations):
    """The Welsh catalogue, noting each sentence asked of it."""

    def __init__(self, welsh: gettext.NullTranslations) -> None:
        super().__init__()
        self.welsh, self.asked = welsh, set[str]()

    def gettext(self, message: str) -> str:
        self.asked.add(message)
        return self.welsh.gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self.asked.add(msgid1)
        return self.welsh.ngettext(msgid1, msgid2, n)


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_every_sentence_of_the_welsh_agenda_is_in_the_welsh_catalogue(monkeypatch, fmt) -> None:
    welsh = i18n.translations("cy")
    recording = _Recording(welsh)
    monkeypatch.setattr(i18n, "translations", lambda locale: recording)
    with use_locale("cy"):
        document = agenda_document(DOCUMENT_SAMPLE_FACTS, fmt, TZ)
    catalogue = welsh._catalog  # type: ignore[attr-defined]
    assert recording.asked, "the document asked the catalogue nothing"
    assert sorted(m for m in recording.asked if m not in catalogue) == []
    assert "Dydd Mawrth 8 Rhagfyr 2026" in document  # Babel's Welsh date (CLDR)
    assert "Unrhyw fater arall" in document


def test_a_member_who_chose_welsh_gets_the_agenda_in_welsh(bot) -> None:
    set_up_series(bot)
    reference = mase_referral(bot, "high")
    said: list[str] = []
    console = ConsoleSession(bot, NINA, ask=lambda _prompt: "", say=said.append)
    console.run("/language cy")
    console.run("/mase agenda document")
    document = said[-1]
    assert reference in document and INVENTED_CHILD in document
    assert "## 1. Croeso ac ymddiheuriadau" in document and "Welcome" not in document
    assert "## 8. Unrhyw fater arall" in document and "Any other business" not in document
