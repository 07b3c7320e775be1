"""Widgets, dialogs, delegates and the main window; no libvirt calls, no XML."""
