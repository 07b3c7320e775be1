"""Guest network cards: what a NIC should be, its XML, applying a change, what to choose from."""
