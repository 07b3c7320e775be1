"""The new-VM wizard."""
