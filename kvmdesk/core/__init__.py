"""Qt-free heart of kvmdesk: libvirt sessions, snapshots, XML parsing and rules.

Nothing in this package imports Qt, so the CLI and plain pytest use it as is.
"""
