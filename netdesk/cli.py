"""``netdesk`` command line: the scripting contract of ../shared/CLI.md.

Each command lives in ``netdesk.commands.<name>`` and registers its own sub-parser, so commands
can be added without touching this file's logic. Exit status: 0 success, 1 when any input failed,
2 for usage errors.

Start-up is part of the contract (issue 15): building the parser imports every command module,
so those modules import only argparse, the standard library and ``netdesk.domain`` at module
level; SQLAlchemy, the services, OpenCV, zxing and OCR are imported inside the function that runs
the chosen command. ``netdesk --version`` thus imports nothing heavy, and each command only what
it uses (tests/unit/test_cli_start.py walks the imports; benchmarks/cli_start.py times them).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from netdesk import __version__
from netdesk.commands import desktop
from netdesk.commands.common import UsageError
from netdesk.commands.open_files import absolute_files, file_problem, split_files
from netdesk.commands.output import configure_stdout

COMMAND_MODULES = (
    "contacts",
    "events",
    "demo",
    "decode",
    "scan",
    "followups",
    "export",
    "import_",
    "backup",
    "recover",
    "intro",
    "sync",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netdesk",
        description="Offline companion for professional networking. Without a command, starts the app.",
        epilog="netdesk [--data-dir DIR] FILE... starts the app with files: contact files (.vcf, .csv) "
        "open in the import preview, photos of business cards in event mode. A window already open on "
        "the same data folder takes them.",
    )
    parser.add_argument("--version", action="version", version=f"netdesk {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="folder holding the database, backups and card images (default: $NETDESK_DATA_DIR "
        "or the platform's user data folder)",
    )
    desktop.register_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"netdesk.commands.{name}")
        module.register(sub)
    return parser


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    return {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }


def main(argv: Sequence[str] | None = None) -> int:
    configure_stdout()
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    named = split_files(args_list, _command_names(parser))
    args = parser.parse_args(args_list if named is None else named[0])
    files = [] if named is None else named[1]
    for problem in filter(None, map(file_problem, files)):
        print(f"netdesk: {problem}", file=sys.stderr)
        return 2
    if args.install_desktop or args.uninstall_desktop:
        if args.command is not None or files:
            parser.error("--install-desktop and --uninstall-desktop take no command or file")
        return desktop.run(install=args.install_desktop)
    if args.data_dir is not None:
        os.environ["NETDESK_DATA_DIR"] = str(args.data_dir)
    if args.command is None:
        from netdesk.app import run_gui

        return run_gui(args.data_dir, absolute_files(files))
    try:
        fast = getattr(args, "fast", None)  # e.g. contacts list: sqlite3 alone when nothing else is due
        if fast is not None and (code := fast(args)) is not None:
            return int(code)
        from netdesk.commands.locking import run_with_retries

        # Another program holding the write lock: wait, retry, then say who (commands.locking).
        return run_with_retries(lambda: int(args.func(args)), args.data_dir)
    except UsageError as exc:
        parser.error(str(exc))
        return 2  # pragma: no cover - parser.error exits
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        from netdesk.commands.db_errors import explain
        from netdesk.services.health import is_database_error

        sentence = explain(exc, args.data_dir) if is_database_error(exc) else None
        if sentence is None:
            raise
        print(f"netdesk: {sentence}", file=sys.stderr)
        return 1


def entry() -> None:
    """Console entry point."""
    sys.exit(main())
