"""libvirt virtual networks: their modes, specs, XML, operations and the subnet pool."""
