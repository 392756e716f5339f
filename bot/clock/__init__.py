"""The clock: the one APScheduler that finds due work (reminders, chases, digests)."""
