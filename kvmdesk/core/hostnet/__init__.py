"""Host network interfaces: bonds, bridges and VLANs on the host, applied safely.

:mod:`.model` holds the value objects every part shares (specs a dialog or the CLI
fills in, snapshots a backend reports, the changes it applies); :mod:`.validation`
says in one line what is wrong with a spec; :mod:`.types` is the protocol both
backends implement and the values they share (libvirt's interface API in
:mod:`.libvirt_backend`, with its XML in :mod:`.libvirt_xml` and snapshots in
:mod:`.libvirt_listing`; NetworkManager over D-Bus in the ``nm_*`` modules);
:mod:`.select` chooses one for a connection; :mod:`.connection_traffic` names the
interfaces a change shares with the connection itself; :mod:`.safe_apply` applies a
change inside the backend's transaction and rolls it back unless the user confirms in time.
"""
