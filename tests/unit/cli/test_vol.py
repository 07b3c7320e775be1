"""``kvmdesk-cli vol …`` on libvirt's test driver, in-process.

The test driver has no resize, upload or download: those commands show its refusal
(exit 1); the integration test drives them on a real daemon.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kvmdesk.core.storage.labels import VOLUME_COLUMNS
from tests.helpers.cli import Cli, assert_error_line_is, assert_one_error_line
from tests.helpers.storage_inventory import IMAGES, storage_inventory


@pytest.fixture
def uri(tmp_path: Path) -> str:
    return storage_inventory(tmp_path)


def test_list_shows_who_uses_each_volume(cli: Cli, uri: str) -> None:
    code, out, err = cli("-c", uri, "vol", "list", "images")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == [w for label in VOLUME_COLUMNS for w in label.split()]
    assert lines[2].split() == [
        "web.qcow2",
        "qcow2",
        "20",
        "GiB",
        "5",
        "GiB",
        "db,",
        "web",
        f"{IMAGES}/web.qcow2",
    ]
    volumes = json.loads(cli("-c", uri, "vol", "list", "images", "--json")[1])
    assert [(v["name"], v["used_by"]) for v in volumes] == [
        ("spare.img", []),
        ("web.qcow2", ["db", "web"]),
    ]


def test_create_clone_delete(cli: Cli, uri: str) -> None:
    assert cli("-c", uri, "vol", "create", "images", "new.qcow2", "--size", "8G")[:2] == (
        0,
        "images/new.qcow2: created qcow2 volume of 8 GiB\n",
    )
    code, out, _err = cli(
        "-c", uri, "vol", "create", "images", "top.qcow2", "--backing", f"{IMAGES}/web.qcow2"
    )
    assert (code, out) == (0, "images/top.qcow2: created qcow2 volume of 20 GiB\n")
    assert cli("-c", uri, "vol", "clone", "images", "spare.img", "copy.img")[:2] == (
        0,
        "images/spare.img: cloned to images/copy.img\n",
    )
    assert cli("-c", uri, "vol", "delete", "images", "spare.img")[:2] == (
        0,
        "images/spare.img: deleted\n",
    )
    assert cli("-c", uri, "vol", "delete", "images", "web.qcow2", "--force")[:2] == (
        0,
        "images/web.qcow2: deleted\n",
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("vol", "create", "images", "x"), "give the volume's size with --size, as in --size 20G"),
        (
            ("vol", "create", "images", "x", "--size", "20"),
            "--size needs a unit, as in 20G or 20M: '20'",
        ),
        (("vol", "create", "images", "x", "--size", "1K"), "the volume must be at least 1 MiB"),
        (
            ("vol", "create", "images", "web.qcow2", "--size", "1G"),
            "a volume named 'web.qcow2' already exists",
        ),
        (
            (
                "vol",
                "create",
                "images",
                "x",
                "--size",
                "1G",
                "--format",
                "raw",
                "--preallocation",
                "metadata",
            ),
            "metadata preallocation needs the qcow2 format",
        ),
        (
            ("vol", "delete", "images", "web.qcow2"),
            "volume 'web.qcow2' is used by db, web (add --force to delete it anyway)",
        ),
        (
            ("vol", "resize", "images", "spare.img", "5G"),
            "the new size is smaller than the current one (shrinking loses data)",
        ),
        (
            ("vol", "resize", "images", "web.qcow2", "40G"),
            "volume 'web.qcow2' is in use by running virtual machines: web",
        ),
        (
            ("vol", "clone", "images", "spare.img", "web.qcow2"),
            "a volume named 'web.qcow2' already exists",
        ),
        (("vol", "list", "nope"), "no storage pool named 'nope' on {uri}"),
        (("vol", "upload", "images", "x.iso", "/nonexistent.iso"), "no file /nonexistent.iso"),
        (
            ("vol", "download", "images", "spare.img", "/nonexistent/dir/x"),
            "no folder /nonexistent/dir",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(
    cli: Cli, uri: str, argv: tuple[str, ...], message: str
) -> None:
    code, out, err = cli("-c", uri, *argv)
    assert (code, out) == (2, "")
    assert_error_line_is(err, message.replace("{uri}", uri))


def test_download_refuses_to_overwrite(cli: Cli, uri: str, tmp_path: Path) -> None:
    existing = tmp_path / "there.img"
    existing.write_bytes(b"keep")
    code, _out, err = cli("-c", uri, "vol", "download", "images", "spare.img", str(existing))
    assert code == 2
    assert_error_line_is(err, f"{existing} exists already")
    assert existing.read_bytes() == b"keep"


def test_libvirts_refusal_exits_1(cli: Cli, uri: str, tmp_path: Path) -> None:
    code, _out, err = cli("-c", uri, "vol", "resize", "images", "spare.img", "20G")
    assert code == 1
    assert_one_error_line(err, "virStorageVolResize")
    source = tmp_path / "up.img"
    source.write_bytes(b"x" * 4096)
    code, _out, err = cli("-c", uri, "vol", "upload", "images", "up.img", str(source))
    assert code == 1
    assert_one_error_line(err, "virStorageVolUpload")
