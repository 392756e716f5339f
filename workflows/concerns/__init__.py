"""Raising a concern: the guided form, drafts, submission, routing and the details view."""
