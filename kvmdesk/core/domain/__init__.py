"""Domains: reading their XML into snapshots, and their lifecycle actions."""
