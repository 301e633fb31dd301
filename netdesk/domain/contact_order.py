"""How the contacts table can be ordered: one value per sortable column, done in SQL."""

from __future__ import annotations

import enum


class ContactSort(enum.Enum):
    NAME = "name"
    ORGANIZATION = "organization"
    TITLE = "title"
    MET = "met"
    LAST = "last"
