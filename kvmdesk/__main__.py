"""Allow ``python -m kvmdesk`` to start the desktop app."""

from kvmdesk.app import run

run()
