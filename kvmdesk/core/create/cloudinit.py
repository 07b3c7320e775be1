"""The cloud-init ``cidata`` seed: meta-data and user-data on a small ISO, written by pycdlib.

cloud-init's NoCloud data source finds a file system labelled ``cidata`` and reads
``meta-data`` and ``user-data`` from it. The seed is ISO 9660 with Joliet and Rock Ridge
(so every reader sees the lower-case, dashed names) and volume id ``cidata``; no external
tool is needed. The password is written only as a SHA-512 crypt hash
(:func:`sha512_crypt`, the ``$6$`` format ``chpasswd`` and ``/etc/shadow`` use).
"""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import uuid
from pathlib import Path

import pycdlib

from kvmdesk.core.create.spec import CloudInitSpec

SEED_VOLUME_ID = "cidata"
_CRYPT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


# --------------------------------------------------------------- password hash


def _b64_from_24bit(b2: int, b1: int, b0: int, count: int) -> str:
    word = (b2 << 16) | (b1 << 8) | b0
    out = []
    for _ in range(count):
        out.append(_CRYPT_ALPHABET[word & 0x3F])
        word >>= 6
    return "".join(out)


def sha512_crypt(password: str, salt: str | None = None, rounds: int = 5000) -> str:
    """``$6$SALT$HASH``: Ulrich Drepper's SHA-crypt, as glibc's ``crypt(3)`` computes it."""
    if salt is None:
        salt = "".join(secrets.choice(_CRYPT_ALPHABET) for _ in range(16))
    key, salt_bytes = password.encode(), salt.encode()[:16]
    b = hashlib.sha512(key + salt_bytes + key).digest()
    a = hashlib.sha512(key + salt_bytes)
    length = len(key)
    while length > 64:
        a.update(b)
        length -= 64
    a.update(b[:length])
    length = len(key)
    while length:
        a.update(b if length & 1 else key)
        length >>= 1
    digest_a = a.digest()
    dp = hashlib.sha512(key * len(key)).digest()
    p = (dp * (len(key) // 64 + 1))[: len(key)]
    ds = hashlib.sha512(salt_bytes * (16 + digest_a[0])).digest()
    s = (ds * (len(salt_bytes) // 64 + 1))[: len(salt_bytes)]
    c = digest_a
    for i in range(rounds):
        h = hashlib.sha512(p if i & 1 else c)
        if i % 3:
            h.update(s)
        if i % 7:
            h.update(p)
        h.update(c if i & 1 else p)
        c = h.digest()
    encoded = []
    for i in range(21):
        a_, b_, c_ = i, i + 21, i + 42
        order = ((a_, b_, c_), (b_, c_, a_), (c_, a_, b_))[i % 3]
        encoded.append(_b64_from_24bit(c[order[0]], c[order[1]], c[order[2]], 4))
    encoded.append(_b64_from_24bit(0, 0, c[63], 2))
    prefix = "$6$" if rounds == 5000 else f"$6$rounds={rounds}$"
    return f"{prefix}{salt_bytes.decode()}${''.join(encoded)}"


# --------------------------------------------------------------- the documents


def ssh_public_keys(home: Path | None = None) -> list[str]:
    """The public keys in ``~/.ssh/*.pub``, one line each, sorted by file name."""
    folder = (home or Path.home()) / ".ssh"
    keys: list[str] = []
    for path in sorted(folder.glob("*.pub")):
        try:
            text = path.read_text().strip()
        except (OSError, UnicodeDecodeError):
            continue
        keys.extend(line.strip() for line in text.splitlines() if line.strip())
    return keys


def meta_data(cloud: CloudInitSpec, vm_name: str) -> str:
    """NoCloud meta-data: a fresh instance id (a new VM is a new instance) and host name."""
    hostname = cloud.hostname or vm_name
    lines = [f"instance-id: iid-{uuid.uuid4()}", f"local-hostname: {json.dumps(hostname)}"]
    return "\n".join(lines) + "\n"


def user_data(cloud: CloudInitSpec, vm_name: str, *, password_hash: str | None = None) -> str:
    """``#cloud-config`` with the host name, the user (sudo, keys, hashed password), extras.

    Strings are written as JSON strings, which YAML reads as the same strings.
    """
    hostname = cloud.hostname or vm_name
    lines = ["#cloud-config", f"hostname: {json.dumps(hostname)}", "users:"]
    lines.append(f"  - name: {json.dumps(cloud.user)}")
    lines.append('    shell: "/bin/bash"')
    lines.append('    sudo: "ALL=(ALL) NOPASSWD:ALL"')
    if cloud.password:
        hashed = password_hash or sha512_crypt(cloud.password)
        lines.append("    lock_passwd: false")
        lines.append(f"    passwd: {json.dumps(hashed)}")
    else:
        lines.append("    lock_passwd: true")
    if cloud.ssh_keys:
        lines.append("    ssh_authorized_keys:")
        lines.extend(f"      - {json.dumps(key.strip())}" for key in cloud.ssh_keys)
    lines.append(f"ssh_pwauth: {'true' if cloud.password else 'false'}")
    extra = "\n".join(
        line
        for line in cloud.extra_user_data.strip().splitlines()
        if line.strip() != "#cloud-config"
    )
    if extra:
        lines.append(extra)
    return "\n".join(lines) + "\n"


def seed_iso(meta: str, user: str) -> bytes:
    """The ``cidata`` ISO holding ``meta-data`` and ``user-data`` (Joliet + Rock Ridge)."""
    iso = pycdlib.PyCdlib()
    iso.new(interchange_level=3, vol_ident=SEED_VOLUME_ID, joliet=3, rock_ridge="1.09")
    for name, text in (("meta-data", meta), ("user-data", user)):
        data = text.encode()
        short = name.replace("-", "_").upper()
        iso.add_fp(
            io.BytesIO(data),
            len(data),
            iso_path=f"/{short}.;1",
            rr_name=name,
            joliet_path=f"/{name}",
        )
    out = io.BytesIO()
    iso.write_fp(out)
    iso.close()
    return out.getvalue()


def seed_for(cloud: CloudInitSpec, vm_name: str) -> bytes:
    """The whole seed ISO for a VM."""
    return seed_iso(meta_data(cloud, vm_name), user_data(cloud, vm_name))


def read_seed(data: bytes) -> dict[str, str]:
    """The files of a seed ISO by their Rock Ridge names (for checks and tests)."""
    iso = pycdlib.PyCdlib()
    iso.open_fp(io.BytesIO(data))
    try:
        found = {}
        for name in ("meta-data", "user-data"):
            out = io.BytesIO()
            iso.get_file_from_iso_fp(out, rr_path=f"/{name}")
            found[name] = out.getvalue().decode()
        return found
    finally:
        iso.close()
