"""Where the bot can reach a Teams user or channel later: the conversation Teams gave it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class TeamsConversation(Base):
    """A conversation reference, stored on install or first message, used for proactive sends.

    A personal (1:1) chat is found by the person's mashbot id; a team channel by its Teams
    channel id. Rows are upserted by conversation id, so a reinstall refreshes the service URL.
    """

    __tablename__ = "teams_conversations"

    conversation_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # personal | channel | groupChat
    service_url: Mapped[str] = mapped_column(String(300))
    tenant_id: Mapped[str | None] = mapped_column(String(80))
    bot_id: Mapped[str | None] = mapped_column(String(200))
    person_id: Mapped[str | None] = mapped_column(String(80), index=True)
    user_id: Mapped[str | None] = mapped_column(String(200))  # the Teams "29:..." id
    team_id: Mapped[str | None] = mapped_column(String(300), index=True)
    channel_id: Mapped[str | None] = mapped_column(String(300), index=True)
    updated_at: Mapped[datetime]
