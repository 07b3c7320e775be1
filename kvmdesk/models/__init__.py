"""Qt item models over the immutable snapshots that kvmdesk.core produces.

Models never call libvirt; they receive snapshots through core signals.
"""
