"""Requests exactly as Slack sends them: signed (v0 HMAC-SHA256), form or JSON, with retries.

`SlackRequests` posts to the bot's /slack/events; `Person` is someone in Slack driving the
bot: typing a slash command, pressing buttons, filling and submitting modals as Slack's client
would (state values built from the view's own input blocks, initial values kept).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from tests.slack.blockkit import assert_valid_view
from tests.slack.fake_slack import TEAM_ID, FakeSlack

SIGNING_SECRET = "test-signing-secret-not-real"
APP_ID = "A0MASHBOT"
_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"{prefix}{next(_ids):06d}"


@dataclass
class Reply:
    status: int
    body: str
    headers: dict[str, str]

    def json(self) -> dict[str, Any]:
        return json.loads(self.body) if self.body else {}


def sign(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class SlackRequests:
    """Signed POSTs to the bot, as Slack's servers make them."""

    url: str
    secret: str = SIGNING_SECRET
    last: tuple[bytes, str] | None = None

    def repeat_last(self, retry: int = 1) -> Reply:
        """Slack's retry of the last request: the same body, signed afresh, `X-Slack-Retry-Num`."""
        assert self.last is not None
        return self.post(*self.last, retry=retry)

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        retry: int | None = None,
        secret: str | None = None,
        timestamp: int | None = None,
    ) -> Reply:
        self.last = (body, content_type)
        ts = str(timestamp if timestamp is not None else int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": sign(secret or self.secret, ts, body),
        }
        if retry is not None:
            headers["X-Slack-Retry-Num"] = str(retry)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode(), dict(error.headers))

    def form(self, fields: dict[str, str], **kwargs: Any) -> Reply:
        body = urlencode(fields).encode()
        return self.post(body, "application/x-www-form-urlencoded", **kwargs)

    def interaction(self, payload: dict[str, Any], **kwargs: Any) -> Reply:
        return self.form({"payload": json.dumps(payload)}, **kwargs)

    def event(self, event: dict[str, Any], event_id: str | None = None, **kwargs: Any) -> Reply:
        envelope = {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or new_id("Ev"),
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM_ID, "user_id": "U0MASHBOT", "is_bot": True}],
        }
        return self.post(json.dumps(envelope).encode(), "application/json", **kwargs)


def _option(element: dict[str, Any], value: str) -> dict[str, Any]:
    for option in element["options"]:
        if option["value"] == value:
            return option
    raise AssertionError(f"no option {value!r} in {element['action_id']}")


def state_of(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """The state Slack's client would send: typed answers, else what the view showed already."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element, block_id = block["element"], block["block_id"]
        kind, given = element["type"], answers.get(block_id, ...)
        if kind == "plain_text_input":
            value = element.get("initial_value") if given is ... else given
            state: dict[str, Any] = {"type": kind, "value": value or None}
        elif kind == "checkboxes":
            chosen = (
                element.get("initial_options", [])
                if given is ...
                else [_option(element, v) for v in given]
            )
            state = {"type": kind, "selected_options": chosen}
        else:
            chosen = element.get("initial_option") if given is ... else given
            if isinstance(chosen, str):
                chosen = _option(element, chosen)
            state = {"type": kind, "selected_option": chosen}
        values[block_id] = {element["action_id"]: state}
    return {"values": values}


@dataclass
class Person:
    """Someone in the Slack workspace, with the modal they have open (if any)."""

    user_id: str
    slack: SlackRequests
    fake: FakeSlack
    modal: dict[str, Any] | None = None
    view_id: str | None = None
    errors: dict[str, str] = field(default_factory=dict)
    last_trigger: str = ""

    def _user(self) -> dict[str, Any]:
        return {"id": self.user_id, "username": self.user_id.lower(), "team_id": TEAM_ID}

    def _open_modal(self, trigger_id: str) -> dict[str, Any]:
        call = self.fake.wait_for("views.open", lambda c: c.args.get("trigger_id") == trigger_id)
        self.modal = assert_valid_view(call[0].args["view"])
        self.view_id = new_id("V")
        self.errors = {}
        return self.modal

    def command(self, command: str = "/concern", text: str = "", **kwargs: Any) -> Reply:
        trigger = new_id("trigger.")
        fields = {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "riverton-test",
            "channel_id": "C0GENERAL",
            "channel_name": "general",
            "user_id": self.user_id,
            "user_name": self.user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "response_url": "https://hooks.slack.invalid/commands/1",
            "trigger_id": trigger,
        }
        self.last_trigger = trigger
        return self.slack.form(fields, **kwargs)

    def start_concern(self) -> dict[str, Any]:
        """Type /concern and wait for the form to open."""
        reply = self.command("/concern")
        assert reply.status == 200, reply
        return self._open_modal(self.last_trigger)

    def shortcut(self, callback_id: str) -> dict[str, Any]:
        trigger = new_id("trigger.")
        payload = {
            "type": "shortcut",
            "callback_id": callback_id,
            "trigger_id": trigger,
            "user": self._user(),
            "team": {"id": TEAM_ID},
            "api_app_id": APP_ID,
            "action_ts": str(time.time()),
        }
        assert self.slack.interaction(payload).status == 200
        return self._open_modal(trigger)

    def press(
        self, action_id: str, value: str | None = None, *, where: dict[str, Any] | None = None
    ) -> str:
        """Press a button (on a message in `where`, or the Home tab); returns the trigger id."""
        trigger = new_id("trigger.")
        action = {"action_id": action_id, "block_id": "b1", "type": "button", "action_ts": "1.2"}
        if value is not None:
            action["value"] = value
        payload = {
            "type": "block_actions",
            "user": self._user(),
            "team": {"id": TEAM_ID},
            "api_app_id": APP_ID,
            "trigger_id": trigger,
            "container": where or {"type": "view", "view_id": "VHOME"},
            "actions": [action],
        }
        if where is None:  # Slack sends the Home tab's view with a press on it
            payload["view"] = {"id": "VHOME", "type": "home", "callback_id": "home"}
        if where and where.get("channel_id"):
            payload["channel"] = {"id": where["channel_id"]}
            payload["message"] = {"ts": where.get("message_ts"), "text": ""}
        assert self.slack.interaction(payload).status == 200
        return trigger

    def press_and_see(self, action_id: str, value: str | None = None, **kwargs: Any) -> dict:
        """Press a button that opens a modal; the modal."""
        return self._open_modal(self.press(action_id, value, **kwargs))

    def _view_payload(self, kind: str, answers: dict[str, Any]) -> dict[str, Any]:
        assert self.modal is not None, "no modal is open"
        view = {
            **self.modal,
            "id": self.view_id,
            "team_id": TEAM_ID,
            "app_id": APP_ID,
            "state": state_of(self.modal, answers),
            "hash": new_id("hash."),
        }
        payload = {
            "type": kind,
            "team": {"id": TEAM_ID},
            "user": self._user(),
            "api_app_id": APP_ID,
            "view": view,
            "is_enterprise_install": False,
        }
        if kind == "view_submission":
            payload["trigger_id"] = new_id("trigger.")
            payload["response_urls"] = []
        else:
            payload["is_cleared"] = False
        return payload

    def submit(self, answers: dict[str, Any] | None = None, **kwargs: Any) -> Reply:
        """Press the modal's submit button with `answers` typed in; follow Slack's reply."""
        reply = self.slack.interaction(
            self._view_payload("view_submission", answers or {}), **kwargs
        )
        assert reply.status == 200, reply
        self.follow(reply)
        return reply

    def follow(self, reply: Reply) -> None:
        answer = reply.json()
        action = answer.get("response_action")
        if action == "update":
            self.modal = assert_valid_view(answer["view"])
            self.errors = {}
        elif action == "errors":
            self.errors = answer["errors"]
        else:
            self.modal = None

    def press_back(
        self, typed: dict[str, Any] | None = None, action_id: str = "concern_form_back"
    ) -> Any:
        """Press the open modal's Back button with `typed` in its fields; the views.update the
        bot answers with."""
        before = len(self.fake.calls_to("views.update"))
        payload = self._view_payload("block_actions", typed or {})
        payload["actions"] = [
            {
                "action_id": action_id,
                "block_id": "form_navigation",
                "type": "button",
                "action_ts": "1.2",
            }
        ]
        payload["container"] = {"type": "view", "view_id": self.view_id}
        payload["trigger_id"] = new_id("trigger.")
        assert self.slack.interaction(payload).status == 200
        return self.fake.wait_for("views.update", count=before + 1)[-1]

    def close(self, typed: dict[str, Any] | None = None) -> Reply:
        """Close the modal with `typed` in its fields (Slack sends view_closed: notify_on_close)."""
        assert self.modal is not None and self.modal.get("notify_on_close")
        reply = self.slack.interaction(self._view_payload("view_closed", typed or {}))
        assert reply.status == 200, reply
        self.modal = None
        return reply

    def open_home(self, **kwargs: Any) -> dict[str, Any]:
        """Open the app's Home tab; the view the bot published for it."""
        before = len(self.fake.calls_to("views.publish", self._mine))
        event = {
            "type": "app_home_opened",
            "user": self.user_id,
            "channel": self.fake.dm_channel(self.user_id),
            "tab": "home",
            "event_ts": str(time.time()),
        }
        assert self.slack.event(event, **kwargs).status == 200
        call = self.fake.wait_for("views.publish", self._mine, count=before + 1)[-1]
        return assert_valid_view(call.args["view"])

    def _mine(self, call: Any) -> bool:
        return call.args.get("user_id") == self.user_id
