"""Snapshots and clones: what the VM and the host support, and operations that never lose data."""
