"""Sub-commands of `mashbot`, one module per group."""
