"""Fixtures for the core and CLI tests: generated test-driver inventories, the shared
corpus, ``test:///default`` and the in-process CLI.

The helpers behind them live in :mod:`tests.helpers` (inventory, corpus, shared_default,
cli); test modules import those, never this file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from kvmdesk.cli import main
from tests.helpers.cli import Cli
from tests.helpers.corpus import require_corpus
from tests.helpers.inventory import (
    DEFAULT_DOMAINS,
    DEFAULT_NETWORKS,
    Dom,
    MakeInventory,
    Net,
    inventory_xml,
)
from tests.helpers.shared_default import SharedDefault, on_shared_default


@pytest.fixture
def make_inventory(tmp_path: Path) -> MakeInventory:
    """Write an inventory into ``tmp_path`` and return its ``test:///`` URI."""
    counter = 0

    def make(
        domains: Sequence[Dom] = DEFAULT_DOMAINS, networks: Sequence[Net] = DEFAULT_NETWORKS
    ) -> str:
        nonlocal counter
        counter += 1
        path = tmp_path / f"inventory-{counter}.xml"
        path.write_bytes(inventory_xml(domains, networks))
        return f"test://{path}"

    return make


@pytest.fixture
def inventory_uri(make_inventory: MakeInventory) -> str:
    """The default three-domain, two-network inventory."""
    return make_inventory()


@pytest.fixture
def corpus() -> Path:
    return require_corpus()


@pytest.fixture
def shared_default() -> Iterator[SharedDefault]:
    yield from on_shared_default(SharedDefault)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``main(argv)`` in-process; return (exit code, stdout, stderr)."""

    def invoke(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke
