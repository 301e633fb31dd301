"""``python -m netdesk``."""

from netdesk.cli import entry

entry()
