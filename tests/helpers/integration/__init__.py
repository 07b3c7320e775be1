"""Harnesses of the integration tier: namespaces, an isolated libvirtd and NetworkManager, a bootable guest."""
