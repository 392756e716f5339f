"""Every sentence a person reads goes through here: gettext catalogues, one language per reader.

Why a context variable and not a `locale=` argument everywhere: the adapters know who reads
(the actor of a request, the recipient of a delivery) and set the language once around
rendering; the hundreds of sentences below them stay plain calls. Workflows never set it.

Catalogues are `locale/<lang>/LC_MESSAGES/mashbot.po`, read (not compiled) at first use: there
is no build step to forget, and a .po is what a translator sends back. The pseudo-locale
`en-XA` accents and lengthens every msgid, so a test can see any sentence that bypasses the
catalogue and any layout that breaks with longer (Welsh is often longer) text.

Dates follow the GOV.UK style guide in English ("Friday 18 December 2026, 1:30pm", "midday")
and CLDR (through Babel) in other languages: one formatter, never strftime, the year always.
"""

from __future__ import annotations

import gettext as _gettext
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

DOMAIN = "mashbot"
DEFAULT_LOCALE = "en"
PSEUDO_LOCALE = "en-XA"
# What a partnership or a person may choose; the pseudo-locale is for tests only.
SUPPORTED_LOCALES = ("en", "cy")
LOCALE_DIR = Path(__file__).parent / "locale"
UK_TIME = "Europe/London"

_current: ContextVar[str] = ContextVar("mashbot_locale", default=DEFAULT_LOCALE)
# Babel (CLDR) names for our codes: British English for dates and numbers.
_CLDR = {"en": "en_GB", "cy": "cy", PSEUDO_LOCALE: "en_GB"}


def current_locale() -> str:
    return _current.get()


@contextmanager
def use_locale(locale: str | None) -> Iterator[str]:
    """Render everything inside in `locale` (unknown or empty: the default, never an error).

    A reader's stored choice may name a language a later release dropped; they still get
    their message, in the default language."""
    chosen = locale if locale in SUPPORTED_LOCALES or locale == PSEUDO_LOCALE else DEFAULT_LOCALE
    token = _current.set(chosen)  # type: ignore[arg-type]
    try:
        yield chosen  # type: ignore[misc]
    finally:
        _current.reset(token)


# --- catalogues -------------------------------------------------------------------------------


def catalogue_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(locale: str) -> _gettext.NullTranslations:
    """The catalogue of `locale`; English (and any language without a file) is the source text.

    Cached for the life of the process: catalogues ship with the code and never change while
    it runs, so this is a read-only table, not state two replicas could disagree on."""
    if locale == PSEUDO_LOCALE:
        return PseudoTranslations()
    path = catalogue_path(locale)
    if not path.exists():
        return _gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=locale, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)  # a fuzzy guess is not a translation
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def _active() -> _gettext.NullTranslations:
    return translations(current_locale())


def _(msgid: str, /, **values: object) -> str:
    """`msgid` in the reader's language; named placeholders filled from `values`."""
    text = _active().gettext(msgid)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The plural form the catalogue gives for `n`; `%(num)d` is `n`."""
    return _active().ngettext(singular, plural, n) % {"num": n, **values}


def pgettext(context: str, msgid: str, /, **values: object) -> str:
    """For one English word with two meanings ("Update" the button, "update" the noun)."""
    text = _active().pgettext(context, msgid)
    return text % values if values else text


def N_(msgid: str, /) -> str:  # noqa: N802 - the name extractors and translators know
    """Mark `msgid` for the catalogue without translating it now; `_()` it where it is shown."""
    return msgid


# --- the pseudo-locale ------------------------------------------------------------------------

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçðéƒĝĥíĵķļɱñöþǫŕšţúṽŵẋýžÁƁÇÐÉƑĜĤÍĴĶĻṀÑÖÞǪŔŠŢÚṼŴẊÝŽ",
)
# Kept as they are: placeholders, Slack links and HTML tags, entities, `commands`, URLs.
_KEEP = re.compile(r"%\([a-z_]+\)[sd]|%%|\{[^{}]*\}|<[^<>]*>|&[a-z]+;|`[^`]*`|https?://\S+")


def pseudo_letters(text: str) -> str:
    """Every letter accented, what must stay as typed kept (see `_KEEP`)."""
    out, last = [], 0
    for match in _KEEP.finditer(text):
        out.append(text[last : match.start()].translate(_ACCENTED))
        out.append(match.group())
        last = match.end()
    out.append(text[last:].translate(_ACCENTED))
    return "".join(out)


def pseudo(text: str) -> str:
    """A pseudo-translation: accented, 40% longer, bracketed so a cut-off end shows."""
    if not text.strip():
        return text
    padding = "·" * math.ceil(len(text) * 0.4)
    return f"[{pseudo_letters(text)}{padding}]"


class PseudoTranslations(_gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


# --- dates, times, numbers --------------------------------------------------------------------


def _moment(value: datetime | str, tz: str) -> datetime:
    """An aware local time: ISO strings (as facts carry them) and naive values taken as UTC."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(tz))


def _day(value: date | datetime | str) -> date:
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    return value.date() if isinstance(value, datetime) else value


@cache
def _cldr_locale(locale: str) -> Locale:
    """Babel's locale for one of our codes, parsed once: given a name as text, Babel parses it
    and loads its data again on every call, which was most of what a date cost (about 46 µs of
    a date's 60; a MASH card has two). Holds CLDR's data only, never a reader's."""
    return Locale.parse(_CLDR.get(locale, "en_GB"))


def format_date(value: date | datetime | str, tz: str = UK_TIME, *, weekday: bool = True) -> str:
    """'Friday 18 December 2026': the day named, the month in words, the year always. Without
    `weekday` ('14 March 2012') for a date whose weekday nobody needs, such as a date of birth."""
    day = _moment(value, tz).date() if isinstance(value, datetime) else _day(value)
    locale = current_locale()
    pattern = "EEEE d MMMM y" if weekday else "d MMMM y"
    text = _babel_date(day, pattern, locale=_cldr_locale(locale))
    return pseudo_letters(text) if locale == PSEUDO_LOCALE else text


def format_time(value: datetime | str, tz: str = UK_TIME) -> str:
    """'1:30pm', '10am', 'midday', 'midnight' in English (GOV.UK); CLDR's 24-hour clock else."""
    moment = _moment(value, tz)
    locale = current_locale()
    if locale in (DEFAULT_LOCALE, PSEUDO_LOCALE):
        if (moment.hour, moment.minute) == (12, 0):
            return _("midday")
        if (moment.hour, moment.minute) == (0, 0):
            return _("midnight")
        hour = moment.hour % 12 or 12
        minutes = f":{moment.minute:02d}" if moment.minute else ""
        text = f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"
        return pseudo_letters(text) if locale == PSEUDO_LOCALE else text
    return _babel_time(moment, "HH:mm", locale=_cldr_locale(locale))


def format_datetime(value: datetime | str, tz: str = UK_TIME, *, zone: bool = False) -> str:
    """'Friday 18 December 2026, 1:30pm'; with `zone`, '(UK time)' after it.

    Say the zone where a reader could doubt it: a deadline or a meeting read by someone
    travelling, or a time that crosses a clock change."""
    moment = _moment(value, tz)
    if zone:
        return _(
            "%(date)s, %(time)s (UK time)",
            date=format_date(moment, tz),
            time=format_time(moment, tz),
        )
    return _("%(date)s, %(time)s", date=format_date(moment, tz), time=format_time(moment, tz))


def month_name(month: int) -> str:
    """'March' for 3, in the reader's language."""
    locale = current_locale()
    text = _babel_date(date(2000, month, 1), "MMMM", locale=_cldr_locale(locale))
    return pseudo_letters(text) if locale == PSEUDO_LOCALE else text


def month_and_year(day: date) -> str:
    """'March 2027': an action plan's reporting period, in the reader's language."""
    locale = current_locale()
    text = _babel_date(day, "MMMM y", locale=_cldr_locale(locale))
    return pseudo_letters(text) if locale == PSEUDO_LOCALE else text


def format_number(value: int | float) -> str:
    return format_decimal(value, locale=_cldr_locale(current_locale()))
