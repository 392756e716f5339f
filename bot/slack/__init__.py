"""Slack: the Bolt app, its listeners grouped by kind, the HTTP server and Socket Mode."""
