"""What a person is told about their language: the one in use, the choices, a change made.

A language is named in itself (Cymraeg, English), as a person looking for their own would
read it; the code beside it is what they type.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from messages.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, _, current_locale
from messages.render import Platform
from workflows.language_codes import DEFAULT, LanguageSetting

# The command as each platform types it (Slack's /mash sub-command; Teams and the console
# also take it as `mash language`).
COMMAND = {
    Platform.SLACK: "/mash language",
    Platform.TEAMS: "language",
    Platform.TEXT: "/language",
}


@cache
def language_name(code: str, reader: str | None = None) -> str:
    """The language's name for `reader` ("Welsh" in English), by default its own ("Cymraeg")."""
    wanted = Locale.parse(code)
    name = wanted.get_display_name(Locale.parse(reader) if reader else wanted) or code
    return name[:1].upper() + name[1:]


def _name(code: str) -> str:
    """The language's name in the language being written (the pseudo-locale reads English)."""
    reader = current_locale()
    return language_name(code, reader if reader in SUPPORTED_LOCALES else DEFAULT_LOCALE)


def choices(codes: tuple[str, ...]) -> str:
    """`cy` (Cymraeg), `en` (English): each in itself, for a reader who cannot read this one."""
    return ", ".join(f"`{code}` ({language_name(code)})" for code in codes)


def current_lines(setting: LanguageSetting, platform: Platform | str) -> list[str]:
    """What `language` alone answers: the language in use, where it comes from, the choices."""
    command = COMMAND[Platform(platform)]
    name = _name(setting.language)
    if setting.own:
        said = _("mashbot writes to you in %(language)s, as you chose.", language=name)
    else:
        said = _(
            "mashbot writes to you in %(language)s, your partnership's language.", language=name
        )
    typed, example, back = (_typed(command, word) for word in ("CODE", _other(setting), DEFAULT))
    lines = [
        said,
        _("You can choose: %(choices)s.", choices=choices(setting.choices)),
        _(
            "To change it, type %(command)s, for example %(example)s.",
            command=typed,
            example=example,
        ),
    ]
    if setting.own:
        lines.append(_("To use your partnership's language again, type %(command)s.", command=back))
    return lines


def chosen_lines(setting: LanguageSetting, platform: Platform | str) -> list[str]:
    """The answer to a change, said in the language just chosen."""
    name = _name(setting.language)
    if not setting.changed:
        return [
            _("mashbot already writes to you in %(language)s. Nothing was changed.", language=name)
        ]
    if setting.own is None:
        return [
            _(
                "Done: mashbot will write to you in %(language)s, your partnership's language.",
                language=name,
            )
        ]
    return [_("Done: mashbot will write to you in %(language)s from now on.", language=name)]


def unknown(codes: tuple[str, ...], platform: Platform | str) -> str:
    """The polite refusal of a code mashbot has no catalogue for."""
    command = COMMAND[Platform(platform)]
    return _(
        "mashbot cannot write in that language yet. Choose one of: %(choices)s, "
        "for example %(example)s.",
        choices=choices(codes),
        example=_typed(command, codes[0]),
    )


def _typed(command: str, word: str) -> str:
    """What to type, as code: `/mash language cy`."""
    return f"`{command} {word}`"


def _other(setting: LanguageSetting) -> str:
    return next((c for c in setting.choices if c != setting.language), setting.language)
