"""How long connecting and closing may take: the bounds every session keeps.

A module of constants only, so the app can name the defaults in its options
before the heavier connection modules load.
"""

from __future__ import annotations

# How long an open may take before the attempt is given up (the app's
# --connect-timeout). An ssh host that accepts TCP and never answers would
# otherwise keep the row "Connecting…" for as long as the TCP connection lives.
CONNECT_TIMEOUT = 30.0
# How long closing a connection may take (a dead link) before its transport
# program is ended and the close abandoned.
CLOSE_TIMEOUT = 1.0
# How long quitting waits for worker threads still inside libvirt before the
# process exits without them.
QUIT_GRACE = 0.5
