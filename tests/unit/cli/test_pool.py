"""``kvmdesk-cli pool …`` on libvirt's test driver, in-process.

Read-only and refused commands run on the storage inventory file (a fresh copy per
open); commands whose effect a second connection must see run on ``test:///default``
with uniquely named pools that the fixture removes afterwards.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import libvirt
import pytest
from lxml import etree

from kvmdesk.core.storage.labels import POOL_COLUMNS
from tests.helpers.cli import Cli, assert_error_line_is, assert_one_error_line
from tests.helpers.shared_default import SHARED_URI
from tests.helpers.storage_inventory import IMAGES, storage_inventory

SCHEMA = Path("/usr/share/libvirt/schemas/storagepool.rng")


@pytest.fixture
def uri(tmp_path: Path) -> str:
    return storage_inventory(tmp_path)


@pytest.fixture
def shared() -> Iterator[tuple[libvirt.virConnect, list[str]]]:
    conn = libvirt.open(SHARED_URI)
    names: list[str] = []
    try:
        yield conn, names
    finally:
        for name in names:
            try:
                pool = conn.storagePoolLookupByName(name)
            except libvirt.libvirtError:
                continue
            if pool.isActive():
                pool.destroy()
            pool.undefine()
        conn.close()


def test_list_uses_the_windows_labels(cli: Cli, uri: str) -> None:
    code, out, err = cli("-c", uri, "pool", "list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == [w for label in POOL_COLUMNS for w in label.split()]
    assert lines[1].split() == [
        "images", "Folder", "Running", "100", "GiB", "15", "GiB", "85", "GiB", "No", IMAGES
    ]  # fmt: skip


def test_list_json(cli: Cli, uri: str) -> None:
    code, out, _err = cli("-c", uri, "pool", "list", "--json")
    assert code == 0
    pools = {p["name"]: p for p in json.loads(out)}
    assert sorted(pools) == ["images", "spare"]
    assert pools["images"]["capacity"] == 100 * 1024**3
    assert pools["images"]["state"] == "running"
    assert pools["images"]["path"] == IMAGES


def test_info_names_the_domains_using_the_pool(cli: Cli, uri: str) -> None:
    code, out, _err = cli("-c", uri, "pool", "info", "images")
    assert code == 0
    assert "Used by:    db, web" in out.splitlines()
    code, out, _err = cli("-c", uri, "pool", "info", "images", "--json")
    assert json.loads(out)["used_by"] == ["db", "web"]


def test_create_start_stop_autostart_refresh_delete(
    cli: Cli, shared: tuple[libvirt.virConnect, list[str]]
) -> None:
    conn, names = shared
    name = f"kvmdesk-test-pool-{uuid.uuid4().hex[:8]}"
    names.append(name)
    code, out, err = cli("-c", SHARED_URI, "pool", "create", name, "--path", f"/srv/{name}")
    assert (code, err) == (0, ""), err
    assert out == f"{name}: created dir pool in /srv/{name}, started\n"
    pool = conn.storagePoolLookupByName(name)
    assert pool.isActive() and pool.autostart()
    assert cli("-c", SHARED_URI, "pool", "stop", name)[:2] == (0, f"{name}: stopped\n")
    assert not pool.isActive()
    assert cli("-c", SHARED_URI, "pool", "start", name)[:2] == (0, f"{name}: started\n")
    assert cli("-c", SHARED_URI, "pool", "autostart", name, "off")[0] == 0
    assert not pool.autostart()
    assert cli("-c", SHARED_URI, "pool", "refresh", name)[:2] == (0, f"{name}: refreshed\n")
    assert cli("-c", SHARED_URI, "pool", "delete", name)[:2] == (0, f"{name}: deleted\n")
    assert name not in [p.name() for p in conn.listAllStoragePools(0)]


def test_dry_run_prints_valid_xml(cli: Cli, uri: str) -> None:
    code, out, _err = cli(
        "-c", uri, "pool", "create", "nas", "--type", "netfs", "--source-host", "nas",
        "--source-dir", "/export", "--path", "/mnt/nas", "--dry-run", "--print-xml",
    )  # fmt: skip
    assert code == 0
    document = etree.fromstring(out.encode())
    assert etree.RelaxNG(etree.parse(str(SCHEMA))).validate(document)
    assert document.find("source/host").get("name") == "nas"


def test_default_folder_is_under_the_images_folder(cli: Cli, uri: str) -> None:
    code, out, _err = cli("-c", uri, "pool", "create", "lab", "--dry-run", "--print-xml")
    assert code == 0
    assert etree.fromstring(out.encode()).findtext("target/path") == "/var/lib/libvirt/images/lab"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("pool", "create", "images"), "a pool named 'images' already exists"),
        (("pool", "create", "x/y"), "the pool name must not contain '/': 'x/y'"),
        (
            ("pool", "create", "lab", "--path", "rel"),
            "the pool folder must be an absolute path: 'rel'",
        ),
        (
            ("pool", "create", "lab", "--type", "zfs"),
            "unknown pool type 'zfs' (use one of: dir, fs, netfs, logical, iscsi-direct)",
        ),
        (
            ("pool", "create", "nas", "--type", "netfs", "--path", "/mnt"),
            "the pool needs the server's host name or address",
        ),
        (("pool", "delete", "images"), "pool 'images' is used by db, web"),
        (("pool", "stop", "images"), "pool 'images' is used by running virtual machines: web"),
        (("pool", "start", "nope"), "no storage pool named 'nope' on {uri}"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    cli: Cli, uri: str, argv: tuple[str, ...], message: str
) -> None:
    code, out, err = cli("-c", uri, *argv)
    assert (code, out) == (2, "")
    assert_error_line_is(err, message.replace("{uri}", uri))


def test_libvirts_refusal_exits_1(cli: Cli, uri: str) -> None:
    code, _out, err = cli("-c", uri, "pool", "start", "images")
    assert code == 1
    assert_one_error_line(err, "storage pool 'images' is active")


def test_sources(cli: Cli, uri: str) -> None:
    code, out, _err = cli("-c", uri, "pool", "sources", "logical")
    assert (code, out) == (0, "testvg1 (/dev/sda20)\ntestvg2 (/dev/sda21)\n")
