"""Event goals: every line the user typed is either counted or shown as a checkbox goal."""

from __future__ import annotations

import pytest

from netdesk.domain.event_goals import CHECK, checkbox_keys, goal_key, goal_progress, measure_of


@pytest.mark.parametrize(
    ("line", "measure", "target"),
    [
        ("hand out 10 résumés", "cards_given", 10),
        ("Hand out 10 RESUMES", "cards_given", 10),
        ("give 15 cards", "cards_given", 15),
        ("distribute 20 business cards", "cards_given", 20),
        ("pass out 1 résumé", "cards_given", 1),
        ("share my CV with 4 recruiters", "cards_given", 4),
        ("give my card to 10 recruiters", "cards_given", 10),
        ("10 résumés to hand out", "cards_given", 10),
        ("hand out a dozen cards", "cards_given", 12),
        ("collect 10 business cards", "cards_collected", 10),
        ("get five cards", "cards_collected", 5),
        ("collect cards from 6 recruiters", "cards_collected", 6),
        ("talk to 5 employers", "people", 5),
        ("meet 5 recruiters and get their cards", "people", 5),
        ("talk to 3 employers and hand out my résumé", "people", 3),
        ("Meet three alumni", "people", 3),
        ("practise the 30-second pitch with 4 engineers", "people", 4),
    ],
)
def test_countable_lines(line: str, measure: str, target: int) -> None:
    assert measure_of(line) == (measure, target)


@pytest.mark.parametrize(
    "line",
    [
        "practise the 30-second introduction",
        "stay 2 hours",
        "bring 20 résumés",
        "apply to 3 openings",
        "hand out résumés",
        "ask every recruiter about summer internships",
        "be brave",
        "0 regrets",
    ],
)
def test_uncountable_lines_become_checkbox_goals(line: str) -> None:
    assert measure_of(line) == (CHECK, 1)


def test_every_line_is_kept_in_order_and_counted_or_checkable() -> None:
    goals = (
        "- Talk to 5 employers\n"
        "• hand out 10 résumés; collect 8 cards\n"
        "practise the 30-second introduction\n"
        "targets: Moderna, WHOI\n"
        "Ask about summer internships"
    )
    progress = goal_progress(
        goals,
        people_met=6,
        cards_given=4,
        cards_collected=2,
        met_names=["Ana Lima Moderna"],
        checked={goal_key("ask about SUMMER internships.")},
    )
    assert [(g.measure, g.done, g.target) for g in progress] == [
        ("people", 6, 5),
        ("cards_given", 4, 10),
        ("cards_collected", 2, 8),
        (CHECK, 0, 1),
        ("targets", 1, 2),
        (CHECK, 1, 1),
    ]
    assert progress[0].complete and progress[0].text == "Talk to 5 employers: 5 of 5"
    assert progress[1].label == "hand out 10 résumés"
    intro, ask = progress[3], progress[5]
    assert intro.checkable and not intro.complete
    assert intro.text == "practise the 30-second introduction: to do"
    assert ask.complete and ask.text == "Ask about summer internships: done"
    assert ask.key == goal_key("Ask about summer internships")
    assert not progress[1].checkable and progress[1].key == ""


def test_goal_key_ignores_case_accents_spacing_and_end_punctuation() -> None:
    assert goal_key("  Hand out  Résumés! ") == goal_key("hand out resumes") == "hand out resumes"
    assert goal_key("Ask about pay") != goal_key("Ask about hours")


def test_checkbox_keys_lists_only_checkbox_goals() -> None:
    keys = checkbox_keys("talk to 5 employers; Bring a pen\nsmile")
    assert keys == ["bring a pen", "smile"]


def test_long_checkbox_line_keeps_more_than_a_count_label() -> None:
    line = "ask each recruiter what a first-year analyst actually does on a normal Tuesday morning"
    (goal,) = goal_progress(line, people_met=0, cards_given=0, cards_collected=0)
    assert goal.checkable and goal.label == line
