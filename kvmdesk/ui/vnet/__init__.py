"""The virtual-networks window and its network dialog."""
