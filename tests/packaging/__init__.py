"""Tests of packaging/: the AppImage runtime and what is built with it."""
