"""Sharing a file in Slack: the two-step external upload (`files.getUploadURLExternal`, the
bytes to the given URL, then `files.completeUploadExternal` into a conversation)."""

from __future__ import annotations

import urllib.request

from slack_sdk import WebClient

from bot.delivery.transport import RetryLater


def share(
    client: WebClient,
    channel: str,
    filename: str,
    content: str | bytes,
    mimetype: str = "application/octet-stream",
    *,
    thread_ts: str | None = None,
    comment: str | None = None,
) -> str:
    """Upload `content` as `filename` into `channel` (under `thread_ts`); the Slack file id."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    started = client.files_getUploadURLExternal(filename=filename, length=len(data))
    request = urllib.request.Request(
        started["upload_url"], data=data, method="POST", headers={"Content-Type": mimetype}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - Slack's URL
        if response.status != 200:
            raise RetryLater(f"Slack file upload answered HTTP {response.status}")
    client.files_completeUploadExternal(
        files=[{"id": started["file_id"], "title": filename}],
        channel_id=channel,
        thread_ts=thread_ts,
        initial_comment=comment,
    )
    return str(started["file_id"])
