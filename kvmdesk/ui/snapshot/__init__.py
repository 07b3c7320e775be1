"""Snapshot tree and clone dialogs."""
