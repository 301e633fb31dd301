"""``netdesk --install-desktop`` / ``--uninstall-desktop``: the launcher, icon and AppStream entry
for the current user, as a distribution package would install them system-wide.

The files are package data (netdesk/resources/desktop/, the icon from resources/icons/), so a
pip-installed wheel can put itself into the desktop's menus and "Open with" lists. They go to
``$XDG_DATA_HOME`` (default ``~/.local/share``), named after the AppStream id:

- ``applications/io.github.netdesk.netdesk.desktop`` — ``Exec=netdesk %F``, with the MIME types
  netdesk opens (vCard, CSV/TSV, card photos; not .ics, which it only writes);
- ``icons/hicolor/scalable/apps/io.github.netdesk.netdesk.svg``;
- ``metainfo/io.github.netdesk.netdesk.metainfo.xml``.

``Exec`` says ``netdesk`` when that is the command found on PATH; a netdesk installed elsewhere
(a virtual environment not on PATH, ``python -m netdesk``) gets the absolute command instead, so
the launcher starts the netdesk that installed it. ``update-desktop-database`` refreshes the MIME
cache of the applications folder when it is there; netdesk adds no MIME types of its own, so
there is nothing for ``update-mime-database`` to do. Files are written to a temporary name and
renamed; uninstalling removes exactly these three files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from netdesk import APP_ID as APP_ID  # re-exported

DESKTOP_FILE = f"{APP_ID}.desktop"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"
ICON_FILE = f"{APP_ID}.svg"
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


@dataclass(frozen=True)
class DesktopFiles:
    desktop: Path
    icon: Path
    metainfo: Path

    def all(self) -> tuple[Path, Path, Path]:
        return (self.desktop, self.icon, self.metainfo)


def data_home() -> Path:
    """``$XDG_DATA_HOME`` when it is an absolute path (the spec ignores others), else ~/.local/share."""
    configured = os.environ.get("XDG_DATA_HOME", "")
    if configured and os.path.isabs(configured):
        return Path(configured)
    return Path.home() / ".local" / "share"


def targets(home: Path | None = None) -> DesktopFiles:
    base = data_home() if home is None else home
    return DesktopFiles(
        desktop=base / "applications" / DESKTOP_FILE,
        icon=base / "icons" / "hicolor" / "scalable" / "apps" / ICON_FILE,
        metainfo=base / "metainfo" / METAINFO_FILE,
    )


def _quote(argument: str) -> str:
    """One argument of an Exec line (Desktop Entry spec, "The Exec key")."""
    argument = argument.replace("%", "%%")
    if not _RESERVED & set(argument):
        return argument
    for special in ("\\", '"', "`", "$"):
        argument = argument.replace(special, "\\" + special)
    return f'"{argument}"'


def launch_command(argv0: str | None = None, on_path: str | None = None) -> str:
    """The start of the Exec line for the netdesk that runs now (see the module)."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    on_path = shutil.which("netdesk") if on_path is None else on_path
    running = Path(argv0).resolve() if argv0 else None
    if running is not None and running.stem == "netdesk" and running.is_file():
        if on_path and Path(on_path).resolve() == running:
            return "netdesk"
        return _quote(str(running))
    return f"{_quote(sys.executable)} -m netdesk"


def desktop_entry(command: str) -> str:
    """The packaged launcher with its Exec line pointed at ``command``. Backslashes in a desktop
    file's string values are escapes themselves, so the quoted command's are doubled."""
    text = (resources.files("netdesk.resources") / "desktop" / DESKTOP_FILE).read_text(encoding="utf-8")
    exec_value = f"{command} %F".replace("\\", "\\\\")
    return "".join(
        f"Exec={exec_value}\n" if line.startswith("Exec=") else line
        for line in text.splitlines(keepends=True)
    )


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)  # readable by the desktop's services, as system-wide files are
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def refresh_menus(home: Path | None = None) -> None:
    """Let the desktop see the change now: the MIME cache of the applications folder."""
    tool = shutil.which("update-desktop-database")
    folder = targets(home).desktop.parent
    if tool is not None and folder.is_dir():
        subprocess.run([tool, "-q", str(folder)], check=False, capture_output=True, timeout=60)


def install(home: Path | None = None, command: str | None = None) -> DesktopFiles:
    """Write the three files (OSError names the file that could not be written)."""
    files = targets(home)
    package = resources.files("netdesk.resources")
    _write(files.desktop, desktop_entry(command or launch_command()).encode("utf-8"))
    _write(files.icon, (package / "icons" / "netdesk.svg").read_bytes())
    _write(files.metainfo, (package / "desktop" / METAINFO_FILE).read_bytes())
    refresh_menus(home)
    return files


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove the three files where they are; the ones removed."""
    removed = []
    for path in targets(home).all():
        if path.is_file() or path.is_symlink():
            path.unlink()
            removed.append(path)
    if removed:
        refresh_menus(home)
    return removed
