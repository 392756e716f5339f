"""Errors a workflow raises for a person to read; each says what to do next."""

from __future__ import annotations


class WorkflowError(Exception):
    """A refusal or a problem to show the user as it is, in plain English."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AccessDenied(WorkflowError):
    """The user's role does not allow this; the message is the polite refusal."""


class NotFound(WorkflowError):
    pass


class InvalidInput(WorkflowError):
    """Answers that fail validation, by field id; nothing the user typed is discarded."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
