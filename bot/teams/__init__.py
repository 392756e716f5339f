"""Microsoft Teams on the Microsoft 365 Agents SDK: the same workflows, Adaptive Card renderings."""
