"""The NIC dialog with its mode cards and backing pages, and NIC editing from the details pane."""
