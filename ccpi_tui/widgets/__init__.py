"""Widgets: they render and post messages, and never reach into siblings."""
