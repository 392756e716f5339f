"""The Slack OAuth scopes mashbot needs, in one place: per Web API method and per listener kind.

`app_manifest.yaml` must declare exactly what these name for the code as it is; a test checks it.
"""

from __future__ import annotations

from collections.abc import Iterable

# Every Web API method the bot calls, with the bot scopes it needs (none for views.*).
METHOD_SCOPES: dict[str, tuple[str, ...]] = {
    "auth.test": (),
    "chat.postMessage": ("chat:write",),
    "chat.update": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "conversations.open": ("im:write",),
    "users.info": ("users:read", "users:read.email"),
    "users.lookupByEmail": ("users:read", "users:read.email"),
    "files.getUploadURLExternal": ("files:write",),
    "files.completeUploadExternal": ("files:write",),
    "views.open": (),
    "views.update": (),
    "views.push": (),
    "views.publish": (),
    "apps.connections.open": (),  # Socket Mode: uses the app-level token, not a bot scope
}

# Events the bot subscribes to, with the bot scopes Slack requires for each.
EVENT_SCOPES: dict[str, tuple[str, ...]] = {
    "app_home_opened": (),
    "message.im": ("im:history",),  # a lead answering a prompt in a direct message
}


def required_scopes(
    methods: Iterable[str], events: Iterable[str], *, commands_or_shortcuts: bool
) -> set[str]:
    """The bot scopes for these methods and events; slash commands and shortcuts need `commands`."""
    scopes: set[str] = {"commands"} if commands_or_shortcuts else set()
    for method in methods:
        scopes.update(METHOD_SCOPES[method])
    for event in events:
        scopes.update(EVENT_SCOPES[event])
    return scopes
