"""messages.render takes shortcuts through Jinja for speed (its globals a plain dict, gettext called
directly, a dict's facts read by key, one JSON encoder): every message of every kind must still
come out as Jinja's own way writes it, on every platform and in every language, and the same
from the dispatcher's threads as from one. (Dates against Babel's: tests/test_i18n.py.)"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from jinja2 import Environment

from messages.i18n import PSEUDO_LOCALE, current_locale, translations, use_locale
from messages.render import Platform, environment, render
from messages.samples import SAMPLE_FACTS
from messages.vocabulary import vocabulary
from workflows.outgoing import MessageKind

GETTEXT = ("_", "gettext", "ngettext", "pgettext")


def _jinjas_own_way() -> Environment:
    """environment() as plain Jinja makes it: the i18n extension's own gettext, ChainMap globals,
    attributes before keys, `json.dumps` for `| j`; the same templates, filters and globals."""
    ours = environment()
    env = Environment(
        loader=ours.loader,
        extensions=["jinja2.ext.i18n"],
        undefined=ours.undefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(ours.filters)
    env.filters["j"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.globals.update({k: v for k, v in ours.globals.items() if k not in GETTEXT})
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: translations(current_locale()).gettext(message),
        ngettext=lambda s, p, n: translations(current_locale()).ngettext(s, p, n),
        pgettext=lambda c, message: translations(current_locale()).pgettext(c, message),
        newstyle=True,
    )
    return env


def _facts() -> list[tuple[MessageKind, dict[str, Any]]]:
    cases = []
    for kind, facts in SAMPLE_FACTS.items():
        cases.append((kind, facts))
        if "immediate_danger" in facts:
            cases.append((kind, {**facts, "immediate_danger": not facts["immediate_danger"]}))
    return cases


@pytest.mark.parametrize("locale", ["en", "cy", PSEUDO_LOCALE])
def test_every_template_writes_what_jinjas_own_way_writes(locale: str) -> None:
    plain = _jinjas_own_way()
    compared = 0
    with use_locale(locale):
        for kind, facts in _facts():
            for platform in Platform:
                name = f"{kind.value}.{platform.value}.j2"
                for tz in ("Europe/London", "America/New_York"):
                    context = {**facts, "tz": tz, "cmd": vocabulary(platform).command}
                    ours = environment().get_template(name).render(context)
                    assert ours == plain.get_template(name).render(context), name
                    compared += 1
    assert compared >= len(MessageKind) * len(Platform) * 2


# What the templates do not use today but may tomorrow: "%%" in a sentence without values, a
# plural's and a context's defaults, facts named like a dict's methods, missing facts, JSON.
EDGES = (
    '{{ _("100%%") }}|{{ _("%(n)s%%", n=1) }}|{{ ngettext("%(num)d sign", "%(num)d signs", 2) }}|'
    '{{ ngettext("one", "%(num)d of %(what)s", 3, what="x") }}|{{ pgettext("button", "Update") }}|'
    '{{ d.number }}|{{ d.items is callable }}|{{ d["items"] }}|{{ d.get("keys") }}|'
    "{{ d.missing is defined }}|{{ d.number.upper() }}|{{ [d.number, 1, none, true, 0.5] | j }}"
)


@pytest.mark.parametrize("locale", ["en", "cy", PSEUDO_LOCALE])
def test_the_shortcuts_keep_jinjas_rules_where_no_template_tests_them_yet(locale: str) -> None:
    facts = {"d": {"number": "2.1b", "items": 3, "keys": "k"}}
    with use_locale(locale):
        ours = environment().from_string(EDGES).render(facts)
        assert ours == _jinjas_own_way().from_string(EDGES).render(facts)
    assert ours.split("|")[0] != "100%%" and "|True|3|k|False|" in ours


def _shown(job: tuple[MessageKind, Platform, str, str]) -> str:
    kind, platform, locale, tz = job
    with use_locale(locale):
        rendered = render(kind, SAMPLE_FACTS[kind], platform, tz)
    return json.dumps([rendered.text, rendered.blocks, rendered.card], ensure_ascii=False)


def test_eight_threads_rendering_english_and_welsh_at_once_write_what_one_does() -> None:
    """The dispatcher renders from up to eight threads, each reader in their own language."""
    jobs = [
        (kind, platform, locale, tz)
        for kind in SAMPLE_FACTS
        for platform in Platform
        for locale, tz in (("en", "Europe/London"), ("cy", "America/New_York"))
    ]
    alone = [_shown(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(_shown, jobs * 3))
    assert together == alone * 3
