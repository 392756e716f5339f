"""Render a message kind with its facts to one platform, from `templates/<kind>.<platform>.j2`."""

from __future__ import annotations

import json
import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from messages.i18n import (
    current_locale,
    format_date,
    format_datetime,
    format_number,
    format_time,
    translations,
)
from messages.labels import RAG_WORD
from messages.meeting_words import meeting_title
from messages.previews import preview
from workflows.outgoing import MessageKind

MESSAGE_BLOCKS = 50  # Slack's most blocks in a message: a full one goes without the hint


class Platform(StrEnum):
    SLACK = "slack"
    TEAMS = "teams"
    TEXT = "text"


@dataclass(frozen=True)
class Rendered:
    """`text` is the whole message for the console; elsewhere the notification line, naming no child."""

    text: str
    blocks: list[dict[str, Any]] | None = None
    card: dict[str, Any] | None = None


# C0 and C1 control characters but newline and tab: ESC starts the sequences that recolour a
# terminal, retitle its window or move its cursor, and CR overwrites the line already printed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def inert(text: Any) -> str:
    """Text as typed, but harmless wherever it is shown: control characters as \\x1b and so on.

    Records keep what was typed; every renderer (text, Slack, Teams) shows it through this."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def slack_escape(value: Any) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters (and real ones)."""
    return inert(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# `json.dumps(value, ensure_ascii=False)` made once: dumps builds an encoder for every value
# given an option, and a message puts some thirty values through `| j`. It keeps no state
# between calls (each encode has its own), so threads share it.
_JSON = json.JSONEncoder(ensure_ascii=False)


def _json(value: Any) -> str:
    return _JSON.encode(value)


class _Environment(Environment):
    """Jinja's environment, its templates' globals one plain dict each instead of a ChainMap.

    Jinja 3 gives every template `ChainMap(template globals, environment globals)`, and reads
    it whole, key by key through the chain, twice a render: to build the render's context
    (`dict(globals, **facts)`) and at every `{% from ... import %}` (to see whether the
    importing template has globals the imported one lacks, which here it never has). With
    our twenty-odd globals that was a sixth of a MASH card's render. A snapshot says the
    same as long as no global is added once templates load, as Jinja advises, and
    `environment()` sets every one before it returns."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`action.number` on a dict of facts, straight to its key.

        Jinja tries the attribute first and the key when that raises, an exception for
        nearly every `.` in our templates (their facts are JSON, so dicts). A plain dict has
        no attribute a dict's class lacks, so for every other name the answer is the key's,
        as Jinja's; `.items` and the like still go Jinja's way."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


_DICT_ATTRIBUTES = frozenset(dir(dict))


@cache
def environment() -> Environment:
    env = _Environment(
        loader=PackageLoader("messages", "templates"),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # templates ship with the code: no stat of two files per message
        # Every template kept once loaded, in a plain dict: they are a fixed set, and Jinja's
        # bounded cache moves a template to the back of a queue of them at every look-up,
        # under a lock. A dict's get and set are safe from the dispatcher's threads as they are.
        cache_size=-1,
    )
    env.filters["j"] = _json
    env.filters["se"] = slack_escape
    # Every sentence through the reader's catalogue; newstyle: `_("… %(name)s", name=x)`.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, newstyle=True
    )
    # Then the functions themselves in place of the extension's wrappers of them, which pass
    # every sentence through the render's context three times, for an autoescape we never set
    # (the extension keeps its newstyle setting, which `{% trans %}` would be compiled by).
    env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext)
    env.filters["when"] = format_datetime  # "Friday 18 December 2026, 1:30pm"
    env.filters["clock"] = format_time  # "1:30pm": an end on the same day
    env.filters["day"] = format_date  # "Friday 18 December 2026"
    env.filters["number"] = format_number
    env.globals["rag_word"] = RAG_WORD
    env.globals["shared_detail"] = _shared_detail
    env.globals["meeting_title"] = meeting_title
    _action_words(env)
    return env


# Jinja's newstyle gettext, without its context: the text is always a %-format (so "%%" is
# "%" with or without values), `num` is the count and `context` the context unless given.
def _gettext(message: str, /, **values: Any) -> str:
    return translations(current_locale()).gettext(message) % values


def _ngettext(singular: str, plural: str, num: int, /, **values: Any) -> str:
    values.setdefault("num", num)
    return translations(current_locale()).ngettext(singular, plural, num) % values


def _pgettext(context: str, message: str, /, **values: Any) -> str:
    values.setdefault("context", context)
    return translations(current_locale()).pgettext(context, message) % values


def _shared_detail(key: str, value: str) -> str:
    """An information request's shared detail as a line (worded in messages/triage_text.py)."""
    from messages.triage_text import search_line  # it words commands with the platforms here

    return search_line(key, value)


def _action_words(env: Environment) -> None:
    """Action-plan dates, RAG words, button labels and commands as each platform types them."""
    from messages import action_words
    from messages.vocabulary import vocabulary

    env.filters["plan_day"] = action_words.day  # tolerates a label queued before dates were ISO
    env.filters["month"] = action_words.month
    env.globals["rag"] = action_words.rag
    env.globals["rag_key"] = action_words.rag_key
    env.globals["rag_emoji"] = action_words.RAG_EMOJI
    env.globals["button_labels"] = action_words.button_labels
    # The templates tick the command themselves ("type `%(command)s`").
    env.globals["command"] = lambda platform, words: vocabulary(platform).command(words).strip("`")


def render(
    kind: MessageKind | str, facts: dict[str, Any], platform: Platform, tz: str = "Europe/London"
) -> Rendered:
    from messages import glossary, vocabulary  # they word commands with the platforms here

    kind = MessageKind(kind)
    env = environment()
    context = {**facts, "tz": tz}
    hint = None
    # The text is what the console shows, and what a glossary hint is decided on; a chat message
    # of a kind its readers use every day (a MASH card) needs neither: not drawn for nothing.
    if platform == Platform.TEXT or glossary.may_need_hint(kind):
        # `cmd("mash access " ~ reference)`: a command as the platform reading it types it.
        text_context = context | {"cmd": vocabulary.vocabulary(Platform.TEXT).command}
        text = env.get_template(f"{kind.value}.text.j2").render(text_context).strip()
        hint = glossary.hint(platform) if glossary.needs_hint(kind, text) else None
        if platform == Platform.TEXT:
            return Rendered(text=f"{text}\n{hint}" if hint else text)
    context["cmd"] = vocabulary.vocabulary(platform).command
    body = env.get_template(f"{kind.value}.{platform.value}.j2").render(context)
    try:
        payload = json.loads(body)
    except json.JSONDecodeError as error:  # a template bug: fail loudly, never send half
        raise ValueError(
            f"template {kind.value}.{platform.value}.j2 made bad JSON: {error}"
        ) from error
    line = preview(kind, facts)  # lock screens are read by anyone near the phone
    if platform == Platform.SLACK:
        if hint and len(payload) < MESSAGE_BLOCKS:
            payload.append({"type": "context", "elements": [{"type": "mrkdwn", "text": hint}]})
        return Rendered(text=line, blocks=payload)
    if hint:
        note = {"type": "TextBlock", "text": hint, "wrap": True, "isSubtle": True, "size": "Small"}
        payload.setdefault("body", []).append(note)
    return Rendered(text=line, card=payload)
