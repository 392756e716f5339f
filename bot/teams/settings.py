"""Teams settings: the Agents SDK's own variables for the app registration, ours for the rest.

The SDK reads `CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID` (the bot's app id),
`...__CLIENTSECRET`, `...__TENANTID`, and for a certificate `...__AUTHTYPE=certificate`,
`...__CERTPFXFILE` and `...__SENDX5C`. No app id means anonymous mode (local trials only).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from microsoft_agents.activity import load_configuration_from_env

SERVICE_CONNECTION = "SERVICE_CONNECTION"
DEFAULT_GRAPH_URL = "https://graph.microsoft.com/v1.0/"
DEFAULT_SERVICE_URL = "https://smba.trafficmanager.net/teams/"
CONNECTOR_SCOPE = "https://api.botframework.com/.default"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"


@dataclass(frozen=True)
class TeamsSettings:
    """What `mashbot teams` and the Teams transport need; secrets stay inside `sdk_config`."""

    sdk_config: dict[str, Any] = field(repr=False)
    app_id: str | None
    tenant_id: str | None
    catalog_app_id: str | None  # the app's id in the organisation's Teams app catalog
    graph_url: str = DEFAULT_GRAPH_URL
    service_url: str = DEFAULT_SERVICE_URL
    public_host: str = "mashbot.example.org"

    @property
    def anonymous(self) -> bool:
        """No app id: requests are not authenticated (the Agents Playground, nothing else)."""
        return not self.app_id

    @property
    def graph_enabled(self) -> bool:
        """Graph is used to reach people by email only with an app registration and catalog id."""
        return bool(self.app_id and self.catalog_app_id)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> TeamsSettings:
        env = dict(os.environ if environ is None else environ)
        sdk_keys = {
            k: v for k, v in env.items() if k.startswith(("CONNECTIONS__", "CONNECTIONSMAP__"))
        }
        config = load_configuration_from_env(sdk_keys)
        connection = config["CONNECTIONS"].setdefault(SERVICE_CONNECTION, {})
        settings = connection.setdefault("SETTINGS", {})
        app_id = (settings.get("CLIENTID") or "").strip() or None
        if app_id is None:
            settings["ANONYMOUS_ALLOWED"] = True
        return cls(
            sdk_config=config,
            app_id=app_id,
            tenant_id=settings.get("TENANTID") or None,
            catalog_app_id=env.get("MASHBOT_TEAMS_CATALOG_APP_ID") or None,
            graph_url=_slash(env.get("MASHBOT_GRAPH_URL") or DEFAULT_GRAPH_URL),
            service_url=_slash(env.get("MASHBOT_TEAMS_SERVICE_URL") or DEFAULT_SERVICE_URL),
            public_host=env.get("MASHBOT_PUBLIC_HOST") or "mashbot.example.org",
        )


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
