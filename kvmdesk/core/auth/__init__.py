"""Authentication: credential requests, the ssh askpass helper, the desktop keyring."""
