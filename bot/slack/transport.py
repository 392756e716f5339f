"""Delivering outbox rows to Slack: render, address (person → DM, channel key → channel id), send.

Slack's own answers decide the outcome: 429 and server trouble are retried (Retry-After
honoured); a missing channel or person, or a bot not invited, fails for a person to fix.
Logs carry outbox keys and Slack ids only, never the message.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import languages
from bot.app import Mashbot
from bot.delivery.transport import Delivery, Pacing, PermanentFailure, RateLimited, RetryLater
from bot.keepalive import UNREACHABLE
from bot.slack import files
from messages.render import Platform, slack_escape
from storage.models import PersonRecord
from workflows.people import addresses_of, resolve

log = logging.getLogger("mashbot.slack.delivery")

# Slack errors no retry can mend: a person must invite the bot, fix an id or the token.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "users_not_found",
        "user_disabled",
        "account_inactive",
        "cannot_dm_bot",
        "invalid_blocks",
        "invalid_blocks_format",
        "invalid_metadata_format",
        "invalid_metadata_schema",
        "metadata_too_large",
        "msg_too_long",
        "no_text",
        "message_not_found",
        "cant_update_message",
        "edit_window_closed",
        "restricted_action",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "missing_scope",
        "team_access_not_granted",
    }
)
PER_CHANNEL_METHODS = frozenset({"chat.postMessage", "chat.update"})


def classify(error: SlackApiError, method: str) -> RetryLater | PermanentFailure:
    """Slack's answer as the dispatcher's instruction: retry (when) or give up."""
    response = error.response
    code = response.get("error") if isinstance(response.data, dict) else None
    status = response.status_code
    if status == 429 or code == "ratelimited":
        headers = {k.lower(): v for k, v in (response.headers or {}).items()}
        raw = headers.get("retry-after")
        after = float(raw[0] if isinstance(raw, list) else raw) if raw else None
        # Posting is limited per channel; other methods per workspace (Slack's tiers).
        scope = "recipient" if method in PER_CHANNEL_METHODS else "workspace"
        return RateLimited(f"Slack rate-limited {method}", after=after, scope=scope)
    if code in PERMANENT_ERRORS:
        return PermanentFailure(f"Slack refused {method}: {code}")
    return RetryLater(f"Slack {method} failed: {code or f'HTTP {status}'}")


class SlackTransport:
    """Sends each outbox row with `chat.postMessage` (or `chat.update` when it replaces one)."""

    platform = Platform.SLACK

    def __init__(self, mashbot: Mashbot, client: WebClient, pacing: Pacing | None = None) -> None:
        self.mashbot = mashbot
        self.client = client
        self._pacing = pacing

    @property
    def pacing(self) -> Pacing:
        """Slack's limits as the settings put them (one a second a channel, bursts of three)."""
        return self._pacing or self.mashbot.settings.delivery.pacing()

    def workspace_of(self, _: object) -> str:
        """One bot token, one workspace."""
        return "slack"

    def deliver(self, delivery: Delivery) -> dict[str, Any]:
        rendered = languages.render_or_fail(self.mashbot, delivery, Platform.SLACK)
        # Slack reads the notification text as mrkdwn too: a name like "<!channel>" must not ping.
        text = slack_escape(rendered.text)
        metadata = {"event_type": "mashbot_message", "event_payload": {"outbox_key": delivery.key}}
        method = "chat.postMessage"
        try:
            target = delivery.replaces or {}
            attachment = delivery.facts.get("attachment")
            if attachment and not target:
                # One Slack step posts the file and its words together, so a retry after a
                # failure never leaves a message without its file or posts the words twice.
                method = "files.completeUploadExternal"
                channel = self._address(delivery)
                file_id = files.share(
                    self.client,
                    channel,
                    attachment["filename"],
                    str(attachment["content"]),
                    attachment.get("mimetype", "application/octet-stream"),
                    # A shared file has no blocks: its comment carries the whole message. Only
                    # kinds with no child's details carry attachments (meeting invitations).
                    comment=slack_escape(
                        languages.render_delivery(self.mashbot, delivery, Platform.TEXT).text
                    ),
                )
                return {"channel": channel, "file": file_id}
            if target.get("channel") and target.get("ts"):
                method = "chat.update"
                sent = self.client.chat_update(
                    channel=target["channel"],
                    ts=target["ts"],
                    text=text,
                    blocks=rendered.blocks,
                    metadata=metadata,
                )
            else:
                sent = self.client.chat_postMessage(
                    channel=self._address(delivery),
                    text=text,
                    blocks=rendered.blocks,
                    metadata=metadata,
                    unfurl_links=False,
                    unfurl_media=False,
                )
        except SlackApiError as error:
            outcome = classify(error, method)
            level = logging.INFO if isinstance(outcome, RateLimited) else logging.WARNING
            log.log(level, "Slack delivery of %s: %s", delivery.key, outcome)
            raise outcome from error
        except UNREACHABLE as error:
            raise RetryLater(f"cannot reach Slack ({type(error).__name__})") from error
        return {"channel": sent["channel"], "ts": sent["ts"]}

    def _address(self, delivery: Delivery) -> str:
        """The Slack channel id to post to: the channel's, or a DM opened with the person."""
        if delivery.recipient_type == "channel":
            channel = self.mashbot.partnership.channels.get(delivery.recipient_id)
            if channel is None or not channel.slack_channel_id:
                raise PermanentFailure(
                    f"channel '{delivery.recipient_id}' has no slack_channel_id in the "
                    "partnership file"
                )
            return channel.slack_channel_id
        user_id = self._slack_user(delivery.recipient_id)
        try:
            return self.client.conversations_open(users=user_id)["channel"]["id"]
        except SlackApiError as error:
            raise classify(error, "conversations.open") from error

    def _slack_user(self, person_id: str) -> str:
        """The person's Slack id: from the identities table, else looked up by email once."""
        with self.mashbot.sessions() as session:
            known = addresses_of(session, person_id, "slack")
            record = session.get(PersonRecord, person_id)
        if known:
            return known[0]
        email = record.email if record else None
        if not email:
            raise PermanentFailure(f"person {person_id} has no Slack id and no email to find them")
        try:
            user_id = self.client.users_lookupByEmail(email=email)["user"]["id"]
        except SlackApiError as error:
            raise classify(error, "users.lookupByEmail") from error
        with self.mashbot.unit_of_work("outbox") as ctx:
            resolve(
                ctx.session,
                ctx.partnership,
                platform="slack",
                external_id=user_id,
                email=email,
                now=ctx.now,
            )
        self.mashbot.actors.forget_person(person_id)  # their Slack id is known now
        log.info("found person %s in Slack as %s by email", person_id, user_id)
        return user_id
