"""A new form's first step is drawn once per form, language and agency, and copied with its key."""

from __future__ import annotations

import pytest

from bot.slack import forms
from messages import slack_render
from messages.forms import form_screen
from messages.i18n import use_locale
from messages.render import Platform
from tests.support import actor
from workflows import form_driver
from workflows.concerns.flow import CONCERN
from workflows.concerns.form import FORM_ID


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
        assert opened == [fresh(bot, who, "k-one"), fresh(bot, who, "k-two")]
    assert [forms.FormPlace.of(view).key for view in opened] == ["k-one", "k-two"]


def test_readers_of_another_language_or_agency_get_their_own_first_step(bot) -> None:
    ben, nina = actor(bot, "ben.carter@example.org"), actor(bot, "nina.lowe@example.org")
    english = forms.open_form(bot, ben, FORM_ID, "k", new=True)
    with use_locale("cy"):
        welsh = forms.open_form(bot, ben, FORM_ID, "k", new=True)
    assert welsh != english and welsh == fresh_in("cy", bot, ben)
    assert forms.open_form(bot, nina, FORM_ID, "k", new=True) == fresh(bot, nina, "k")


def fresh_in(locale: str, bot, who) -> dict:  # noqa: ANN001
    with use_locale(locale):
        return fresh(bot, who, "k")
