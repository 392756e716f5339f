"""Delivery to the terminal: each message printed under who or where it went to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot import languages
from bot.app import Mashbot
from bot.delivery.transport import Delivery, PermanentFailure
from messages.render import Platform, render
from workflows.partnership import Partnership


@dataclass
class ConsoleTransport:
    """Prints deliveries; keeps them too, so tests and the demo can read what was said to whom."""

    partnership: Partnership
    write: Callable[[str], None] = print
    platform: Platform = Platform.TEXT
    delivered: list[tuple[str, str]] = field(default_factory=list)
    # With the bot, each reader's language (and bilingual channels); without, the default's.
    bot: Mashbot | None = None

    def deliver(self, delivery: Delivery) -> dict[str, Any]:
        if delivery.recipient_type == "channel":
            channel = self.partnership.channels.get(delivery.recipient_id)
            if channel is None:
                raise PermanentFailure(
                    f"no channel '{delivery.recipient_id}' in the partnership file"
                )
            where = f"#{channel.name}"
        else:
            person = self.partnership.find_person(delivery.recipient_id)
            where = f"{person.name if person else delivery.recipient_id} (direct message)"
        text = (
            languages.render_delivery(self.bot, delivery, Platform.TEXT).text
            if self.bot is not None
            else render(
                delivery.kind, delivery.facts, Platform.TEXT, self.partnership.timezone
            ).text
        )
        verb = "updated for" if delivery.replaces else "to"
        self.write(f"\n── {verb} {where} ──\n{text}\n")
        self.delivered.append((where, text))
        return {"console": where, "n": len(self.delivered)}
