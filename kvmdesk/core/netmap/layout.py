"""Where each node of a :class:`~kvmdesk.core.netmap.graph.NetGraph` goes: columns, groups, rows.

A layered layout written for this one shape of graph rather than a general one:
the columns are fixed by what a node is (VMs, NICs, networks, bridges, VLANs, bonds,
ports; an empty column takes no room), and the host side is a forest. So:

1. The host interfaces are ordered by a walk of that forest from the bridges down,
   and the networks (and macvtap / user-mode nodes) by where they lead to, then by
   mode and name.
2. The VMs are grouped by what their first NIC is attached to, the groups in the
   order of step 1, the VMs by name inside a group; each VM's NICs sit beside it.
3. Every other column is ordered by the mean height of what feeds it (the
   barycentre), and each node is placed as near that height as the nodes above it
   allow: no two boxes overlap, edges stay short and mostly level.

The sizes of the boxes come from the caller (the UI measures its text), so the
layout is plain arithmetic, deterministic and testable without Qt.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from kvmdesk.core.netmap.graph import MODE_ORDER, Kind, NetGraph, Node

Size = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def center_y(self) -> float:
        return self.y + self.height / 2

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


@dataclass(frozen=True, slots=True)
class Group:
    """The VMs whose first NIC leads to ``node`` ("" for VMs without NICs), with their frame.

    ``header`` is the band at the top of ``box`` kept free for the group's title.
    """

    node: str
    vms: tuple[str, ...]
    box: Box
    header: Box


@dataclass(frozen=True, slots=True)
class Spacing:
    column_gap: float = 90.0
    row_gap: float = 10.0
    nic_gap: float = 4.0
    group_gap: float = 18.0
    group_header: float = 20.0
    group_padding: float = 6.0


@dataclass(frozen=True, slots=True)
class MapLayout:
    boxes: dict[str, Box]
    groups: tuple[Group, ...]
    width: float
    height: float


def _mode_rank(node: Node) -> int:
    return MODE_ORDER.index(node.mode) if node.mode in MODE_ORDER else len(MODE_ORDER)


def layout_graph(
    graph: NetGraph, size_of: Callable[[Node], Size], spacing: Spacing | None = None
) -> MapLayout:
    """Boxes for every node of ``graph``; ``size_of`` gives a node's (width, height)."""
    spacing = spacing or Spacing()
    nodes = graph.by_id()
    sizes = {node.id: size_of(node) for node in graph.nodes}
    after: dict[str, list[str]] = defaultdict(list)
    before: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        if edge.source in nodes and edge.target in nodes:
            after[edge.source].append(edge.target)
            before[edge.target].append(edge.source)
    layers: dict[int, list[Node]] = defaultdict(list)
    for node in graph.nodes:
        layers[node.kind.layer].append(node)
    columns = sorted(layers)
    widths = {layer: max(sizes[n.id][0] for n in layers[layer]) for layer in columns}
    left: dict[int, float] = {}
    x = 0.0
    for layer in columns:
        left[layer] = x
        x += widths[layer] + spacing.column_gap
    width = x - spacing.column_gap if columns else 0.0

    host_rank = _host_order(nodes, layers, after, before)
    attachment_rank = _attachment_order(layers.get(Kind.NETWORK.layer, []), after, host_rank)

    boxes: dict[str, Box] = {}

    def place(node_id: str, y: float, layer: int) -> Box:
        w, h = sizes[node_id]
        # VMs and NICs line up on the left (a list of names); the rest is centred.
        offset = 0.0 if layer <= Kind.NIC.layer else (widths[layer] - w) / 2
        box = Box(left[layer] + offset, y, w, h)
        boxes[node_id] = box
        return box

    lead_ranks = _lead_ranks(layers.get(Kind.NETWORK.layer, []), after, host_rank)
    groups = _place_vms(
        layers,
        nodes,
        after,
        attachment_rank,
        host_rank,
        lead_ranks,
        sizes,
        spacing,
        left,
        widths,
        place,
    )
    for layer in columns:
        if layer <= Kind.NIC.layer:
            continue
        _place_by_barycentre(
            layers[layer], before, boxes, sizes, host_rank, attachment_rank, spacing, layer, place
        )
    height = max((box.bottom for box in boxes.values()), default=0.0)
    height = max([height] + [g.box.bottom for g in groups])
    return MapLayout(boxes, tuple(groups), width, height)


def _host_order(
    nodes: dict[str, Node],
    layers: dict[int, list[Node]],
    after: dict[str, list[str]],
    before: dict[str, list[str]],
) -> dict[str, int]:
    """Host interfaces in the order of a walk down their forest (bridges first, by name)."""
    host = [n for layer, members in layers.items() if layer >= Kind.BRIDGE.layer for n in members]
    host_ids = {n.id for n in host}
    rank: dict[str, int] = {}

    def visit(node_id: str) -> None:
        stack = [node_id]
        while stack:
            current = stack.pop()
            if current in rank:
                continue
            rank[current] = len(rank)
            children = sorted(
                (c for c in after[current] if c in host_ids),
                key=lambda c: (nodes[c].kind.layer, nodes[c].name),
                reverse=True,
            )
            stack.extend(children)

    roots = [n for n in host if not any(p in host_ids for p in before[n.id])]
    for root in sorted(roots, key=lambda n: (n.kind.layer, n.name)):
        visit(root.id)
    for node in sorted(host, key=lambda n: (n.kind.layer, n.name)):  # cycles, if a backend lies
        visit(node.id)
    return rank


def _attachment_order(
    attachments: list[Node], after: dict[str, list[str]], host_rank: dict[str, int]
) -> dict[str, int]:
    def key(node: Node) -> tuple[float, int, str, str]:
        leads = [host_rank[t] for t in after[node.id] if t in host_rank]
        return (min(leads) if leads else float("inf"), _mode_rank(node), node.name, node.id)

    return {node.id: rank for rank, node in enumerate(sorted(attachments, key=key))}


def _lead_ranks(
    attachments: list[Node], after: dict[str, list[str]], host_rank: dict[str, int]
) -> dict[str, set[int]]:
    return {n.id: {host_rank[t] for t in after[n.id] if t in host_rank} for n in attachments}


def _place_vms(
    layers: dict[int, list[Node]],
    nodes: dict[str, Node],
    after: dict[str, list[str]],
    attachment_rank: dict[str, int],
    host_rank: dict[str, int],
    lead_ranks: dict[str, set[int]],
    sizes: dict[str, Size],
    spacing: Spacing,
    left: dict[int, float],
    widths: dict[int, float],
    place: Callable[[str, float, int], Box],
) -> list[Group]:
    vm_layer, nic_layer = Kind.VM.layer, Kind.NIC.layer
    by_group: dict[str, list[Node]] = defaultdict(list)
    for vm in layers.get(vm_layer, []):
        nics = [n for n in after[vm.id] if nodes[n].kind is Kind.NIC]
        first = sorted(nics, key=_nic_index)[0] if nics else ""
        targets = after[first] if first else []
        by_group[targets[0] if targets else ""].append(vm)

    def group_rank(group: str) -> tuple[float, int, str]:
        # A bridge that VMs plug into directly comes just before the networks that use it.
        if group in attachment_rank:
            return (0.0, attachment_rank[group], group)
        if group in host_rank:
            leads = [a for a, r in attachment_rank.items() if host_rank[group] in lead_ranks[a]]
            place_at = min((attachment_rank[a] for a in leads), default=len(attachment_rank))
            return (0.0, place_at, " " + group)
        return (1.0, 0, group)

    order = sorted(by_group, key=group_rank)
    groups: list[Group] = []
    y = 0.0
    frame_left = left.get(vm_layer, 0.0) - spacing.group_padding
    frame_right = (
        left[nic_layer] + widths[nic_layer]
        if nic_layer in left
        else left.get(vm_layer, 0.0) + widths.get(vm_layer, 0.0)
    ) + spacing.group_padding
    for group in order:
        top = y
        y += spacing.group_header
        members = sorted(by_group[group], key=lambda n: (n.name, n.id))
        for vm in members:
            nics = sorted((n for n in after[vm.id] if nodes[n].kind is Kind.NIC), key=_nic_index)
            nic_height = sum(sizes[n][1] for n in nics) + spacing.nic_gap * max(len(nics) - 1, 0)
            block = max(sizes[vm.id][1], nic_height)
            place(vm.id, y + (block - sizes[vm.id][1]) / 2, vm_layer)
            cursor = y + (block - nic_height) / 2
            for nic in nics:
                place(nic, cursor, nic_layer)
                cursor += sizes[nic][1] + spacing.nic_gap
            y += block + spacing.row_gap
        bottom = y - spacing.row_gap + spacing.group_padding
        frame = Box(frame_left, top, frame_right - frame_left, bottom - top)
        header = Box(frame_left, top, frame.width, spacing.group_header - spacing.group_padding / 2)
        groups.append(Group(group, tuple(m.id for m in members), frame, header))
        y = bottom + spacing.group_gap
    return groups


def _nic_index(node_id: str) -> int:
    return int(node_id.rsplit("/", 1)[1])


def _place_by_barycentre(
    members: list[Node],
    before: dict[str, list[str]],
    boxes: dict[str, Box],
    sizes: dict[str, Size],
    host_rank: dict[str, int],
    attachment_rank: dict[str, int],
    spacing: Spacing,
    layer: int,
    place: Callable[[str, float, int], Box],
) -> None:
    def wanted(node: Node) -> float | None:
        fed = [boxes[p].center_y for p in before[node.id] if p in boxes]
        return sum(fed) / len(fed) if fed else None

    desired = {node.id: wanted(node) for node in members}

    def key(node: Node) -> tuple[int, float, int, str]:
        centre = desired[node.id]
        tie = host_rank.get(node.id, attachment_rank.get(node.id, 0))
        return (centre is None, centre if centre is not None else 0.0, tie, node.id)

    cursor = 0.0
    for node in sorted(members, key=key):
        centre = desired[node.id]
        height = sizes[node.id][1]
        y = max(cursor, centre - height / 2) if centre is not None else cursor
        cursor = place(node.id, y, layer).bottom + spacing.row_gap
