"""The virtual-network manager window and its network dialog."""
