"""A .vcf file cut into cards as it is read, nested cards included.

Why a stack: Android (AOSP) writes and reads vCards nested inside a card — anywhere in it, not
only after ``AGENT:`` — and imports each as a contact of its own. A flat splitter either drops
them or gives up on the outer card. Each open card here is a chunk on a stack: a BEGIN:VCARD
inside a card opens a child, its END:VCARD hands the child out and the parent carries on. The
parent keeps an empty placeholder for each of its child's lines so line numbers stay true.

A truncated card (no END:VCARD) followed by good cards looks like nesting until the end; the
stack is bounded (``MAX_DEPTH``): when it is full, the oldest open card is reported as having no
END:VCARD, so 5,000 unclosed cards cost 5,000 errors and bounded memory, and the good cards
after them still import. Cards nested on purpose deeper than that (BEGIN right after BEGIN, or
after an empty ``AGENT:``) are hostile: the outermost one becomes one error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from netdesk.interchange.records import RecordError
from netdesk.interchange.textio import MAX_LINE, Line

#: Open cards deeper than this are hostile (2.1 AGENT cards nest once or twice).
MAX_DEPTH = 10
#: A card with photos is rarely above 1 MB; beyond this it is skipped rather than held.
MAX_CARD = 16 << 20
_BEGIN = b"BEGIN:VCARD"
_END = b"END:VCARD"


@dataclass
class Chunk:
    """One card's physical lines (``b""`` where a nested card's lines were)."""

    start: int
    lines: list[bytes] = field(default_factory=list)
    size: int = 0
    #: Levels of nesting swallowed while broken (the card is then one error, nothing is kept).
    depth: int = 1
    broken: str = ""
    last_head: bytes = _BEGIN
    #: First lines of the cards nested in this one: each was handed out as its own card.
    children: list[int] = field(default_factory=list)


def _is_empty_agent(head: bytes) -> bool:
    """``AGENT:`` with nothing after it: a 2.1 agent whose card follows on the next lines."""
    return re.match(rb"AGENT[;:]", head) is not None and head.endswith(b":")


def _problem(chunk: Chunk, reason: str) -> RecordError:
    return RecordError(chunk.start, f"Card starting at line {chunk.start} {reason}; it was not imported.")


def _add(stack: list[Chunk], data: bytes) -> None:
    """``data`` to the innermost card, a placeholder to each card around it."""
    top = stack[-1]
    for chunk in stack[:-1]:
        if not chunk.broken:
            chunk.lines.append(b"")
            chunk.size += 1
    if top.broken:
        return
    top.lines.append(data)
    top.size += len(data) + 1
    if top.size > MAX_CARD:
        top.broken = f"is larger than {MAX_CARD >> 20} MB"
        top.lines.clear()


def split_cards(lines: Iterator[Line]) -> Iterator[Chunk | RecordError]:
    """Cards as chunks of physical lines, innermost first, or an error per untrustworthy card."""
    stack: list[Chunk] = []
    for line in lines:
        if line.overlong:
            yield RecordError(
                line.number,
                f"Line {line.number} is longer than {MAX_LINE >> 20} MB; it was skipped.",
            )
            if stack:
                _add(stack, b"")
            continue
        data = line.data
        head = data.strip()  # compared case-insensitively below; most lines are never upper-cased
        top = stack[-1] if stack else None
        if len(head) == len(_BEGIN) and head.upper() == _BEGIN:
            if top is not None and top.broken:
                top.depth += 1
                continue
            if top is not None:
                explicit = top.last_head.upper() == _BEGIN or _is_empty_agent(top.last_head.upper())
                if len(stack) >= MAX_DEPTH and explicit:
                    bottom = stack[0]
                    bottom.broken = f"nests cards more than {MAX_DEPTH} deep (line {line.number})"
                    bottom.lines.clear()
                    bottom.depth = len(stack) + 1
                    stack[:] = [bottom]
                    continue
                if len(stack) >= MAX_DEPTH:
                    yield _problem(stack.pop(0), "has no END:VCARD before the next card")
                stack[-1].children.append(line.number)
            stack.append(Chunk(line.number))
            _add(stack, data)
        elif top is None:
            continue  # comments, blank lines, junk between cards
        elif len(head) == len(_END) and head.upper() == _END:
            if top.broken:
                top.depth -= 1
                if top.depth == 0:
                    stack.pop()
                    if stack:
                        stack[-1].last_head = _END
                    yield _problem(top, top.broken)
                continue
            _add(stack, data)
            stack.pop()
            if stack:
                stack[-1].last_head = _END
            yield top
        else:
            if data[:1] not in (b" ", b"\t"):
                top.last_head = head
            _add(stack, data)
    for chunk in stack:
        yield _problem(chunk, chunk.broken or "has no END:VCARD (the file may be cut short)")
