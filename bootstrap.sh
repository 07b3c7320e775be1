#!/usr/bin/env bash
# kvmdesk bootstrap for Debian 12 (bookworm), run as root from a clone:
#
#   bash bootstrap.sh app [ARGS...]   install what is missing, then run kvmdesk: against the local
#                                     libvirtd if one answers, else with --demo; starts Xvfb when
#                                     there is no DISPLAY/WAYLAND_DISPLAY
#   bash bootstrap.sh test            install what is missing, then ruff, mypy, import contracts,
#                                     build the AppImage (packaging/build-appimage), unit/ui/
#                                     integration/packaging tests and benchmarks (first failure
#                                     stops)
#
# Python packages come from the lock files only (exact versions, sha256 of every file, pip's
# hash-checking mode): requirements/build.lock (pip, setuptools, wheel) first, then
# requirements/test.lock (runtime + test tools), then kvmdesk itself with --no-deps. Refresh the
# lock files with packaging/lock after editing pyproject.toml's dependencies.
#
# Idempotent: apt is skipped when every Debian package is installed (dpkg-query), pip is skipped
# when pyproject.toml, the lock files and the interpreter are unchanged since the last install into
# .venv (KVMDESK_BOOTSTRAP_PIP=1 forces it). PYTHON picks the interpreter for a new .venv (python3).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$REPO/.venv"
cd "$REPO"

APT_PACKAGES=(
    # libvirt + QEMU (ENVIRONMENT.md: bookworm has no separate network-driver package)
    libvirt-daemon libvirt-daemon-driver-qemu libvirt-daemon-config-network libvirt-clients
    qemu-system-x86 qemu-utils dnsmasq-base iptables nftables iproute2 util-linux
    libxml2-utils
    # building libvirt-python from its sdist
    libvirt-dev pkg-config gcc python3-venv python3-dev
    # what the PySide6 wheels need even offscreen
    libgl1 libegl1 libx11-6 libx11-xcb1 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0
    libxkbcommon0 libxkbcommon-x11-0 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
    libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
    libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1
    # fonts (Latin + CJK for zh_CN) and a virtual X server for a real window without a display
    fonts-dejavu-core fonts-wqy-microhei
    xvfb xauth
    # NetworkManager + a dbus-daemon for the host-network integration tests (run in namespaces)
    network-manager dbus dbus-daemon
    desktop-file-utils appstream librsvg2-bin  # check the .desktop and metainfo, render the icons
    # the AppImage: our static type-2 runtime, its squashfs payload, FUSE for its tests
    libc6-dev binutils libsquashfuse-dev libfuse3-dev libzstd-dev zlib1g-dev liblzma-dev
    squashfs-tools fuse3
    # packaging/build-appimage: the interpreter it bundles, RUNPATHs, the Qt plugins' libraries
    # (packaging/README.md); the clean-machine test's minbase tree
    python3.11 python3.11-venv python3.11-dev patchelf libxcb-glx0
    libwayland-client0 libwayland-cursor0 libwayland-egl1
    debootstrap
    # consoles over ssh and remote hosts: a real sshd in a namespace
    openssh-server
    # new VMs: the OS database, UEFI and TPM 2.0, bootable ISOs for the tests
    osinfo-db ovmf swtpm swtpm-tools xorriso grub-pc-bin grub-efi-amd64-bin mtools
)

log() { printf 'bootstrap: %s\n' "$*" >&2; }
die() {
    log "ERROR: $*"
    exit 1
}

usage() {
    cat >&2 <<'EOF'
usage: bash bootstrap.sh app [KVMDESK-ARGS...]
       bash bootstrap.sh test
EOF
    exit 2
}

# --- system packages -------------------------------------------------------------------------

missing_packages() {
    local -A installed=()
    local status name pkg
    # One dpkg-query for all; it exits 1 when some package is unknown, which is fine here.
    while read -r status name; do
        [[ $status == installed ]] && installed[$name]=1
    done < <(dpkg-query -W -f='${db:Status-Status} ${Package}\n' "${APT_PACKAGES[@]}" 2>/dev/null || true)
    for pkg in "${APT_PACKAGES[@]}"; do
        [[ -n ${installed[$pkg]:-} ]] || printf '%s\n' "$pkg"
    done
}

ensure_system_packages() {
    command -v dpkg-query >/dev/null || die "dpkg-query not found: this script is for Debian 12"
    local missing
    mapfile -t missing < <(missing_packages)
    if ((${#missing[@]} == 0)); then
        log "Debian packages: all ${#APT_PACKAGES[@]} installed, skipping apt"
        return
    fi
    ((EUID == 0)) || die "missing Debian packages (${missing[*]}); run as root to install them"
    log "Debian packages: installing ${#missing[@]} missing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    # Install only: no daemon (NetworkManager, udev, libvirtd) may start on this host and take
    # over its networking. Without systemd, invoke-rc.d asks policy-rc.d; a missing one allows.
    local policy=/usr/sbin/policy-rc.d placed="" rc=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\n# temporary, from kvmdesk bootstrap.sh\nexit 101\n' >"$policy"
        chmod 0755 "$policy"
        placed=1
    fi
    apt-get install -y --no-install-recommends "${missing[@]}" || rc=$?
    [[ -z $placed ]] || rm -f "$policy"
    ((rc == 0)) || die "apt-get install failed (exit $rc)"
    mapfile -t missing < <(missing_packages)
    ((${#missing[@]} == 0)) || die "still not installed after apt-get: ${missing[*]}"
}

# --- Python environment ----------------------------------------------------------------------

LOCKS=(requirements/build.lock requirements/test.lock)

venv_pip() { PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/python" -m pip "$@"; }

ensure_venv() {
    local python="${PYTHON:-python3}" stamp="$VENV/.kvmdesk-bootstrap-stamp" want lock
    for lock in "${LOCKS[@]}"; do
        [[ -f $lock ]] || die "$lock is missing: run packaging/lock"
    done
    if [[ ! -x $VENV/bin/python ]]; then
        log "creating $VENV with $("$python" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
        "$python" -m venv "$VENV"
    fi
    want="$({ sha256sum pyproject.toml "${LOCKS[@]}"; "$VENV/bin/python" -VV; } | sha256sum | cut -d' ' -f1)"
    if [[ ${KVMDESK_BOOTSTRAP_PIP:-0} != 1 && -f $stamp && "$(cat "$stamp")" == "$want" ]] &&
        "$VENV/bin/python" -I -c 'import sys, kvmdesk; sys.exit(not kvmdesk.__file__.startswith(sys.argv[1]))' "$REPO/kvmdesk/" 2>/dev/null; then
        log "Python packages: .venv up to date with pyproject.toml and ${LOCKS[*]}, skipping pip"
        return
    fi
    log "Python packages: pip install --require-hashes -r ${LOCKS[*]}, then -e . into $VENV"
    rm -f "$stamp"
    # build.lock first: the locked pip does the rest, and the locked setuptools builds
    # libvirt-python's sdist (pip keeps that wheel in its cache) and kvmdesk, without isolation.
    venv_pip install --require-hashes --no-deps -r requirements/build.lock
    venv_pip install --require-hashes --no-deps --no-build-isolation -r requirements/test.lock
    venv_pip install --no-deps --no-build-isolation -e .
    venv_pip check || die "the lock files miss a dependency (pip check above): run packaging/lock"
    printf '%s\n' "$want" >"$stamp"
}

# kvmdesk runs from the clone (an editable install), which pip does not compile: without
# bytecode every start compiles its ~250 modules again (0.5 s), and PYTHONDONTWRITEBYTECODE
# may stop Python from keeping what it compiled. Only changed sources are compiled again.
compile_bytecode() {
    "$VENV/bin/python" -m compileall -q -j 0 "$REPO/kvmdesk" >/dev/null ||
        die "python -m compileall kvmdesk failed"
}

# The editable install reads resources/translations/kvmdesk_<lang>.qm from the clone: built
# here from the committed .ts files with the venv's pyside6-lrelease (well under a second).
compile_translations() {
    PATH="$VENV/bin:$PATH" "$VENV/bin/python" packaging/translations.py release >/dev/null ||
        die "packaging/translations.py release failed"
}

# --- accounts libvirtd needs (ENVIRONMENT.md) ------------------------------------------------

ensure_libvirt_accounts() {
    if ((EUID != 0)); then
        log "not root: not creating groups kvm/libvirt-qemu and user libvirt-qemu"
        return
    fi
    getent group kvm >/dev/null || groupadd --system kvm
    getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
    if ! getent passwd libvirt-qemu >/dev/null; then
        useradd --system --gid libvirt-qemu --groups kvm --home-dir /var/lib/libvirt \
            --no-create-home --shell /usr/sbin/nologin --comment "Libvirt Qemu" libvirt-qemu
    fi
    id -nG libvirt-qemu | tr ' ' '\n' | grep -qx kvm || usermod -a -G kvm libvirt-qemu
    log "accounts: groups kvm, libvirt-qemu and user libvirt-qemu present"
}

# --- app -------------------------------------------------------------------------------------

XVFB_PID=""
XVFB_DIR=""

cleanup() {
    if [[ -n $XVFB_PID ]]; then
        kill "$XVFB_PID" 2>/dev/null || true
        wait "$XVFB_PID" 2>/dev/null || true
    fi
    [[ -z $XVFB_DIR ]] || rm -rf "$XVFB_DIR"
}

start_xvfb() {
    command -v Xvfb >/dev/null || die "no DISPLAY and no Xvfb (package xvfb)"
    XVFB_DIR="$(mktemp -d)"
    trap cleanup EXIT
    # -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
    Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp \
        3>"$XVFB_DIR/display" >"$XVFB_DIR/xvfb.log" 2>&1 &
    XVFB_PID=$!
    local i
    for ((i = 0; i < 200; i++)); do
        [[ -s $XVFB_DIR/display ]] && break
        kill -0 "$XVFB_PID" 2>/dev/null || {
            cat "$XVFB_DIR/xvfb.log" >&2
            die "Xvfb exited"
        }
        sleep 0.05
    done
    [[ -s $XVFB_DIR/display ]] || die "Xvfb did not report a display within 10 s"
    DISPLAY=":$(tr -d '[:space:]' <"$XVFB_DIR/display")"
    export DISPLAY
    unset WAYLAND_DISPLAY
    log "no DISPLAY/WAYLAND_DISPLAY set: started Xvfb (pid $XVFB_PID) on DISPLAY=$DISPLAY"
}

libvirtd_reachable() {
    [[ -S /run/libvirt/libvirt-sock ]] || return 1
    command -v virsh >/dev/null || return 1
    timeout 15 virsh -c qemu:///system uri >/dev/null 2>&1
}

cmd_app() {
    ensure_system_packages
    ensure_venv
    compile_bytecode
    compile_translations
    local extra=()
    if libvirtd_reachable; then
        log "local libvirtd answers on /run/libvirt/libvirt-sock: starting kvmdesk"
    else
        log "no reachable local libvirtd (/run/libvirt/libvirt-sock): starting kvmdesk --demo"
        extra=(--demo)
    fi
    if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
        start_xvfb
    fi
    local rc=0
    "$VENV/bin/kvmdesk" "${extra[@]}" "$@" || rc=$?
    exit "$rc"
}

# --- test ------------------------------------------------------------------------------------

STEP_COUNT=0

step() {
    local name="$1" rc=0 started=$SECONDS
    shift
    STEP_COUNT=$((STEP_COUNT + 1))
    log "[$STEP_COUNT] $name: $*"
    "$@" || rc=$?
    if ((rc != 0)); then
        if ((rc == 5)) && [[ $name == pytest* ]]; then
            log "[$STEP_COUNT] $name: pytest collected no tests (exit 5) - that counts as a failure"
        fi
        log "FAILED at step $STEP_COUNT ($name) with exit code $rc"
        printf '\nbootstrap.sh test: FAILED at step %s "%s" (exit %s)\n' \
            "$STEP_COUNT" "$name" "$rc" >&2
        exit "$rc"
    fi
    log "[$STEP_COUNT] $name: ok ($((SECONDS - started)) s)"
}

cmd_test() {
    local started=$SECONDS
    ensure_system_packages
    ensure_venv
    compile_bytecode
    compile_translations
    ensure_libvirt_accounts
    export PATH="$VENV/bin:$PATH"
    step "ruff check" ruff check .
    step "ruff format" ruff format --check .
    step "mypy" mypy kvmdesk
    step "import contracts" lint-imports
    step "build AppImage" packaging/build-appimage
    # One interpreter per tier: a long-lived process of a few thousand Qt tests has shown a
    # rare segmentation fault inside Qt's event processing (see README, "Known problems");
    # a tier per process keeps each run close to what is verified clean.
    step "pytest unit" env QT_QPA_PLATFORM=offscreen pytest tests/unit
    step "pytest ui" env QT_QPA_PLATFORM=offscreen pytest tests/ui
    step "pytest integration+packaging" \
        env QT_QPA_PLATFORM=offscreen pytest tests/integration tests/packaging
    step "pytest benchmarks" env QT_QPA_PLATFORM=offscreen pytest tests/benchmarks -s
    printf '\nbootstrap.sh test: ALL %s STEPS PASSED in %s s\n' \
        "$STEP_COUNT" "$((SECONDS - started))" >&2
}

(($# >= 1)) || usage
command="$1"
shift
case "$command" in
app) cmd_app "$@" ;;
test)
    (($# == 0)) || usage
    cmd_test
    ;;
*) usage ;;
esac
