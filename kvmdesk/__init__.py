"""kvmdesk: a desktop manager for KVM virtual machines on Linux."""

__version__ = "0.1.0"
