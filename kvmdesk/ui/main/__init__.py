"""The main window and what it opens directly: details pane, event log, connection and confirm dialogs."""
