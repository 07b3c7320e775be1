"""Small rules used everywhere: the libvirt URI, MAC addresses, interface names, XML layout, host probing."""
