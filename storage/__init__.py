"""Persistence: SQLAlchemy 2 models, sessions, the outbox table and Alembic migrations.

SQLite is the embedded default and PostgreSQL the production database; nothing here is
dialect-specific except where a comment says why.
"""
