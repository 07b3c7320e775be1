"""dist/kvmdesk-x86_64.AppImage: what users' tools see, the FUSE path, a clean machine, bad copies.

The module builds the AppImage once (``packaging/build-appimage``, incremental) and checks:

- without running anything from it: the magic, ``--appimage-offset`` against the ELF end read
  from the ELF header, ``unsquashfs -l`` of the payload, and the desktop entry and metainfo in
  it through Debian's validators;
- on this host through FUSE (the mount path users get): ``--version`` for the GUI and, through
  a symlink, the CLI; ``cli --demo list --json``; a ``--demo --screenshot`` whose pixels show
  the demo inventory; after each run no mount and no mount point is left;
- on a clean machine, a ``debootstrap --variant=minbase bookworm`` chroot with no Python, Qt or
  libvirt: the same through ``--appimage-extract-and-run``;
- a truncated copy and two damaged ones end with a message and leave no mount.

It prints the build time, the image's size and the cold start to a painted window.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import kvmdesk
from tests.helpers.appimage import (
    Build,
    built_appimage,
    clean_env,
    demo_screenshot_problems,
    elf_end,
    in_chroot,
    leftovers,
    minbase_tree,
    require_program,
    run,
    squashfs_bytes_used,
    squashfs_table_start,
    unavailable,
)

pytestmark = pytest.mark.timeout(900)

APP_ID = kvmdesk.APP_ID
DEMO_DOMAINS = 16


@pytest.fixture(scope="module")
def build() -> Build:
    return built_appimage()[1]


@pytest.fixture(scope="module")
def appimage(build: Build) -> Path:
    return built_appimage()[0]


@pytest.fixture(scope="module")
def offset(appimage: Path) -> int:
    result = run([appimage, "--appimage-offset"], env=clean_env(Path("/nonexistent")))
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


@pytest.fixture
def fuse() -> None:
    """The host can mount FUSE file systems the way the runtime does it as root."""
    if os.geteuid() != 0 or not Path("/dev/fuse").exists():
        unavailable("FUSE checks need root and /dev/fuse")


@pytest.fixture
def tmpdir_for_runs(tmp_path: Path) -> Path:
    """The ``TMPDIR`` of the runs: the runtime makes its mount point in there."""
    path = tmp_path / "tmpdir"
    path.mkdir()
    return path


def _env(tmp_path: Path, tmpdir: Path, **extra: str) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return clean_env(home, TMPDIR=str(tmpdir), **extra)


def _domains(stdout: str) -> list[dict[str, object]]:
    domains = json.loads(stdout)
    assert isinstance(domains, list)
    return domains


# --- without FUSE: what users' tools check ------------------------------------------------------


def test_magic_at_offset_8(appimage: Path) -> None:
    with appimage.open("rb") as file:
        head = file.read(11)
    assert head[:4] == b"\x7fELF"
    assert head[8:11] == b"AI\x02"


def test_offset_is_the_elf_end_and_a_squashfs_starts_there(appimage: Path, offset: int) -> None:
    assert offset == elf_end(appimage)
    # The payload runs from there to the end of the file, nothing after it.
    assert offset + squashfs_bytes_used(appimage, offset) <= appimage.stat().st_size
    assert appimage.stat().st_size - offset - squashfs_bytes_used(appimage, offset) < 4096


def test_unsquashfs_lists_apprun_desktop_entry_metainfo_and_diricon(
    appimage: Path, offset: int
) -> None:
    unsquashfs = require_program("unsquashfs", "squashfs-tools")
    result = run([unsquashfs, "-o", str(offset), "-l", appimage], env=os.environ)
    assert result.returncode == 0, result.stderr
    listed = set(result.stdout.split())
    for path in (
        "AppRun",
        f"{APP_ID}.desktop",
        f"usr/share/metainfo/{APP_ID}.metainfo.xml",
        f"usr/share/applications/{APP_ID}.desktop",
        ".DirIcon",
    ):
        assert f"squashfs-root/{path}" in listed, path
    at_root = [p for p in listed if p.count("/") == 1 and p.endswith(".desktop")]
    assert at_root == [f"squashfs-root/{APP_ID}.desktop"]


@pytest.fixture(scope="module")
def extracted(appimage: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The desktop entries and metainfo, extracted by the runtime (no FUSE)."""
    where = tmp_path_factory.mktemp("extract")
    for pattern in ("*.desktop", ".DirIcon", "usr/share/applications/*", "usr/share/metainfo/*"):
        result = run(
            ["sh", "-c", 'cd "$0" && exec "$1" --appimage-extract "$2"', where, appimage, pattern],
            env=clean_env(where),
        )
        assert result.returncode == 0, result.stderr
    return where / "squashfs-root"


def test_the_appdir_root_holds_exactly_one_desktop_entry(extracted: Path) -> None:
    assert sorted(p.name for p in extracted.glob("*.desktop")) == [f"{APP_ID}.desktop"]
    assert (extracted / ".DirIcon").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_extracted_desktop_entries_pass_desktop_file_validate(extracted: Path) -> None:
    validator = require_program("desktop-file-validate", "desktop-file-utils")
    for entry in (
        extracted / f"{APP_ID}.desktop",
        extracted / f"usr/share/applications/{APP_ID}.desktop",
    ):
        result = run([validator, entry], env=os.environ)
        assert (result.returncode, result.stdout + result.stderr) == (0, ""), entry


def test_extracted_metainfo_passes_appstreamcli_validate(extracted: Path) -> None:
    appstreamcli = require_program("appstreamcli", "appstream")
    metainfo = extracted / f"usr/share/metainfo/{APP_ID}.metainfo.xml"
    result = run([appstreamcli, "validate", "--no-net", metainfo], env=os.environ)
    assert result.returncode == 0, result.stdout + result.stderr


# --- on this host, through FUSE -------------------------------------------------------------------


@pytest.mark.usefixtures("fuse")
def test_demo_screenshot_through_fuse_shows_the_inventory(
    appimage: Path,
    build: Build,
    tmp_path: Path,
    tmpdir_for_runs: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # First: the first GUI start of this test run, the cold start to a painted window.
    png = tmp_path / "out.png"
    env = _env(tmp_path, tmpdir_for_runs, QT_QPA_PLATFORM="offscreen")
    started = time.monotonic()
    result = run([appimage, "--demo", "--screenshot", png], env=env)
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert leftovers(appimage, tmpdir_for_runs) == []
    listing = run([appimage, "cli", "--demo", "list", "--json"], env=env)
    assert leftovers(appimage, tmpdir_for_runs) == []
    assert demo_screenshot_problems(png, _domains(listing.stdout)) == []
    with capsys.disabled():
        print(
            f"\nAppImage: build {build.seconds:.1f} s (this run, incremental), "
            f"size {appimage.stat().st_size / 2**20:.1f} MiB, "
            f"cold start to a painted window through FUSE {seconds:.2f} s (first run)"
        )


@pytest.mark.usefixtures("fuse")
def test_version_through_fuse(appimage: Path, tmp_path: Path, tmpdir_for_runs: Path) -> None:
    result = run([appimage, "--version"], env=_env(tmp_path, tmpdir_for_runs))
    assert (result.returncode, result.stdout) == (0, f"kvmdesk {kvmdesk.__version__}\n")
    assert leftovers(appimage, tmpdir_for_runs) == []


@pytest.mark.usefixtures("fuse")
def test_a_symlink_named_kvmdesk_cli_runs_the_cli(
    appimage: Path, tmp_path: Path, tmpdir_for_runs: Path
) -> None:
    link = tmp_path / "kvmdesk-cli"
    link.symlink_to(appimage)
    result = run([link, "--version"], env=_env(tmp_path, tmpdir_for_runs))
    assert (result.returncode, result.stdout) == (0, f"kvmdesk-cli {kvmdesk.__version__}\n")
    assert leftovers(appimage, tmpdir_for_runs) == []


@pytest.mark.usefixtures("fuse")
def test_cli_lists_the_demo_inventory_through_fuse(
    appimage: Path, tmp_path: Path, tmpdir_for_runs: Path
) -> None:
    result = run([appimage, "cli", "--demo", "list", "--json"], env=_env(tmp_path, tmpdir_for_runs))
    assert result.returncode == 0, result.stderr
    domains = _domains(result.stdout)
    assert len(domains) == DEMO_DOMAINS
    assert len({domain["name"] for domain in domains}) == DEMO_DOMAINS
    assert leftovers(appimage, tmpdir_for_runs) == []


@pytest.mark.usefixtures("fuse")
def test_cli_speaks_simplified_chinese_through_fuse(
    appimage: Path, tmp_path: Path, tmpdir_for_runs: Path
) -> None:
    # The catalogs compiled by the wheel's build step, read by the CLI's Qt-free reader.
    env = _env(tmp_path, tmpdir_for_runs)
    result = run([appimage, "cli", "--demo", "--lang", "zh_CN", "list"], env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:3] == ["名称", "UUID", "状态"]
    assert leftovers(appimage, tmpdir_for_runs) == []


# --- a clean machine: a minbase chroot, without FUSE ------------------------------------------


@pytest.fixture(scope="module")
def chroot(appimage: Path) -> Iterator[tuple[Path, str, str]]:
    """The minbase tree with the AppImage copied in: (tree, image path inside, TMPDIR inside).

    The copy and the TMPDIR are removed afterwards, so the cached tree stays as debootstrap
    left it.
    """
    if os.geteuid() != 0:
        unavailable("the chroot needs root")
    require_program("unshare", "util-linux")
    tree = minbase_tree()
    # What the test claims: nothing kvmdesk needs is installed there.
    assert not list((tree / "usr/bin").glob("python*"))
    assert not [p for p in (tree / "usr").rglob("*") if p.name.startswith(("libQt", "libvirt"))]
    assert not (tree / "usr/lib/x86_64-linux-gnu/libfontconfig.so.1").exists()
    assert not (tree / "dev/fuse").exists()
    inside = f"/opt/kvmdesk-test-{os.getpid()}"
    tmpdir = f"/tmp/kvmdesk-test-{os.getpid()}"
    for path in (inside, tmpdir):
        (tree / path[1:]).mkdir(parents=True)
    try:
        shutil.copy2(appimage, tree / inside[1:] / appimage.name)
        yield tree, f"{inside}/{appimage.name}", tmpdir
    finally:
        for path in (inside, tmpdir):
            shutil.rmtree(tree / path[1:], ignore_errors=True)


def _chroot_env(tmpdir: str, **extra: str) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": "/root", "TMPDIR": tmpdir, **extra}


def _extract_and_run(chroot: tuple[Path, str, str], *args: str, **env: str) -> tuple[str, str]:
    tree, image, tmpdir = chroot
    result = in_chroot(
        tree, [image, "--appimage-extract-and-run", *args], _chroot_env(tmpdir, **env)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert list((tree / tmpdir[1:]).iterdir()) == [], "the extracted tree is left behind"
    return result.stdout, result.stderr


def test_version_on_a_clean_machine(chroot: tuple[Path, str, str]) -> None:
    stdout, _ = _extract_and_run(chroot, "--version")
    assert stdout == f"kvmdesk {kvmdesk.__version__}\n"


def test_cli_lists_the_demo_inventory_on_a_clean_machine(chroot: tuple[Path, str, str]) -> None:
    stdout, _ = _extract_and_run(chroot, "cli", "--demo", "list", "--json")
    assert len(_domains(stdout)) == DEMO_DOMAINS


def test_demo_screenshot_on_a_clean_machine(chroot: tuple[Path, str, str], tmp_path: Path) -> None:
    tree = chroot[0]
    inside = f"/tmp/kvmdesk-test-{os.getpid()}.png"
    try:
        _extract_and_run(chroot, "--demo", "--screenshot", inside, QT_QPA_PLATFORM="offscreen")
        png = tmp_path / "clean.png"
        shutil.copy(tree / inside[1:], png)
    finally:
        (tree / inside[1:]).unlink(missing_ok=True)
    listing, _ = _extract_and_run(chroot, "cli", "--demo", "list", "--json")
    assert demo_screenshot_problems(png, _domains(listing)) == []


# --- bad copies --------------------------------------------------------------------------------


@pytest.mark.usefixtures("fuse")
@pytest.mark.parametrize(
    ("damage", "says"),
    [("truncated", "truncated"), ("inodes", "corrupt"), ("end tables", "damaged")],
)
def test_a_bad_copy_ends_with_a_message_and_leaves_no_mount(
    appimage: Path, offset: int, damage: str, says: str, tmp_path: Path, tmpdir_for_runs: Path
) -> None:
    bad = tmp_path / "kvmdesk-x86_64.AppImage"
    shutil.copy2(appimage, bad)
    with bad.open("r+b") as file:
        if damage == "truncated":  # a download that stopped half-way
            file.truncate(offset + squashfs_bytes_used(appimage, offset) // 2)
        elif damage == "inodes":  # superblock intact, the start of the inode table zeroed
            file.seek(offset + squashfs_table_start(appimage, offset, "inode"))
            file.write(bytes(4096))
        else:  # superblock intact, the tables at the payload's end (fragment, id) zeroed
            file.seek(offset + squashfs_bytes_used(appimage, offset) - 1024)
            file.write(bytes(1024))
    result = run([bad, "--version"], env=_env(tmp_path, tmpdir_for_runs), timeout=60)
    assert 0 < result.returncode < 128, result
    assert result.stderr.startswith("AppImage runtime: "), result.stderr
    assert says in result.stderr
    assert result.stdout == ""
    assert leftovers(bad, tmpdir_for_runs) == []
