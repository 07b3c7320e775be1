"""The network map window: a picture of one connection's VMs, NICs, networks and host ports."""
