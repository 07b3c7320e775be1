"""A VM's consoles: the RFB (VNC) protocol and its decoders, how to reach a graphics or serial console."""
