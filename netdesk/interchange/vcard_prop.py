"""One vCard content line as group, name, parameters and value: parsed from and rendered to text.

Parameter values are decoded on reading (RFC 6868 caret escapes, surrounding double quotes) and
written back safely, so a kept line survives any number of round trips unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEAD = re.compile(r"^(?:(?P<group>[A-Za-z0-9-]+)\.)?(?P<name>[A-Za-z0-9-]+)(?P<params>;.*)?$", re.DOTALL)


@dataclass
class Prop:
    """One content line: group, NAME, parameters (upper-case keys, values as written), value."""

    name: str
    value: str
    group: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)

    def render(self) -> str:
        head = f"{self.group}.{self.name}" if self.group else self.name
        for key, values in self.params.items():
            if values:
                head += f";{key}={','.join(quote_param(v) for v in values)}"
        return f"{head}:{self.value}"

    def types(self) -> list[str]:
        return self.params.get("TYPE", [])


def quote_param(value: str) -> str:
    """A parameter value written safely: RFC 6868 caret escapes, double quotes when needed."""
    value = value.replace("^", "^^").replace("\n", "^n").replace('"', "^'")
    return f'"{value}"' if any(ch in value for ch in ",;:") else value


def _split(text: str, sep: str) -> list[str]:
    """``text`` split on ``sep`` outside double quotes."""
    parts, current, quoted = [], "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == sep and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]


def parse_line(line: str) -> Prop | None:
    """A kept line back into its parts; None for a line that is not a content line."""
    head, sep, value = "", "", ""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            head, sep, value = line[:i], ":", line[i + 1 :]
            break
    match = _HEAD.match(head) if sep else None
    if match is None:
        return None
    params: dict[str, list[str]] = {}
    for raw in _split(match.group("params") or "", ";")[1:]:
        key, eq, values = raw.partition("=")
        key = key.strip().upper()
        if not eq:  # a 2.1 bare parameter: a TYPE value, or a bare encoding
            key, values = ("ENCODING", key) if key in ("BASE64", "B", "QUOTED-PRINTABLE") else ("TYPE", key)
        for v in _split(values, ","):
            v = v.strip()
            if len(v) >= 2 and v[0] == v[-1] == '"':
                v = v[1:-1]
            v = re.sub(r"\^(\^|n|')", lambda m: {"^": "^", "n": "\n", "'": '"'}[m.group(1)], v)
            params.setdefault(key, []).append(v)
    return Prop(match.group("name").upper(), value, match.group("group") or "", params)
