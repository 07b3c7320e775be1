"""``kvmdesk-cli vol …``: list, create, resize, clone, delete, upload and download volumes.

Errors follow the CLI's exit codes: 2 for bad input (bad size or name, a volume in
use), 1 when libvirt refuses. ``upload`` and ``download`` show their progress on a
terminal's stderr; Ctrl-C stops them and removes what they made.
"""

from __future__ import annotations

import argparse
from typing import Any

from kvmdesk.cli.output import EXIT_OK, format_table, say, say_json
from kvmdesk.cli.storage_output import ProgressLine, storage_word, volume_json, volume_row
from kvmdesk.core.connection.session import Session
from kvmdesk.core.i18n.catalog import arg, translate
from kvmdesk.core.storage.labels import VOLUME_COLUMNS
from kvmdesk.core.storage.units import format_size, parse_size
from kvmdesk.core.storage.values import Preallocation, VolumeFormat, VolumeSpec
from kvmdesk.core.types.errors import BadInput


async def _list(args: argparse.Namespace, session: Session) -> int:
    volumes = await session.storage.list_volumes(args.pool)
    if args.json:
        say_json([volume_json(v) for v in volumes])
        return EXIT_OK
    headers = [storage_word(column) for column in VOLUME_COLUMNS]
    say(format_table(headers, [volume_row(v) for v in volumes], right={2, 3}))
    return EXIT_OK


async def _create(args: argparse.Namespace, session: Session) -> int:
    capacity = parse_size(args.size, "--size") if args.size else 0
    backing_format = args.backing_format or ""
    if args.backing:
        backing = next((v for v in session.storage.all_volumes() if v.path == args.backing), None)
        if backing is None:
            for pool in session.storage.pools.values():
                if pool.active:
                    await session.storage.list_volumes(pool.name)
            backing = next(
                (v for v in session.storage.all_volumes() if v.path == args.backing), None
            )
        if backing is not None:
            capacity = capacity or backing.capacity
            backing_format = backing_format or backing.format
    if not capacity:
        raise BadInput("give the volume's size with --size, as in --size 20G")
    spec = VolumeSpec(
        name=args.name,
        capacity=capacity,
        format=VolumeFormat(args.format),
        preallocation=Preallocation(args.preallocation),
        backing_path=args.backing or "",
        backing_format=backing_format,
    )
    volume = await session.storage.create_volume(args.pool, spec)
    say(
        arg(
            translate("cli", "%1/%2: created %3 volume of %4"),
            args.pool,
            volume.name,
            volume.format,
            format_size(volume.capacity),
        )
    )
    return EXIT_OK


async def _resize(args: argparse.Namespace, session: Session) -> int:
    capacity = parse_size(args.size, "new size")
    volume = await session.storage.resize_volume(args.pool, args.name, capacity, shrink=args.shrink)
    say(
        arg(
            translate("cli", "%1/%2: resized to %3"),
            args.pool,
            args.name,
            format_size(volume.capacity),
        )
    )
    return EXIT_OK


async def _clone(args: argparse.Namespace, session: Session) -> int:
    copy = await session.storage.clone_volume(
        args.pool, args.name, args.new_name, target_pool=args.to_pool
    )
    say(arg(translate("cli", "%1/%2: cloned to %3/%4"), args.pool, args.name, copy.pool, copy.name))
    return EXIT_OK


async def _delete(args: argparse.Namespace, session: Session) -> int:
    volume = await session.storage.volume(args.pool, args.name)
    confirmed = volume.used_by if args.force else ()
    if volume.used_by and not args.force:
        raise BadInput(
            f"volume {args.name!r} is used by {', '.join(volume.used_by)}"
            " (add --force to delete it anyway)"
        )
    await session.storage.delete_volume(args.pool, args.name, confirmed_users=confirmed)
    say(arg(translate("cli", "%1/%2: deleted"), args.pool, args.name))
    return EXIT_OK


async def _upload(args: argparse.Namespace, session: Session) -> int:
    progress = ProgressLine(f"uploading {args.file}")
    if args.existing:
        volume = await session.storage.upload(args.pool, args.name, args.file, progress=progress)
    else:
        volume = await session.storage.upload_new(
            args.pool, args.name, args.file, progress=progress
        )
    say(
        arg(
            translate("cli", "%1/%2: uploaded %3 (%4)"),
            args.pool,
            volume.name,
            format_size(volume.capacity),
            volume.format,
        )
    )
    return EXIT_OK


async def _download(args: argparse.Namespace, session: Session) -> int:
    progress = ProgressLine(f"downloading {args.name}")
    written = await session.storage.download(
        args.pool, args.name, args.file, progress=progress, overwrite=args.overwrite
    )
    say(
        arg(
            translate("cli", "%1/%2: downloaded %3 to %4"),
            args.pool,
            args.name,
            format_size(written),
            args.file,
        )
    )
    return EXIT_OK


def register(commands: Any) -> None:
    """Add ``vol`` to the CLI's subcommands."""
    vol = commands.add_parser("vol", help="list, create, resize, clone, delete and copy volumes")
    actions = vol.add_subparsers(dest="vol_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="a pool's volumes, with the VMs using each")
    listing.add_argument("pool", metavar="POOL")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=_list)

    create = actions.add_parser("create", help="a new qcow2 or raw volume")
    create.add_argument("pool", metavar="POOL")
    create.add_argument("name", metavar="NAME")
    create.add_argument(
        "--size", metavar="SIZE", help="e.g. 20G, 512M (default with --backing: its size)"
    )
    create.add_argument("--format", default="qcow2", choices=[str(f) for f in VolumeFormat])
    create.add_argument("--preallocation", default="none", choices=[str(p) for p in Preallocation])
    create.add_argument("--backing", metavar="PATH", help="qcow2 overlay on this file")
    create.add_argument("--backing-format", metavar="FORMAT", help="the backing file's format")
    create.set_defaults(handler=_create)

    resize = actions.add_parser("resize", help="give a volume a new size")
    resize.add_argument("pool", metavar="POOL")
    resize.add_argument("name", metavar="NAME")
    resize.add_argument("size", metavar="SIZE", help="the new size, e.g. 40G")
    resize.add_argument("--shrink", action="store_true", help="allow a smaller size (raw only)")
    resize.set_defaults(handler=_resize)

    clone = actions.add_parser("clone", help="a full copy of a volume")
    clone.add_argument("pool", metavar="POOL")
    clone.add_argument("name", metavar="NAME")
    clone.add_argument("new_name", metavar="NEW_NAME")
    clone.add_argument("--to-pool", metavar="POOL", help="put the copy in another pool")
    clone.set_defaults(handler=_clone)

    delete = actions.add_parser("delete", help="delete a volume (refused while VMs use it)")
    delete.add_argument("pool", metavar="POOL")
    delete.add_argument("name", metavar="NAME")
    delete.add_argument("--force", action="store_true", help="even if VMs use it")
    delete.set_defaults(handler=_delete)

    upload = actions.add_parser("upload", help="send a local file into a new volume")
    upload.add_argument("pool", metavar="POOL")
    upload.add_argument("name", metavar="NAME")
    upload.add_argument("file", metavar="FILE")
    upload.add_argument(
        "--existing", action="store_true", help="overwrite the existing volume NAME instead"
    )
    upload.set_defaults(handler=_upload)

    download = actions.add_parser("download", help="receive a volume into a local file")
    download.add_argument("pool", metavar="POOL")
    download.add_argument("name", metavar="NAME")
    download.add_argument("file", metavar="FILE")
    download.add_argument("--overwrite", action="store_true", help="replace FILE if it exists")
    download.set_defaults(handler=_download)
