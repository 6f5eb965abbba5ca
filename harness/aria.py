"""A screen by role and name: Playwright's aria snapshot (`page.aria_snapshot(boxes=True)`,
YAML-shaped text) read into nodes with their boxes, and what changed between two such
snapshots said in those terms ("button 「新增申請人」 moved 40 px right; row 「3 …」
added"), so a changed screenshot is explained before its pixel count.

Only the snapshot's own grammar is read: `- role "name" [attr] [box=x,y,w,h]: text`,
`- text: …`, and the `/url:`-style properties (skipped)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

BOX = re.compile(r"^box=(-?[\d.]+),(-?[\d.]+),(-?[\d.]+),(-?[\d.]+)$")
MOVE_PX = 3          # a node must move or resize by at least this much to count
MAX_CHANGES = 8      # said one by one; the rest are counted


@dataclass(frozen=True)
class Node:
    role: str                      # "button", "row", "text"…
    name: str                      # the accessible name, or the text of a text node
    text: str                      # a value after the colon ("- paragraph: …"), else ""
    box: tuple[float, float, float, float] | None
    depth: int
    parent: int | None             # index of the parent node, None at the top

    @property
    def label(self) -> str:
        """What the node says: its name, else its text."""
        return self.name or self.text


def _quoted(s: str, i: int) -> tuple[str, int]:
    """The JSON-style string starting at s[i] == '"', and the index after it."""
    j = i + 1
    while j < len(s):
        if s[j] == "\\":
            j += 2
            continue
        if s[j] == '"':
            return json.loads(s[i:j + 1]), j + 1
        j += 1
    return s[i + 1:], len(s)


def _value(raw: str) -> str:
    raw = raw.strip()
    if raw.startswith('"'):
        return _quoted(raw, 0)[0]
    return raw


def parse(snapshot: str) -> list[Node]:
    nodes: list[Node] = []
    stack: list[tuple[int, int]] = []      # (indent, node index)
    for line in snapshot.splitlines():
        stripped = line.lstrip(" ")
        if not stripped.startswith("- "):
            continue
        indent, rest = len(line) - len(stripped), stripped[2:]
        if rest.startswith("/"):            # a property of the node above (/url, /placeholder)
            continue
        role = re.match(r"[^\s:\"\[]+", rest)
        if role is None:
            continue
        role_name, i = role.group(0), role.end()
        name, attrs, text = "", [], ""
        while i < len(rest):
            ch = rest[i]
            if ch == " ":
                i += 1
            elif ch == '"':
                name, i = _quoted(rest, i)
            elif ch == "[":
                end = rest.find("]", i)
                end = len(rest) if end < 0 else end
                attrs.append(rest[i + 1:end])
                i = end + 1
            elif ch == ":":
                text = _value(rest[i + 1:])
                break
            else:
                i += 1
        if role_name == "text" and not name:
            name, text = text, ""
        box = next(((float(m[1]), float(m[2]), float(m[3]), float(m[4]))
                    for a in attrs if (m := BOX.match(a))), None)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        nodes.append(Node(role_name, name, text, box, len(stack), stack[-1][1] if stack else None))
        stack.append((indent, len(nodes) - 1))
    return nodes


# What changed ------------------------------------------------------------------------------

def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _keyed(nodes: list[Node]) -> dict[tuple[str, str, int], int]:
    """Each node by (role, what it says, its occurrence among such nodes)."""
    seen: Counter = Counter()
    keyed = {}
    for i, node in enumerate(nodes):
        key = (node.role, node.label)
        keyed[(*key, seen[key])] = i
        seen[key] += 1
    return keyed


def _delta(a: Node, b: Node) -> tuple[float, float, float, float]:
    if a.box is None or b.box is None:
        return (0.0, 0.0, 0.0, 0.0)
    return (b.box[0] - a.box[0], b.box[1] - a.box[1], b.box[2] - a.box[2], b.box[3] - a.box[3])


def _moved(dx: float, dy: float) -> str:
    parts = []
    if abs(dx) >= MOVE_PX:
        parts.append(f"{abs(dx):.0f} px {'right' if dx > 0 else 'left'}")
    if abs(dy) >= MOVE_PX:
        parts.append(f"{abs(dy):.0f} px {'down' if dy > 0 else 'up'}")
    return "moved " + " and ".join(parts) if parts else ""


def _resized(dw: float, dh: float) -> str:
    parts = []
    if abs(dw) >= MOVE_PX:
        parts.append(f"{abs(dw):.0f} px {'wider' if dw > 0 else 'narrower'}")
    if abs(dh) >= MOVE_PX:
        parts.append(f"{abs(dh):.0f} px {'taller' if dh > 0 else 'shorter'}")
    return " and ".join(parts)


def _renamed(a: str, b: str, limit: int = 24) -> tuple[str, str]:
    """Two long texts cut to where they differ: "…到「台灣就業金卡網站」了解…"."""
    if len(a) <= limit and len(b) <= limit:
        return a, b
    start = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    start = max(0, start - 8)

    def cut(text: str) -> str:
        piece = text[start:start + limit]
        return ("…" if start else "") + piece + ("…" if start + limit < len(text) else "")
    return cut(a), cut(b)


def _said(node: Node) -> str:
    return f"{node.role} 「{_short(node.label)}」" if node.label else node.role


def changes(old: list[Node], new: list[Node]) -> list[str]:
    """What differs, in document order: nodes added and removed (a removed and an added
    node of one role in the same place: renamed), and nodes moved or resized beyond what
    their parent did (so a block that moves is said once, not for each of its children)."""
    before, after = _keyed(old), _keyed(new)
    common = {key: (before[key], after[key]) for key in before.keys() & after.keys()}
    removed = [i for key, i in before.items() if key not in after]
    added = [j for key, j in after.items() if key not in before]
    parent_of = {j: i for i, j in common.values()}        # new index -> old index of the same node

    def twins(i: int, j: int) -> bool:
        """Two nodes of one role in the same place: boxes within MOVE_PX, or, for text
        nodes (Playwright gives them no box), the same parent."""
        a, b = old[i], new[j]
        if a.role != b.role or not a.label or not b.label:
            return False
        if a.box and b.box:
            return max(map(abs, _delta(a, b)[:2])) < MOVE_PX
        return a.box is None and b.box is None and b.parent is not None and parent_of.get(b.parent) == a.parent

    said: list[tuple[int, str]] = []
    for i in list(removed):
        twin = next((j for j in added if twins(i, j)), None)
        if twin is not None:
            removed.remove(i)
            added.remove(twin)
            was, now = _renamed(old[i].label, new[twin].label)
            said.append((twin, f"{old[i].role} 「{was}」 now reads 「{now}」"))
    # a block added or removed is said once, not once more for each node inside it
    gone, came = set(removed), set(added)
    removed = [i for i in removed if old[i].parent not in gone]
    added = [j for j in added if new[j].parent not in came]
    said += [(i, f"{_said(old[i])} removed") for i in removed]
    said += [(j, f"{_said(new[j])} added") for j in added]
    for i, j in common.values():
        a, b = old[i], new[j]
        dx, dy, dw, dh = _delta(a, b)
        if a.parent is not None and b.parent is not None and parent_of.get(b.parent) == a.parent:
            pdx, pdy, _, _ = _delta(old[a.parent], new[b.parent])
            dx, dy = dx - pdx, dy - pdy
        what = ", ".join(p for p in (_moved(dx, dy), _resized(dw, dh)) if p)
        if what and not _container_only(old, i, new, j, dw, dh, dx, dy):
            said.append((j, f"{_said(b)} {what}"))
    said.sort()
    lines = [text for _, text in said]
    if len(lines) > MAX_CHANGES:
        lines = lines[:MAX_CHANGES] + [f"{len(lines) - MAX_CHANGES} more changes"]
    return lines


def _container_only(old, i, new, j, dw, dh, dx, dy) -> bool:
    """A node that only grew or shrank because its content did (it did not move, and it
    has children) is not news of its own: its children's changes are."""
    if abs(dx) >= MOVE_PX or abs(dy) >= MOVE_PX:
        return False
    has_children = any(n.parent == j for n in new) or any(n.parent == i for n in old)
    return has_children


def describe(old_snapshot: str, new_snapshot: str) -> str:
    """One line: "button 「新增申請人」 moved 40 px right; row 「3 …」 added", or ""."""
    return "; ".join(changes(parse(old_snapshot), parse(new_snapshot)))
