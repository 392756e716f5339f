"""Data protection: retention, legal holds, subject access exports and the access review."""
