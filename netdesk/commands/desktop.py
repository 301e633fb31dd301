"""``netdesk --install-desktop`` / ``--uninstall-desktop``: menus, icon and "Open with" for the
current user (netdesk/services/desktop_integration.py). Top-level options rather than commands,
like ``--version``: they concern the program, not the data folder."""

from __future__ import annotations

import argparse
import sys


def register_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--install-desktop",
        action="store_true",
        help="add netdesk to your applications menu and to 'Open with' for vCard, CSV and photos of "
        "cards (files in $XDG_DATA_HOME, default ~/.local/share), then exit",
    )
    group.add_argument(
        "--uninstall-desktop",
        action="store_true",
        help="remove what --install-desktop added, then exit",
    )


def run(install: bool) -> int:
    if sys.platform in ("win32", "darwin"):
        print(
            "netdesk: --install-desktop is for Linux and other freedesktop.org desktops; on this "
            "system, use the installer or pin the program yourself.",
            file=sys.stderr,
        )
        return 2
    from netdesk.services import desktop_integration

    try:
        if install:
            files = desktop_integration.install()
        else:
            removed = desktop_integration.uninstall()
    except OSError as exc:
        doing = "written" if install else "removed"
        print(
            f"netdesk: {exc.filename or 'a desktop file'} could not be {doing}: {exc.strerror or exc}.",
            file=sys.stderr,
        )
        return 1
    if install:
        for path in files.all():
            print(f"installed {path}")
        print(
            "netdesk is in your applications menu and in 'Open with' for vCard, CSV and photos of "
            "cards; netdesk --uninstall-desktop takes it out again."
        )
    elif removed:
        for path in removed:
            print(f"removed {path}")
    else:
        print(f"Nothing to remove: netdesk's desktop files are not in {desktop_integration.data_home()}.")
    return 0
