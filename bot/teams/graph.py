"""Reaching someone who never opened the bot: find them by email, install the app, open the chat.

This is Microsoft Graph's proactive-install path (application permissions
TeamsAppInstallation.ReadWriteForUser.All and User.Read.All, granted by an admin).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import quote

from bot.delivery.transport import PermanentFailure
from bot.teams.rest import RestError, Tokens, call
from bot.teams.settings import GRAPH_SCOPE

log = logging.getLogger("mashbot.teams.graph")


@dataclass(frozen=True)
class PersonalChat:
    user_id: str  # the Entra object id
    chat_id: str


def _odata(value: str) -> str:
    return value.replace("'", "''")


class Graph:
    def __init__(self, base_url: str, catalog_app_id: str, tokens: Tokens) -> None:
        self.base = base_url
        self.app = catalog_app_id
        self.tokens = tokens

    def _get(self, path: str) -> dict:
        return call(
            "GET",
            self.base + path,
            token=self.tokens(GRAPH_SCOPE),
            what="Graph lookup",
            limited="workspace",  # Graph throttles the app tenant-wide
        )

    def user_by_email(self, email: str) -> str:
        """The Entra object id of the user with this email (mail or sign-in name)."""
        flt = quote(f"mail eq '{_odata(email)}' or userPrincipalName eq '{_odata(email)}'")
        found = self._get(f"users?$filter={flt}&$select=id").get("value") or []
        if not found:
            raise PermanentFailure("no Microsoft 365 user has that email (Graph found nobody)")
        return str(found[0]["id"])

    def open_chat(self, user_id: str) -> PersonalChat:
        """Install the app for the user (already installed is fine) and return the 1:1 chat."""
        path = f"users/{quote(user_id, safe='')}/teamwork/installedApps"
        try:
            call(
                "POST",
                self.base + path,
                token=self.tokens(GRAPH_SCOPE),
                body={"teamsApp@odata.bind": f"{self.base}appCatalogs/teamsApps/{self.app}"},
                what="Graph app install",
                ok_statuses=frozenset({409}),
                limited="workspace",
            )
            log.info("installed mashbot in Teams for user %s", user_id)
        except RestError:
            pass  # 409: installed already
        flt = quote(f"teamsApp/id eq '{_odata(self.app)}'")
        found = self._get(f"{path}?$expand=teamsApp&$filter={flt}").get("value") or []
        if not found:
            raise PermanentFailure("Graph did not list the app as installed for the user")
        chat = self._get(f"{path}/{quote(str(found[0]['id']), safe='')}/chat")
        return PersonalChat(user_id=user_id, chat_id=str(chat["id"]))
