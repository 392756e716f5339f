"""The safeguarding domain: concerns, triage, meetings, actions, chasing and figures.

Workflows change state through `storage` and say what must be sent as `Outgoing` data; they know
no chat platform, no SQL dialect and no clock of their own (the time is passed in).
"""
