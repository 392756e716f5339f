"""Delivering the outbox: the dispatcher and one transport per platform."""
