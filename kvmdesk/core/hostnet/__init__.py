"""Host network interfaces: bonds, bridges and VLANs on the host, applied safely.

:mod:`.model` holds the value objects every part shares (specs a dialog or the CLI
fills in, snapshots a backend reports, the changes it applies); :mod:`.validation`
says in one line what is wrong with a spec; :mod:`.backend` is the protocol both
backends implement (libvirt's interface API in :mod:`.libvirt_backend`, with its XML in
:mod:`.libvirt_xml` and snapshots in :mod:`.libvirt_listing`; NetworkManager over D-Bus
in the ``nm_*`` modules); :mod:`.safe_apply` applies a change inside the
backend's transaction and rolls it back unless the user confirms in time.
"""
