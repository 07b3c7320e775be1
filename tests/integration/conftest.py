"""Fixtures for integration tests against a real, isolated libvirtd.

``isolated_libvirtd`` (module scope) is an :class:`IsolatedLibvirtd` that is started and
ready. When the machine cannot run one (not root, ``unshare`` fails, programs or the
``libvirt-qemu`` user missing) the fixture FAILS if ``$CI`` is set and skips with the reason
otherwise (shown by ``-ra``). A daemon that fails to start on a capable machine always fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import libvirt
import pytest

from tests.helpers.integration.availability import started, unavailable
from tests.helpers.integration.guest_image import GuestImage, GuestImageError, guest_image
from tests.helpers.integration.isolated_libvirtd import (
    TEST_NETWORK_NAME,
    GuestXmlFactory,
    IsolatedLibvirtd,
    diskless_guest_xml,
    nat_network_xml,
    prerequisites_problem,
)
from tests.helpers.integration.nm_harness import IsolatedNetworkManager
from tests.helpers.integration.nm_harness import prerequisites_problem as nm_prerequisites_problem
from tests.helpers.qt_async import collect_on_the_gui_thread


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread(qapp: Any) -> Iterator[None]:
    """Garbage cycles are collected on the GUI thread only, as in the app."""
    yield from collect_on_the_gui_thread(qapp)


@pytest.fixture(scope="session")
def require_isolation() -> None:
    """Fails (``$CI`` set) or skips unless this machine can run an isolated libvirtd.

    For tests that create their own :class:`IsolatedLibvirtd`.
    """
    problem = prerequisites_problem()
    if problem is not None:
        unavailable(problem)


@pytest.fixture(scope="module")
def isolated_libvirtd(require_isolation: None) -> Iterator[IsolatedLibvirtd]:
    """A ready libvirtd in private namespaces; ended (with all its guests) after the module."""
    yield from started(IsolatedLibvirtd(), "isolated libvirtd")


@pytest.fixture
def libvirt_conn(isolated_libvirtd: IsolatedLibvirtd) -> Iterator[Any]:
    """A fresh ``virConnect`` to the isolated daemon, closed after the test."""
    conn = isolated_libvirtd.open()
    try:
        yield conn
    finally:
        try:
            conn.close()
        except libvirt.libvirtError:
            pass  # the test may have killed the daemon under it


@pytest.fixture(scope="module")
def nat_network(isolated_libvirtd: IsolatedLibvirtd) -> str:
    """Defines and starts the NAT network ``kvmdesk-test-nat`` (198.51.100.0/24); its name."""
    conn = isolated_libvirtd.open()
    try:
        existing = {net.name(): net for net in conn.listAllNetworks()}
        net = existing.get(TEST_NETWORK_NAME) or conn.networkDefineXML(
            nat_network_xml(TEST_NETWORK_NAME)
        )
        if not net.isActive():
            net.create()
    finally:
        conn.close()
    return TEST_NETWORK_NAME


@pytest.fixture
def guest_xml(nat_network: str) -> GuestXmlFactory:
    """Factory for a 128 MiB diskless guest XML with one NIC on the test network.

    ``guest_xml(name="kvmdesk-test-guest", *, domain_type=None, memory_mib=128, mac=None)``;
    ``domain_type`` defaults to ``$KVMDESK_TEST_DOMAIN_TYPE`` or ``kvm``.
    """

    def make(
        name: str = "kvmdesk-test-guest",
        *,
        domain_type: str | None = None,
        memory_mib: int = 128,
        mac: str | None = None,
    ) -> str:
        return diskless_guest_xml(
            name, network=nat_network, domain_type=domain_type, memory_mib=memory_mib, mac=mac
        )

    return make


@pytest.fixture(scope="session")
def bootable_guest_image() -> GuestImage:
    """A tiny bootable Linux guest (kernel + initramfs, see ``guest_image.py``), built once.

    The first run downloads ``linux-image-6.1.*-amd64`` and ``busybox-static`` with apt and
    builds the image into the git-ignored cache (a few seconds); later runs reuse it.
    """
    try:
        return guest_image()
    except GuestImageError as exc:
        pytest.fail(f"could not build the guest image:\n{exc}", pytrace=False)


# -- isolated NetworkManager (tests/helpers/integration/nm_harness.py) --------------------------------


@pytest.fixture(scope="session")
def require_nm_isolation() -> None:
    """Fails (``$CI`` set) or skips unless this machine can run an isolated NetworkManager."""
    problem = nm_prerequisites_problem()
    if problem is not None:
        unavailable(problem, "isolated NetworkManager")


@pytest.fixture
def isolated_nm(require_nm_isolation: None) -> Iterator[IsolatedNetworkManager]:
    """A fresh, ready NetworkManager (veth0..veth3 as ports) per test; ~0.2 s to start.

    Tests connect from outside the namespaces with ``isolated_nm.bus_address``.
    """
    yield from started(IsolatedNetworkManager(), "isolated NetworkManager")
