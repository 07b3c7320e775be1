"""The AppImage's CLI against the isolated libvirtd, on its socket, as on a real host.

``kvmdesk-x86_64.AppImage cli -c qemu:///system list`` and a ``kvmdesk-cli`` symlink to the
image run inside the daemon's namespaces (``nsenter``), where ``qemu:///system`` is that
daemon's own socket; the image mounts itself through FUSE in there and unmounts on exit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.appimage import built_appimage, clean_env, leftovers, unavailable
from tests.helpers.integration.isolated_libvirtd import GuestXmlFactory, IsolatedLibvirtd

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

GUEST = "kvmdesk-appimage-guest"


@pytest.fixture(scope="module")
def appimage() -> Path:
    if not Path("/dev/fuse").exists():
        unavailable("the AppImage's FUSE mount needs /dev/fuse")
    return built_appimage()[0]


def test_the_appimage_cli_lists_a_domain_of_qemu_system(
    appimage: Path,
    isolated_libvirtd: IsolatedLibvirtd,
    libvirt_conn: Any,
    guest_xml: GuestXmlFactory,
    tmp_path: Path,
) -> None:
    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir()
    link = tmp_path / "kvmdesk-cli"
    link.symlink_to(appimage)
    env = clean_env(tmp_path, TMPDIR=str(tmpdir))
    mounts = Path(f"/proc/{isolated_libvirtd.init_pid}/mounts")  # the namespace's own
    domain = libvirt_conn.defineXML(guest_xml(GUEST))
    try:
        result = isolated_libvirtd.run(
            [str(appimage), "cli", "-c", "qemu:///system", "list", "--json"],
            check=False,
            timeout=120,
            env=env,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        rows = {row["name"]: row for row in json.loads(result.stdout)}
        assert rows[GUEST]["state"] == "shutoff"
        assert rows[GUEST]["uuid"] == domain.UUIDString()
        assert leftovers(appimage, tmpdir, mounts) == []

        table = isolated_libvirtd.run(
            [str(link), "-c", "qemu:///system", "list"], check=False, timeout=120, env=env
        )
        assert table.returncode == 0, table.stdout + table.stderr
        assert any(line.split()[:1] == [GUEST] for line in table.stdout.splitlines()), table.stdout
        assert leftovers(appimage, tmpdir, mounts) == []
    finally:
        domain.undefine()
