"""What a person is told about their language: the one in use, the choices, a change made.

A language is named in itself (Cymraeg, English), as a person looking for their own would
read it; the code beside it is what they type.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

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
def language_name(code: str) -> str:
    """The language's own name for itself ("Cymraeg", "English")."""
    name = Locale.parse(code).display_name or code
    return name[:1].upper() + name[1:]


def choices(codes: tuple[str, ...]) -> str:
    """`cy` (Cymraeg), `en` (English)."""
    return ", ".join(f"`{code}` ({language_name(code)})" for code in codes)


def current_lines(setting: LanguageSetting, platform: Platform | str) -> list[str]:
    """What `language` alone answers: the language in use, where it comes from, the choices."""
    command = COMMAND[Platform(platform)]
    name = language_name(setting.language)
    if setting.own:
        said = f"mashbot writes to you in {name}, as you chose."
    else:
        said = f"mashbot writes to you in {name}, your partnership's language."
    lines = [
        said,
        f"You can choose: {choices(setting.choices)}.",
        f"To change it, type `{command} CODE`, for example `{command} {_other(setting)}`.",
    ]
    if setting.own:
        lines.append(f"To use your partnership's language again, type `{command} {DEFAULT}`.")
    return lines


def chosen_lines(setting: LanguageSetting, platform: Platform | str) -> list[str]:
    """The answer to a change, said in the language just chosen."""
    name = language_name(setting.language)
    if not setting.changed:
        return [f"mashbot already writes to you in {name}. Nothing was changed."]
    if setting.own is None:
        return [f"Done: mashbot will write to you in {name}, your partnership's language."]
    return [f"Done: mashbot will write to you in {name} from now on."]


def unknown(codes: tuple[str, ...], platform: Platform | str) -> str:
    """The polite refusal of a code mashbot has no catalogue for."""
    command = COMMAND[Platform(platform)]
    return (
        f"mashbot cannot write in that language yet. Choose one of: {choices(codes)}, "
        f"for example `{command} {codes[0]}`."
    )


def _other(setting: LanguageSetting) -> str:
    return next((c for c in setting.choices if c != setting.language), setting.language)
