"""The VM settings window and its section editors."""
