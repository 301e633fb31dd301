"""netdesk: an offline desktop companion for professional networking."""

__version__ = "0.1.0"
# The desktop id: the launcher's file name and the window's, which Wayland matches (kept here,
# not in services/desktop_integration.py, so the window's start imports nothing more for it).
APP_ID = "io.github.netdesk.netdesk"
