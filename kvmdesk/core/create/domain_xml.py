"""The new VM's domain XML, from a :class:`VmSpec`, the host's capabilities and the OS.

q35 where the host has it, virtio disk/NIC/RNG/balloon where the OS drives them (SATA and
e1000e otherwise), virtio-gpu or VGA, VNC on 127.0.0.1, a serial console, UEFI (libvirt's
firmware auto-selection, Secure Boot on or off) or BIOS, a TPM 2.0 emulator (swtpm).
The NIC is added by :func:`kvmdesk.core.nic.xml.set_nic`, the NIC editor's own code.

Two documents come out (:class:`DomainXml`): the **install** definition the VM first runs
with — the install media (or the network) first in the boot order and
``<on_reboot>destroy</on_reboot>``, so the installer's final reboot ends that run instead
of booting the installer again — and the **final** definition, which the creation job
defines as the persistent configuration right after the first start: the disk first, the
ISO no longer in the boot order (the CD-ROM stays, with its media, for drivers), and a
normal ``restart`` on reboot. The next start boots the installed system.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import etree

from kvmdesk.core.create.capabilities import HostCapabilities
from kvmdesk.core.create.osinfo import OsEntry
from kvmdesk.core.create.spec import (
    Firmware,
    LocalFileHandling,
    SourceKind,
    VmSpec,
    copied_volume_name,
    disk_volume_name,
    seed_volume_name,
)
from kvmdesk.core.nic.spec import NicSpec
from kvmdesk.core.nic.xml import set_nic
from kvmdesk.core.util.xml_layout import insert_child, parse, serialise


@dataclass(frozen=True, slots=True)
class DiskSource:
    """Where a disk's data is: a pool volume, or a file path (``pool`` empty)."""

    path: str = ""
    pool: str = ""
    volume: str = ""
    format: str = "raw"

    @classmethod
    def of_volume(cls, pool: str, volume: str, format: str = "raw") -> DiskSource:
        return cls(pool=pool, volume=volume, format=format)


@dataclass(frozen=True, slots=True)
class DiskLayout:
    """The VM's disk and CD-ROM sources (None: that device is not there)."""

    disk: DiskSource | None = None
    cdrom: DiskSource | None = None


@dataclass(frozen=True, slots=True)
class DomainXml:
    install: str
    final: str

    @property
    def differs(self) -> bool:
        return self.install != self.final


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def layout_for(spec: VmSpec, copied_volume: str = "") -> DiskLayout:
    """Which sources a spec's disk and CD-ROM use, as the creation job makes them.

    ``copied_volume`` is the volume a local file was copied into; by default the name the
    job gives it when the spec asks for a copy ("" when the file is used in place).
    """
    if not copied_volume and spec.source_path and spec.local_file is LocalFileHandling.COPY_TO_POOL:
        copied_volume = copied_volume_name(spec)
    disk: DiskSource | None = None
    cdrom: DiskSource | None = None
    own_disk = DiskSource.of_volume(spec.pool, disk_volume_name(spec.name), "qcow2")

    def source_of_file() -> DiskSource:
        if copied_volume:
            return DiskSource.of_volume(spec.pool, copied_volume)
        if spec.source_volume:
            pool, _, volume = spec.source_volume.partition("/")
            return DiskSource.of_volume(pool, volume)
        return DiskSource(path=spec.source_path)

    if spec.source is SourceKind.ISO:
        disk, cdrom = own_disk, source_of_file()
    elif spec.source is SourceKind.IMPORT:
        disk = source_of_file()
    elif spec.source is SourceKind.CLOUD_IMAGE:
        disk = own_disk
        cdrom = DiskSource.of_volume(spec.pool, seed_volume_name(spec.name))
    else:
        disk = own_disk
    return DiskLayout(disk=disk, cdrom=cdrom)


def _disk(
    devices: etree._Element,
    source: DiskSource,
    *,
    device: str,
    bus: str,
    target: str,
    boot: int | None,
    image_format: str,
) -> None:
    kind = "volume" if source.pool else "file"
    disk = _sub(devices, "disk", type=kind, device=device)
    _sub(disk, "driver", name="qemu", type=image_format)
    if source.pool:
        _sub(disk, "source", pool=source.pool, volume=source.volume)
    else:
        _sub(disk, "source", file=source.path)
    _sub(disk, "target", dev=target, bus=bus)
    if device == "cdrom":
        _sub(disk, "readonly")
    if boot is not None:
        _sub(disk, "boot", order=str(boot))


def _target(bus: str, number: int) -> str:
    prefix = {"virtio": "vd", "ide": "hd"}.get(bus, "sd")
    return prefix + "abcdefgh"[number]


def _build(
    spec: VmSpec,
    host: HostCapabilities,
    entry: OsEntry | None,
    layout: DiskLayout,
    *,
    install: bool,
    image_format: str,
    uuid: str,
) -> str:
    # Only media or network installs have a first run that differs from the final one.
    install = install and spec.source in (SourceKind.ISO, SourceKind.PXE)
    domain_type = spec.domain_type or host.default_domain_type
    root = etree.Element("domain", type=domain_type)
    _sub(root, "name", spec.name)
    if uuid:
        _sub(root, "uuid", uuid)
    if entry is not None:
        metadata = _sub(root, "metadata")
        libosinfo = etree.SubElement(
            metadata,
            "{http://libosinfo.org/xmlns/libvirt/domain/1.0}libosinfo",
            nsmap={"libosinfo": "http://libosinfo.org/xmlns/libvirt/domain/1.0"},
        )
        etree.SubElement(
            libosinfo, "{http://libosinfo.org/xmlns/libvirt/domain/1.0}os", id=entry.id
        )
    memory_kib = str(spec.memory // 1024)
    _sub(root, "memory", memory_kib, unit="KiB")
    _sub(root, "currentMemory", memory_kib, unit="KiB")
    _sub(root, "vcpu", str(spec.cpus), placement="static")

    os_element = _sub(root, "os")
    if spec.firmware is Firmware.UEFI:
        os_element.set("firmware", "efi")
    os_type = _sub(os_element, "type", "hvm", arch=host.guest_arch)
    if domain_type != "test":
        os_type.set("machine", "q35" if host.q35 else "pc")
    if spec.firmware is Firmware.UEFI:
        firmware = _sub(os_element, "firmware")
        _sub(firmware, "feature", enabled="yes" if spec.secure_boot else "no", name="secure-boot")
        if spec.secure_boot:
            _sub(firmware, "feature", enabled="yes", name="enrolled-keys")

    features = _sub(root, "features")
    _sub(features, "acpi")
    _sub(features, "apic")
    windows = entry is not None and entry.is_windows
    if windows and domain_type == "kvm":
        hyperv = _sub(features, "hyperv", mode="custom")
        _sub(hyperv, "relaxed", state="on")
        _sub(hyperv, "vapic", state="on")
        _sub(hyperv, "spinlocks", state="on", retries="8191")
    if spec.secure_boot:
        _sub(features, "smm", state="on")  # Secure Boot firmware runs in SMM
    if domain_type == "kvm":
        _sub(root, "cpu", mode="host-passthrough", check="none", migratable="on")
    clock = _sub(root, "clock", offset="localtime" if windows else "utc")
    _sub(clock, "timer", name="rtc", tickpolicy="catchup")
    _sub(clock, "timer", name="pit", tickpolicy="delay")
    _sub(clock, "timer", name="hpet", present="no")
    _sub(root, "on_poweroff", "destroy")
    _sub(root, "on_reboot", "destroy" if install else "restart")
    _sub(root, "on_crash", "destroy")

    devices = _sub(root, "devices")
    virtio = spec.virtio and "virtio" in host.disk_buses
    disk_bus = "virtio" if virtio else "sata"
    cdrom_bus = "sata" if host.q35 or domain_type == "test" else "ide"
    boots_first = spec.source in (SourceKind.ISO, SourceKind.PXE) and install
    # With the install media or the network first, the disk follows; else the disk is first.
    disk_boot = 2 if boots_first else 1
    if layout.disk is not None:
        disk_format = layout.disk.format if layout.disk.pool or layout.disk.path else "qcow2"
        _disk(
            devices,
            layout.disk,
            device="disk",
            bus=disk_bus,
            target=_target(disk_bus, 0),
            boot=disk_boot,
            image_format=image_format if spec.source is SourceKind.IMPORT else disk_format,
        )
    if layout.cdrom is not None:
        cd_first = spec.source is SourceKind.ISO and install
        _disk(
            devices,
            layout.cdrom,
            device="cdrom",
            bus=cdrom_bus,
            target=_target(cdrom_bus, 1 if cdrom_bus == disk_bus else 0),
            boot=1 if cd_first else None,
            image_format="raw",
        )
    serial = _sub(devices, "serial", type="pty")
    _sub(serial, "target", port="0")
    console = _sub(devices, "console", type="pty")
    _sub(console, "target", type="serial", port="0")
    if domain_type != "test":
        _sub(devices, "input", type="tablet", bus="usb")
    graphics = _sub(devices, "graphics", type="vnc", port="-1", autoport="yes")
    _sub(graphics, "listen", type="address", address="127.0.0.1")
    gpu = entry is not None and entry.virtio_gpu and virtio and "virtio" in host.video_models
    video = _sub(devices, "video")
    _sub(video, "model", type="virtio" if gpu else "vga")
    if spec.tpm:
        tpm = _sub(devices, "tpm", model="tpm-crb" if host.q35 else "tpm-tis")
        _sub(tpm, "backend", type="emulator", version="2.0")
    if virtio and domain_type != "test":
        rng = _sub(devices, "rng", model="virtio")
        _sub(rng, "backend", "/dev/urandom", model="random")
    _sub(devices, "memballoon", model="virtio" if virtio else "none")

    etree.indent(root, space="  ")
    xml = etree.tostring(root, encoding="unicode")
    if spec.nic is not None:
        nic = spec.nic
        if not nic.model or nic.model == "virtio":
            nic = replace(nic, model="virtio" if virtio else "e1000e")
        xml = _with_nic(xml, nic, pxe_first=spec.source is SourceKind.PXE and install)
    return xml


def _with_nic(xml: str, nic: NicSpec, *, pxe_first: bool) -> str:
    xml = set_nic(xml, None, nic)
    if not pxe_first:
        return xml
    root = parse(xml)
    interface = root.find("devices/interface")
    assert interface is not None
    insert_child(interface, len(interface), etree.Element("boot", order="1"))
    return serialise(root)


def build_domain_xml(
    spec: VmSpec,
    host: HostCapabilities,
    entry: OsEntry | None,
    layout: DiskLayout | None = None,
    *,
    image_format: str = "qcow2",
    uuid: str = "",
) -> DomainXml:
    """The install and final definitions (see the module docstring).

    ``image_format`` is the imported disk's format (``qcow2`` or ``raw``); the job reads it
    from the image. ``layout`` defaults to :func:`layout_for` the spec. ``uuid`` goes into
    both, so the final definition replaces the install one ("" lets libvirt choose).
    """
    layout = layout or layout_for(spec)
    return DomainXml(
        install=_build(
            spec, host, entry, layout, install=True, image_format=image_format, uuid=uuid
        ),
        final=_build(
            spec, host, entry, layout, install=False, image_format=image_format, uuid=uuid
        ),
    )
