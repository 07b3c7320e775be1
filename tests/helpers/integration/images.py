"""Disk images inside an isolated libvirtd's namespace: write, read back, check, list.

Backing files are recorded with their paths inside the namespace, so every ``qemu-img``
and ``qemu-io`` call runs in there (``daemon.run``), where those paths resolve.
:class:`ImageStore` holds the data-safety checks the snapshot and clone tests run after
every operation: each image passes ``qemu-img check`` and no image file disappeared
unless the operation was meant to remove it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd

IMAGES = "/var/lib/libvirt/images"
POOL_XML = "<pool type='dir'><name>{name}</name><target><path>{path}</path></target></pool>"
IMAGE_SUFFIXES = (".qcow2", ".img", ".raw", ".iso")


class ImageStore:
    """The pool folder ``/var/lib/libvirt/images`` of one isolated daemon."""

    def __init__(self, daemon: IsolatedLibvirtd, folder: str = IMAGES) -> None:
        self.daemon = daemon
        self.folder = folder
        self.outside = daemon.root / folder.lstrip("/")
        self.outside.mkdir(parents=True, exist_ok=True)

    def path(self, name: str) -> str:
        return f"{self.folder}/{name}"

    def ensure_pool(self, conn: Any, name: str = "default") -> Any:
        """A started dir pool over the folder (defined once per daemon)."""
        for pool in conn.listAllStoragePools(0):
            if pool.name() == name:
                if not pool.isActive():
                    pool.create(0)
                pool.refresh(0)
                return pool
        pool = conn.storagePoolDefineXML(POOL_XML.format(name=name, path=self.folder), 0)
        pool.create(0)
        return pool

    def create(self, name: str, size: str = "16M", fmt: str = "qcow2") -> str:
        self.daemon.run(["qemu-img", "create", "-q", "-f", fmt, self.path(name), size])
        return self.path(name)

    def write(self, path: str, pattern: int, offset: int = 0, length: str = "64k") -> None:
        """Write ``pattern`` bytes into the image (its top layer when it has a chain)."""
        self.daemon.run(["qemu-io", "-c", f"write -P {pattern} {offset} {length}", path])

    def holds(self, path: str, pattern: int, offset: int = 0, length: str = "64k") -> bool:
        """True when the guest-visible bytes at ``offset`` are all ``pattern``."""
        result = self.daemon.run(
            ["qemu-io", "-r", "-c", f"read -P {pattern} {offset} {length}", path], check=False
        )
        text = result.stdout + result.stderr
        return result.returncode == 0 and "verification failed" not in text.lower()

    def check(self, path: str, *, running: bool = False) -> str:
        """``qemu-img check`` must find no corruption (leaks only while in use); its output."""
        command = ["qemu-img", "check", "-q"] + (["-U"] if running else []) + [path]
        result = self.daemon.run(command, check=False)
        allowed = (0, 3) if running else (0,)
        assert result.returncode in allowed, (
            f"qemu-img check {path}: {result.stdout}{result.stderr}"
        )
        return result.stdout

    def qcow2_files(self) -> set[str]:
        return {
            f"{self.folder}/{p.name}"
            for p in self.outside.iterdir()
            if p.is_file() and self.info(f"{self.folder}/{p.name}").get("format") == "qcow2"
        }

    def files(self) -> set[str]:
        return {f"{self.folder}/{p.name}" for p in self.outside.iterdir() if p.is_file()}

    def check_all(self, *, running: Iterable[str] = ()) -> None:
        in_use = set(running)
        for path in sorted(self.qcow2_files()):
            self.check(path, running=path in in_use)

    def info(self, path: str) -> dict[str, Any]:
        result = self.daemon.run(["qemu-img", "info", "-U", "--output=json", path], check=False)
        if result.returncode != 0:
            return {}
        info: dict[str, Any] = json.loads(result.stdout)
        return info

    def backing(self, path: str) -> str:
        return str(self.info(path).get("full-backing-filename") or "")

    def internal_snapshots(self, path: str) -> list[str]:
        return [s["name"] for s in self.info(path).get("snapshots", [])]

    def outside_path(self, path: str) -> Path:
        return self.daemon.root / path.lstrip("/")


GUEST_DIR = "/var/lib/libvirt/kvmdesk-guest"
SERIAL_DIR = "/var/log/libvirt/qemu"


def install_guest(daemon: IsolatedLibvirtd, kernel: Path, initrd: Path) -> tuple[str, str]:
    """Copy the tiny guest's kernel and initramfs into the namespace (libvirt chowns them
    while a guest runs, so the cached originals stay untouched); their inside paths."""
    folder = daemon.root / GUEST_DIR.lstrip("/")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / kernel.name).write_bytes(kernel.read_bytes())
    (folder / "initrd.cpio").write_bytes(initrd.read_bytes())
    (daemon.root / SERIAL_DIR.lstrip("/")).mkdir(parents=True, exist_ok=True)
    return f"{GUEST_DIR}/{kernel.name}", f"{GUEST_DIR}/initrd.cpio"


def booting_guest_xml(
    name: str,
    kernel: tuple[str, str],
    network: str,
    disks: list[str],
    media: str = "",
    *,
    orders: str = "",
    uuid: str = "",
) -> str:
    """A tiny guest (TCG) booting the kernel with a static address, its qcow2 ``disks``
    (vda, vdb …), an optional read-only CD-ROM, and its serial console in a file.

    ``orders`` are more ``kvmdesk.*`` orders for its command line (e.g. ``kvmdesk.disk=W``).
    """
    letters = "abcdefgh"
    disk_xml = "".join(
        f"<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        f"<source file='{path}'/><target dev='vd{letters[i]}' bus='virtio'/></disk>"
        for i, path in enumerate(disks)
    )
    if media:
        disk_xml += (
            "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
            f"<source file='{media}'/><target dev='sdc' bus='sata'/><readonly/></disk>"
        )
    return (
        f"<domain type='qemu'><name>{name}</name>"
        + (f"<uuid>{uuid}</uuid>" if uuid else "")
        + "<memory unit='MiB'>128</memory>"
        "<vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type>"
        f"<kernel>{kernel[0]}</kernel><initrd>{kernel[1]}</initrd>"
        f"<cmdline>console=ttyS0 kvmdesk.name={name} kvmdesk.ip=198.51.100.77/24 {orders}"
        "</cmdline>"
        "</os><features><acpi/></features><on_reboot>destroy</on_reboot><devices>"
        f"{disk_xml}<interface type='network'><mac address='52:54:00:c1:00:01'/>"
        f"<source network='{network}'/><model type='virtio'/><rom enabled='no'/></interface>"
        f"<serial type='file'><source path='{SERIAL_DIR}/{name}.serial'/><target port='0'/>"
        "</serial><memballoon model='none'/></devices></domain>"
    )


def serial_log(daemon: IsolatedLibvirtd, name: str) -> str:
    path = daemon.root / SERIAL_DIR.lstrip("/") / f"{name}.serial"
    return path.read_text(errors="replace") if path.exists() else ""
