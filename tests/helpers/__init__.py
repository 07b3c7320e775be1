"""Helpers shared by test modules; test modules import from here, never from a conftest.

- ``aio``: run a coroutine on a fresh asyncio loop; wait for a condition (core tests).
- ``qt_async``: ``AsyncRunner``, coroutines on the qasync loop of the ``runner`` fixture.
- ``inventory``: test-driver inventories (``Dom``, ``Nic``, ``Net``, run states, XML).
- ``hostnet_inventory``: test-driver inventories with host interfaces.
- ``shared_default``: ``test:///default``, shared by every connection in the process.
- ``cli``: the in-process CLI's type and checks of its error line.
- ``corpus``: the shared libvirt XML corpus beside the repository.
- ``paths``: the repository root. ``ci``: whether the tests run in CI.
- ``integration``: isolated libvirtd and NetworkManager harnesses, guest images.
"""
