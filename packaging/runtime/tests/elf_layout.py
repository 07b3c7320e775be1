"""Reads an AppImage's ELF headers the way tools outside the runtime do, independently of it.

Usage: elf_layout.py FILE -> prints "end=N" (the furthest byte of the header tables, sections
and segments: where the payload starts) and one "section NAME SIZE ZEROED" line for each
reserved AppImage section.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

RESERVED = (".upd_info", ".sha256_sig", ".sig_key", ".digest_md5")
SHT_NOBITS = 8


def main(path: str) -> None:
    data = Path(path).read_bytes()
    (phoff, shoff) = struct.unpack_from("<QQ", data, 0x20)
    (ehsize, phentsize, phnum, shentsize, shnum, shstrndx) = struct.unpack_from(
        "<HHHHHH", data, 0x34
    )
    end = max(ehsize, phoff + phnum * phentsize, shoff + shnum * shentsize)
    sections = []
    for i in range(shnum):
        name, kind, _flags, _addr, offset, size = struct.unpack_from(
            "<IIQQQQ", data, shoff + i * shentsize
        )
        sections.append((name, kind, offset, size))
        if kind != SHT_NOBITS:
            end = max(end, offset + size)
    for i in range(phnum):
        _kind, _flags, offset, _vaddr, _paddr, filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + i * phentsize
        )
        end = max(end, offset + filesz)
    print(f"end={end}")
    names_offset = sections[shstrndx][2]
    for name, _kind, offset, size in sections:
        label = data[names_offset + name : data.index(b"\0", names_offset + name)].decode()
        if label in RESERVED:
            zeroed = data[offset : offset + size] == bytes(size)
            print(f"section {label} {size} {'zeroed' if zeroed else 'NOT-ZEROED'}")


if __name__ == "__main__":
    main(sys.argv[1])
