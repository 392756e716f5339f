"""The language machinery: catalogues, the pseudo-locale, and one GOV.UK date formatter."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from messages.i18n import (
    PSEUDO_LOCALE,
    _,
    current_locale,
    format_date,
    format_datetime,
    format_number,
    format_time,
    ngettext,
    pseudo,
    use_locale,
)
from messages.render import environment


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        ("2026-11-05T09:05:00+00:00", "Thursday 5 November 2026, 9:05am"),
        ("2026-11-24T13:30:00+00:00", "Tuesday 24 November 2026, 1:30pm"),
        ("2026-12-18T12:00:00+00:00", "Friday 18 December 2026, midday"),
        ("2026-12-18T00:00:00+00:00", "Friday 18 December 2026, midnight"),
        ("2026-12-18T10:00:00+00:00", "Friday 18 December 2026, 10am"),
        # British Summer Time: 23:30 UTC is half past midnight the next day in the UK.
        ("2026-07-01T23:30:00+00:00", "Thursday 2 July 2026, 12:30am"),
    ],
)
def test_times_read_in_govuk_style_in_uk_time(moment: str, shown: str) -> None:
    assert format_datetime(moment) == shown


def test_dates_name_the_day_and_always_the_year() -> None:
    assert format_date(date(2012, 3, 14)) == "Wednesday 14 March 2012"
    assert format_date("2026-12-18") == "Friday 18 December 2026"
    assert format_time(datetime(2026, 12, 18, 15, 0, tzinfo=UTC)) == "3pm"
    zoned = format_datetime(datetime(2026, 3, 29, 9, 0, tzinfo=UTC), zone=True)
    assert zoned == "Sunday 29 March 2026, 10am (UK time)"  # the first day of summer time


def test_welsh_dates_come_from_the_catalogue_and_cldr() -> None:
    with use_locale("cy"):
        assert format_datetime("2026-12-18T13:30:00+00:00") == "Dydd Gwener 18 Rhagfyr 2026, 13:30"
        assert _("midday") == "canol dydd"
        assert format_number(1234) == "1,234"
    assert current_locale() == "en"


def test_an_unknown_language_falls_back_to_english_rather_than_failing() -> None:
    with use_locale("xx") as chosen:
        assert chosen == "en"
        assert _("midday") == "midday"
    with use_locale(None):
        assert current_locale() == "en"


def test_placeholders_and_plurals() -> None:
    assert _("Phone %(phone)s.", phone="0300 555 0101") == "Phone 0300 555 0101."
    assert ngettext("%(num)d sign", "%(num)d signs", 1) == "1 sign"
    assert ngettext("%(num)d sign", "%(num)d signs", 3) == "3 signs"
    with use_locale("cy"):  # six plural forms in Welsh; untranslated falls back to English
        assert ngettext("%(num)d sign", "%(num)d signs", 3) == "3 signs"


def test_the_pseudo_locale_accents_lengthens_and_keeps_what_must_stay() -> None:
    text = "Type `/mash case %(ref)s` or see <https://example.invalid|the guide> &amp; call 999."
    shown = pseudo(text)
    assert shown.startswith("[") and shown.endswith("]")
    assert len(shown) >= len(text) * 1.4
    for kept in ("`/mash case %(ref)s`", "<https://example.invalid|the guide>", "&amp;", "999"):
        assert kept in shown
    assert "Type" not in shown and "call" not in shown
    with use_locale(PSEUDO_LOCALE):
        assert _("Phone %(phone)s.", phone="0300 555 0101").count("0300 555 0101") == 1
        assert "Friday" not in format_date(date(2026, 12, 18))


def test_templates_translate_through_the_same_catalogue() -> None:
    template = environment().from_string(
        '{{ _("midday") }} / {{ _("Phone %(phone)s.", phone=p) }} / '
        '{{ ngettext("%(num)d sign", "%(num)d signs", n) }} / {{ at|when }}'
    )
    facts = {"p": "0300", "n": 2, "at": "2026-12-18T13:30:00+00:00"}
    assert (
        template.render(facts) == "midday / Phone 0300. / 2 signs / Friday 18 December 2026, 1:30pm"
    )
    with use_locale("cy"):
        assert template.render(facts).startswith("canol dydd / Phone 0300. / 2 signs / Dydd Gwener")
