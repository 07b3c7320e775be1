"""The host interfaces window: bond, bridge and VLAN dialogs, and the safe-apply flow."""
