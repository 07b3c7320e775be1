"""A reader of Qt's compiled translation files (``.qm``), for code that cannot use Qt.

The layout is Qt's (``qtranslator.cpp``): a 16-byte magic, then tagged blocks. The
``Messages`` block holds one record per message: its translations (UTF-16BE, one per
plural form) and, as ``pyside6-lrelease`` writes them by default, its context, source
text and comment (UTF-8). ``NumerusRules`` is the byte code that picks a plural form for
a number. Hash and context tables serve Qt's own lookup and are not needed here.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")

_BLOCK_MESSAGES = 0x69
_BLOCK_NUMERUS_RULES = 0x88
_BLOCK_LANGUAGE = 0xA7

_TAG_END = 1
_TAG_SOURCE_TEXT16 = 2
_TAG_TRANSLATION = 3
_TAG_CONTEXT16 = 4
_TAG_OBSOLETE1 = 5
_TAG_SOURCE_TEXT = 6
_TAG_CONTEXT = 7
_TAG_COMMENT = 8
_TAG_OBSOLETE2 = 9

_EQ, _LT, _LEQ, _BETWEEN = 1, 2, 3, 4
_OP_MASK, _NOT, _MOD_10, _MOD_100, _LEAD_1000 = 0x07, 0x08, 0x10, 0x20, 0x40
_AND, _OR, _NEWRULE = 0xFD, 0xFE, 0xFF

Key = tuple[str, str, str]  # context, source text, disambiguation comment


class QmError(ValueError):
    """The file is not a readable .qm file."""


@dataclass
class Catalog:
    """The translations of one ``.qm`` file."""

    language: str = ""
    messages: dict[Key, tuple[str, ...]] = field(default_factory=dict)
    numerus_rules: bytes = b""

    def lookup(self, context: str, source: str, comment: str = "", n: int = -1) -> str | None:
        """The translation as ``QTranslator.translate`` finds it, or None."""
        forms = self.messages.get((context, source, comment))
        if forms is None and comment:
            forms = self.messages.get((context, source, ""))
        if not forms:
            return None
        index = plural_form(self.numerus_rules, n) if n >= 0 else 0
        return forms[min(index, len(forms) - 1)]


def plural_form(rules: bytes, n: int) -> int:
    """Which plural form ``n`` takes under Qt's numerus byte code (0 when there are none)."""
    size = len(rules)
    if size == 0:
        return 0
    result = 0
    i = 0
    try:
        while True:
            or_value = False
            while True:
                and_value = True
                while True:
                    opcode = rules[i]
                    i += 1
                    left = n
                    if opcode & _MOD_10:
                        left %= 10
                    elif opcode & _MOD_100:
                        left %= 100
                    elif opcode & _LEAD_1000:
                        while left >= 1000:
                            left //= 1000
                    right = rules[i]
                    i += 1
                    op = opcode & _OP_MASK
                    if op == _EQ:
                        truth = left == right
                    elif op == _LT:
                        truth = left < right
                    elif op == _LEQ:
                        truth = left <= right
                    elif op == _BETWEEN:
                        top = rules[i]
                        i += 1
                        truth = right <= left <= top
                    else:
                        truth = True
                    if opcode & _NOT:
                        truth = not truth
                    and_value = and_value and truth
                    if i == size or rules[i] != _AND:
                        break
                    i += 1
                or_value = or_value or and_value
                if i == size or rules[i] != _OR:
                    break
                i += 1
            if or_value:
                return result
            result += 1
            if i == size:
                return result
            i += 1  # _NEWRULE
    except IndexError:
        return 0


def _message(data: bytes, start: int) -> tuple[Key, tuple[str, ...], int]:
    translations: list[str] = []
    context = source = comment = ""
    i = start
    while True:
        tag = data[i]
        i += 1
        if tag == _TAG_END:
            return (context, source, comment), tuple(translations), i
        if tag == _TAG_OBSOLETE1:
            i += 4
            continue
        if tag == _TAG_OBSOLETE2:
            continue
        if tag not in (
            _TAG_TRANSLATION,
            _TAG_SOURCE_TEXT,
            _TAG_CONTEXT,
            _TAG_COMMENT,
            _TAG_SOURCE_TEXT16,
            _TAG_CONTEXT16,
        ):
            raise QmError(f"unknown message tag {tag:#x} at byte {i - 1}")
        (length,) = struct.unpack_from(">I", data, i)
        i += 4
        if length == 0xFFFFFFFF:  # a null string
            if tag == _TAG_TRANSLATION:
                translations.append("")
            continue
        chunk = data[i : i + length]
        if len(chunk) != length:
            raise QmError("a message runs past the end of the file")
        i += length
        if tag == _TAG_TRANSLATION:
            translations.append(chunk.decode("utf-16-be"))
        elif tag in (_TAG_SOURCE_TEXT16, _TAG_CONTEXT16):
            text = chunk.decode("utf-16-be")
            if tag == _TAG_SOURCE_TEXT16:
                source = text
            else:
                context = text
        else:
            text = chunk.decode("utf-8")
            if tag == _TAG_SOURCE_TEXT:
                source = text
            elif tag == _TAG_CONTEXT:
                context = text
            else:
                comment = text


def parse(data: bytes) -> Catalog:
    if not data.startswith(MAGIC):
        raise QmError("not a .qm file (no Qt translation magic)")
    catalog = Catalog()
    i = len(MAGIC)
    try:
        while i < len(data):
            tag = data[i]
            (length,) = struct.unpack_from(">I", data, i + 1)
            block = data[i + 5 : i + 5 + length]
            if len(block) != length:
                raise QmError("a block runs past the end of the file")
            i += 5 + length
            if tag == _BLOCK_MESSAGES:
                j = 0
                while j < len(block):
                    key, forms, j = _message(block, j)
                    catalog.messages[key] = forms
            elif tag == _BLOCK_NUMERUS_RULES:
                catalog.numerus_rules = bytes(block)
            elif tag == _BLOCK_LANGUAGE:
                catalog.language = block.decode("utf-8", "replace")
    except (IndexError, struct.error, UnicodeDecodeError) as error:
        raise QmError(f"damaged .qm file: {error}") from None
    return catalog


def load(path: Path) -> Catalog:
    return parse(path.read_bytes())
