"""A tiny bootable Linux guest for integration tests, built from Debian packages and cached.

:func:`guest_image` returns a :class:`GuestImage`: an uncompressed ``vmlinux`` cut out of
Debian's ``linux-image-6.1.*-amd64`` (``apt-get download``, only the needed members are read
from the package), an initramfs (cpio ``newc``, written here: the host has no ``cpio``) holding
``busybox-static``, the virtio-net modules of the same kernel and an init script, and the
static ``busybox`` itself (handy for probes on the host side). The first call downloads the
two packages and builds the image (a few seconds); later calls find it in the cache
(``$KVMDESK_GUEST_CACHE`` or ``<repo>/.cache/kvmdesk-guest``, git-ignored). The cache key
covers the package versions and the init script, so editing either rebuilds.

The guest boots with ``console=ttyS0`` and reads its orders from the kernel command line:

``kvmdesk.name=NAME``
    identity; busybox ``httpd`` (the guest's listener) answers ``http://ADDR:PORT/cgi-bin/id``
    with ``NAME CLIENT-ADDRESS`` (the address the request came from: shows NAT).
``kvmdesk.ip=dhcp`` or ``kvmdesk.ip=ADDR/PREFIX``
    DHCP on eth0 (``udhcpc`` with our script) or a static address.
``kvmdesk.gw=ADDR``
    default route, unless DHCP gave one (optional).
``kvmdesk.port=PORT``
    the port of its own listener and of every probe target (default 7000).
``kvmdesk.blocks=SECONDS``
    every SECONDS, print ``KVMDESK-BLOCKS NAME NAME …``: the guest's ``/sys/block`` (a disk
    hot-plugged into the running guest shows up there).
``kvmdesk.virtiofs=TAG``
    mount the virtiofs share TAG on ``/mnt/TAG`` (retrying until it appears) and print
    ``KVMDESK-VIRTIOFS TAG TEXT`` every second: TEXT is the file ``kvmdesk-check`` in it.
``kvmdesk.probes=LABEL@ADDR,LABEL@ADDR,...``
    outgoing probes: ``wget http://ADDR:PORT/cgi-bin/id`` under ``timeout 3``; the targets
    are expected to answer the same way (:func:`write_id_listener` makes such a listener).
``kvmdesk.disk=WORD`` or ``kvmdesk.disk=-``
    the first virtio disk (``/dev/vda``, module ``virtio_blk``): writes the line
    ``KVMDESK-DATA WORD`` into its first sector (synced) unless WORD is ``-``, then reads
    that sector back; both before the listener starts (see :func:`parse_disk_lines`).
``kvmdesk.vgashell=1``
    a shell on the VGA console (``/dev/tty1``) with its output copied to the serial port;
    prints ``KVMDESK-VGA-SHELL`` once started (for console keyboard tests).

``kvmdesk.serialshell=TTY``
    an interactive shell on ``/dev/TTY`` (e.g. ``ttyS0``), started again whenever it exits,
    prompt ``KVMDESK-SHELL# ``, ``TERM=xterm``; announced by ``KVMDESK-SERIAL-SHELL TTY``.
    Without ``kvmdesk.ip`` the guest is console-only: no network set-up, no probe rounds.

``kvmdesk.pointer=1``
    load the input modules (:data:`POINTER_MODULES`), find the event device of a virtio
    tablet (``<input type='tablet' bus='virtio'/>``), print ``KVMDESK-POINTER-READY DEV``
    and then one line per key and absolute-axis event it reads (for pointer tests).

``kvmdesk.cidata=1``
    load the CD-ROM modules (:data:`CIDATA_MODULES`), mount the first ISO 9660 CD-ROM and
    print ``KVMDESK-CIDATA LABEL HOSTNAME USER`` from its cloud-init ``user-data`` (the
    ``hostname:`` and the first ``- name:``), before the network comes up.

It prints machine-readable lines to the serial console (see :func:`parse_serial`)::

    KVMDESK-READY NAME ADDR/PREFIX          listener up, address configured
    KVMDESK-PROBE ROUND LABEL ADDR ok ID CLIENT   the target answered (ID, and the address
                                                  it saw the request come from)
    KVMDESK-PROBE ROUND LABEL ADDR fail REASON    it did not: ``timeout`` or wget's error
    KVMDESK-ROUND-END ROUND                 every probe of the round is reported
    KVMDESK-ERROR TEXT                      something in the init script failed
    KVMDESK-DISK-WRITTEN WORD               kvmdesk.disk: WORD is on /dev/vda
    KVMDESK-DISK-READ LINE                  kvmdesk.disk: the first line of /dev/vda
    KVMDESK-POINTER TYPE CODE VALUE         kvmdesk.pointer: an input event (1 key: code
                                            272 is the left button; 3 absolute: code 0 x,
                                            1 y, 0–32767 across the screen)

and repeats probe rounds (all probes of a round in parallel, each under ``timeout 3``, then a
second's pause) until it is destroyed, so a test can change the
network under a running guest and read the effect in a later round.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import lzma
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
CACHE_ENV = "KVMDESK_GUEST_CACHE"
KERNEL_PACKAGE_ENV = "KVMDESK_GUEST_KERNEL_PACKAGE"
DEFAULT_CACHE = REPO_ROOT / ".cache" / "kvmdesk-guest"
BUSYBOX_PACKAGE = "busybox-static"
KERNEL_PACKAGE_RE = re.compile(r"^linux-image-6\.1\.0-(\d+)-amd64$")

# Load order matters: the package ships no modules.dep, so insmod them one by one.
VIRTIO_NET_MODULES = (
    "failover",
    "net_failover",
    "virtio_ring",
    "virtio",
    "virtio_pci_legacy_dev",
    "virtio_pci_modern_dev",
    "virtio_pci",
    "virtio_net",
)
# Disks, virtiofs shares (``kvmdesk.blocks``, ``kvmdesk.virtiofs``, ``kvmdesk.disk``) and
# the memory balloon, loaded after those.
SETTINGS_MODULES = ("virtio_blk", "fuse", "virtiofs", "virtio_balloon")
GUEST_MODULES = VIRTIO_NET_MODULES + SETTINGS_MODULES

# For kvmdesk.cidata: a SATA (AHCI) CD-ROM with an ISO 9660 file system, in load order.
CIDATA_MODULES = (
    "scsi_common",
    "scsi_mod",
    "cdrom",
    "sr_mod",
    "libata",
    "libahci",
    "ahci",
    "isofs",
)

# For kvmdesk.pointer: a virtio tablet's events on /dev/input/event*.
POINTER_MODULES = ("virtio_input", "evdev")

DEFAULT_PORT = 7000
ID_PATH = "/cgi-bin/id"  # every listener answers "IDENTITY CLIENT-ADDRESS" here
BUILDER_VERSION = "2"  # bump when the image layout changes in a way the key does not cover

_APT_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LANG": "C",
    "DEBIAN_FRONTEND": "noninteractive",
}

INIT_SCRIPT = r"""#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /tmp /www /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
err() { echo "KVMDESK-ERROR $*"; }
for m in __MODULES__; do
    insmod "/lib/modules/$m.ko" || err "insmod $m"
done
param() {
    for w in $(cat /proc/cmdline); do
        case "$w" in "kvmdesk.$1="*) echo "${w#*=}" ;; esac
    done
}
NAME=$(param name)
ADDR=$(param ip)
GW=$(param gw)
PORT=$(param port)
PORT=${PORT:-__PORT__}
PROBES=$(param probes)
BLOCKS=$(param blocks)
if [ -n "$BLOCKS" ]; then
    (while :; do echo "KVMDESK-BLOCKS $(ls /sys/block | tr '\n' ' ')"; sleep "$BLOCKS"; done) &
fi
VIRTIOFS=$(param virtiofs)
if [ -n "$VIRTIOFS" ]; then
    (mkdir -p "/mnt/$VIRTIOFS"
     while ! mount -t virtiofs "$VIRTIOFS" "/mnt/$VIRTIOFS" 2>/dev/null; do sleep 1; done
     while :; do
         echo "KVMDESK-VIRTIOFS $VIRTIOFS $(cat "/mnt/$VIRTIOFS/kvmdesk-check" 2>/dev/null)"
         sleep 1
     done) &
fi
if [ "$(param vgashell)" = 1 ]; then
    # A shell on the VGA console (tty1, the keyboard's VT) whose output is copied to the
    # serial port, so keys typed through VNC can be checked in the serial log.
    setsid sh -c 'sh -i </dev/tty1 2>&1 | tee /dev/ttyS0 >/dev/tty1' &
    echo "KVMDESK-VGA-SHELL"
fi
if [ "$(param pointer)" = 1 ]; then
    for m in __POINTER_MODULES__; do
        insmod "/lib/modules/$m.ko" || err "insmod $m"
    done
    (dev=""
     i=0
     while [ -z "$dev" ] && [ $i -lt 200 ]; do
         for e in /sys/class/input/event*; do
             if [ "$(cat "$e/device/name" 2>/dev/null)" = "QEMU Virtio Tablet" ]; then
                 dev="/dev/input/${e##*/}"
             fi
         done
         [ -n "$dev" ] && [ -c "$dev" ] || { dev=""; sleep 0.1; }
         i=$((i + 1))
     done
     if [ -z "$dev" ]; then
         err "no virtio tablet"
         exit 0
     fi
     echo "KVMDESK-POINTER-READY $dev"
     exec 3<"$dev"
     while :; do
         # struct input_event: 16 bytes of time, then type, code (u16) and value (s32)
         set -- $(dd bs=24 count=1 <&3 2>/dev/null | od -An -v -t u2)
         [ $# -eq 12 ] || continue
         case "$9" in
             1|3) echo "KVMDESK-POINTER $9 ${10} $((${11} + ${12} * 65536))" ;;
         esac
     done) &
fi
SERIAL_SHELL=$(param serialshell)
if [ -n "$SERIAL_SHELL" ]; then
    serial_shell() {
        while :; do
            TERM=xterm PS1='KVMDESK-SHELL# ' setsid -c sh -i \
                <"/dev/$SERIAL_SHELL" >"/dev/$SERIAL_SHELL" 2>&1
        done
    }
    echo "KVMDESK-SERIAL-SHELL $SERIAL_SHELL"
    if [ -z "$ADDR" ]; then
        serial_shell  # a console-only guest: no network, no probes
    fi
    serial_shell &
fi
if [ "$(param cidata)" = 1 ]; then
    for m in __CIDATA_MODULES__; do
        insmod "/lib/modules/$m.ko" || err "insmod $m"
    done
    mkdir -p /cidata
    found=""
    i=0
    while [ -z "$found" ] && [ $i -lt 200 ]; do
        for dev in /dev/sr0 /dev/sr1; do
            if [ -b "$dev" ] && mount -t iso9660 -o ro "$dev" /cidata 2>/dev/null; then
                found=$dev
                break
            fi
        done
        [ -n "$found" ] || sleep 0.1
        i=$((i + 1))
    done
    if [ -n "$found" ] && [ -f /cidata/user-data ]; then
        # The volume id of the primary volume descriptor (sector 16, bytes 40-71).
        label=$(dd if="$found" bs=1 skip=32808 count=32 2>/dev/null | tr -d ' ')
        host=$(sed -n 's/^hostname: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' /cidata/user-data | head -n 1)
        user=$(sed -n 's/^ *- name: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' /cidata/user-data | head -n 1)
        echo "KVMDESK-CIDATA ${label:-?} ${host:-?} ${user:-?}"
    else
        err "no cidata seed on a CD-ROM"
    fi
fi
ip link set lo up
i=0
while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
ip link set eth0 up || err "no eth0"
if [ "$ADDR" = dhcp ]; then
    udhcpc -i eth0 -s /udhcpc.script -f -q -n -t 20 -T 1 >/dev/null 2>&1 || err "no DHCP lease"
else
    ip addr add "$ADDR" dev eth0 || err "ip addr add $ADDR"
fi
if [ -n "$GW" ] && ! ip route | grep -q '^default'; then
    ip route add default via "$GW" || err "route via $GW"
fi
DISK=$(param disk)
if [ -n "$DISK" ]; then
    i=0
    while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    if [ ! -b /dev/vda ]; then
        err "no /dev/vda"
    else
        if [ "$DISK" != "-" ]; then
            if printf 'KVMDESK-DATA %s\n' "$DISK" \
                | dd of=/dev/vda bs=512 count=1 conv=sync,fsync 2>/dev/null; then
                echo "KVMDESK-DISK-WRITTEN $DISK"
            else
                err "write /dev/vda"
            fi
        fi
        echo "KVMDESK-DISK-READ $(dd if=/dev/vda bs=512 count=1 2>/dev/null | head -n 1)"
    fi
fi
mkdir -p /www/cgi-bin
printf '#!/bin/sh\necho "Content-Type: text/plain"\necho\necho "%s $REMOTE_ADDR"\n' "$NAME" \
    > /www/cgi-bin/id
chmod 755 /www/cgi-bin/id
httpd -p "$PORT" -h /www || err "httpd"
echo "KVMDESK-READY $NAME $(ip -4 -o addr show dev eth0 | awk '{print $4}' | head -n 1)"
probe() {  # round label target: one line each; probes of a round run in parallel
    out="/tmp/out-$2"
    (timeout 3 wget -q -O "$out" "http://$3:$PORT__ID_PATH__" 2>"/tmp/err-$2") 2>/dev/null
    rc=$?
    if [ $rc -eq 0 ] && [ -s "$out" ]; then
        echo "KVMDESK-PROBE $1 $2 $3 ok $(head -n 1 "$out")"
    elif [ $rc -gt 128 ]; then
        echo "KVMDESK-PROBE $1 $2 $3 fail timeout"
    else
        echo "KVMDESK-PROBE $1 $2 $3 fail $(tail -n 1 "/tmp/err-$2")"
    fi
    rm -f "$out" "/tmp/err-$2"
}
round=0
while :; do
    round=$((round + 1))
    for p in $(echo "$PROBES" | tr ',' ' '); do
        probe "$round" "${p%%@*}" "${p#*@}" &
    done
    wait
    echo "KVMDESK-ROUND-END $round"
    sleep 1
done
"""
INIT_SCRIPT = (
    INIT_SCRIPT.replace("__MODULES__", " ".join(GUEST_MODULES))
    .replace("__CIDATA_MODULES__", " ".join(CIDATA_MODULES))
    .replace("__POINTER_MODULES__", " ".join(POINTER_MODULES))
    .replace("__PORT__", str(DEFAULT_PORT))
    .replace("__ID_PATH__", ID_PATH)
)

UDHCPC_SCRIPT = r"""#!/bin/sh
case "$1" in
    bound|renew)
        ip addr flush dev "$interface"
        ip addr add "$ip/$mask" dev "$interface"
        if [ -n "$router" ]; then
            for r in $router; do ip route add default via "$r" && break; done
        fi
        ;;
esac
exit 0
"""


class GuestImageError(RuntimeError):
    """The guest image could not be built (packages missing, apt failing, …)."""


@dataclass(frozen=True, slots=True)
class GuestImage:
    kernel: Path
    initrd: Path
    busybox: Path
    kernel_package: str
    kernel_version: str
    build_seconds: float | None = None
    """Seconds spent building in this call; ``None`` when it came from the cache."""
    bzimage: Path | None = None
    """The compressed kernel with its real-mode setup (``vmlinux`` boots through PVH, which
    skips it): for guests that need the firmware's video modes (``vga=``, a VGA console)."""


def write_id_listener(www: Path, identity: str, shell: str) -> None:
    """Make ``www`` a busybox ``httpd`` home that answers :data:`ID_PATH` like a guest does.

    ``shell`` runs the CGI script (``"/path/to/busybox sh"``: the host needs no ``/bin/sh``
    of busybox's flavour).
    """
    cgi = www / "cgi-bin"
    cgi.mkdir(parents=True, exist_ok=True)
    script = cgi / "id"
    script.write_text(
        f"#!{shell}\necho 'Content-Type: text/plain'\necho\necho \"{identity} $REMOTE_ADDR\"\n"
    )
    script.chmod(0o755)


# ----------------------------------------------------------------------------- cpio


@dataclass(slots=True)
class _CpioWriter:
    """A cpio archive in the ``newc`` format the kernel unpacks into its initramfs."""

    chunks: list[bytes] = field(default_factory=list)
    ino: int = 1

    def _add(self, name: str, mode: int, data: bytes = b"", rdev: tuple[int, int] = (0, 0)) -> None:
        encoded = name.encode() + b"\0"
        fields = (
            self.ino,
            mode,
            0,  # uid
            0,  # gid
            2 if mode & 0o170000 == 0o040000 else 1,  # nlink
            0,  # mtime: reproducible
            len(data),
            0,  # devmajor
            0,  # devminor
            rdev[0],
            rdev[1],
            len(encoded),
            0,  # check
        )
        self.ino += 1
        header = b"070701" + b"".join(b"%08X" % value for value in fields)
        self.chunks.append(header + encoded + _pad(len(header) + len(encoded)))
        self.chunks.append(data + _pad(len(data)))

    def directory(self, name: str, perm: int = 0o755) -> None:
        self._add(name, 0o040000 | perm)

    def file(self, name: str, data: bytes, perm: int = 0o644) -> None:
        self._add(name, 0o100000 | perm, data)

    def char_device(self, name: str, major: int, minor: int, perm: int = 0o600) -> None:
        self._add(name, 0o020000 | perm, rdev=(major, minor))

    def symlink(self, name: str, target: str) -> None:
        self._add(name, 0o120000 | 0o777, target.encode())

    def finish(self) -> bytes:
        self.ino = 0
        self._add("TRAILER!!!", 0)
        return b"".join(self.chunks)


def _pad(length: int) -> bytes:
    return b"\0" * (-length % 4)


def build_initramfs(busybox: bytes, modules: dict[str, bytes]) -> bytes:
    """The uncompressed initramfs: busybox, ``modules`` (name → .ko), /init, /dev/console."""
    cpio = _CpioWriter()
    for directory in ("bin", "dev", "proc", "sys", "tmp", "www", "lib", "lib/modules"):
        cpio.directory(directory)
    cpio.char_device("dev/console", 5, 1)
    cpio.char_device("dev/null", 1, 3, 0o666)
    cpio.file("bin/busybox", busybox, 0o755)
    cpio.symlink("bin/sh", "busybox")
    for name in GUEST_MODULES:
        cpio.file(f"lib/modules/{name}.ko", modules[name])
    for name in CIDATA_MODULES:
        if name in modules:
            cpio.file(f"lib/modules/{name}.ko", modules[name])
    for name in POINTER_MODULES:
        if name in modules:
            cpio.file(f"lib/modules/{name}.ko", modules[name])
    cpio.file("udhcpc.script", UDHCPC_SCRIPT.encode(), 0o755)
    cpio.file("init", INIT_SCRIPT.encode(), 0o755)
    return cpio.finish()


# ----------------------------------------------------------------------------- kernel


def vmlinux_from_bzimage(bzimage: bytes) -> bytes | None:
    """The ELF ``vmlinux`` inside an xz-compressed bzImage, or ``None`` if it is not one."""
    start = bzimage.find(b"\xfd7zXZ\x00")
    if start < 0:
        return None
    try:
        elf = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(bzimage[start:])
    except lzma.LZMAError:
        return None
    return elf if elf.startswith(b"\x7fELF") else None


# ----------------------------------------------------------------------------- apt


def _run(cmd: list[str], cwd: Path | None = None, timeout: float = 300) -> str:
    try:
        result = subprocess.run(
            cmd,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=_APT_ENV,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GuestImageError(f"{' '.join(cmd)}: {exc}") from exc
    if result.returncode != 0:
        raise GuestImageError(
            f"{' '.join(cmd)} failed (exit {result.returncode}):\n{result.stderr.strip()}"
        )
    return result.stdout


def kernel_package() -> str:
    """The newest ``linux-image-6.1.0-N-amd64`` apt knows (or ``$KVMDESK_GUEST_KERNEL_PACKAGE``)."""
    chosen = os.environ.get(KERNEL_PACKAGE_ENV, "").strip()
    if chosen:
        return chosen
    out = _run(["apt-cache", "search", "--names-only", r"^linux-image-6\.1\.0-[0-9]+-amd64$"])
    found = []
    for line in out.splitlines():
        name = line.split(" ", 1)[0]
        match = KERNEL_PACKAGE_RE.match(name)
        if match:
            found.append((int(match.group(1)), name))
    if not found:
        raise GuestImageError(
            "apt knows no linux-image-6.1.0-*-amd64 package (run `apt-get update` first)"
        )
    return max(found)[1]


def package_version(name: str) -> str:
    out = _run(["apt-cache", "show", "--no-all-versions", name])
    for line in out.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    raise GuestImageError(f"apt-cache show {name} gives no version")


def download_package(name: str, version: str, into: Path) -> Path:
    """The package's .deb in ``into`` (``apt-get download`` unless it is there already)."""
    into.mkdir(parents=True, exist_ok=True)
    quoted = version.replace(":", "%3a")
    existing = sorted(into.glob(f"{name}_{quoted}_*.deb"))
    if existing:
        return existing[0]
    _run(["apt-get", "download", f"{name}={version}"], cwd=into, timeout=600)
    existing = sorted(into.glob(f"{name}_{quoted}_*.deb"))
    if not existing:
        raise GuestImageError(f"apt-get download {name}={version} left no .deb in {into}")
    return existing[0]


def _deb_members(deb: Path, wanted: Iterable[str]) -> dict[str, bytes]:
    """Read the data members whose path ends with one of ``wanted`` (streaming the package)."""
    suffixes = tuple(wanted)
    found: dict[str, bytes] = {}
    with subprocess.Popen(
        ["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE, env=_APT_ENV
    ) as proc:
        assert proc.stdout is not None
        with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
            for member in tar:
                if member.isfile() and member.name.endswith(suffixes):
                    handle = tar.extractfile(member)
                    assert handle is not None
                    found[member.name] = handle.read()
        proc.stdout.close()
    return found


# ----------------------------------------------------------------------------- build


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV, "").strip() or DEFAULT_CACHE)


def _cache_key(kernel: str, kernel_version: str, busybox_version: str) -> str:
    digest = hashlib.sha256()
    for part in (BUILDER_VERSION, kernel, kernel_version, busybox_version, INIT_SCRIPT):
        digest.update(part.encode() + b"\0")
    digest.update(UDHCPC_SCRIPT.encode())
    return f"{kernel}_{digest.hexdigest()[:16]}"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock file, so parallel test processes build the image once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def guest_image(root: Path | None = None) -> GuestImage:
    """The cached guest image, built first if needed (see the module docstring)."""
    root = root or cache_dir()
    try:
        kernel_pkg = kernel_package()
        kernel_version = package_version(kernel_pkg)
        busybox_version = package_version(BUSYBOX_PACKAGE)
    except GuestImageError:
        cached = _newest_cached(root)
        if cached is None:
            raise
        return cached  # apt has no package lists (offline, not updated): reuse the last build
    key = _cache_key(kernel_pkg, kernel_version, busybox_version)
    target = root / key
    with _locked(root / ".lock"):
        if (target / "manifest.json").is_file():
            return _load(target)
        started = time.monotonic()
        debs = root / "debs"
        kernel_deb = download_package(kernel_pkg, kernel_version, debs)
        busybox_deb = download_package(BUSYBOX_PACKAGE, busybox_version, debs)
        _build(target, kernel_pkg, kernel_deb, busybox_deb)
        image = _load(target)
        return GuestImage(
            image.kernel,
            image.initrd,
            image.busybox,
            image.kernel_package,
            image.kernel_version,
            time.monotonic() - started,
            image.bzimage,
        )


def _build(target: Path, kernel_pkg: str, kernel_deb: Path, busybox_deb: Path) -> None:
    release = kernel_pkg.removeprefix("linux-image-")
    wanted = [f"/boot/vmlinuz-{release}"] + [
        f"/{name}.ko" for name in dict.fromkeys((*GUEST_MODULES, *CIDATA_MODULES, *POINTER_MODULES))
    ]
    members = _deb_members(kernel_deb, wanted)
    bzimage = members.get(f"./boot/vmlinuz-{release}")
    if bzimage is None:
        raise GuestImageError(f"{kernel_deb.name} has no boot/vmlinuz-{release}")
    modules: dict[str, bytes] = {}
    for name in dict.fromkeys((*GUEST_MODULES, *CIDATA_MODULES, *POINTER_MODULES)):
        hits = [
            data
            for path, data in members.items()
            if path.startswith(f"./lib/modules/{release}/") and path.endswith(f"/{name}.ko")
        ]
        if len(hits) != 1:
            raise GuestImageError(f"{kernel_deb.name}: {len(hits)} files named {name}.ko")
        modules[name] = hits[0]
    busybox = _deb_members(busybox_deb, ["/bin/busybox"]).get("./bin/busybox")
    if busybox is None:
        raise GuestImageError(f"{busybox_deb.name} has no bin/busybox")

    vmlinux = vmlinux_from_bzimage(bzimage)
    kernel_name, kernel_data = ("vmlinux", vmlinux) if vmlinux else ("vmlinuz", bzimage)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    try:
        (staging / kernel_name).write_bytes(kernel_data)
        if kernel_name != "vmlinuz":
            # The bzImage too: for boot loaders (install media) and for a VGA text console
            # (the vmlinux boots through PVH, which skips the video setup).
            (staging / "vmlinuz").write_bytes(bzimage)
        (staging / "initrd.cpio").write_bytes(build_initramfs(busybox, modules))
        (staging / "busybox").write_bytes(busybox)
        (staging / "busybox").chmod(0o755)
        manifest = {
            "kernel": kernel_name,
            "kernel_package": kernel_pkg,
            "kernel_version": kernel_deb.name.split("_")[1],
            "busybox_package": busybox_deb.name,
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
        target.chmod(0o755)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _newest_cached(root: Path) -> GuestImage | None:
    builds = sorted(root.glob("*/manifest.json"), key=lambda path: path.stat().st_mtime)
    return _load(builds[-1].parent) if builds else None


def _load(target: Path) -> GuestImage:
    manifest = json.loads((target / "manifest.json").read_text())
    return GuestImage(
        kernel=target / manifest["kernel"],
        initrd=target / "initrd.cpio",
        busybox=target / "busybox",
        kernel_package=manifest["kernel_package"],
        kernel_version=manifest["kernel_version"],
        bzimage=next((target / n for n in ("bzImage", "vmlinuz") if (target / n).is_file()), None),
    )


# ----------------------------------------------------------------------------- serial log

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78c]|\r")


@dataclass(slots=True)
class SerialReport:
    """What a guest printed so far (see the module docstring for the line formats)."""

    ready: str | None = None  # its address ("ADDR/PREFIX"), once the listener is up
    cidata: tuple[str, ...] | None = None  # (label, hostname, user) from kvmdesk.cidata
    rounds_done: int = 0
    errors: list[str] = field(default_factory=list)
    # (round, label) -> (target, "ok ID" or "fail")
    probes: dict[tuple[int, str], tuple[str, str]] = field(default_factory=dict)

    def result(self, label: str, round_: int) -> tuple[str, str] | None:
        return self.probes.get((round_, label))


def strip_terminal_escapes(text: str) -> str:
    return _ANSI.sub("", text)


def parse_serial(text: str) -> SerialReport:
    report = SerialReport()
    for raw in strip_terminal_escapes(text).splitlines():
        line = raw.strip()
        start = line.find("KVMDESK-")
        if start < 0:
            continue
        words = line[start:].split()
        tag = words[0]
        if tag == "KVMDESK-READY" and len(words) >= 2:
            report.ready = words[2] if len(words) > 2 else ""
        elif tag == "KVMDESK-ROUND-END" and len(words) == 2 and words[1].isdigit():
            report.rounds_done = max(report.rounds_done, int(words[1]))
        elif tag == "KVMDESK-PROBE" and len(words) >= 5 and words[1].isdigit():
            report.probes[(int(words[1]), words[2])] = (words[3], " ".join(words[4:]))
        elif tag == "KVMDESK-CIDATA" and len(words) == 4:
            report.cidata = tuple(words[1:])
        elif tag == "KVMDESK-ERROR":
            report.errors.append(" ".join(words[1:]))
    return report


def parse_disk_lines(text: str) -> tuple[list[str], list[str]]:
    """The kvmdesk.disk order's report: (words written, lines read), in order."""
    written: list[str] = []
    read: list[str] = []
    for raw in strip_terminal_escapes(text).splitlines():
        line = raw.strip()
        start = line.find("KVMDESK-DISK-")
        if start < 0:
            continue
        tag, _, rest = line[start:].partition(" ")
        if tag == "KVMDESK-DISK-WRITTEN":
            written.append(rest.strip())
        elif tag == "KVMDESK-DISK-READ":
            read.append(rest.strip())
    return written, read


def boot_loader_kernel(image: GuestImage) -> Path:
    """The guest's kernel as a bzImage, which boot loaders (GRUB on install media) load."""
    path = image.kernel.parent / "vmlinuz"
    if not path.is_file():
        raise GuestImageError(f"{image.kernel.parent} has no vmlinuz (an older build: remove it)")
    return path
