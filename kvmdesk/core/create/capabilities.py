"""What the host can run: virtualization type, machines, firmware, TPM, limits.

Read from libvirt's domain capabilities (``virConnectGetDomainCapabilities``: firmware and
OVMF loaders, machine type, the devices QEMU offers) and host capabilities (which domain
types exist: ``kvm`` means hardware acceleration, ``qemu`` alone means emulation only,
which is many times slower and must be said loudly), plus the host's CPUs and memory.
libvirt's test driver has no domain capabilities; its host capabilities are enough there.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import Any

import libvirt
from lxml import etree

from kvmdesk.core.util.uri import LibvirtUri


@dataclass(frozen=True, slots=True)
class HostCapabilities:
    """Everything the wizard and the validation need to know about the host."""

    arch: str = "x86_64"
    guest_arch: str = "x86_64"  # what new VMs are (the test driver offers only i686)
    domain_types: tuple[str, ...] = ("kvm",)
    machine: str = ""  # the machine type for new VMs ("" = libvirt's default)
    q35: bool = True
    efi: bool = False
    secure_boot: bool = False
    loaders: tuple[str, ...] = ()
    tpm_emulator: bool = False
    video_models: tuple[str, ...] = ("vga",)
    disk_buses: tuple[str, ...] = ("virtio", "sata")
    max_vcpus: int = 0
    host_cpus: int = 0
    host_memory: int = 0  # bytes
    free_memory: int = 0  # bytes

    @property
    def kvm(self) -> bool:
        return "kvm" in self.domain_types

    @property
    def emulation_only(self) -> bool:
        """QEMU can only emulate here (no /dev/kvm, or no KVM module)."""
        return "kvm" not in self.domain_types and "qemu" in self.domain_types

    @property
    def default_domain_type(self) -> str:
        for wanted in ("kvm", "qemu"):
            if wanted in self.domain_types:
                return wanted
        return self.domain_types[0] if self.domain_types else "kvm"


def _values(root: etree._Element, path: str) -> tuple[str, ...]:
    return tuple((v.text or "").strip() for v in root.iterfind(path) if v.text)


def guest_domain_types(caps_xml: str, arch: str = "x86_64") -> tuple[tuple[str, ...], str]:
    """The ``<domain type>`` values for ``hvm`` guests of ``arch``, and the host's arch."""
    root = etree.fromstring(caps_xml.encode())
    host_arch = (root.findtext("host/cpu/arch") or "").strip()
    types: list[str] = []
    for guest in root.iterfind("guest"):
        guest_arch = guest.find("arch")
        if (guest.findtext("os_type") or "").strip() != "hvm" or guest_arch is None:
            continue
        if guest_arch.get("name") != arch:
            continue
        for domain in guest_arch.iterfind("domain"):
            kind = domain.get("type")
            if kind and kind not in types:
                types.append(kind)
    return tuple(types), host_arch


def parse_domain_capabilities(xml: str) -> dict[str, Any]:
    """The parts of ``getDomainCapabilities`` the wizard uses, as plain values."""
    root = etree.fromstring(xml.encode())
    firmware = _values(root, "os/enum[@name='firmware']/value")
    loaders = _values(root, "os/loader/value")
    secure = _values(root, "os/loader/enum[@name='secure']/value")
    os_supported = root.find("os") is not None and root.find("os").get("supported") == "yes"  # type: ignore[union-attr]
    tpm = root.find("devices/tpm")
    tpm_backends = _values(root, "devices/tpm/enum[@name='backendModel']/value")
    tpm_versions = _values(root, "devices/tpm/enum[@name='backendVersion']/value")
    vcpu = root.find("vcpu")
    return {
        "machine": (root.findtext("machine") or "").strip(),
        "efi": os_supported and ("efi" in firmware or bool(loaders)),
        "secure_boot": "yes" in secure,
        "loaders": loaders,
        "tpm_emulator": tpm is not None
        and tpm.get("supported") == "yes"
        and "emulator" in tpm_backends
        and (not tpm_versions or "2.0" in tpm_versions),
        "video_models": _values(root, "devices/video/enum[@name='modelType']/value"),
        "disk_buses": _values(root, "devices/disk/enum[@name='bus']/value"),
        "max_vcpus": int(vcpu.get("max", "0")) if vcpu is not None else 0,
    }


def probe(conn: Any, uri: str) -> HostCapabilities:
    """Ask libvirt (blocking; run it through ``session.run``)."""
    caps_xml = conn.getCapabilities()
    guest_arch = "x86_64"
    domain_types, host_arch = guest_domain_types(caps_xml, guest_arch)
    if not domain_types and LibvirtUri.parse(uri).is_test:
        guest_arch = "i686"
        domain_types, host_arch = guest_domain_types(caps_xml, guest_arch)
    info = conn.getInfo()  # [arch, memory MiB, cpus, MHz, nodes, sockets, cores, threads]
    try:
        # The test driver's figure is a fixed few MiB, meaningless for a warning.
        free = 0 if LibvirtUri.parse(uri).is_test else int(conn.getFreeMemory())
    except libvirt.libvirtError:
        free = 0
    values: dict[str, Any] = {}
    domain_type = "kvm" if "kvm" in domain_types else (domain_types or ("qemu",))[0]
    for machine in ("q35", None):
        try:
            values = parse_domain_capabilities(
                conn.getDomainCapabilities(None, "x86_64", machine, domain_type, 0)
            )
            break
        except libvirt.libvirtError as error:
            if error.get_error_code() == libvirt.VIR_ERR_NO_SUPPORT:
                break  # the test driver: host capabilities only
    machine = values.get("machine", "")
    q35 = "q35" in machine if values else True
    swtpm_here = not LibvirtUri.parse(uri).is_local or shutil.which("swtpm") is not None
    test_driver = LibvirtUri.parse(uri).is_test
    return HostCapabilities(
        arch=host_arch or str(info[0]),
        guest_arch=guest_arch,
        domain_types=domain_types or ("kvm",),
        machine=machine,
        q35=q35,
        efi=bool(values.get("efi", False)),
        secure_boot=bool(values.get("secure_boot", False)),
        loaders=tuple(values.get("loaders", ())),
        # The test driver keeps any TPM it is given; it stands in for a capable host there.
        tpm_emulator=(bool(values.get("tpm_emulator", False)) and swtpm_here) or test_driver,
        video_models=tuple(values.get("video_models", ("vga", "virtio"))),
        disk_buses=tuple(values.get("disk_buses", ("virtio", "sata"))),
        max_vcpus=int(values.get("max_vcpus", 0)),
        host_cpus=int(info[2]),
        host_memory=int(info[1]) * 1024 * 1024,
        free_memory=free,
    )
