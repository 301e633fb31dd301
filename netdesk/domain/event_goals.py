"""Reading an event's free-text goals into things that can be counted. Standard library only.

Goals are typed the way people write them ("talk to 5 employers; hand out 15 cards; targets:
Moderna, WHOI"), so the rules are forgiving: a line with a number is a count goal, measured
against cards given when it talks about giving or handing out cards, cards collected when it
talks about collecting them, and people met otherwise; a line starting with "target(s):" lists
organisations or people to reach, each ticked off when someone met matches it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_NUMBER = re.compile(r"\b(\d{1,4})\b")
_TARGETS = re.compile(r"^\s*(?:targets?|target employers|employers|companies|people)\s*:\s*(.+)$", re.I)
_GIVE = re.compile(r"\b(give|hand|handing|pass|distribute)\b", re.I)
_COLLECT = re.compile(r"\b(collect|get|gather|receive)\b", re.I)
# "practise the 30-second introduction" or "stay 2 hours" are not head counts.
_NOT_A_COUNT = re.compile(r"^\s*-?\s*(seconds?|sec|minutes?|mins?|hours?|hrs?|days?|%|percent)\b", re.I)
_PEOPLE = re.compile(
    r"\b(meet|talk|speak|connect|chat|introduce|network|people|persons?|employers?|recruiters?|"
    r"compan(?:y|ies)|firms?|contacts?|professionals?|alumni|engineers?|scientists?|managers?)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class GoalProgress:
    label: str
    done: int
    target: int
    measure: str  # "people", "cards_given", "cards_collected" or "targets"
    reached: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.done >= self.target > 0

    @property
    def text(self) -> str:
        return f"{self.label}: {min(self.done, self.target)} of {self.target}"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _parts(goals: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;\n]+", goals) if p.strip()]


def goal_progress(
    goals: str,
    *,
    people_met: int,
    cards_given: int,
    cards_collected: int,
    met_names: Iterable[str] = (),
) -> list[GoalProgress]:
    """One entry per countable goal; lines that are neither counts nor targets are left out."""
    met = [_fold(n) for n in met_names if n.strip()]
    out: list[GoalProgress] = []
    for part in _parts(goals):
        targets = _TARGETS.match(part)
        if targets:
            wanted = [t.strip() for t in re.split(r"[,/]", targets.group(1)) if t.strip()]
            reached = tuple(t for t in wanted if any(_fold(t) in name for name in met))
            if wanted:
                out.append(GoalProgress("Targets reached", len(reached), len(wanted), "targets", reached))
            continue
        number = _NUMBER.search(part)
        if number is None or int(number.group(1)) == 0:
            continue
        if _NOT_A_COUNT.match(part[number.end() :]):
            continue
        target = int(number.group(1))
        label = part[:60].rstrip()
        if "card" in part.lower() and _GIVE.search(part):
            out.append(GoalProgress(label, cards_given, target, "cards_given"))
        elif "card" in part.lower() and _COLLECT.search(part):
            out.append(GoalProgress(label, cards_collected, target, "cards_collected"))
        elif _PEOPLE.search(part):
            out.append(GoalProgress(label, people_met, target, "people"))
    return out
