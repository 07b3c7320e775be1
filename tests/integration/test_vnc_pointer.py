"""A click in the VNC view arrives in the real guest where it was aimed, at device pixel
ratios 1 and 2.

The tiny guest has a virtio tablet (an absolute pointer, as a desktop VM has) and the order
``kvmdesk.pointer=1`` (guest_image.py): it prints each input event it reads from the tablet
to its serial log. QEMU scales the VNC pointer position to the tablet's 0–32767, so the
guest's numbers map back to the guest pixel the view sent.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import libvirt
import pytest

from tests.helpers.integration.console_guest import boot_domain_type
from tests.helpers.integration.guest_image import GuestImage, strip_terminal_escapes
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd
from tests.helpers.paths import ROOT

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

GUEST = "kvmdesk-vnc-pointer"
IMAGES = "/var/lib/libvirt/images/kvmdesk-pointer"
SERIAL = "/var/log/libvirt/qemu/kvmdesk-vnc-pointer.serial"
ABS_MAX = 32767  # the virtio tablet's axis range, 0–32767 across the screen
EVENT = re.compile(r"KVMDESK-POINTER (\d+) (\d+) (\d+)")


def _xml(kernel: str) -> str:
    return f"""<domain type='{boot_domain_type()}'>
  <name>{GUEST}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>{IMAGES}/{kernel}</kernel>
    <initrd>{IMAGES}/initrd.cpio</initrd>
    <cmdline>console=ttyS0 kvmdesk.name=pointer kvmdesk.pointer=1</cmdline>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <graphics type='vnc'><listen type='none'/></graphics>
    <video><model type='vga'/></video>
    <input type='tablet' bus='virtio'/>
    <serial type='file'><source path='{SERIAL}'/><target port='0'/></serial>
    <memballoon model='none'/>
  </devices>
</domain>"""


class PointerGuest:
    def __init__(self, daemon: IsolatedLibvirtd) -> None:
        self.daemon = daemon
        self.log = daemon.root / SERIAL.lstrip("/")

    def serial(self) -> str:
        return (
            strip_terminal_escapes(self.log.read_text(errors="replace"))
            if self.log.exists()
            else ""
        )

    def wait_for(self, text: str, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.serial():
            if time.monotonic() > deadline:
                tail = "\n".join(self.serial().splitlines()[-20:])
                raise AssertionError(f"{text!r} not in the serial log; its tail:\n{tail}")
            time.sleep(0.2)


@pytest.fixture(scope="module")
def pointer_guest(
    isolated_libvirtd: IsolatedLibvirtd, bootable_guest_image: GuestImage
) -> Iterator[PointerGuest]:
    daemon, image = isolated_libvirtd, bootable_guest_image
    images = daemon.root / IMAGES.lstrip("/")
    images.mkdir(parents=True, exist_ok=True)
    (daemon.root / SERIAL.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(image.kernel, images / image.kernel.name)
    shutil.copyfile(image.initrd, images / "initrd.cpio")
    conn = daemon.open()
    domain = conn.defineXML(_xml(Path(image.kernel).name))
    try:
        domain.create()
        guest = PointerGuest(daemon)
        guest.wait_for("KVMDESK-POINTER-READY")
        yield guest
    finally:
        try:
            domain.destroy()
        except libvirt.libvirtError:
            pass
        domain.undefine()
        conn.close()


def _click(daemon: IsolatedLibvirtd, x: int, y: int, ratio: str) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=ratio)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.helpers.integration.vnc_click",
            daemon.uri,
            GUEST,
            str(x),
            str(y),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("CLICKED"))
    return line.split()[1:]


@pytest.mark.parametrize(("ratio", "x", "y"), [("1", 123, 77), ("2", 400, 250)])
def test_a_click_lands_where_it_was_aimed(
    pointer_guest: PointerGuest, isolated_libvirtd: IsolatedLibvirtd, ratio: str, x: int, y: int
) -> None:
    before = len(EVENT.findall(pointer_guest.serial()))
    sent_x, sent_y, got_ratio, width, height = _click(isolated_libvirtd, x, y, ratio)
    assert (int(sent_x), int(sent_y)) == (x, y)  # the view mapped the widget position exactly
    assert float(got_ratio) == float(ratio)
    deadline = time.monotonic() + 30
    while True:
        events = [tuple(map(int, e)) for e in EVENT.findall(pointer_guest.serial())[before:]]
        if (1, 272, 0) in events or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert (1, 272, 1) in events and (1, 272, 0) in events, events  # left button down, up
    press = events.index((1, 272, 1))
    abs_x = [value for kind, code, value in events[:press] if (kind, code) == (3, 0)][-1]
    abs_y = [value for kind, code, value in events[:press] if (kind, code) == (3, 1)][-1]
    # QEMU: tablet = pixel × 32767 / screen size
    guest_x, guest_y = abs_x * int(width) / ABS_MAX, abs_y * int(height) / ABS_MAX
    assert abs(guest_x - x) < 1.5 and abs(guest_y - y) < 1.5, (abs_x, abs_y, width, height)
    print(
        f"\nratio {ratio}: clicked guest pixel ({x}, {y}); the guest read ({guest_x:.1f}, {guest_y:.1f})"
    )
