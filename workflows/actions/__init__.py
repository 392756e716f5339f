"""Action plans: periods and cadence, status prompts, answers, chasing, digests, import and queries.

Platform-free like every workflow: the time comes in `ctx.now`, messages go out as `Outgoing`.
"""
