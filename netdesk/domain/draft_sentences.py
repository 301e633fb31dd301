"""Sentences a follow-up draft builds from what you talked about, addressed to the person.

What you talked about (event mode's "Talked about", the meeting's log line) is meant to be
quoted; private notes about a person ("offered to refer me", "alumnus, 2019") never are, and
nothing here reads them. The topic keeps its capitalisation ("Python", "AWS", "NOAA"); only a
leading function word is lowered ("The internship" -> "the internship"). A note written about the
person ("her lab", "how Dana got into data science") is turned to speak to them ("your lab", "how
you got into data science"), since the draft is read by that person.

Pure stdlib; the services feed in the text and the person's names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# "Talked about X" / "we discussed X" at the start of a line or after a label ("Office hours: ...").
_SAID = re.compile(
    r"(?:^|[:;,.]\s+|\s)(?:(?:we|you|i)\s+)?(?:talked|spoke|chatted)\s+about\s+|(?:^|[:;,.]\s+)discussed\s+",
    re.IGNORECASE,
)
# Abbreviations whose full stop does not end the topic ("Dr. Park's lab").
_ABBREVIATIONS = frozenset(
    {"dr", "mr", "mrs", "ms", "prof", "st", "vs", "e.g", "i.e", "etc", "inc", "jr", "sr"}
)
# Words lowered at the start of a topic (mid-sentence they are lower case); nothing else is.
_FUNCTION_WORDS = frozenset(
    {
        "the", "a", "an", "our", "my", "your", "his", "her", "their", "its", "some", "how", "what",
        "why", "where", "when", "which", "who", "whether", "working", "getting", "finding",
        "moving", "becoming", "applying", "this", "that", "these", "those", "next", "possible",
    }
)  # fmt: skip
_VERBS = {
    "is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't",
    "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't", "'s": "'re", "’s": "’re",
}  # fmt: skip
_NOT_VERBS_ENDING_S = ("ss", "us", "is", "ous")
# After "her", these mean it was the object ("talked with her about") rather than possessive.
_AFTER_OBJECT = frozenset(
    {"and", "or", "to", "about", "at", "in", "on", "for", "with", "from", "that", "when", "how", "if", "as"}
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _cut(line: str) -> str:
    """The first clause: up to ';' or a sentence's full stop (not an abbreviation's)."""
    out = []
    i = 0
    while i < len(line):
        ch = line[i]
        if ch in ";!?":
            break
        if ch == "." and (i + 1 == len(line) or line[i + 1] == " "):
            before = re.search(r"([A-Za-z.]+)$", line[:i])
            token = before.group(1).lower() if before else ""
            if not (token in _ABBREVIATIONS or len(token) == 1 or "." in token):
                break
        out.append(ch)
        i += 1
    return "".join(out)


def _second_person(text: str, names: Iterable[str]) -> str:
    """Speak to the reader: his/her -> your, he/she -> you (with the verb), the person's name -> you."""
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        pattern = r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?" + re.escape(name)
        text = re.sub(pattern + r"(?:'s|’s)(?=\W|$)", "your", text)
        text = re.sub(pattern + r"(?=\W|$)", "you", text)
    words = list(_WORD.finditer(text))
    out: list[str] = []
    last = 0
    skip_verb: int | None = None
    for n, match in enumerate(words):
        word = match.group(0)
        low = word.lower()
        nxt = words[n + 1].group(0).lower() if n + 1 < len(words) else ""
        gap = text[match.end() : words[n + 1].start()] if n + 1 < len(words) else ""
        repl = word
        if low in ("he", "she") or (low in ("he's", "she's", "he’s", "she’s")):
            repl = "you" + ("'re" if "'" in low else "’re" if "’" in low else "")
            if repl == "you" and gap == " ":
                skip_verb = n + 1
        elif low in ("him", "himself", "herself"):
            repl = "yourself" if low.endswith("self") else "you"
        elif low == "his":
            repl = "your" if nxt and gap == " " and nxt not in _AFTER_OBJECT else "yours"
        elif low == "hers":
            repl = "yours"
        elif low == "her":
            repl = "your" if nxt and gap == " " and nxt not in _AFTER_OBJECT else "you"
        elif n == skip_verb:
            repl = _VERBS.get(low) or _plain_verb(word)
        out.append(text[last : match.start()])
        out.append(repl)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def _plain_verb(word: str) -> str:
    """'works' -> 'work', 'teaches' -> 'teach', 'studies' -> 'study'; anything else unchanged."""
    low = word.lower()
    if len(low) <= 3 or not low.endswith("s") or low.endswith(_NOT_VERBS_ENDING_S):
        return word
    if low.endswith("ies"):
        return word[:-3] + "y"
    if low.endswith(("ches", "shes", "sses", "xes", "zzes", "oes")):
        return word[:-2]
    return word[:-1]


def topic_phrase(text: str, names: Iterable[str] = ()) -> str:
    """What you talked about, as words to quote ("" when there is nothing to quote).

    Only the first line's first clause counts: the lines below (and anything after a ';') are
    for yourself. ``names`` are the person's names, turned into "you"."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    said = _SAID.search(line)
    if said is not None:
        line = line[said.end() :]
    line = _cut(line).strip(" .,:;-–—\"'“”")
    if not line:
        return ""
    first = line.split(maxsplit=1)[0]
    if first.lower() in _FUNCTION_WORDS and first[:1].isupper() and first[1:].islower():
        line = first.lower() + line[len(first) :]
    return " ".join(_second_person(line, names).split())


def says_topic(text: str) -> bool:
    """Whether a log line names what was talked about ("Office hours: talked about ...")."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return _SAID.search(line) is not None


def talked_about_sentence(topic: str) -> str:
    """For a thank-you: "It was great to hear about <topic>." — empty without a topic, so the
    sentences around it read on by themselves."""
    return f"It was great to hear about {topic}." if topic else ""


def still_thinking_sentence(topic: str) -> str:
    """For a check-in months later; empty without a topic."""
    return f"I have kept thinking about what you told me about {topic}." if topic else ""
