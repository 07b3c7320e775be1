"""One libvirt connection (the Session and its sub-objects), the inventory of them, and their start-up."""
