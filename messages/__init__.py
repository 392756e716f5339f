"""Wording and rendering: one semantic message, rendered to Slack Block Kit, Teams Adaptive Cards
or plain text. Nothing here sends, stores or knows which workspace it is in."""
