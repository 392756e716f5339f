"""Every form's modals: a submitted step goes to the form driver; a closed one keeps its answers."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.app import Mashbot
from bot.slack import forms
from bot.slack.home import publish_home
from bot.slack.middleware import ACTOR
from messages.forms import FORMS, words_of
from workflows.concerns.form import FORM_ID as CONCERN_FORM

log = logging.getLogger("mashbot.slack")


def register(app: App, mashbot: Mashbot) -> None:
    def submit_form_step(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        actor = context[ACTOR]
        reply = forms.submit(mashbot, actor, view)
        ack(**reply.ack)
        if reply.done is not None:  # a draft id, a reference or an action: never a detail
            reference = getattr(reply.done.result, "reference", None)
            log.info("form %s for %s finished (%s)", reply.done.form_id, reply.done.key, reference)
        if reply.done is not None and reply.done.form_id == CONCERN_FORM:
            publish_home(client, mashbot, actor, body["user"]["id"])

    def keep_typed_answers(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        actor = context[ACTOR]
        kept = forms.keep(mashbot, actor, view)  # before the ack: once acknowledged, it is kept
        ack()
        if kept:
            publish_home(client, mashbot, actor, body["user"]["id"])

    words_of(CONCERN_FORM)  # every form's words are loaded, so every form's modal is handled
    every = [words_of(form_id) for form_id in list(FORMS)]
    for words in {w.screen_id: w for w in every}.values():
        app.view_submission(words.screen_id)(submit_form_step)
        if words.keep_on_close:
            app.view_closed(words.screen_id)(keep_typed_answers)
