"""What every window family shares: background tasks, widget helpers, notifications."""
