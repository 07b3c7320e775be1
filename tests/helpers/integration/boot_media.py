"""Bootable media made from the tiny guest: an ISO (GRUB for BIOS and UEFI) and disk images.

:func:`grub_image` runs ``grub-mkrescue`` (Debian's ``grub-pc-bin`` + ``grub-efi-amd64-bin``,
``xorriso``, ``mtools``) on a folder holding the guest's kernel (as a bzImage) and initramfs
and a ``grub.cfg`` that boots them at once with the given kernel command line and the
console on the serial port. The result is a hybrid image: it boots as a CD-ROM (El Torito,
BIOS and UEFI) and, written to a disk, as a hard disk (its MBR), so the same builder makes
the "install ISO", the disk image to import and the cloud image.

:class:`ConsoleReader` reads a running domain's serial console through libvirt
(``virDomainOpenConsole``) in a thread, from the moment it is opened.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

import libvirt

from tests.helpers.integration.guest_image import (
    GuestImage,
    boot_loader_kernel,
    strip_terminal_escapes,
)

TOOLS = ("grub-mkrescue", "xorriso", "mformat", "qemu-img")

GRUB_CFG = """\
set timeout=0
set default=0
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
menuentry "kvmdesk tiny guest" {
    linux /boot/vmlinuz console=ttyS0 __CMDLINE__
    initrd /boot/initrd.cpio
}
"""


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def grub_image(image: GuestImage, out: Path, cmdline: str) -> Path:
    """A hybrid ISO at ``out`` that boots the guest with ``cmdline`` (see module doc)."""
    with tempfile.TemporaryDirectory(prefix="kvmdesk-media-") as staging:
        root = Path(staging)
        (root / "boot" / "grub").mkdir(parents=True)
        shutil.copyfile(boot_loader_kernel(image), root / "boot" / "vmlinuz")
        shutil.copyfile(image.initrd, root / "boot" / "initrd.cpio")
        (root / "boot" / "grub" / "grub.cfg").write_text(GRUB_CFG.replace("__CMDLINE__", cmdline))
        result = subprocess.run(
            ["grub-mkrescue", "-o", str(out), str(root), "--", "-volid", "KVMDESK_TINY"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"grub-mkrescue failed:\n{result.stderr}")
    return out


def to_qcow2(raw: Path, out: Path) -> Path:
    subprocess.run(
        ["qemu-img", "convert", "-f", "raw", "-O", "qcow2", str(raw), str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


class ConsoleReader:
    """Collects a domain's serial console output in a thread until :meth:`close`."""

    def __init__(self, conn: Any, domain: Any) -> None:
        self._stream = conn.newStream(0)
        domain.openConsole(None, self._stream, libvirt.VIR_DOMAIN_CONSOLE_FORCE)
        self._chunks: list[bytes] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while True:
            try:
                data = self._stream.recv(4096)
            except libvirt.libvirtError:
                return
            if not isinstance(data, bytes) or not data:
                return
            with self._lock:
                self._chunks.append(data)

    def text(self) -> str:
        with self._lock:
            raw = b"".join(self._chunks)
        return strip_terminal_escapes(raw.decode("utf-8", "replace"))

    def close(self) -> None:
        try:
            self._stream.abort()
        except libvirt.libvirtError:
            pass
        self._thread.join(timeout=5)
