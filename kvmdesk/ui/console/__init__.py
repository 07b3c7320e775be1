"""The console window: a VM's screen (our own VNC view) and its serial console in tabs."""
