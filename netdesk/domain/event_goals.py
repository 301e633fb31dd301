"""Reading an event's free-text goals into things that can be counted. Standard library only.

Goals are typed the way people write them ("talk to 5 employers; hand out 15 résumés; targets:
Moderna, WHOI"), so the rules are forgiving (case, accents and plurals do not matter, numbers may
be words): a line with a head count is measured against cards given when it talks about giving,
handing out or distributing cards or résumés, cards collected when it talks about collecting
cards, and people met when it talks about people; a line starting with "target(s):" lists
organisations or people to reach, each ticked off when someone met matches it.

Every other line — no number, a number that is a duration ("practise the 30-second pitch"), or
something netdesk cannot see ("apply to 3 openings") — becomes a checkbox goal the user ticks.
Nothing typed as a goal is ever left out. A checkbox goal is identified by ``goal_key`` (its
folded text), so editing other lines keeps its tick.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass

CHECK = "check"
MEASURES = ("people", "cards_given", "cards_collected", "targets", CHECK)
LABEL_LIMIT = 60
CHECK_LABEL_LIMIT = 200
KEY_LIMIT = 300

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
}
# Goals are folded (lower case, accents removed) before matching, so "résumés" reads "resumes".
_NUMBER = re.compile(r"\b(\d{1,4}|" + "|".join(_WORDS) + r")\b")
_TARGETS = re.compile(r"^\s*(?:targets?|target employers|employers|companies|people)\s*:\s*(.+)$", re.I)
_GIVE = re.compile(
    r"\b(giv(?:e|es|ing)|gave|hand(?:s|ing|ed)?|pass(?:es|ing|ed)?|distribut(?:e|es|ing|ed)|"
    r"shar(?:e|es|ing|ed)|leav(?:e|es|ing)|left|drop(?:s|ping|ped)? off|spread)\b"
)
_GIVEN_THINGS = re.compile(
    r"\b(cards?|resumes?|cvs?|flyers?|leaflets?|brochures?|portfolios?|copies|one-pagers?)\b"
)
_COLLECT = re.compile(
    r"\b(collect(?:s|ing|ed)?|get|gets|getting|got|gather(?:s|ing|ed)?|receiv(?:e|es|ing|ed)|"
    r"pick(?:s|ing|ed)? up|tak(?:e|es|ing)|took|obtain(?:s|ing|ed)?|grab(?:s|bing|bed)?|"
    r"bring back|come home with)\b"
)
_CARDS = re.compile(r"\bcards?\b")
# "practise the 30-second introduction" or "stay 2 hours" are not head counts.
_NOT_A_COUNT = re.compile(r"^\s*-?\s*(seconds?|sec|minutes?|mins?|hours?|hrs?|days?|weeks?|%|percent)\b")
_PEOPLE = re.compile(
    r"\b(meet|talk|speak|connect|chat|introduce|network|people|persons?|employers?|recruiters?|"
    r"compan(?:y|ies)|firms?|contacts?|professionals?|alumni|alumnus|engineers?|scientists?|"
    r"managers?|representatives?|reps?|hiring managers?|researchers?|professors?|strangers?)\b"
)


@dataclass(frozen=True, slots=True)
class GoalProgress:
    label: str
    done: int
    target: int
    measure: str  # one of MEASURES
    reached: tuple[str, ...] = ()
    key: str = ""  # checkbox goals: what their tick is stored under (``goal_key``)

    @property
    def complete(self) -> bool:
        return self.done >= self.target > 0

    @property
    def checkable(self) -> bool:
        return self.measure == CHECK

    @property
    def text(self) -> str:
        if self.checkable:
            return f"{self.label}: {'done' if self.complete else 'to do'}"
        return f"{self.label}: {min(self.done, self.target)} of {self.target}"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def goal_key(line: str) -> str:
    """What a checkbox goal's tick is stored under: its text folded, spaces collapsed."""
    return " ".join(_fold(line).split()).strip(" .;,:!")[:KEY_LIMIT]


def _parts(goals: str) -> list[str]:
    return [p.strip().lstrip("-*•· ").strip() for p in re.split(r"[;\n]+", goals) if p.strip(" -*•·\t")]


def _count(folded: str) -> tuple[int, int, int] | None:
    """(value, start, end) of the first number in the line that is a head count (not a
    duration or a percentage)."""
    for found in _NUMBER.finditer(folded):
        word = found.group(1)
        value = int(word) if word.isdigit() else _WORDS[word]
        if value == 0 or _NOT_A_COUNT.match(folded[found.end() :]):
            continue
        return value, found.start(), found.end()
    return None


def _gives(text: str) -> bool:
    return bool(_GIVE.search(text) and _GIVEN_THINGS.search(text))


def _collects(text: str) -> bool:
    return bool(_COLLECT.search(text) and _CARDS.search(text))


def measure_of(line: str) -> tuple[str, int]:
    """(measure, target) of one goal line that is not a targets list; ``CHECK`` when uncountable.

    What the number counts is read from the words right after it ("hand out 10 résumés", "meet 5
    recruiters and get their cards"); "give my card to 10 recruiters" counts cards given because
    the card comes before the number."""
    folded = _fold(line)
    found = _count(folded)
    if found is None:
        return CHECK, 1
    target, start, end = found
    before, after = folded[:start], " ".join(folded[end:].split()[:3])
    if _GIVEN_THINGS.search(after) or _CARDS.search(after):
        if _gives(folded):
            return "cards_given", target
        if _collects(folded):
            return "cards_collected", target
    if _PEOPLE.search(after):
        if _gives(before):
            return "cards_given", target
        if _collects(before):
            return "cards_collected", target
        return "people", target
    if _gives(folded):
        return "cards_given", target
    if _collects(folded):
        return "cards_collected", target
    if _PEOPLE.search(folded):
        return "people", target
    return CHECK, 1


def goal_progress(
    goals: str,
    *,
    people_met: int,
    cards_given: int,
    cards_collected: int,
    met_names: Iterable[str] = (),
    checked: Collection[str] = (),
) -> list[GoalProgress]:
    """One entry per goal line, in the order typed; ``checked`` holds the ticked ``goal_key``s."""
    met = [_fold(n) for n in met_names if n.strip()]
    ticked = set(checked)
    counts = {"people": people_met, "cards_given": cards_given, "cards_collected": cards_collected}
    out: list[GoalProgress] = []
    for part in _parts(goals):
        targets = _TARGETS.match(part)
        if targets:
            wanted = [t.strip() for t in re.split(r"[,/]", targets.group(1)) if t.strip()]
            reached = tuple(t for t in wanted if any(_fold(t) in name for name in met))
            if wanted:
                out.append(GoalProgress("Targets reached", len(reached), len(wanted), "targets", reached))
                continue
        measure, target = measure_of(part)
        if measure == CHECK:
            key = goal_key(part)
            label = part[:CHECK_LABEL_LIMIT].rstrip()
            out.append(GoalProgress(label, int(key in ticked), 1, CHECK, key=key))
        else:
            out.append(GoalProgress(part[:LABEL_LIMIT].rstrip(), counts[measure], target, measure))
    return out


def checkbox_keys(goals: str) -> list[str]:
    """The ``goal_key`` of every checkbox goal in ``goals``, to tell which stored ticks still apply."""
    return [g.key for g in goal_progress(goals, people_met=0, cards_given=0, cards_collected=0) if g.key]
