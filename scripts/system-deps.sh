#!/bin/sh
# Installs the Debian packages netdesk needs (when run as root), or names the missing ones.
#   libzbar0        QR decoding fallback (pyzbar)
#   xvfb, xauth     the real-window smoke test on a virtual screen
#   x11-utils       xwininfo: the bundle smoke test finds the netdesk window by its title
#   binutils        objdump and strip, which PyInstaller (make package) uses on Linux
#   libxcb-*, libxkbcommon-x11-0, libegl1, libgl1, libfontconfig1, libdbus-1-3
#                   what Qt's xcb platform plugin loads to show the window
#   fonts-dejavu-core  a font with the accents of international names
#   fonts-liberation   more card fonts for the generated OCR test cards (tests/card_gen)
#   python3-venv    on Debian's own Python, to make the project's virtual environment
#   desktop-file-utils, appstream
#                   desktop-file-validate and appstreamcli check the launcher and metainfo that
#                   netdesk --install-desktop installs (tests/integration/test_desktop_install.py)
set -eu
PACKAGES="libzbar0 xvfb xauth x11-utils binutils libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
libxcb-shape0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-randr0 libegl1 libgl1
libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core fonts-liberation desktop-file-utils
appstream"
if ! command -v dpkg >/dev/null 2>&1; then
    echo "system-deps: not a Debian-like system; install the equivalents of: $(echo $PACKAGES)" >&2
    exit 0
fi
missing=""
for p in $PACKAGES; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then
    missing="$missing python3-venv"
fi
if [ -z "$missing" ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ]; then
    echo "system-deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "system-deps: netdesk needs these Debian packages:$missing" >&2
    echo "system-deps: install them with: sudo apt-get install$missing" >&2
    exit 1
fi
