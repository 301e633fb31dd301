"""``netdesk [--data-dir DIR] FILE...``: files named instead of a command open in the window.

What a file manager does on "Open with netdesk" and what a person types: contact files
(vCard, CSV) open in the import preview, photos of cards in event mode (netdesk.ui.file_opener).
The command line only checks that each file is there, so that a typo gets a sentence and exit
status 2 instead of a window; it imports nothing but the standard library (start-up, issue 15).

A first word that is a command name is the command (``./demo`` opens a file called demo); a word
that is neither a command nor a file nor path-like (``netdesk contatcs``) is left to argparse,
which names the commands there are.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from pathlib import Path

#: Options of the top-level parser that take a value (abbreviations included, as argparse allows).
_VALUE_OPTIONS = ("--data-dir",)


def _takes_value(token: str) -> bool:
    if "=" in token:
        return False
    return len(token) > 2 and any(option.startswith(token) for option in _VALUE_OPTIONS)


def _looks_like_a_file(token: str) -> bool:
    return os.path.lexists(token) or "/" in token or os.sep in token or bool(Path(token).suffix)


def split_files(argv: Sequence[str], commands: Collection[str]) -> tuple[list[str], list[str]] | None:
    """(top-level options, files) when ``argv`` names files instead of a command, else None.

    Options may come before or after the files; after ``--`` every word is a file.
    """
    options: list[str] = []
    files: list[str] = []
    words = list(argv)
    index = 0
    only_files = False
    while index < len(words):
        token = words[index]
        index += 1
        if only_files:
            files.append(token)
        elif token == "--":
            only_files = True
        elif token.startswith("-") and token != "-":
            options.append(token)
            if _takes_value(token) and index < len(words):
                options.append(words[index])
                index += 1
        elif not files and (token in commands or not _looks_like_a_file(token)):
            return None  # a command (or a mistyped one, for argparse to explain)
        else:
            files.append(token)
    return (options, files) if files else None


def file_problem(name: str) -> str | None:
    """Why ``name`` cannot be opened, as a sentence naming it; None when it is a readable file."""
    path = Path(name)
    if not os.path.lexists(path):
        return f"There is no file {name!r}; check its name and folder."
    if path.is_dir():
        return f"{name!r} is a folder; name the contact files or photos of cards inside it."
    if not path.is_file():
        return f"{name!r} is not a regular file; name a contact file (.vcf, .csv) or a photo of a card."
    if not os.access(path, os.R_OK):
        return f"{name!r} cannot be read: you do not have permission to read it."
    return None


def absolute_files(names: Sequence[str]) -> list[str]:
    """The files as absolute paths, so they mean the same to a window started elsewhere."""
    return [os.path.abspath(name) for name in names]
