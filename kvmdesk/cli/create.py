"""``kvmdesk-cli create NAME …``: a new VM from an ISO, a disk image, a cloud image or PXE.

The same core as the wizard: the OS is detected from the ISO with osinfo-db (``--os`` to
choose; an ambiguous or failed detection is said on stderr), defaults come from the OS and
the host, :mod:`kvmdesk.core.create.validation` checks everything (exit 2 with its one
line), the job creates the volumes, defines and starts the VM, and undoes all of it when
libvirt refuses (exit 1 with libvirt's words). ``--dry-run`` creates nothing;
``--print-xml`` prints the domain XML (the install definition, which differs from the
final one only in the boot order and ``on_reboot``).

``--iso`` takes a local file, or ``POOL/VOLUME`` for an ISO already in a pool.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from kvmdesk.cli.output import EXIT_OK, PROG, say
from kvmdesk.core.connection.session import Session
from kvmdesk.core.create.cloudinit import ssh_public_keys
from kvmdesk.core.create.defaults import defaults_for
from kvmdesk.core.create.job import Step
from kvmdesk.core.create.media import detect_file
from kvmdesk.core.create.osinfo import OsEntry
from kvmdesk.core.create.service import Survey, preview_xml
from kvmdesk.core.create.spec import (
    CloudInitSpec,
    Firmware,
    LocalFileHandling,
    SourceKind,
    VmSpec,
    format_size,
    parse_size,
)
from kvmdesk.core.nic.spec import NETWORK_ONLY_MODES, SETTABLE_MODES, NicSource, NicSpec
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.util.text import escape_for_terminal_lines

GENERIC_LINUX = "http://libosinfo.org/linux/2022"


def _warn(text: str) -> None:
    print(f"{PROG}: warning: {escape_for_terminal_lines(text)}", file=sys.stderr, flush=True)


def _mode(text: str) -> NetworkMode:
    try:
        mode = NetworkMode(text.strip().lower())
    except ValueError:
        mode = NetworkMode.OTHER
    if mode not in SETTABLE_MODES:
        words = ", ".join(str(m) for m in SETTABLE_MODES)
        raise argparse.ArgumentTypeError(f"unknown mode {text!r} (one of {words})")
    return mode


def _source(args: argparse.Namespace, survey: Survey) -> tuple[SourceKind, str, str]:
    """(kind, local path, POOL/VOLUME) from the source options."""
    if args.iso is not None:
        path = Path(args.iso)
        pool, _, volume = args.iso.partition("/")
        pools = {p.name for p in survey.pools}
        if not path.exists() and pool in pools and volume and "/" not in volume:
            return SourceKind.ISO, "", args.iso
        return SourceKind.ISO, str(path.expanduser().absolute()), ""
    if args.import_disk is not None:
        return SourceKind.IMPORT, str(Path(args.import_disk).expanduser().absolute()), ""
    if args.cloud_image is not None:
        return SourceKind.CLOUD_IMAGE, str(Path(args.cloud_image).expanduser().absolute()), ""
    if args.pxe:
        return SourceKind.PXE, "", ""
    return SourceKind.MANUAL, "", ""


def _operating_system(
    args: argparse.Namespace, survey: Survey, kind: SourceKind, path: str
) -> OsEntry | None:
    database = survey.database
    if args.os is not None:
        entry = database.get(args.os)
        if entry is None:
            raise BadInput(f"osinfo-db knows no OS {args.os!r} (short ids such as debian11, win11)")
        return entry
    if kind is SourceKind.ISO and path and Path(path).is_file():
        detection = detect_file(Path(path), database)
        if detection.best is not None:
            if detection.ambiguous:
                others = ", ".join(e.short_id for e in detection.candidates[1:4])
                _warn(
                    f"the ISO looks like {detection.best.name}, but could also be {others}: "
                    "say --os to choose"
                )
            return detection.best
        _warn(
            f"osinfo-db ({database.version}) does not know this ISO (newer media are often "
            "missing): using Generic Linux 2022; say --os (e.g. win11) for another family"
        )
    return database.get(GENERIC_LINUX) if kind is not SourceKind.MANUAL or args.os else None


def _first_network(session: Session, mode: NetworkMode) -> str:
    candidates = [n for n in session.networks.values() if n.mode is mode]
    candidates.sort(key=lambda n: (not n.active, n.name))
    return candidates[0].name if candidates else ""


def _nic(args: argparse.Namespace, session: Session) -> NicSpec | None:
    mode: NetworkMode = args.mode or NetworkMode.NAT
    if mode is NetworkMode.NONE:
        return None
    if args.network is not None and mode not in NETWORK_ONLY_MODES | {
        NetworkMode.BRIDGED,
        NetworkMode.MACVTAP,
    }:
        raise BadInput(f"--network does not apply to mode {mode}")
    if mode in NETWORK_ONLY_MODES:
        network = args.network or _first_network(session, mode)
        if not network:
            raise BadInput(
                f"this connection has no {mode} network: create one (kvmdesk-cli net create) "
                "or choose --network or --mode"
            )
        return NicSpec(NicSource(mode, network=network))
    if mode is NetworkMode.BRIDGED:
        if args.network is None and args.bridge is None:
            raise BadInput("mode bridged needs --bridge BRIDGE or --network NET")
        return NicSpec(NicSource(mode, network=args.network or "", bridge=args.bridge or ""))
    if mode is NetworkMode.MACVTAP:
        if args.network is None:
            raise BadInput("mode macvtap needs --network NET (a macvtap network)")
        return NicSpec(NicSource(mode, network=args.network))
    return NicSpec(NicSource(mode))


def _cloud_init(args: argparse.Namespace, name: str) -> CloudInitSpec:
    keys: list[str] = []
    for file in args.ssh_key or ():
        try:
            keys.extend(
                line.strip() for line in Path(file).read_text().splitlines() if line.strip()
            )
        except OSError as error:
            raise BadInput(f"cannot read the SSH key {file}: {error.strerror}") from None
    if not args.ssh_key:
        keys = ssh_public_keys()
    password = ""
    if args.cloud_init_password_file is not None:
        try:
            password = Path(args.cloud_init_password_file).read_text().splitlines()[0]
        except (OSError, IndexError):
            raise BadInput(f"cannot read a password from {args.cloud_init_password_file}") from None
    extra = ""
    if args.user_data is not None:
        try:
            extra = Path(args.user_data).read_text()
        except OSError as error:
            raise BadInput(f"cannot read {args.user_data}: {error.strerror}") from None
    return CloudInitSpec(
        user=args.cloud_init_user or "",
        password=password,
        ssh_keys=tuple(keys),
        hostname=args.hostname or name,
        extra_user_data=extra,
    )


def build_spec(args: argparse.Namespace, session: Session, survey: Survey) -> VmSpec:
    """The spec the options ask for, with the defaults of the OS and the host filled in."""
    kind, path, volume = _source(args, survey)
    entry = _operating_system(args, survey, kind, path)
    defaults = defaults_for(entry, survey.host)
    if args.uefi:
        firmware = Firmware.UEFI
    elif args.bios:
        firmware = Firmware.BIOS
    else:
        firmware = defaults.firmware
    secure = (
        args.secure_boot
        if args.secure_boot is not None
        else (defaults.secure_boot and firmware is Firmware.UEFI)
    )
    if kind is not SourceKind.CLOUD_IMAGE and (args.cloud_init_user or args.ssh_key):
        raise BadInput("--cloud-init-user and --ssh-key go with --cloud-image")
    spec = VmSpec(
        name=args.name,
        source=kind,
        os_id=entry.id if entry is not None else "",
        source_path=path,
        source_volume=volume,
        local_file=LocalFileHandling.COPY_TO_POOL if args.copy else LocalFileHandling.USE_IN_PLACE,
        cpus=args.cpus if args.cpus is not None else defaults.cpus,
        memory=parse_size(args.memory, default_unit="m", what="memory size")
        if args.memory
        else defaults.memory,
        disk_size=parse_size(args.disk, what="disk size") if args.disk else defaults.disk_size,
        pool=args.pool or survey.default_pool(),
        nic=_nic(args, session),
        firmware=firmware,
        secure_boot=secure,
        tpm=args.tpm or (defaults.tpm and not args.no_tpm),
        domain_type=args.virt_type or "",
        virtio=defaults.virtio,
        start=not args.no_start,
    )
    if kind is SourceKind.CLOUD_IMAGE:
        spec = replace(spec, cloud_init=_cloud_init(args, args.name))
    return spec


def _progress(step: Step, fraction: float | None, text: str) -> None:
    if fraction is None or fraction == 0.0:
        print(f"{PROG}: {text}…", file=sys.stderr, flush=True)


async def _create(args: argparse.Namespace, session: Session) -> int:
    survey = await session.create.survey()
    spec = build_spec(args, session, survey)
    checked = session.create.check(spec, survey)
    checked.raise_first_error()
    for problem in checked.warnings:
        _warn(problem.message)
    if survey.host.emulation_only:
        _warn("KVM is not available on this host: the VM is emulated, many times slower")
    xml = preview_xml(spec, survey)
    if args.dry_run:
        if args.print_xml:
            say(xml.install)
        else:
            say(_summary(spec, survey))
        return EXIT_OK
    result = await session.create.create(spec, survey, None if args.quiet else _progress)
    if args.print_xml:
        say(result.xml.install)
    state = "started" if result.started else "defined, not started"
    say(f"created VM {result.name} ({result.uuid}), {state}")
    if result.installing:
        _warn(
            "after the installer's reboot the VM stops; start it again to boot the installed "
            f"system (kvmdesk-cli start {result.name})"
        )
    return EXIT_OK


def _summary(spec: VmSpec, survey: Survey) -> str:
    entry = survey.database.get(spec.os_id) if spec.os_id else None
    nic = spec.nic
    network = (
        "no network"
        if nic is None
        else f"{nic.source.mode} {nic.source.network or nic.source.bridge}".rstrip()
    )
    return (
        f"would create {spec.name}: {spec.source}, OS {entry.short_id if entry else 'unknown'}, "
        f"{spec.cpus} CPUs, {format_size(spec.memory)}, "
        f"disk {format_size(spec.disk_size) if spec.new_disk else '-'} in {spec.pool or '-'}, "
        f"{network}, {spec.firmware}{' secure-boot' if spec.secure_boot else ''}"
        f"{' tpm' if spec.tpm else ''}"
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text}")
    return value


def register(commands: Any) -> None:
    """Add ``create`` to the CLI's subcommands."""
    create = commands.add_parser(
        "create", help="create a VM from an ISO, a disk image, a cloud image or PXE"
    )
    create.add_argument("name", metavar="NAME")
    source = create.add_mutually_exclusive_group(required=True)
    source.add_argument("--iso", metavar="PATH", help="install from an ISO (or POOL/VOLUME)")
    source.add_argument("--import", dest="import_disk", metavar="DISK", help="boot a disk image")
    source.add_argument("--cloud-image", metavar="IMAGE", help="a cloud image with cloud-init")
    source.add_argument("--pxe", action="store_true", help="boot from the network")
    source.add_argument("--manual", action="store_true", help="an empty disk, nothing to boot")
    create.add_argument("--cloud-init-user", metavar="U", help="user cloud-init creates")
    create.add_argument(
        "--ssh-key", metavar="FILE", action="append", help="public key (default ~/.ssh/*.pub)"
    )
    create.add_argument("--cloud-init-password-file", metavar="FILE", help="the user's password")
    create.add_argument("--hostname", metavar="H", help="the guest's host name (default NAME)")
    create.add_argument("--user-data", metavar="FILE", help="extra cloud-config YAML")
    create.add_argument("--os", metavar="ID", help="osinfo-db id or short id (debian11, win11)")
    create.add_argument("--cpus", metavar="N", type=_positive)
    create.add_argument("--memory", metavar="SIZE", help="e.g. 2G or 2048 (MiB)")
    create.add_argument("--disk", metavar="SIZE", help="new disk size, e.g. 20G")
    create.add_argument("--pool", metavar="P", help="storage pool (default: default)")
    create.add_argument("--copy", action="store_true", help="copy the local file into the pool")
    create.add_argument("--mode", metavar="MODE", type=_mode, help="network mode (default nat)")
    create.add_argument("--network", metavar="NET", help="libvirt network of that mode")
    create.add_argument("--bridge", metavar="BRIDGE", help="host bridge (mode bridged)")
    firmware = create.add_mutually_exclusive_group()
    firmware.add_argument("--uefi", action="store_true")
    firmware.add_argument("--bios", action="store_true")
    secure = create.add_mutually_exclusive_group()
    secure.add_argument("--secure-boot", dest="secure_boot", action="store_true", default=None)
    secure.add_argument("--no-secure-boot", dest="secure_boot", action="store_false")
    tpm = create.add_mutually_exclusive_group()
    tpm.add_argument("--tpm", action="store_true", help="add a TPM 2.0 (swtpm)")
    tpm.add_argument("--no-tpm", action="store_true")
    create.add_argument("--virt-type", choices=("kvm", "qemu"), help="default: kvm if available")
    create.add_argument("--no-start", action="store_true", help="define only")
    create.add_argument("--dry-run", action="store_true", help="check and show, create nothing")
    create.add_argument("--print-xml", action="store_true", help="print the domain XML")
    create.add_argument("--quiet", action="store_true", help="no progress lines")
    create.set_defaults(handler=_create)
