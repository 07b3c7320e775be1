"""Leaf values every layer may use: states, snapshots, events, errors, signals, network modes."""
