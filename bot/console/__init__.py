"""The local console: the same workflows in a terminal, with the plain-text renderings."""
