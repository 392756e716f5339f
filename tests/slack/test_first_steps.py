"""A new form's first step is drawn once per form, language and agency, and copied with its key."""

from __future__ import annotations

import json

import pytest

from bot.slack import forms
from messages import slack_render
from messages.forms import form_screen
from messages.i18n import use_locale
from messages.render import Platform
from tests.support import actor
from workflows import form_driver
from workflows.concerns.flow import CONCERN
from workflows.concerns.form import DANGER, FORM_ID
from workflows.forms import Carried


def uncarried(modal: dict) -> dict:
    """The modal without the answers it carries (sealed afresh each time, so never equal)."""
    meta = json.loads(modal["private_metadata"])
    meta.pop("carry", None)
    return {**modal, "private_metadata": json.dumps(meta)}


def fresh(bot, who, key: str) -> dict:  # noqa: ANN001
    """The modal drawn from scratch, as every other form step is."""
    with bot.unit_of_work("test") as ctx:
        view = form_driver.show_new(CONCERN, ctx, who, key)
    return slack_render.modal(form_screen(view, Platform.SLACK))


@pytest.mark.parametrize("locale", ["en", "cy"])
@pytest.mark.parametrize("email", ["ben.carter@example.org", "nina.lowe@example.org"])
def test_each_new_form_is_the_first_step_drawn_afresh_with_its_own_key(
    bot, email: str, locale: str
) -> None:
    who = actor(bot, email)
    with use_locale(locale):
        opened = [forms.open_form(bot, who, FORM_ID, key, new=True) for key in ("k-one", "k-two")]
        assert [uncarried(view) for view in opened] == [
            uncarried(fresh(bot, who, "k-one")),
            uncarried(fresh(bot, who, "k-two")),
        ]
    assert [forms.FormPlace.of(view).key for view in opened] == ["k-one", "k-two"]
    with bot.unit_of_work("test") as ctx:  # each carries nothing yet, sealed for its own key
        carried = [forms.FormPlace.of(view).carried(ctx, who) for view in opened]
    assert carried == [Carried({}, DANGER, 0)] * 2


def test_readers_of_another_language_or_agency_get_their_own_first_step(bot) -> None:
    ben, nina = actor(bot, "ben.carter@example.org"), actor(bot, "nina.lowe@example.org")
    english = uncarried(forms.open_form(bot, ben, FORM_ID, "k", new=True))
    with use_locale("cy"):
        welsh = uncarried(forms.open_form(bot, ben, FORM_ID, "k", new=True))
    assert welsh != english and welsh == uncarried(fresh_in("cy", bot, ben))
    ninas = forms.open_form(bot, nina, FORM_ID, "k", new=True)
    assert uncarried(ninas) == uncarried(fresh(bot, nina, "k"))


def fresh_in(locale: str, bot, who) -> dict:  # noqa: ANN001
    with use_locale(locale):
        return fresh(bot, who, "k")
