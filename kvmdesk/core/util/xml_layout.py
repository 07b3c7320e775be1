"""Edit lxml trees the way a person edits a file: indentation kept, nothing else touched.

libvirt's XML is indented; a child added or removed here is indented like its
siblings and takes its own whitespace with it, so the rest of the document keeps
its text. Parsing keeps comments, processing instructions and CDATA.
"""

from __future__ import annotations

from lxml import etree

from kvmdesk.core.types.errors import BadInput

_PARSER = etree.XMLParser(
    remove_blank_text=False,
    remove_comments=False,
    remove_pis=False,
    strip_cdata=False,
    resolve_entities=False,
    no_network=True,
    huge_tree=True,
)


def parse(xml: str) -> etree._Element:
    """The root element of ``xml``, parsed keeping comments and whitespace."""
    try:
        return etree.fromstring(xml.encode(), _PARSER)
    except etree.XMLSyntaxError as error:
        raise BadInput(f"XML does not parse: {error}") from None


def serialise(root: etree._Element) -> str:
    """The whole document as it was parsed: comments and processing instructions around
    the root stay, each on its own line (libxml2 keeps no whitespace between them)."""
    tree = root.getroottree()
    parts = [
        etree.tostring(node, encoding="unicode", with_tail=False)
        for node in reversed(list(root.itersiblings(preceding=True)))
    ]
    parts.append(etree.tostring(root, encoding="unicode", with_tail=False))
    parts += [etree.tostring(n, encoding="unicode", with_tail=False) for n in root.itersiblings()]
    doctype = str(getattr(tree.docinfo, "doctype", ""))  # not in lxml-stubs
    return "\n".join([doctype, *parts] if doctype else parts)


def whitespace(text: str | None) -> bool:
    """True for no text or only whitespace (indentation, not content)."""
    return text is None or not text.strip()


def _indent_of(element: etree._Element) -> str | None:
    """The indentation before ``element`` ("" for the root), None when not indented."""
    parent = element.getparent()
    if parent is None:
        return ""
    previous = element.getprevious()
    text = previous.tail if previous is not None else parent.text
    if text is None or "\n" not in text:
        return None
    last_line = text.rsplit("\n", 1)[1]
    return last_line if not last_line.strip() else None


def _step(parent: etree._Element) -> str:
    """One level of indentation, as the document uses it."""
    grandparent = parent.getparent()
    own = _indent_of(parent)
    if grandparent is not None and own:
        outer = _indent_of(grandparent) or ""
        if own.startswith(outer) and len(own) > len(outer):
            return own[len(outer) :]
    return "  "


def _child_indent(parent: etree._Element) -> str | None:
    if len(parent):
        # Indented like the existing children, or not at all if they are not.
        return next((indent for indent in map(_indent_of, parent) if indent is not None), None)
    own = _indent_of(parent)
    if own is None:
        return None
    return own + _step(parent)


def _join(before: str | None, after: str | None) -> str | None:
    if whitespace(before) and whitespace(after):
        return after if after is not None else before
    return (before or "") + (after or "")


def insert_child(parent: etree._Element, index: int, element: etree._Element) -> None:
    """Insert ``element`` at ``index`` among all children, indented like its siblings."""
    children = list(parent)
    indent = _child_indent(parent)
    if not children:
        if indent is not None and whitespace(parent.text):
            parent.text = "\n" + indent
            element.tail = "\n" + (_indent_of(parent) or "")
        parent.insert(0, element)
        return
    if index >= len(children):
        last = children[-1]
        element.tail = last.tail
        if indent is not None and whitespace(last.tail):
            last.tail = "\n" + indent
        parent.append(element)
        return
    if index <= 0:
        element.tail = parent.text if whitespace(parent.text) else None
        parent.insert(0, element)
        return
    element.tail = children[index - 1].tail if whitespace(children[index - 1].tail) else None
    parent.insert(index, element)


def remove_child(element: etree._Element) -> None:
    """Remove ``element`` and the indentation that belonged to it, nothing else."""
    parent = element.getparent()
    if parent is None:
        return
    previous = element.getprevious()
    if previous is not None:
        previous.tail = _join(previous.tail, element.tail)
    else:
        parent.text = _join(parent.text, element.tail)
    parent.remove(element)
