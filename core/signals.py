"""Signals the core sends for the apps above it to act on, so that core names none of them."""

from django.dispatch import Signal

# A body's deadline rules were saved (sender: BodyRules; body=the Body). Receivers return how many of
# the body's matters they brought in line; meetings recomputes its coming meetings' materials deadlines.
body_rules_saved = Signal()
